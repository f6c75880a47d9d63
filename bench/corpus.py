"""Generate N realistic documents from `seeds/` with variations, for benchmarks.

Each generated article mixes paragraphs of two seed articles, swaps actor pairs and shifts
years, so that texts differ (distinct content hashes) while keeping the genre.

    python -m bench.corpus OUT_DIR --n 1000
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

SWAPS = [
    ("Turkey", "Greece"), ("Ankara", "Athens"), ("Turkish", "Greek"), ("Erdogan", "Mitsotakis"),
    ("Russia", "Belarus"), ("Moscow", "Minsk"), ("Russian", "Belarusian"), ("Putin", "Lukashenko"),
    ("Iran", "Iraq"), ("Tehran", "Baghdad"), ("Iranian", "Iraqi"),
    ("China", "Japan"), ("Beijing", "Tokyo"), ("Chinese", "Japanese"),
]  # fmt: skip


def seed_paragraphs() -> list[list[str]]:
    """The body paragraphs of every .txt seed (bylines and footnotes dropped)."""
    articles = []
    for path in sorted(SEEDS.glob("*.txt")):
        paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n")]
        body = [p for p in paragraphs if len(p) > 200 and not p.startswith("[")]
        if body:
            articles.append(body)
    return articles


def _shift_years(text: str, delta: int) -> str:
    return re.sub(r"\b(19[5-9]\d|20[0-4]\d)\b", lambda m: str(int(m.group(1)) + delta), text)


def _swap(text: str, rng: random.Random) -> str:
    for old, new in rng.sample(SWAPS, k=4):
        text = re.sub(rf"\b{old}\b", new, text)
    return text


def make_document(n: int, articles: list[list[str]], rng: random.Random) -> str:
    """One generated article: paragraphs of two seeds, swapped actors, shifted years."""
    first, second = rng.sample(articles, 2)
    paragraphs = first[: rng.randint(2, len(first))] + second[: rng.randint(1, len(second))]
    delta = rng.randint(-3, 3)
    body = "\n\n".join(_shift_years(_swap(p, rng), delta) for p in paragraphs)
    year = 2016 + delta + rng.randint(0, 4)
    month = rng.randint(1, 12)
    return (
        f"{body}\n\nby Bench Writer {n}\nAnalyst\n\n"
        f"[1]; {['January', 'March', 'May', 'July', 'September', 'November'][month % 6]} "
        f"{rng.randint(1, 28)}, {year}\n"
    )


def generate(out_dir: Path, n: int, seed: int = 7) -> list[Path]:
    """Write `n` documents into `out_dir` (sub-folders of 500) and return their paths."""
    rng = random.Random(seed)
    articles = seed_paragraphs()
    paths = []
    for i in range(n):
        folder = out_dir / f"part-{i // 500:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"doc-{i:06d}.txt"
        path.write_text(make_document(i, articles, rng), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--n", type=int, default=1000)
    args = parser.parse_args()
    generate(args.out_dir, args.n)
    print(f"wrote {args.n} documents to {args.out_dir}")


if __name__ == "__main__":
    main()

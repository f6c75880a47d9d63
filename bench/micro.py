"""Micro-benchmarks of the DuckDB side at 1M events: batch loading and the trend views.

python -m bench.micro load --events 1000000     # load_batch, in ingest-sized batches
python -m bench.micro views --events 1000000    # `select * from <view>` on synthetic rows
python -m bench.micro refresh --events 1000000  # the view caches' refresh: whole, after a batch

With --db PATH the synthetic database is kept and reused (it takes minutes to fill at 1M).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from pipeline.store import (
    LoadBatch,
    load_batch,
    mark_stale,
    now_utc,
    open_db,
    refresh_view_caches,
    view_files,
)

# Skewed like the corpus: a few dyads dominate.
COUNTRIES = [
    "RUS",
    "TUR",
    "USA",
    "CHN",
    "IRN",
    "UKR",
    "ISR",
    "SAU",
    "QAT",
    "GBR",
    "DEU",
    "FRA",
    "IND",
    "PAK",
    "PRK",
    "SYR",
    "IRQ",
    "GRC",
    "BLR",
    "JPN",
    "EU",
    "NATO",
    "UN",
    "ISIS",
]
TYPES = [
    ("CONSULT", "04", 1.0, 1),
    ("AGREE", "03", 3.0, 1),
    ("SUPPORT", "05", 3.5, 1),
    ("AID", "07", 7.0, 2),
    ("COOPERATE", "06", 6.0, 2),
    ("ACCUSE", "11", -2.0, 3),
    ("THREATEN", "13", -6.0, 3),
    ("SANCTION", "16", -5.0, 4),
    ("ASSAULT", "18", -9.0, 4),
    ("FIGHT", "19", -10.0, 4),
    ("REQUEST", "02", 3.0, 1),
    ("REJECT", "12", -4.0, 3),
]
EVENTS_PER_DOC, STANCES_PER_DOC, MENTIONS_PER_DOC, DOCS_PER_BATCH = 10, 3, 30, 64


def _country(rng: random.Random) -> str:
    return COUNTRIES[min(int(rng.paretovariate(1.2)) - 1, len(COUNTRIES) - 1)]


def synthetic_batch(first_doc: int, rng: random.Random, text: str) -> LoadBatch:
    """One ingest-sized batch of synthetic rows (64 documents and their events, etc.)."""
    batch = LoadBatch()
    for d in range(first_doc, first_doc + DOCS_PER_BATCH):
        doc_id = f"{d:016x}"
        published = date(2012, 1, 1) + timedelta(days=rng.randrange(4600))
        batch.rows["documents"].append(
            {
                "doc_id": doc_id,
                "source_path": f"/corpus/{d}.txt",
                "title": f"Article {d}",
                "published_date": published,
                "published_basis": "text",
                "text": text,
                "n_chars": len(text),
                "run_id": "bench",
                "ingested_at": now_utc(),
            }  # fmt: skip
        )
        for n in range(EVENTS_PER_DOC):
            kind, cameo, goldstein, quad = rng.choice(TYPES)
            source, target = _country(rng), _country(rng)
            when = published - timedelta(days=int(rng.expovariate(1 / 200)))
            precision = rng.choice(["day", "month", "month", "year", "none"])
            batch.rows["events"].append(
                {
                    "event_id": f"{doc_id}-e{n:04d}",
                    "doc_id": doc_id,
                    "source_actor": source,
                    "source_country": source,
                    "target_actor": target,
                    "target_country": target,
                    "event_type": kind,
                    "cameo_code": cameo,
                    "goldstein": goldstein,
                    "quad_class": quad,
                    "event_date": None if precision == "none" else when,
                    "date_precision": precision,
                    "date_text": "in June",
                    "date_value": None,
                    "date_basis": rng.choice(["explicit", "relative", "document"]),
                    "negated": rng.random() < 0.05,
                    "modality": rng.choice(["asserted", "asserted", "reported", "future"]),
                    "trigger": "met",
                    "sentence": text[:160],
                    "char_start": n * 100,
                    "char_end": n * 100 + 160,
                    "confidence": 0.8,
                }  # fmt: skip
            )
        for n in range(STANCES_PER_DOC):
            score = rng.uniform(-1, 1)
            batch.rows["stances"].append(
                {
                    "stance_id": f"{doc_id}-s{n:04d}",
                    "doc_id": doc_id,
                    "holder_actor": _country(rng),
                    "holder_country": _country(rng),
                    "target_actor": _country(rng),
                    "target_country": _country(rng),
                    "polarity": "positive" if score > 0 else "negative",
                    "score": score,
                    "cue": "backs",
                    "sentence": text[:160],
                    "char_start": 0,
                    "char_end": 160,
                    "stance_date": published,
                    "date_precision": "day",
                }  # fmt: skip
            )
        for n in range(MENTIONS_PER_DOC):
            country = _country(rng)
            batch.rows["actor_mentions"].append(
                {
                    "doc_id": doc_id,
                    "actor_id": country,
                    "country": country,
                    "sector": "GOV",
                    "text": country,
                    "char_start": n * 50,
                    "char_end": n * 50 + 6,
                    "mention_date": published,
                }  # fmt: skip
            )
    return batch


def bench_load(db: Path, events: int, seed: int = 7) -> dict:
    """Load `events` event rows (with their documents, stances, mentions) batch by batch."""
    rng = random.Random(seed)
    text = "The ministers met in Ankara to discuss the pipeline. " * 85  # ~4.5 kB, like an article
    con = open_db(db)
    batches = events // (EVENTS_PER_DOC * DOCS_PER_BATCH)
    spent = cpu = 0.0
    tenths = []  # CPU seconds per tenth of the batches: does loading slow down as tables grow?
    for b in range(batches):
        batch = synthetic_batch(b * DOCS_PER_BATCH, rng, text)
        start, start_cpu = time.perf_counter(), time.process_time()
        load_batch(con, batch, "bench")
        spent += time.perf_counter() - start
        cpu += time.process_time() - start_cpu
        if (b + 1) % max(1, batches // 10) == 0:
            tenths.append(round(cpu - sum(tenths), 2))
    loaded = con.execute("select count(*) from events").fetchone()[0]
    con.close()
    return {
        "events": loaded,
        "batches": batches,
        "load_seconds": round(spent, 2),
        "load_cpu_seconds": round(cpu, 2),
        "cpu_per_tenth": tenths,
    }


def _filled(db: Path, events: int):
    """The database at `db` opened for writing, filled with `events` synthetic events if empty."""
    con = open_db(db)
    if con.execute("select count(*) from events").fetchall()[0][0] == 0:
        con.close()
        bench_load(db, events)
        con = open_db(db)  # opening refreshes the view caches, as the end of an ingest run does
    return con


def bench_views(db: Path, events: int, repeat: int = 5) -> dict:
    """Fill a database with `events` synthetic events (if empty), then time every view.

    Each view (one per model in sql/) is read whole (`select * from <view>` into an Arrow
    table) once to warm the buffer pool, then `repeat` times; the median, fastest and slowest
    are reported.
    """
    con = _filled(db, events)
    timings = {}
    for path in view_files():
        runs, rows = [], 0
        for _ in range(repeat + 1):  # the first run warms the buffer pool
            start = time.perf_counter()
            rows = len(con.sql(f"select * from {path.stem}").to_arrow_table())
            runs.append(time.perf_counter() - start)
        timings[path.stem] = {
            "ms": round(1000 * statistics.median(runs[1:]), 1),
            "min_ms": round(1000 * min(runs[1:]), 1),
            "max_ms": round(1000 * max(runs[1:]), 1),
            "rows": rows,
        }
    counts = {
        t: con.execute(f"select count(*) from {t}").fetchone()[0]
        for t in ("documents", "events", "stances", "actor_mentions")
    }
    con.close()
    return {"counts": counts, "repeat": repeat, "views": timings}


def bench_refresh(db: Path, events: int, repeat: int = 3) -> dict:
    """Time the view caches' refresh: whole, and after one batch of 64 re-ingested documents.

    The re-ingested batch is the first synthetic batch again (same rows), so the database is
    left as it was.
    """
    con = _filled(db, events)
    text = "The ministers met in Ankara to discuss the pipeline. " * 85
    full, incremental = [], []
    for _ in range(repeat):
        mark_stale(con, {t: t for t in ("documents", "events", "stances", "actor_mentions")})
        start = time.perf_counter()
        refresh_view_caches(con)
        full.append(time.perf_counter() - start)
        load_batch(con, synthetic_batch(0, random.Random(7), text), "bench")
        start = time.perf_counter()
        refresh_view_caches(con)
        incremental.append(time.perf_counter() - start)
    con.close()
    return {
        "full_refresh_seconds": round(statistics.median(full), 2),
        "refresh_after_one_batch_seconds": round(statistics.median(incremental), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("kind", choices=["load", "views", "refresh"])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="database to fill (if empty) and keep")
    parser.add_argument(
        "--repeat", type=int, default=5, help="timed runs per view (the median is reported)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "micro.duckdb"
        if args.kind == "load":
            result = bench_load(db, args.events)
        elif args.kind == "views":
            result = bench_views(db, args.events, args.repeat)
        else:
            result = bench_refresh(db, args.events, args.repeat)
        print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()

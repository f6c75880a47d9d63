"""The scheduled path timed: runs of an `eventpipe serve` deployment that find 1 new file or
10 changed ones, against raw spaCy on the same files.

    python -m bench.serve CORPUS BASE_DB --out DIR [--rounds 3]   # PREFECT_API_URL must be set

`bench.run` calls `serve_scenarios` after its incremental scenarios, with its own Prefect
server and the `reingest` database of the corpus. It copies that database, starts
`python -m pipeline serve --cron "0 3 1 1 *" CORPUS --db COPY --name bench` (a schedule that
never fires during the benchmark) and waits until serve says its pipeline is loaded. Then,
round by round, alternating with raw spaCy on the same files (one process, model load
included, as `raw-add-1` does):

- `serve-add-1`: a new article is added to the corpus; `serve-change-10`: a sentence is
  appended to ten of its articles;
- a flow run of the deployment is created scheduled `LEAD` seconds ahead, as Prefect's
  scheduler creates a cron run ahead of its time, and the run is timed from its scheduled
  time until the API reports it Completed; the run updated the database and recorded itself
  (`ingest_runs`) before that, and the benchmark checks both. With `--trigger now` the run
  is scheduled for now (`prefect deployment run`): the time then includes the wait for
  serve's next poll of the API (every `PREFECT_RUNNER_POLL_FREQUENCY` s, 10 by default).

Each row also gives where the seconds went, from the run's states: scheduled → Running (the
runner found the run, forked it, the engine started), Running → Completed (the flow: plan,
extraction, load, cache refresh, run record, artifacts) and Completed → seen by the benchmark.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from bench.corpus import generate
from bench.monitor import measure
from bench.workloads import corpus_files

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DEPLOYMENT = "eventpipe-ingest/bench"
#: seconds between creating a scheduled run and its scheduled time (more than one poll)
LEAD = 15.0
CHANGE = "\n\nThe delegations met again in Vienna in March {year}.\n"


@contextlib.contextmanager
def served(corpus: Path, db: Path, env: dict, log: Path) -> Iterator[subprocess.Popen]:
    """`eventpipe serve` on `corpus` into `db`, once its pipeline is loaded; stopped after."""
    handle = open(log, "w")  # noqa: SIM115 (closed below)
    cmd = [PY, "-m", "pipeline", "serve", "--cron", "0 3 1 1 *", "--db", str(db), "--name",
           "bench", str(corpus)]  # fmt: skip
    process = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 600
        while "runs start warm" not in log.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"eventpipe serve did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield process
    finally:
        os.killpg(process.pid, 2)  # Ctrl-C, as a user stops it
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()
        handle.close()


def _deployment_ready(client) -> None:
    deadline = time.monotonic() + 300
    while True:
        try:
            client.read_deployment_by_name(DEPLOYMENT)
            return
        except Exception:  # noqa: BLE001 (not registered yet)
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def timed_run(client, trigger: str) -> dict:
    """Create a run of the deployment and wait for its end; seconds from its scheduled time
    (or from the trigger, `trigger='now'`) until the API reports it Completed."""
    from prefect.deployments import run_deployment

    lead = LEAD if trigger == "scheduled" else 0.0
    scheduled = datetime.now(UTC) + timedelta(seconds=lead)
    flow_run = run_deployment(DEPLOYMENT, scheduled_time=scheduled, timeout=0)
    start = time.time() if trigger == "now" else scheduled.timestamp()
    while True:
        run = client.read_flow_run(flow_run.id)
        if run.state is not None and run.state.is_final():
            seen = time.time()
            break
        time.sleep(0.05)
    if not run.state.is_completed():
        raise SystemExit(f"the served run ended {run.state.name}: {run.state.message}")
    states = {s.type.value: s.timestamp.timestamp() for s in client.read_flow_run_states(run.id)}
    running, completed = states.get("RUNNING", start), states.get("COMPLETED", seen)
    return {
        "wall": round(seen - start, 2),
        "phases": {
            "to running": round(running - start, 2),
            "flow": round(completed - running, 2),
            "seen": round(seen - completed, 2),
        },
    }


def _check_recorded(db: Path, kind: str, n: int) -> None:
    con = duckdb.connect(str(db), read_only=True)
    try:
        new, updated, status = con.execute(
            "select new_documents, updated_documents, status from ingest_runs "
            "order by started_at desc limit 1"
        ).fetchone()
    finally:
        con.close()
    expected = (n, 0) if kind == "add" else (0, n)
    if status != "completed" or (new, updated) != expected:
        raise SystemExit(f"served run recorded {status}, {new} new, {updated} updated")


def _raw(files: list[Path], where: Path, out: Path, env: dict, name: str) -> dict:
    alone = where / "part-000"
    shutil.rmtree(where, ignore_errors=True)
    alone.mkdir(parents=True)
    for path in files:
        shutil.copy(path, alone / path.name)
    cmd = [PY, "-m", "bench.workloads", "raw", str(where), "--workers", "1"]
    result = measure(cmd, ROOT, env, out / "logs" / f"{name}.log")
    if result.returncode != 0:
        raise SystemExit(f"{name} failed:\n{result.output}")
    return {"wall": round(result.wall, 2), "cpu": round(result.cpu, 2)}


def serve_scenarios(
    size: int, corpus: Path, base_db: Path, out: Path, env: dict, rounds: int = 3,
    trigger: str = "scheduled",
) -> list[dict]:  # fmt: skip
    """Rows `serve-add-1` / `serve-change-10` (and their `raw-` rows), one per round."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    work = out / "serve"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    db = work / "served.duckdb"
    shutil.copy(base_db, db)
    new_folder = corpus / "part-serve"
    new_files = generate(work / "new", size + rounds)[-rounds:]
    changed = sorted(corpus_files(corpus))[:10]
    originals = {path: path.read_text(encoding="utf-8") for path in changed}
    rows: list[dict] = []

    def row(kind: str, files: list[Path], measured: dict) -> dict:
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in files)
        return {"size": size, "words": words, "kind": kind, "workers": 0, "peak_rss_mib": 0,
                "words_per_s": round(words / measured["wall"], 1), **measured}  # fmt: skip

    try:
        log = out / "logs" / f"serve-{size}.log"
        # this process's client must use the served process's API, which `env` names (under
        # bench.run this process's own environment has no PREFECT_API_URL)
        with (
            temporary_settings(updates={PREFECT_API_URL: env["PREFECT_API_URL"]}),
            served(corpus, db, env, log),
            get_client(sync_client=True) as client,
        ):
            _deployment_ready(client)
            timed_run(client, "now")  # the first run after start (nothing to do)
            for r in range(rounds):
                new_folder.mkdir(exist_ok=True)
                added = new_folder / new_files[r].name
                shutil.copy(new_files[r], added)
                measured = timed_run(client, trigger)
                _check_recorded(db, "add", 1)
                rows.append(row("serve-add-1", [added], measured))
                raw = _raw([added], work / "raw", out, env, f"raw-serve-add-1-{size}-{r}")
                rows.append(row("raw-serve-add-1", [added], raw))
                print(f"  serve-add-1 round {r}: {measured} / raw {raw}", flush=True)
            for r in range(rounds):
                for path, text in originals.items():
                    path.write_text(text + CHANGE.format(year=2030 + r), encoding="utf-8")
                measured = timed_run(client, trigger)
                _check_recorded(db, "update", len(changed))
                rows.append(row("serve-change-10", changed, measured))
                raw = _raw(changed, work / "raw", out, env, f"raw-serve-change-10-{size}-{r}")
                rows.append(row("raw-serve-change-10", changed, raw))
                print(f"  serve-change-10 round {r}: {measured} / raw {raw}", flush=True)
    finally:
        shutil.rmtree(new_folder, ignore_errors=True)
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
    return rows


def summary(rows: list[dict]) -> str:
    """Medians per scenario: the served run, raw spaCy, the target (raw + 3 s)."""
    from statistics import median

    lines = [
        "| scenario | rounds | served run s (median) | runs | to running / flow / seen "
        "(median) | raw spaCy s (median) | target raw + 3 s | met |",
        "|---|---:|---:|---|---|---:|---:|---|",
    ]
    for scenario in ("serve-add-1", "serve-change-10"):
        runs = [r for r in rows if r["kind"] == scenario]
        raws = [r["wall"] for r in rows if r["kind"] == f"raw-{scenario}"]
        if not runs or not raws:
            continue
        walls = [r["wall"] for r in runs]
        phases = " / ".join(
            f"{median(r['phases'][p] for r in runs):.1f}" for p in ("to running", "flow", "seen")
        )
        target = median(raws) + 3
        met = "yes" if median(walls) <= target else "no"
        lines.append(
            f"| {scenario} | {len(runs)} | {median(walls):.1f} | "
            f"{', '.join(f'{w:.1f}' for w in walls)} | {phases} | {median(raws):.1f} | "
            f"{target:.1f} | {met} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("corpus", type=Path)
    parser.add_argument("base_db", type=Path, help="the corpus ingested (copied, not changed)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--trigger", choices=["scheduled", "now"], default="scheduled")
    args = parser.parse_args()
    if not os.environ.get("PREFECT_API_URL"):
        raise SystemExit("set PREFECT_API_URL (a running Prefect server)")
    out = args.out.resolve()
    (out / "logs").mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    size = sum(1 for _ in corpus_files(args.corpus))
    rows = serve_scenarios(
        size, args.corpus.resolve(), args.base_db, out, env, args.rounds, args.trigger
    )
    print(summary(rows))


if __name__ == "__main__":
    main()

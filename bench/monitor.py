"""Run a command as a subprocess and measure its wall time and the peak RSS of its process tree."""

from __future__ import annotations

import resource
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import psutil


@dataclass
class Measured:
    """Wall time and CPU time (user + system of the whole process tree) in seconds, peak RSS
    of the process tree (MiB), exit code and captured output."""

    wall: float
    cpu: float
    peak_rss_mib: float
    returncode: int
    output: str


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    try:
        members = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            continue
    return total


def measure(
    cmd: list[str], cwd: Path, env: dict[str, str], log: Path, interval: float = 0.1
) -> Measured:
    """Run `cmd` to completion, polling the RSS of it and all its children every `interval` s."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        popen = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        proc = psutil.Process(popen.pid)
        peak = 0
        while popen.poll() is None:
            peak = max(peak, _tree_rss(proc))
            time.sleep(interval)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # every descendant that was waited for (workers, temporary servers) is in RUSAGE_CHILDREN
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(wall, cpu, peak / 2**20, popen.returncode, log.read_text()[-4000:])

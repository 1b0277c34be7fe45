"""Run a command and measure it: wall and CPU time, peak memory of its whole process tree.

Peak RSS is sampled from ``/proc`` every :data:`SAMPLE_SECONDS` (a short
spike may be missed), two ways: the sum over the process tree (workers
included) and the largest single process. (``ru_maxrss`` is no help here: it
keeps the size of the Python process that forked, across the exec.)

>>> m = run_measured(["true"])
>>> m.returncode, m.wall >= 0
(0, True)
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.05
PAGE = os.sysconf("SC_PAGE_SIZE")
TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Measured:
    """What one run cost. Memory in bytes, times in seconds."""

    returncode: int
    wall: float
    cpu: float  # user + system seconds of the whole tree (workers of a fork server included)
    max_process_rss: int
    peak_tree_rss: int
    stdout: str
    stderr: str


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(c) for c in handle.read().split()]
    except OSError:
        pass
    return found


def tree_rss(pid: int, cpu: dict[int, float] | None = None) -> tuple[int, int]:
    """Resident bytes of ``pid`` and all its descendants, now: (sum, largest); (0, 0) once gone.
    Records each process's own CPU seconds so far in ``cpu`` (by pid)."""
    total, largest, todo = 0, 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as handle:
                resident = int(handle.read().split()[1]) * PAGE
            if cpu is not None:
                with open(f"/proc/{current}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                cpu[current] = (int(fields[11]) + int(fields[12])) / TICK  # utime + stime
        except (OSError, IndexError, ValueError):
            continue
        total, largest = total + resident, max(largest, resident)
        todo += _children(current)
    return total, largest


def run_measured(command: list[str], cwd: str | Path | None = None, env: dict | None = None,
                 stdout_path: str | Path | None = None) -> Measured:
    """Run ``command`` (no shell) to completion and measure it.

    stdout goes to ``stdout_path`` when given (so a large output is not held in
    memory), else it is captured; stderr is captured.
    """
    out = open(stdout_path, "wb") if stdout_path else subprocess.PIPE
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.PIPE)
    peak = [0, 0]
    cpu: dict[int, float] = {}
    done = threading.Event()

    def sample():
        while not done.is_set():
            total, largest = tree_rss(process.pid, cpu)
            peak[:] = max(peak[0], total), max(peak[1], largest)
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    # Read the pipes in threads so a chatty child never blocks on a full pipe.
    captured = {}
    readers = [threading.Thread(target=lambda name=name, pipe=pipe: captured.__setitem__(name, pipe.read()))
               for name, pipe in (("stdout", process.stdout), ("stderr", process.stderr)) if pipe]
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    for reader in readers:
        reader.join()
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4 above
    if stdout_path:
        out.close()
    # wait4 counts the processes the command waited for; the samples also see workers
    # it never waits for (a fork server's), minus their last 50 ms.
    cpu_seconds = max(usage.ru_utime + usage.ru_stime, sum(cpu.values()))
    return Measured(process.returncode, wall, cpu_seconds, peak[1], peak[0],
                    captured.get("stdout", b"").decode("utf-8", "replace"),
                    captured.get("stderr", b"").decode("utf-8", "replace"))

"""Measuring one benchmark step (mätning): wall-clock time, peak memory and database queries.

* Time: ``time.perf_counter`` around the call (wall clock); with ``repeat`` > 1 the median of
  the runs (state-changing steps such as an import run once). ``cpu`` is the process's CPU time
  (``time.process_time``) over the same call, median likewise: on a busy machine the wall clock
  includes waiting for a core, the CPU time does not (nor does it include waiting for the disk).
* Peak memory: the process's peak resident set size (VmHWM) during the step, in bytes. On
  Linux the peak is reset before each run (writing "5" to ``/proc/self/clear_refs``), so it
  belongs to this step alone; ``growth`` is that peak minus the resident size when the step
  began. Where the reset is not possible the figure is ``resource.getrusage`` ``ru_maxrss`` —
  the process's peak so far — and ``per_step`` is False. Nothing is traced, so measuring memory
  does not slow the step down.
* Queries: every query on the default connection counted by an execute wrapper (the SQL is
  not kept, so counting costs neither time nor memory worth measuring).
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


@dataclass
class Measurement:
    """One measured step: ``seconds`` (median of ``runs``, wall clock), ``cpu`` (median CPU
    seconds of the process), ``peak`` and ``growth`` (bytes, see
    the module docstring), ``per_step`` (whether the peak is this step's own), ``queries`` (per
    run) and the last run's ``result``."""

    seconds: float
    cpu: float = 0.0
    runs: list[float] = field(default_factory=list)
    peak: int | None = None
    growth: int | None = None
    per_step: bool = True
    queries: int = 0
    result: object = None


def _status_kib(key: str) -> int | None:
    try:
        for line in _STATUS.read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark of this process; False where that is not possible."""
    try:
        _CLEAR_REFS.write_text("5")
    except OSError:
        return False
    return _status_kib("VmHWM") is not None


def _maxrss_bytes() -> int:
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return usage if sys.platform == "darwin" else usage * 1024  # Linux reports KiB, macOS bytes


class QueryCounter:
    """An execute wrapper counting the queries run on the default connection (``count``)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(step: Callable[[], object], *, repeat: int = 1) -> Measurement:
    """Run ``step()`` ``repeat`` times and measure it (see :class:`Measurement`)."""
    runs, cpus, peaks, growths, queries, result = [], [], [], [], 0, None
    per_step = True
    for _ in range(max(repeat, 1)):
        counter = QueryCounter()
        per_step = _reset_peak() and per_step
        before = _status_kib("VmRSS")
        with connection.execute_wrapper(counter):
            started, cpu_started = time.perf_counter(), time.process_time()
            result = step()
            runs.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu_started)
        queries = counter.count
        if per_step:
            peak = _status_kib("VmHWM") * 1024
            peaks.append(peak)
            growths.append(peak - before * 1024)
        else:
            peaks.append(_maxrss_bytes())
    return Measurement(seconds=statistics.median(runs), cpu=statistics.median(cpus), runs=runs, peak=max(peaks),
                       growth=max(growths) if growths else None, per_step=per_step, queries=queries,
                       result=result)

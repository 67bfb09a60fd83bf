"""Hostile inputs: every file under 16 MB opens (or is refused with a message) in <= 5 s and <= 600 MB.

Each file of the generated corpus (``benchmarks/hostile_corpus.py``) is
opened in its own process, as the reader opens a document: loaded, split
into sentences, indexed for search. Analysis is timed separately (it is not
part of opening). Run alone: ``python -m benchmarks.bench_hostile [--quick]``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.hostile_corpus import generate

TIME_LIMIT = 5.0
MEMORY_LIMIT_MB = 600
# Killed past these: a runaway must not take the machine with it.
HARD_SECONDS = 60
HARD_MB = 2048

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
path = Path(sys.argv[1])
with_analysis = sys.argv[2] == "1"
started = time.perf_counter()
outcome = "opened"
try:
    from tui.loaders import LoadError, load_document
    try:
        document = load_document(path)
        document.sentences
        from tui.search.index import SearchIndex
        SearchIndex.build([document])
        if with_analysis:
            from tui.analysis import analyse
            analyse(document)
        detail = "; ".join(document.problems)
    except LoadError as error:
        outcome, detail = "refused", str(error)
except Exception as error:
    outcome, detail = "crashed", f"{type(error).__name__}: {error}"
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"outcome": outcome, "seconds": elapsed, "mb": peak, "detail": detail[:160]}))
"""


def _limits() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (HARD_MB * 2**20, HARD_MB * 2**20))
    resource.setrlimit(resource.RLIMIT_CPU, (HARD_SECONDS, HARD_SECONDS))


def measure(path: Path, analysis: bool = False) -> dict:
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path), "1" if analysis else "0"],
            capture_output=True, text=True, timeout=HARD_SECONDS, preexec_fn=_limits,
        )
    except subprocess.TimeoutExpired:
        return {"outcome": "timeout", "seconds": HARD_SECONDS, "mb": float("nan"), "detail": ""}
    if done.returncode != 0 or not done.stdout.strip():
        tail = (done.stderr.strip().splitlines() or ["killed"])[-1]
        return {"outcome": f"died ({done.returncode})", "seconds": time.perf_counter() - started,
                "mb": float("nan"), "detail": tail[:160]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(quick: bool = False) -> list[tuple[str, str, str, str]]:
    scale = 0.1 if quick else 1.0
    worst_time, worst_mb, failures = 0.0, 0.0, []
    with tempfile.TemporaryDirectory() as folder:
        for path in sorted(generate(Path(folder), scale)):
            result = measure(path)
            size = path.stat().st_size
            name = repr(path.name)[1:-1]
            print(f"{name[:40]:40} {size / 2**20:7.2f} MB  {result['outcome']:10} "
                  f"{result['seconds']:6.2f} s {result['mb']:7.0f} MB  {result['detail'][:70]}",
                  file=sys.stderr)
            worst_time = max(worst_time, result["seconds"])
            worst_mb = max(worst_mb, result["mb"]) if result["mb"] == result["mb"] else worst_mb
            if (result["outcome"] not in ("opened", "refused") or result["seconds"] > TIME_LIMIT
                    or not result["mb"] <= MEMORY_LIMIT_MB):
                failures.append(name)
    return [
        ("hostile", "slowest open of the hostile corpus", f"{worst_time:.2f} s", f"<= {TIME_LIMIT:.0f} s"),
        ("hostile", "largest peak memory (RSS) opening one file", f"{worst_mb:.0f} MB", f"<= {MEMORY_LIMIT_MB} MB"),
        ("hostile", "files over a limit or crashing", ", ".join(failures) or "none", "none"),
    ]


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(" | ".join(row))

"""Run every benchmark and print one Markdown table (the README keeps the latest).

Each ``bench_*`` module has ``run(quick: bool) -> list[Row]``; ``--quick``
uses smaller inputs, ``--only NAME`` runs one module.
"""

from __future__ import annotations

import argparse
import importlib
import platform
import sys
import time
from pathlib import Path

MODULES = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="smaller inputs")
    parser.add_argument("--only", action="append", help="run only this module (e.g. bench_reader)")
    args = parser.parse_args()
    rows = []
    for name in args.only or MODULES:
        started = time.perf_counter()
        module = importlib.import_module(f"benchmarks.{name}")
        rows.extend(module.run(quick=args.quick))
        print(f"# {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    print(f"Machine: {platform.machine()}, Python {platform.python_version()}, {_cores()} cores\n")
    print("| area | measure | result | target |")
    print("|---|---|---|---|")
    for area, measure, result, target in rows:
        print(f"| {area} | {measure} | {result} | {target} |")
    return 0


def _cores() -> int:
    import os

    return os.cpu_count() or 1


if __name__ == "__main__":
    raise SystemExit(main())

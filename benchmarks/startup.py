"""Start-up benchmark: how long `scwatch COMMAND` takes from exec to exit, per command.

Runs the installed console script (beside this Python) several times per command and
reports the median wall time and the median CPU time (user + system, children included),
which the machine's other load disturbs less. The reading commands run against a demo
workdir (`scwatch demo --port 0` first, unless --workdir names one).

Prints one JSON line: {"command": {"wall_s": ..., "cpu_s": ...}, ...}.

    python benchmarks/startup.py [--runs 7] [--workdir scwatch-demo]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCWATCH = str(Path(sys.executable).with_name("scwatch"))


def commands(config: str) -> dict[str, list[str]]:
    return {
        "--help": ["--help"],
        "--version": ["--version"],
        "version": ["version"],
        "search": ["search", "스마트시티", "-c", config],
        "show": ["show", "6", "-c", config],
        "alerts list": ["alerts", "list", "-c", config],
        "sources list": ["sources", "list", "-c", config],
        "sources health": ["sources", "health", "-c", config],
        "rules list": ["rules", "list", "-c", config],
        "stories show": ["stories", "show", "1", "-c", config],
        "deals": ["deals", "-c", config],
    }


def one_run(args: list[str], cwd: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [SCWATCH, *args], cwd=cwd, capture_output=True, check=False, env={**os.environ}
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(workdir: Path, runs: int) -> dict[str, dict[str, float]]:
    figures = {}
    for name, args in commands(str(workdir / "scwatch.toml")).items():
        one_run(args, workdir)  # warm the file cache and the bytecode
        samples = [one_run(args, workdir) for _ in range(runs)]
        figures[name] = {
            "wall_s": round(statistics.median(s[0] for s in samples), 3),
            "cpu_s": round(statistics.median(s[1] for s in samples), 3),
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        workdir = args.workdir
        if workdir is None:
            workdir = Path(scratch) / "demo"
            subprocess.run(
                [SCWATCH, "demo", "--port", "0", "--workdir", str(workdir)],
                capture_output=True,
                check=True,
            )
        print(json.dumps(measure(workdir, args.runs)))


if __name__ == "__main__":
    main()

"""Start-up benchmark: how long `scwatch COMMAND` takes from exec to exit, per command.

Runs the installed console script (beside this Python) several times per command and
reports the median wall time and the median CPU time (user + system, children included),
which the machine's other load disturbs less. Python may write bytecode (a first run per
command warms it), even when PYTHONDONTWRITEBYTECODE is set here. The reading commands run against a demo
workdir (`scwatch demo --port 0` first, unless --workdir names one).

Prints one JSON line: {"command": {"wall_s": ..., "cpu_s": ...}, ...}. With --before DIR
(an older checkout's package folder, e.g. from `git archive`), each run of the installed
version is followed by one with DIR first on PYTHONPATH, so both meet the same load, and
each command also gets "before_wall_s" and "before_cpu_s".

    python benchmarks/startup.py [--runs 7] [--workdir scwatch-demo] [--before /tmp/old]
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


def one_run(args: list[str], cwd: Path, pythonpath: Path | None = None) -> tuple[float, float]:
    # Bytecode is written by the warm-up run and read after, as for any installed command:
    # with PYTHONDONTWRITEBYTECODE set, every run would compile scwatch's modules again.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([SCWATCH, *args], cwd=cwd, capture_output=True, check=False, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def medians(samples: list[tuple[float, float]], prefix: str = "") -> dict[str, float]:
    return {
        f"{prefix}wall_s": round(statistics.median(s[0] for s in samples), 3),
        f"{prefix}cpu_s": round(statistics.median(s[1] for s in samples), 3),
    }


def measure(workdir: Path, runs: int, before: Path | None) -> dict[str, dict[str, float]]:
    figures = {}
    for name, args in commands(str(workdir / "scwatch.toml")).items():
        one_run(args, workdir)  # warm the file cache and the bytecode
        if before is not None:
            one_run(args, workdir, before)
        now, then = [], []
        for _ in range(runs):
            now.append(one_run(args, workdir))
            if before is not None:
                then.append(one_run(args, workdir, before))
        figures[name] = medians(now) | (medians(then, "before_") if then else {})
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--before", type=Path, default=None, help="older package folder")
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
        print(json.dumps(measure(workdir, args.runs, args.before)))


if __name__ == "__main__":
    main()

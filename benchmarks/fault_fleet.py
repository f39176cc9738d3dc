"""The real scwatch processes of benchmarks/faults.py, started as a user would start them,
and the SIGKILLs that hit them.

- `scwatch run` (the scheduler; restarted whenever it is dead),
- `scwatch crawl` (one at a time, started again when it ends),
- `scwatch alerts send` (the delivery worker, one at a time),
- and the `scrapy crawl` children the first two start.

Every process of a fault run has the run's folder on its command line (its --config, its
LOG_FILE), which is how descendants and orphans are found with psutil.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psutil

CLI = [sys.executable, "-c", "from scwatch.cli import app; app()"]
KINDS = ("scheduler", "crawl", "sender")


@dataclass
class Fleet:
    workdir: Path
    env: dict[str, str]
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    kills: Counter[str] = field(default_factory=Counter)
    orphans_seen: set[int] = field(default_factory=set)
    max_crawlers: int = 0
    started: Counter[str] = field(default_factory=Counter)

    @property
    def config(self) -> Path:
        return self.workdir / "scwatch.toml"

    def command(self, kind: str) -> list[str]:
        logs = str(self.workdir / "logs")
        config = ["--config", str(self.config)]
        if kind == "scheduler":
            return [*CLI, "run", "--log-dir", logs, *config]
        if kind == "crawl":
            return [*CLI, "crawl", "--log-dir", logs, *config]
        return [*CLI, "alerts", "send", *config]

    def start(self, kind: str) -> subprocess.Popen[bytes]:
        number = self.started[kind]
        self.started[kind] += 1
        out = (self.workdir / "proc" / f"{kind}-{number}.log").open("wb")
        process = subprocess.Popen(
            self.command(kind),
            cwd=self.workdir,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        out.close()
        self.procs[kind] = process
        return process

    def alive(self, kind: str) -> bool:
        process = self.procs.get(kind)
        return process is not None and process.poll() is None

    def keep_running(self, kinds: tuple[str, ...] = KINDS) -> None:
        """Start each kind of process that is not running (reaping the ended ones)."""
        for kind in kinds:
            if not self.alive(kind):
                self.start(kind)

    def victims(self) -> list[tuple[str, psutil.Process]]:
        """Every live process of the fleet and the crawlers they started."""
        found = []
        for kind in KINDS:
            if not self.alive(kind):
                continue
            try:
                parent = psutil.Process(self.procs[kind].pid)
                found.append((kind, parent))
                found += [(f"{kind}-crawler", child) for child in parent.children(recursive=True)]
            except psutil.NoSuchProcess:
                continue
        return found

    def kill(self, kind: str, process: psutil.Process) -> bool:
        """SIGKILL; False when the process had ended already (a zombie counts as ended)."""
        try:
            if process.status() == psutil.STATUS_ZOMBIE:
                return False
            process.send_signal(signal.SIGKILL)
        except psutil.NoSuchProcess:
            return False
        self.kills[kind] += 1
        return True

    def ours(self) -> list[psutil.Process]:
        """Every process with the run's folder on its command line."""
        mark = str(self.workdir)
        found = []
        for process in psutil.process_iter(["pid", "cmdline"]):
            cmdline = process.info.get("cmdline") or []
            if process.pid != os.getpid() and any(mark in part for part in cmdline):
                found.append(process)
        return found

    def orphans(self) -> list[psutil.Process]:
        """Our processes whose starter is gone: not a Popen of the fleet, nor its child."""
        fleet = {p.pid for k, p in self.procs.items() if self.alive(k)}
        found = []
        for process in self.ours():
            try:
                started_by_fleet = process.pid in fleet or process.ppid() in fleet
                if not started_by_fleet and process.status() != psutil.STATUS_ZOMBIE:
                    found.append(process)
            except psutil.NoSuchProcess:
                continue
        return found

    def watch(self) -> None:
        """Note the orphans and how many crawlers run at once."""
        self.orphans_seen.update(p.pid for p in self.orphans())
        crawlers = [p for p in self.ours() if "scrapy" in " ".join(_cmdline(p))]
        self.max_crawlers = max(self.max_crawlers, len(crawlers))

    def stop(self, kind: str, timeout: float) -> int | None:
        """SIGTERM (the clean stop), then SIGKILL past the timeout; the exit code."""
        process = self.procs.get(kind)
        if process is None:
            return None
        if process.poll() is None:
            process.terminate()
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            return process.wait()

    def wait(self, kind: str, timeout: float) -> int | None:
        process = self.procs.get(kind)
        if process is None:
            return None
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return self.stop(kind, 10)

    def wait_for_orphans(self, timeout: float) -> list[psutil.Process]:
        """Orphans still alive after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        left = self.orphans()
        while left and time.monotonic() < deadline:
            time.sleep(0.5)
            left = self.orphans()
        return left

    def clean_up(self) -> int:
        """SIGKILL whatever of ours is still alive (so a fault run never leaves one)."""
        left = self.ours()
        for process in left:
            try:
                process.kill()
            except psutil.NoSuchProcess:
                continue
        psutil.wait_procs(left, timeout=10)
        return len(left)


def _cmdline(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except psutil.Error:
        return []

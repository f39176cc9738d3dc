"""benchmarks/faults.py for the test suite: its settings, its one whole fault run and the
figures that run must leave at zero."""

from __future__ import annotations

import sys

from support.paths import ROOT

if str(ROOT / "benchmarks") not in sys.path:
    sys.path.insert(0, str(ROOT / "benchmarks"))

from faults import MUST_BE_ZERO, FaultSettings, run_faults

__all__ = ["MUST_BE_ZERO", "FaultSettings", "run_faults"]

"""The distribution builds without setuptools warnings and still ships every data file:
templates, gazetteers, the demo site and the migration template come from package-data
alone (include-package-data pulled the data folders in as would-be packages, about 200
lines of warnings on install), and the license is an SPDX string."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

from support.paths import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def package_folder(package: str) -> Path:
    """Where a package of [tool.setuptools] packages lives, by package-dir."""
    roots = SETUPTOOLS["package-dir"]
    home = max((name for name in roots if package == name or package.startswith(name + ".")), key=len)
    rest = package[len(home) :].lstrip(".").replace(".", "/")
    return ROOT / roots[home] / rest


def test_no_include_package_data_and_an_spdx_license() -> None:
    assert SETUPTOOLS.get("include-package-data", False) is False
    assert isinstance(PYPROJECT["project"]["license"], str)


def test_every_data_file_is_shipped_by_package_data() -> None:
    packages = {package: package_folder(package) for package in SETUPTOOLS["packages"]}
    patterns = SETUPTOOLS["package-data"]
    unshipped = []
    for folder in {ROOT / "monitor", ROOT / "spiders", ROOT / "storage"}:
        for path in folder.rglob("*"):
            if path.is_dir() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
                continue
            owner = max(
                (p for p, home in packages.items() if home in path.parents),
                key=lambda p: len(str(packages[p])),
            )
            relative = path.relative_to(packages[owner]).as_posix()
            if not any(fnmatch.fnmatch(relative, glob) for glob in patterns.get(owner, [])):
                unshipped.append(str(path.relative_to(ROOT)))
    assert not unshipped, unshipped

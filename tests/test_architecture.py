"""The shape of the code that docs/architecture.md promises: one import name, packages that
say what belongs in them, no import cycles, small modules and functions, and a spider
registry that names real spiders. (The layer contracts themselves are import-linter's, run
by .ci/run.)"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import tomllib
from pathlib import Path

import grimp
import pytest

import scwatch
from scwatch.core.models import SPIDER_FOR_KIND

ROOT = Path(__file__).resolve().parent.parent
CODE_FOLDERS = ("monitor", "spiders", "storage")
MAX_MODULE_LINES, MAX_FUNCTION_LINES = 400, 40


def python_files() -> list[Path]:
    files = []
    for folder in CODE_FOLDERS:
        files += [p for p in (ROOT / folder).rglob("*.py") if "migrations/versions" not in str(p)]
    return sorted(files)


def test_one_import_name_and_every_package_is_listed() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    assert all(name == "scwatch" or name.startswith("scwatch.") for name in listed)
    found = {"scwatch"} | {
        module.name
        for module in pkgutil.walk_packages(scwatch.__path__, "scwatch.")
        if module.ispkg
    }
    assert found == listed, "pyproject [tool.setuptools] packages must list every package"


def test_every_package_says_what_belongs_in_it() -> None:
    for name in ["scwatch", "scwatch.api", "scwatch.cli", "scwatch.config", "scwatch.core",
                 "scwatch.demo", "scwatch.notify", "scwatch.scheduler", "scwatch.services",
                 "scwatch.spiders", "scwatch.storage"]:
        doc = importlib.import_module(name).__doc__ or ""
        assert len(doc.split()) >= 20, f"{name} needs a docstring saying what belongs there"


def test_no_import_cycles_between_modules() -> None:
    graph = grimp.build_graph("scwatch", cache_dir=None)
    cycles = [
        (module, other)
        for module in graph.modules
        for other in graph.find_modules_directly_imported_by(module)
        if graph.chain_exists(importer=other, imported=module)
    ]
    assert not cycles


def test_modules_and_functions_stay_small() -> None:
    too_long = []
    for path in python_files():
        source = path.read_text(encoding="utf-8")
        if source.count("\n") > MAX_MODULE_LINES:
            too_long.append(f"{path.relative_to(ROOT)}: {source.count(chr(10))} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}()")
    assert not too_long


def spider_classes() -> dict[str, type]:
    spiders = importlib.import_module("scwatch.spiders")
    classes: dict[str, type] = {}
    for module in pkgutil.iter_modules(spiders.__path__, "scwatch.spiders."):
        for _, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if getattr(cls, "name", None) and getattr(cls, "source_kind", None):
                classes[cls.name] = cls
    return classes


@pytest.mark.parametrize(("kind", "spider"), sorted(SPIDER_FOR_KIND.items()))
def test_the_spider_registry_names_the_spider_of_each_kind(kind: str, spider: str) -> None:
    classes = spider_classes()
    assert spider in classes, f"no spider is named {spider!r}"
    assert classes[spider].source_kind == kind


def test_every_spider_is_in_the_registry() -> None:
    assert set(spider_classes()) == set(SPIDER_FOR_KIND.values())

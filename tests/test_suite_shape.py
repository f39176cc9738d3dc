"""The shape of the test suite: every test checks something, test file names are unique
(pytest's prepend import mode imports each by its base name), and helpers live in
tests/support rather than beside the tests that use them."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parent
# A call to one of these counts as a check: pytest.raises/warns, and helpers named for it.
CHECKING_CALLS = ("raises", "warns")
CHECKING_PREFIXES = ("assert_", "expect_", "check_")


def suite_files() -> list[Path]:
    return sorted(p for p in TESTS.rglob("test_*.py") if "fixtures" not in p.parts)


def called_name(call: ast.Call) -> str:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return ""


def checks_something(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for node in ast.walk(function):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call):
            name = called_name(node)
            if name in CHECKING_CALLS or name.startswith(CHECKING_PREFIXES):
                return True
    return False


def test_every_test_checks_something() -> None:
    silent = []
    for path in suite_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            if is_function and node.name.startswith("test") and not checks_something(node):
                silent.append(f"{path.relative_to(TESTS)}:{node.lineno} {node.name}")
    assert not silent, f"tests that assert nothing: {silent}"


def test_the_check_catches_a_test_without_a_check() -> None:
    def parsed(source: str) -> ast.FunctionDef:
        function = ast.parse(source).body[0]
        assert isinstance(function, ast.FunctionDef)
        return function

    assert not checks_something(parsed("def test_x():\n    compile_one('@a')\n"))
    assert checks_something(parsed("def test_x():\n    assert f()\n"))
    assert checks_something(parsed("def test_x():\n    with pytest.raises(E):\n        f()\n"))
    assert checks_something(parsed("def test_x():\n    expect_failure(f)\n"))


def test_test_file_names_are_unique() -> None:
    names = Counter(path.name for path in suite_files())
    assert [name for name, count in names.items() if count > 1] == []


def test_helpers_live_in_support() -> None:
    strays = [
        str(path.relative_to(TESTS))
        for path in TESTS.rglob("*.py")
        if path.parent != TESTS
        and not path.name.startswith("test_")
        and path.name != "conftest.py"
        and not {"support", "fixtures"} & set(path.relative_to(TESTS).parts)
    ]
    assert strays == []

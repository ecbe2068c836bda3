"""Rules the test suite keeps: wait for conditions, never for a fixed time.

A fixed sleep is either too short on a loaded machine (a flaky failure) or too
long everywhere else (a slow suite). Polling a condition in a loop is fine.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
# playwright evaluates a predicate given as an expression with eval(), which the
# site's Content-Security-Policy forbids over http: predicates must be functions
FUNCTION_SOURCE = re.compile(r"^\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>)")


def _calls(tree: ast.AST) -> list[tuple[ast.Call, list[ast.AST]]]:
    """Every call with the chain of its enclosing nodes."""
    found = []

    def visit(node: ast.AST, parents: list[ast.AST]) -> None:
        if isinstance(node, ast.Call):
            found.append((node, parents))
        for child in ast.iter_child_nodes(node):
            visit(child, [*parents, node])

    visit(tree, [])
    return found


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def suite_problems(files: list[Path]) -> list[str]:
    """``file:line: what`` for every fixed wait in ``files``."""
    problems = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for call, parents in _calls(tree):
            where = f"{path.name}:{call.lineno}"
            name = _name(call)
            if name == "wait_for_timeout":
                problems.append(f"{where}: wait_for_timeout (wait for a condition instead)")
            elif name == "sleep" and not any(isinstance(p, ast.While) for p in parents):
                problems.append(f"{where}: sleep outside a polling loop")
            elif name == "wait_for_function" and call.args and isinstance(call.args[0], ast.Constant) \
                    and not FUNCTION_SOURCE.match(str(call.args[0].value)):
                problems.append(f"{where}: wait_for_function with an expression (write a function)")
    return problems


def test_no_fixed_waits_in_the_suite() -> None:
    assert suite_problems(sorted(TESTS.glob("*.py"))) == []


def test_the_rule_finds_fixed_waits(tmp_path: Path) -> None:
    sample = tmp_path / "test_sample.py"
    sample.write_text(
        "import time\n"
        "def test_a(page):\n"
        "    page.wait_for_timeout(300)\n"
        "    time.sleep(1)\n"
        "    page.wait_for_function(\"document.title === 'x'\")\n"
        "    page.wait_for_function(\"() => document.title === 'x'\")\n"
        "    while True:\n"
        "        time.sleep(0.1)\n",
        encoding="utf-8")
    assert [p.split(": ", 1)[0] for p in suite_problems([sample])] == [
        "test_sample.py:3", "test_sample.py:4", "test_sample.py:5"]

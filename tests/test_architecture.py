"""The layout ARCHITECTURE.md describes is the layout of the code.

ARCHITECTURE.md lists, for each part of the package, the parts it may import
(its "may import" table); the README's diagram names every folder. These
tests read both, so the documents cannot drift from the code.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict

from conftest import REPO

PACKAGE = REPO / "scripts" / "campaign_site"
# parts that hold no Python (data the package ships)
DATA_FOLDERS = {"locale", "templates"}


def part_of(module: tuple[str, ...]) -> str:
    """The part a module belongs to: its top folder, or the top-level module's name."""
    return module[0] if module else "__init__"


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of ``tree`` outside ``if TYPE_CHECKING:`` blocks (annotations only)."""
    nodes: list[ast.AST] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        nodes.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return nodes


def imports() -> dict[str, set[str]]:
    """Part → the other parts its modules import when they run (at any level; imports
    for type annotations only, under ``if TYPE_CHECKING:``, are left out)."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        module = path.relative_to(PACKAGE).with_suffix("").parts
        package = module[:-1] if module[-1] != "__init__" else module[:-1]
        me = part_of(module if module[-1] != "__init__" else module[:-1])
        for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package[: len(package) - (node.level - 1)]
                target = (*base, *(node.module.split(".") if node.module else ()))
                names = [target] if node.module else [(*target, alias.name) for alias in node.names]
                for name in names:
                    if name and part_of(name) != me:
                        found[me].add(part_of(name))
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                modules = [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                for name in modules:
                    if name and name.startswith("campaign_site."):
                        other = part_of(tuple(name.split(".")[1:]))
                        if other != me:
                            found[me].add(other)
    found.pop("__init__", None)
    for targets in found.values():
        targets.discard("__init__")
        targets.discard("__version__")
    return dict(found)


def parts() -> set[str]:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"} - DATA_FOLDERS
    modules = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    return folders | modules


def allowed() -> dict[str, set[str]]:
    """The "may import" table of ARCHITECTURE.md: ``| `part` | `a`, `b` |``."""
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    section = text.split("## Who may import whom", 1)[1].split("\n## ", 1)[0]
    table = {}
    for line in section.splitlines():
        match = re.match(r"\|\s*`([a-z_]+)`\s*\|([^|]*)\|", line)
        if match:
            table[match.group(1)] = set(re.findall(r"`([a-z_]+)`", match.group(2)))
    return table


def test_every_part_is_in_the_table() -> None:
    assert set(allowed()) == parts()


def test_parts_import_only_what_the_table_allows() -> None:
    table = allowed()
    extra = {part: sorted(used - table.get(part, set())) for part, used in imports().items()
             if used - table.get(part, set())}
    assert extra == {}, "update ARCHITECTURE.md's table, or move the code to the layer it belongs to"


def test_no_import_cycles_between_parts() -> None:
    graph = imports()
    seen: dict[str, int] = {}

    def visit(part: str, path: list[str]) -> None:
        if seen.get(part) == 1:
            raise AssertionError(f"import cycle: {' → '.join([*path, part])}")
        if seen.get(part) == 2:
            return
        seen[part] = 1
        for other in sorted(graph.get(part, ())):
            visit(other, [*path, part])
        seen[part] = 2

    for part in sorted(graph):
        visit(part, [])


def test_readme_and_architecture_name_every_folder() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    architecture = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__")
    for folder in folders:
        assert f"{folder}/" in readme, f"README's diagram does not name {folder}/"
        assert f"{folder}/" in architecture, f"ARCHITECTURE.md does not name {folder}/"
    for part in parts() - set(folders):
        assert f"{part}.py" in architecture, f"ARCHITECTURE.md does not name {part}.py"

"""``display_path`` (called for every file read) resolves the working folder once, with the
results of resolving it on every call: a table of paths, roots and working folders, symbolic
links included, the working folder changed between calls."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from campaign_site.content.errors import display_path


def resolved_every_time(path: Path, root: Path | None = None) -> str:
    """The old ``display_path``: both paths resolved on every call."""
    try:
        return str(path.resolve().relative_to((root or Path.cwd()).resolve()))
    except ValueError:
        return str(path)


def test_the_same_names_as_resolving_every_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    (project / "content" / "resources").mkdir(parents=True)
    (project / "docs").mkdir()
    (project / "content" / "resources" / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "link").symlink_to(project)  # the project under another name
    (project / "docs" / "linked").symlink_to(project / "content")
    paths = [Path("content/resources/a.md"), Path("docs/linked/resources/a.md"), Path("docs"), Path("."),
             Path("../elsewhere/x.md"), Path("missing/b.md"), project / "content" / "resources" / "a.md",
             tmp_path / "link" / "docs" / "linked" / "resources" / "a.md", tmp_path / "elsewhere", Path("/")]
    roots = [None, project, tmp_path / "link", Path("docs"), Path("."), Path(".."), tmp_path / "elsewhere"]
    compared = 0
    for cwd in [project, tmp_path / "link", tmp_path / "link" / "docs", tmp_path, project]:
        monkeypatch.chdir(cwd)
        for path in paths:
            for root in roots:
                assert display_path(path, root) == resolved_every_time(path, root), (os.getcwd(), path, root)
                compared += 1
    assert compared == 5 * len(paths) * len(roots)

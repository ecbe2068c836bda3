"""What a file said before: the git history of a checkout, read through the ``git`` command.

Freshness needs, for a translation, the last commit that changed it and the
text of its source at that commit. We ask the ``git`` program (a subprocess)
rather than a library such as dulwich or GitPython: whoever has a checkout has
git, it reads every repository layout git makes (worktrees, packed refs, split
indexes, partial clones) exactly as git does, and two long-running processes
(``git log`` once, ``git cat-file --batch`` for file texts) answer a whole
report quickly. Without git, or outside a checkout, :func:`open_history`
returns None and freshness falls back to fingerprints.

:data:`WORKTREE` stands for the files as they are now, changes not yet
committed included.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path

#: The working tree (what is on disk now), newer than any commit.
WORKTREE = "WORKTREE"


def _git(top: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "core.quotePath=false", "-C", str(top), *args],
                          check=True, capture_output=True, text=True, encoding="utf-8").stdout


@dataclass
class History:
    """Commits of a git checkout, per file, newest first."""

    top: Path
    commits: dict[str, list[str]] = field(default_factory=dict)  # path (from top) → commits that changed it
    dirty: frozenset[str] = frozenset()  # paths changed, added or untracked in the working tree
    _batch: subprocess.Popen[bytes] | None = None
    _texts: dict[tuple[str, str], str | None] = field(default_factory=dict)

    def key(self, path: Path) -> str:
        """``path`` relative to the top of the checkout, with forward slashes."""
        return path.resolve().relative_to(self.top).as_posix()

    def versions(self, path: Path) -> list[str]:
        """Commits that changed ``path``, newest first, after :data:`WORKTREE` when it
        differs from the last commit (or is not committed at all)."""
        key = self.key(path)
        commits = self.commits.get(key, [])
        return [WORKTREE, *commits] if key in self.dirty or not commits else list(commits)

    def text_at(self, commit: str, path: Path) -> str | None:
        """Text of ``path`` at ``commit`` (None when it did not exist then)."""
        if commit == WORKTREE:
            try:
                return path.read_bytes().decode("utf-8", "replace")
            except FileNotFoundError:
                return None
        key = (commit, self.key(path))
        if key not in self._texts:
            self._texts[key] = self._cat(f"{commit}:{key[1]}")
        return self._texts[key]

    def _cat(self, spec: str) -> str | None:
        if self._batch is None:
            self._batch = subprocess.Popen(["git", "-C", str(self.top), "cat-file", "--batch"],
                                           stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self._batch.stdin is not None and self._batch.stdout is not None
        self._batch.stdin.write(spec.encode("utf-8") + b"\n")
        self._batch.stdin.flush()
        header = self._batch.stdout.readline().split()
        if len(header) != 3:  # "<spec> missing"
            return None
        data = self._batch.stdout.read(int(header[2]) + 1)[:-1]
        return data.decode("utf-8", "replace") if header[1] == b"blob" else None

    def close(self) -> None:
        """End the ``git cat-file`` process, if one was started."""
        if self._batch is not None:
            self._batch.stdin.close()  # type: ignore[union-attr]
            self._batch.wait()
            self._batch = None

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def last_change(self, path: Path, value: Callable[[str | None], Hashable]) -> str | None:
        """The newest version of ``path`` since which ``value(text)`` is what it is now:
        :data:`WORKTREE`, a commit, or None when the file is not in this checkout."""
        versions = self.versions(path)
        if not versions:
            return None
        current = value(self.text_at(WORKTREE, path))
        since = versions[0]
        for version in versions:
            if value(self.text_at(version, path)) != current:
                return since
            since = version
        return since


def open_history(root: Path) -> History | None:
    """The history of the checkout holding ``root``; None without git or outside a checkout."""
    if shutil.which("git") is None:
        return None
    try:
        top = Path(_git(root, "rev-parse", "--show-toplevel").strip()).resolve()
        if _git(top, "rev-parse", "--is-shallow-repository").strip() == "true":
            return None  # commits are missing: the last change of a file cannot be known
        log = _git(top, "log", "--format=format:\x01%H", "--name-only", "--no-renames", "HEAD") \
            if _git(top, "rev-list", "-n", "1", "--all").strip() else ""
        status = _git(top, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames")
    except (OSError, subprocess.CalledProcessError):
        return None
    commits: dict[str, list[str]] = {}
    for block in log.split("\x01")[1:]:
        commit, *paths = block.strip("\n").split("\n")
        for path in paths:
            if path:
                commits.setdefault(path, []).append(commit)
    dirty = frozenset(entry[3:] for entry in status.split("\0") if len(entry) > 3)
    return History(top, commits, dirty)

"""Which folders a build may replace: only its own.

A build replaces its output folder whole. It refuses, before doing anything:

* the project folder, or any folder holding it (``--out .``, ``--out ..``, ``--out /``);
* a source folder, a folder inside one, or a folder holding one
  (``--out docs``, ``--out content/media``, ``--out overrides``);
* something that is not a folder;
* a non-empty folder without the marker file :data:`MARKER`, which every
  build writes into the folder it makes: a folder without it was not made by
  ``campaign-site build`` (a site built before the marker existed included:
  delete or move it once).

The marker (a short text file) stays in the built site; publishing leaves it
out of the USB bundle and the ZIM file (:mod:`.selection`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..messages import N_, render

#: Written into every folder a build makes; its presence lets the next build replace the folder.
MARKER = ".campaign-site-output"
MARKER_TEXT = (
    "This folder was made by `campaign-site build`; each build replaces all of it.\n"
    "Thư mục này do `campaign-site build` tạo ra; mỗi lần build sẽ thay toàn bộ thư mục.\n"
)

HOLDS_PROJECT = N_("nothing was built: '{found}' holds the project itself ({project}); a build replaces "
                   "its output folder whole. Choose a folder of its own, e.g. --out site")
HOLDS_SOURCES = N_("nothing was built: '{found}' is, holds or is inside the source folder {source}; a build "
                   "replaces its output folder whole. Choose a folder outside the sources, e.g. --out site")
NOT_A_FOLDER = N_("nothing was built: '{found}' is a file, not a folder; choose another output folder")
NOT_OURS = N_("nothing was built: '{found}' is not empty and was not made by campaign-site build (it has no "
              "{marker} file); a build would replace everything in it. Choose a new or empty folder, or move "
              "its files elsewhere and delete the folder first")


class OutputRefused(Exception):
    """The output folder is not one a build may replace; nothing was changed."""

    def __init__(self, msgid: str, **params: object) -> None:
        self.msgid, self.params = msgid, params
        super().__init__(render(msgid, "en", params))

    def render(self, lang: str) -> str:
        """The refusal in ``lang`` (English or a catalog language)."""
        return render(self.msgid, lang, self.params)


def _related(first: Path, second: Path) -> bool:
    """One is the other or inside it."""
    return first == second or first.is_relative_to(second) or second.is_relative_to(first)


def check_output(target: Path, project: Path, sources: Iterable[Path]) -> None:
    """Raise :class:`OutputRefused` unless a build may replace ``target``.

    ``project`` is the folder of ``mkdocs.yml``; ``sources`` the folders the
    site is built from (pages, content, theme). Paths are compared resolved.
    """
    target, project = target.resolve(), project.resolve()
    if project.is_relative_to(target):
        raise OutputRefused(HOLDS_PROJECT, found=str(target), project=str(project))
    for source in sources:
        if _related(target, source.resolve()):
            raise OutputRefused(HOLDS_SOURCES, found=str(target), source=str(source))
    if target.exists() and not target.is_dir():
        raise OutputRefused(NOT_A_FOLDER, found=str(target))
    if target.is_dir() and not (target / MARKER).is_file() and any(target.iterdir()):
        raise OutputRefused(NOT_OURS, found=str(target), marker=MARKER)


def mark_output(folder: Path) -> None:
    """Write the marker into a folder a build made."""
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")

"""Which files of the source folders may be published.

Two rules, checked by ``campaign-site check`` and before every build:

* **No links out.** A symbolic link in ``docs/``, ``content/`` or the theme's
  folder must point inside one of those folders: MkDocs follows links, so
  ``docs/a.txt -> /home/me/.ssh/id_ed25519`` (or a linked folder) would publish
  any file the builder can read.
* **Only types that cannot run script.** Every file of ``content/media/`` and
  every non-Markdown file of ``docs/`` must have one of
  :data:`PUBLISHED_SUFFIXES`: documents, images, audio, video, archives. SVG,
  HTML, XML and the like are refused: opened from a USB copy (``file://``)
  or from the site, they run their scripts. Save an SVG as PNG or PDF.

The types allowed were opened from ``file://`` in Chromium holding an HTML page
with a script (``tests/test_file_safety.py``): none ran it.

Big files are not refused, but a communicator is told about every file above
:data:`LARGE_FILE_BYTES` (readers on phones pay for every megabyte).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..messages import N_
from .errors import ContentProblem, display_path, problem

#: Suffixes (lower case) of files that may be published from content/media/ and docs/.
PUBLISHED_SUFFIXES = frozenset({
    # documents
    ".pdf", ".txt", ".csv", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ods",
    ".ppt", ".pptx", ".odp", ".epub",
    # images
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico",
    # audio, video, captions
    ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".wav", ".flac",
    ".mp4", ".m4v", ".webm", ".ogv", ".vtt",
    # archives
    ".zip",
})

#: Files above this size (bytes) are reported to the communicator: 50 MB.
LARGE_FILE_BYTES = 50_000_000

LINK_OUT = N_("'{found}' is a link to {target}, outside {folders}: links could publish any file of this "
              "computer; copy the file here instead of linking to it")
BLOCKED_TYPE = N_("files of type '{found}' are not published: they can run scripts when opened from a USB copy "
                  "or the site; save an image as PNG or JPEG and a document as PDF (allowed types: {expected})")
LARGE_FILE = N_("{found} is {size} MB; files over {limit} MB are slow and costly to download on a phone and make "
                "the USB copy big: make it smaller (compress the video, reduce the PDF) if you can")


def _shown(path: Path) -> str:
    """``path`` as the communicator knows it, naming a link itself, not its target."""
    return str(Path(display_path(path.parent)) / path.name)


def allowed_types() -> str:
    """The allowed suffixes as one comma-separated list."""
    return ", ".join(sorted(PUBLISHED_SUFFIXES))


def blocked_suffix(name: str) -> str | None:
    """The suffix of ``name`` if files of that type are never published, else None."""
    suffix = Path(name).suffix.lower()
    return None if suffix in PUBLISHED_SUFFIXES else (suffix or "(none)")


def _inside(path: Path, folders: Iterable[Path]) -> bool:
    return any(path == folder or path.is_relative_to(folder) for folder in folders)


def _walk(folder: Path) -> Iterator[os.DirEntry[str]]:
    """Every entry below ``folder``, without following links."""
    with os.scandir(folder) as entries:
        for entry in entries:
            yield entry
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(Path(entry.path))


def outside_links(folders: Iterable[Path]) -> list[ContentProblem]:
    """Symbolic links below ``folders`` that resolve outside all of them (or nowhere)."""
    tops = [folder for folder in folders if folder.is_dir()]
    allowed = [folder.resolve() for folder in tops]
    names = ", ".join(f"{display_path(folder)}/" for folder in tops)
    problems = []
    for top in tops:
        for entry in _walk(top):
            if not entry.is_symlink():
                continue
            target = Path(entry.path).resolve()
            if not (target.exists() and _inside(target, allowed)):
                problems.append(problem(_shown(Path(entry.path)), 1, "(file)", LINK_OUT,
                                        found=entry.name, target=str(target), folders=names))
    return problems


def published_files(media_dir: Path, docs_dir: Path) -> list[Path]:
    """Files copied to the site as they are: all of ``media_dir``, non-Markdown files of ``docs_dir``."""
    found = [Path(e.path) for e in _walk(media_dir) if not e.is_dir()] if media_dir.is_dir() else []
    if docs_dir.is_dir():
        found += [Path(e.path) for e in _walk(docs_dir) if not e.is_dir() and not e.name.endswith(".md")]
    return sorted(path for path in found if not path.name.startswith("."))


def blocked_files(media_dir: Path, docs_dir: Path) -> list[ContentProblem]:
    """Files of ``media_dir`` and ``docs_dir`` whose type could run script."""
    return [problem(_shown(path), 1, "(file)", BLOCKED_TYPE, found=suffix, expected=allowed_types())
            for path in published_files(media_dir, docs_dir)
            if (suffix := blocked_suffix(path.name)) is not None]


def file_problems(docs_dir: Path, content_dir: Path, theme_dir: Path | None = None) -> list[ContentProblem]:
    """Links out of the source folders and files of types that could run script."""
    folders = [docs_dir, content_dir, *([theme_dir] if theme_dir else [])]
    return sorted(outside_links(folders) + blocked_files(content_dir / "media", docs_dir))


def large_files(media_dir: Path, docs_dir: Path, limit: int = LARGE_FILE_BYTES) -> list[tuple[Path, int]]:
    """(path, size in bytes) of published files above ``limit`` bytes."""
    sizes = [(path, path.stat().st_size) for path in published_files(media_dir, docs_dir) if path.is_file()]
    return [(path, size) for path, size in sizes if size > limit]


def large_file_notes(media_dir: Path, docs_dir: Path, lang: str) -> list[str]:
    """One line per large file, in ``lang``: ``path: message``."""
    from ..messages import render

    return [f"{_shown(path)}: " + render(LARGE_FILE, lang, {
                "found": path.name, "size": f"{size / 1e6:.0f}", "limit": f"{LARGE_FILE_BYTES / 1e6:.0f}"})
            for path, size in large_files(media_dir, docs_dir)]


def is_publishable(path: Path, allowed_folders: Iterable[Path]) -> bool:
    """Whether ``path`` (a media file) may be copied to the site: its type is allowed and,
    if it is a link, it points inside ``allowed_folders``."""
    if blocked_suffix(path.name) is not None or not path.is_file():
        return False
    return not path.is_symlink() or _inside(path.resolve(), [f.resolve() for f in allowed_folders])

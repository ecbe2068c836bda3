"""Collection templates' output kept between builds (:mod:`.build_cache`), found by all it depends on.

A generated page's template (``campaign/directory_area.html``…), and the list or lead block a
hand-written page asks for, is rendered by :class:`.registry.PageRenderer` for one language and
one page. Any of them may read any entry (an area's page lists that area's services, a list page
every resource), so its output depends on the whole content, and on:

- the labels and ``content/site.yaml`` (part of the content), the sizes of the downloadable files
  in ``content/media/`` (the pages show them);
- our templates: every file of the theme folders outside installed libraries (the site's
  ``overrides/``, the plugin's generated partials);
- ``mkdocs.yml``;
- the versions of the libraries that render (Jinja, MarkupSafe, Babel, MkDocs, Material,
  static-i18n, pydantic) and the source of our package (the template helpers, the content models);
- the template's name, the language, the page's address (links are relative to it) and its
  canonical address (structured data).

:class:`RenderInputs` holds the first four as SHA-256 digests, computed once per language build;
:func:`render_cached` adds the last. An edit in ``content/`` renders every collection page again
(as without a cache); an edit of a hand-written page renders none. The cache holds nothing a
build cannot make: deleting it changes no byte.
"""

from __future__ import annotations

import hashlib
import json
import sysconfig
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from .build_cache import BuildCache, library_versions

KIND = "collection-body"
# the libraries whose code decides a rendered template
_LIBRARIES = ("jinja2", "markupsafe", "babel", "mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pydantic")
_PACKAGE = Path(__file__).resolve().parents[1]  # campaign_site/


class Renderer(Protocol):
    """What :func:`render_cached` needs of a :class:`.registry.PageRenderer`."""

    lang: str
    page_url: str
    url_base: str
    extra: dict[str, Any]

    def render(self, template: str, **context: Any) -> str: ...


def _files_digest(files: Sequence[tuple[str, Callable[[], bytes]]]) -> str:
    digest = hashlib.sha256()
    for name, data in sorted(files, key=lambda item: item[0]):
        part = data()
        digest.update(f"{name}\x00{len(part)}\x00".encode("utf-8"))
        digest.update(part)
    return digest.hexdigest()


def content_digest(root: Path) -> str:
    """SHA-256 (hex) of ``content/``: every file's path and bytes; a file under ``media/`` by its
    path and size (what pages show of it; downloads may be large)."""
    media = root / "media"
    files = []
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        name = path.relative_to(root).as_posix()
        if path.is_relative_to(media):
            size = path.stat().st_size
            files.append((name, lambda size=size: str(size).encode("ascii")))
        else:
            files.append((name, path.read_bytes))
    return _files_digest(files)


def _installed(folder: Path) -> bool:
    """Whether ``folder`` belongs to an installed library (its version stands for its files)."""
    libraries = {Path(sysconfig.get_paths()[kind]).resolve() for kind in ("purelib", "platlib")}
    return any(folder.is_relative_to(library) for library in libraries)


def theme_digest(folders: Sequence[str | Path]) -> str:
    """SHA-256 (hex) of the theme folders' files outside installed libraries, folder by folder
    in their order (which one wins a name)."""
    digest = hashlib.sha256()
    for position, folder in enumerate(Path(f).resolve() for f in folders):
        if _installed(folder) or not folder.is_dir():
            continue
        files = [(path.relative_to(folder).as_posix(), path.read_bytes)
                 for path in folder.rglob("*") if path.is_file()]
        digest.update(f"{position}\x00{_files_digest(files)}\x00".encode("utf-8"))
    return digest.hexdigest()


@cache
def code_digest() -> str:
    """The library versions and SHA-256 of our package's source (computed once per process)."""
    source = _files_digest([(path.relative_to(_PACKAGE).as_posix(), path.read_bytes)
                            for path in _PACKAGE.rglob("*.py")])
    return f"{library_versions(_LIBRARIES)} {source}"


@dataclass(frozen=True)
class RenderInputs:
    """What every collection template's output depends on besides its page (SHA-256 digests)."""

    content: str
    theme: str
    config: str
    code: str

    @classmethod
    def of(cls, content_root: Path, theme_folders: Sequence[str | Path], config_file: Path) -> RenderInputs:
        """The inputs as they are now on disk."""
        return cls(content_digest(content_root), theme_digest(theme_folders),
                   hashlib.sha256(config_file.read_bytes()).hexdigest(), code_digest())

    def key(self, renderer: Renderer, template: str) -> tuple[str, ...]:
        """The cache key of ``template`` rendered by ``renderer``."""
        page = json.dumps([template, renderer.lang, renderer.page_url, renderer.url_base, renderer.extra],
                          sort_keys=True, default=str, ensure_ascii=False)
        return (page, self.content, self.theme, self.config, self.code)


def render_cached(renderer: Renderer, template: str, context: Mapping[str, Any],
                  inputs: RenderInputs | None, cache: BuildCache) -> str:
    """``renderer.render(template, **context)``, or the stored result of the same rendering.

    ``context`` is not in the key: it is made from the content by our code (both are).
    Without ``inputs`` or a cache folder, rendered every time.
    """
    if inputs is None or cache.folder is None:
        return renderer.render(template, **context)
    return cache.get(KIND, inputs.key(renderer, template),
                     lambda: renderer.render(template, **context).encode("utf-8")).decode("utf-8")

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

A language that shows only the default language's labels and texts (Ê Đê, J'rai, M'nông without
translations: :func:`.code_withheld.shows_only_default`) is first looked up without its code
(:data:`SHARED_KIND`, :meth:`RenderInputs.shared_key`: the page's address below its language
folder instead of the language and the address): rendered once with the code withheld
(:meth:`.registry.PageRenderer.render_without_code`), the page serves every such language. A
template that uses the code leaves :data:`CODE_USED` there instead, and each language renders
(and keeps) its own, as before.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from .. import work_log
from ..fingerprints import folder_digest, library_versions, our_package, theme_folders_digest
from .build_cache import BuildCache

KIND = "collection-body"
# the same, rendered with the language code withheld, for every language showing only the default's
SHARED_KIND = "collection-body-shared"
# what SHARED_KIND holds: RENDERED and the HTML, or CODE_USED (the template used the code:
# each language renders its own)
RENDERED, CODE_USED = b"R", b"C"
# the libraries whose code decides a rendered template
_LIBRARIES = ("jinja2", "markupsafe", "babel", "mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pydantic")


class Renderer(Protocol):
    """What :func:`render_cached` needs of a :class:`.registry.PageRenderer`."""

    lang: str
    page_url: str
    url_base: str
    extra: dict[str, Any]

    def render(self, template: str, **context: Any) -> str: ...


class SharingRenderer(Renderer, Protocol):
    """A renderer that can render without the language code (:class:`.registry.PageRenderer`)."""

    shows_only_default: bool

    def render_without_code(self, template: str, **context: Any) -> str: ...


def content_digest(root: Path) -> str:
    """:func:`..fingerprints.folder_digest` of ``content/``, files under ``media/`` by their size
    only (what pages show of them; downloads may be large)."""
    return folder_digest(root, sizes_only=root / "media")


@cache
def code_digest() -> str:
    """The library versions and the digest of our package (computed once per process)."""
    return f"{library_versions(_LIBRARIES)} {our_package()}"


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
        return cls(content_digest(content_root), theme_folders_digest(theme_folders),
                   hashlib.sha256(config_file.read_bytes()).hexdigest(), code_digest())

    def key(self, renderer: Renderer, template: str) -> tuple[str, ...]:
        """The cache key of ``template`` rendered by ``renderer``."""
        page = json.dumps([template, renderer.lang, renderer.page_url, renderer.url_base, renderer.extra],
                          sort_keys=True, default=str, ensure_ascii=False)
        return (page, self.content, self.theme, self.config, self.code)

    def shared_key(self, renderer: Renderer, template: str, default: str) -> tuple[str, ...]:
        """The key of ``template`` rendered without the code for a page of a language other than
        ``default`` (the address below the language's folder, not the language)."""
        below = renderer.page_url.partition("/")[2]
        page = json.dumps([template, "below-language-folder", below, renderer.url_base, renderer.extra, default],
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
    if getattr(renderer, "shows_only_default", False):
        shared = _render_shared(renderer, template, context, inputs, cache)  # type: ignore[arg-type]
        if shared is not None:
            return shared
    return cache.get(KIND, inputs.key(renderer, template),
                     lambda: renderer.render(template, **context).encode("utf-8")).decode("utf-8")


def _render_shared(renderer: SharingRenderer, template: str, context: Mapping[str, Any], inputs: RenderInputs,
                   cache: BuildCache) -> str | None:
    """The rendering shared by every language that shows only the default's; None when the
    template uses the language code."""
    from .code_withheld import CodeUsed

    key = inputs.shared_key(renderer, template, renderer.content.default_language)  # type: ignore[attr-defined]
    stored = cache.load(SHARED_KIND, key)
    if stored is None:
        work_log.note("render-shared", f"{template} {key[0]}")
        try:
            stored = RENDERED + renderer.render_without_code(template, **context).encode("utf-8")
        except CodeUsed:
            stored = CODE_USED
        cache.store(SHARED_KIND, key, stored)
    return stored[1:].decode("utf-8") if stored.startswith(RENDERED) else None

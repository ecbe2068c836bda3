"""Finished pages kept between builds: a page none of whose inputs changed is not rendered again.

Rendering Material's templates around each page is the largest part of a rebuild
after one page was edited. MkDocs renders a page with ``template.render(context)``
after every ``on_page_context`` handler ran; :class:`FinishedPageTemplate`, set as
the environment's ``template_class`` in ``on_env``, looks the page up in the
:class:`~campaign_site.pages.build_cache.BuildCache` (kind ``finished-page``) when
the context carries :data:`CONTEXT_KEY` (a :class:`FinishedPages`), returns the
stored HTML on a hit and stores what the template produced on a miss. Everything
before and after the template still runs on a hit: ``on_page_context`` (link
preview images, search entries) and every ``on_post_page`` handler (the HTML
review), which sees the same text either way.

The key is in three parts, each a SHA-256 (hex):

- the process (:func:`process_fingerprint`): Python's version, the name and
  version of every installed distribution (MkDocs, Material, static-i18n, Jinja,
  MarkupSafe, Markdown, PyYAML, pydantic…) and every file of our own package;
- the language build (:meth:`FinishedPages.language_part`): the language; the
  loaded MkDocs configuration as data (:func:`config_data`: every key but the
  folders the build reads from and writes to — ``docs_dir``, ``site_dir``,
  ``config_file_path``, ``watch`` — and ``extra``, taken per page; plugins by
  their configuration; each theme folder by its files, or by its place in the
  installed packages, whose versions are in the process part); ``mkdocs.yml``'s
  bytes; every file under ``content/`` (hotlines, labels, site.yaml, entries);
  the build day (ours and MkDocs'); the Jinja globals that are data (the
  Content-Security-Policy); every documentation page's (src_uri, url, title,
  meta, inclusion) in order; the navigation (sections, titles, order); every
  file's (src_uri, url);
- the page (:meth:`FinishedPages.page_part`): the template's name; the page's
  url, src_uri, dest_uri, title, content, table of contents, meta, canonical and
  edit URL, whether it is the home page and its inclusion (a draft is marked);
  ``config.extra`` as the page sees it (static-i18n rewrites ``extra.alternate``
  for each page); and every other value of the template context that is data
  (the switcher's languages, the link preview, the quick exit's address…).

Context values that are not data are either covered by the parts above
(:data:`COVERED_CONTEXT`: ``nav``, ``config``, ``page``, the labels view and the
hotlines from ``content/``…) or make the page uncacheable: such a page is
rendered every time, never served from an incomplete key.

Entries are the page's HTML (UTF-8) compressed with Zstandard at level
:data:`ZSTD_LEVEL` (the ``zstandard`` bindings; a frame that does not decompress is
rendered again): at full size (5,496 pages of ~28 KB) that is ~55 µs of CPU a page
against ~210 µs for zlib at level 1, for a slightly smaller cache (36 MB against
38 MB; uncompressed pages would weigh 153 MB). Deleting the folder only makes the
next build render every page again, with the same bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import importlib.metadata
import json
import sys
import types
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path, PurePath
from typing import Any

import jinja2
import zstandard
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme
from mkdocs.utils import get_build_date

from .. import work_log
from ..fingerprints import PACKAGE, folder_digest, package_digest, theme_folder_fingerprint
from ..pages.build_cache import BuildCache
from .twin_pages import CONTEXT_KEY as TWIN_KEY, TwinPages

KIND = "finished-page"
#: Zstandard's compression level of the stored pages (1: its fastest standard level)
ZSTD_LEVEL = 1
#: the context entry that asks the template for a cached page (a :class:`FinishedPages`)
CONTEXT_KEY = "campaign_finished_page"
#: configuration keys left out of the key: where the build reads and writes (paths that
#: differ between identical builds), and ``extra``, which is part of each page's key
PATH_KEYS = frozenset({"config_file_path", "docs_dir", "site_dir", "watch"})
UNKEYED_CONFIG = PATH_KEYS | {"extra"}
#: context values that are not data, with the key part that covers each
COVERED_CONTEXT = {
    "nav": "the language part: the navigation",
    "pages": "the language part: every documentation page",
    "config": "the language part (configuration) and the page part (config.extra)",
    "page": "the page part",
    "i18n_config": "the language part: plugins by their configuration",
    "build_date_utc": "read by no template (tests/test_upgrade_guards.py); the build day is in the language part",
    "campaign_view": "labels and entries (content/), the language and the page's url",
    "campaign_hotlines": "content/",
    "campaign_site_info": "content/site.yaml",
    "campaign_text_lang": "the files of the language and content/",
    CONTEXT_KEY: "(itself)",
    TWIN_KEY: "(how the page is made, not what it shows: plugins/twin_pages.py)",
}


class NotData(TypeError):
    """A value that cannot be written as data (a key built from it would be incomplete)."""


_SCALARS = frozenset({str, int, float, bool})


def _name(value: object) -> str:
    kind = value if callable(value) and hasattr(value, "__qualname__") else type(value)
    return f"{getattr(kind, '__module__', '')}.{getattr(kind, '__qualname__', repr(kind))}"


def data(value: Any, *, objects: Callable[[Any], Any] | None = None, _depth: int = 0) -> Any:
    """``value`` as JSON-ready data: text, numbers, lists, mappings, dataclasses, dates, paths.

    Mappings with text keys stay mappings (written with sorted keys); other mappings
    become ``{"{}": [[key, value], …]}`` (sorted), dataclasses ``{"module.Class":
    {field: value}}``, enumeration members ``"module.Class.NAME"``, sets ``{"set":
    [sorted items]}``, dates ISO 8601 text and paths POSIX text, so that two values
    a template could tell apart are written differently. ``objects`` turns any other
    value into data; without it such a value raises :class:`NotData` (so does
    nesting deeper than 40).
    """
    return _data(value, objects, _depth)


def _data(value: Any, objects: Callable[[Any], Any] | None, depth: int) -> Any:
    # (called for every value of every page's context: the commonest kinds are tested first,
    # in an order that gives each value the same branch as the general tests below)
    if depth > 40:
        raise NotData("nested too deeply")
    kind = type(value)
    if kind in _SCALARS or value is None:
        return value
    depth += 1
    if kind is list or kind is tuple:
        return [_data(item, objects, depth) for item in value]
    if kind is dict:
        return _mapping(value, objects, depth)
    fields = _DATACLASS_FIELDS.get(kind)
    if fields is not None:
        name, names = fields
        return {name: {field: _data(getattr(value, field), objects, depth + 1) for field in names}}
    if isinstance(value, (str, int, float)):  # (subclasses: bool, IntEnum, Markup)
        return value
    if isinstance(value, Mapping):
        return _mapping(value, objects, depth)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        _DATACLASS_FIELDS[kind] = fields = (_name(value), tuple(f.name for f in dataclasses.fields(value)))
        return _data(value, objects, depth - 1)
    if isinstance(value, enum.Enum):
        return _name(value) + "." + value.name
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, PurePath):
        return value.as_posix()
    if isinstance(value, (list, tuple)):
        return [_data(item, objects, depth) for item in value]
    if isinstance(value, (set, frozenset)):
        return {"set": sorted((_data(item, objects, depth) for item in value), key=_sort_key)}
    if objects is not None:
        return objects(value)
    raise NotData(f"{_name(value)} is not data")


#: a dataclass's qualified name and field names, by its type (filled as :func:`data` meets them;
#: only types that are neither text, numbers nor mappings, whose instances :func:`data` writes
#: by their fields)
_DATACLASS_FIELDS: dict[type, tuple[str, tuple[str, ...]]] = {}


def _mapping(value: Mapping[Any, Any], objects: Callable[[Any], Any] | None, depth: int) -> Any:
    if all(type(k) is str for k in value):  # (json.dumps(sort_keys=True) orders them)
        return {k: _data(v, objects, depth) for k, v in value.items()}
    return {"{}": sorted(([_data(k, objects, depth), _data(v, objects, depth)] for k, v in value.items()),
                         key=_sort_key)}


def _sort_key(item: Any) -> str:
    return json.dumps(item, sort_keys=True, ensure_ascii=False)


def _digest(*parts: Any) -> str:
    digest = hashlib.sha256()
    for part in parts:
        text = part if isinstance(part, str) else json.dumps(part, sort_keys=True, ensure_ascii=False)
        encoded = text.encode("utf-8", "surrogatepass")
        digest.update(len(encoded).to_bytes(8, "big"))
        digest.update(encoded)
    return digest.hexdigest()


def _config_object(value: object) -> Any:
    """Configuration values that are objects, as data."""
    if isinstance(value, Theme):
        items = {key: value[key] for key in value}
        if items.get("custom_dir"):
            items["custom_dir"] = theme_folder_fingerprint(items["custom_dir"])
        items["locale"] = str(items.get("locale"))
        return {"theme": data(items, objects=_config_object),
                "dirs": [theme_folder_fingerprint(folder) for folder in value.dirs],
                "static_templates": sorted(value.static_templates)}
    if isinstance(value, BasePlugin):
        return {_name(value): data(value.config, objects=_config_object)}
    if hasattr(value, "getConfigs"):  # a Markdown extension (its output is in page.content)
        return {_name(value): data(value.getConfigs(), objects=_config_object)}
    if isinstance(value, types.ModuleType):  # a hook (mkdocs.yml's hooks:): its source
        source = getattr(value, "__file__", None)
        return {value.__name__: hashlib.sha256(Path(source).read_bytes()).hexdigest() if source else None}
    return _name(value)  # functions (slugify) and other objects by their qualified names


def config_data(config: Mapping[str, Any]) -> Any:
    """The loaded MkDocs configuration as data, without :data:`UNKEYED_CONFIG`.

    Objects are written as data where they have any (the theme, plugins by their
    ``config``, Markdown extensions by their options), else by their qualified name.
    """
    items = {key: value for key, value in config.items() if key not in UNKEYED_CONFIG}
    # (a Theme is a mapping too, but its folders are paths: written by their files)
    return data({key: _config_object(value) if isinstance(value, Theme) else value for key, value in items.items()},
                objects=_config_object)


def process_parts(versions: Iterable[tuple[str, str]], package: Path, python: str = sys.version) -> str:
    """SHA-256 of Python's version, the installed ``versions`` (name, version) and every file
    of our ``package`` folder but compiled bytecode (:func:`..fingerprints.package_digest`)."""
    return _digest(python, sorted(versions), package_digest(package))


@cache
def process_fingerprint() -> str:
    """:func:`process_parts` of this process (its libraries and our package's source), once."""
    versions = {(dist.metadata["Name"] or "", dist.version) for dist in importlib.metadata.distributions()}
    return process_parts(versions, PACKAGE)


def _nav_data(items: Iterable[object]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if isinstance(item, Section):
            out.append(["section", item.title, _nav_data(item.children)])
        elif isinstance(item, Page):
            out.append(["page", item.url, item.title, item.file.src_uri])
        elif isinstance(item, Link):
            out.append(["link", item.title, item.url])
        else:
            out.append(["item", _name(item), getattr(item, "title", None), getattr(item, "url", None)])
    return out


def _toc_data(items: Iterable[object]) -> list[Any]:
    return [[item.title, item.id, item.level, _toc_data(item.children)] for item in items]


def _page_meta(page: Page) -> Any:
    return data(page.meta, objects=_name)


class FinishedPageTemplate(jinja2.Template):
    """A Jinja template that, given a :class:`FinishedPages` in its context (:data:`CONTEXT_KEY`),
    returns the stored page or renders and stores it."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        context = dict(*args, **kwargs)
        twins = context.get(TWIN_KEY)
        if isinstance(twins, TwinPages):  # a language whose pages are its twin's (plugins/twin_pages.py)
            made = twins.make(self.name or "", context)
            if made is not None:
                return made
        pages = context.get(CONTEXT_KEY)
        if not isinstance(pages, FinishedPages):
            html = super().render(context)
        else:
            html = pages.finished(self.name or "", context, lambda: super(FinishedPageTemplate, self).render(context))
        if isinstance(twins, TwinPages):
            twins.keep(self.name or "", context, html)
        return html


class FinishedPages:
    """The finished pages of one language build, in ``cache`` (kind :data:`KIND`).

    ``start`` it in ``on_env`` (the language's files, content folder, build day,
    ``mkdocs.yml``); then every page rendered with it in its context is looked up.
    """

    def __init__(self, cache: BuildCache) -> None:
        self.cache = cache
        self.hits = self.misses = 0
        self._inputs: dict[str, Any] = {}
        self._unchanged: Callable[[], bool] = lambda: True
        self._language_part: tuple[int, str | None] | None = None

    def start(self, *, language: str, files: Files, content_dir: Path, config_file: Path,
              build_day: object, globals: Mapping[str, Any], unchanged: Callable[[], bool] = lambda: True) -> None:
        """A new language build: its inputs (the rest is read from the first page's context).

        ``unchanged()``, asked once the language part is digested, tells whether the
        sources it read (``content/``, ``mkdocs.yml``, the theme) are still those the
        build loaded; if not, no page of this language build is looked up or stored.
        """
        self._inputs = {"language": language, "files": files, "content_dir": content_dir,
                        "config_file": config_file, "build_day": build_day, "globals": globals}
        self._unchanged = unchanged
        self._language_part = None
        self.hits = self.misses = 0

    def language_part(self, nav: Navigation, config: Mapping[str, Any]) -> str:
        """SHA-256 of what every page of the language build depends on (see the module's docstring)."""
        inputs = self._inputs
        files: Files = inputs["files"]
        pages = [(file.src_uri, file.url, file.page.title if file.page else None,
                  _page_meta(file.page) if file.page else None, file.inclusion.name)
                 for file in files.documentation_pages()]
        return _digest(
            inputs["language"],
            config_data(config),
            hashlib.sha256(Path(inputs["config_file"]).read_bytes()).hexdigest(),
            folder_digest(Path(inputs["content_dir"])),
            data(inputs["build_day"]), get_build_date(),
            data({k: v for k, v in inputs["globals"].items()}, objects=lambda value: _name(value)),
            pages,
            _nav_data(nav.items),
            [(file.src_uri, file.url) for file in files],
        )

    def page_part(self, template_name: str, context: Mapping[str, Any]) -> str:
        """SHA-256 of what one page depends on besides the language part.

        Raises :class:`NotData` when the context holds a value that is neither data
        nor covered (:data:`COVERED_CONTEXT`).
        """
        page: Page = context["page"]
        config = context["config"]
        others = {}
        for name, value in context.items():
            if name in COVERED_CONTEXT:
                continue
            try:
                others[name] = data(value)
            except NotData as error:
                raise NotData(f"context value {name!r}: {error}") from None
        return _digest(
            template_name,
            [page.url, page.file.src_uri, page.file.dest_uri, page.title, page.canonical_url, page.edit_url,
             page.is_homepage, page.file.inclusion.name, _page_meta(page), _toc_data(page.toc)],
            data(config.get("extra"), objects=_name),
            others,
            page.content or "",
        )

    def key(self, template_name: str, context: Mapping[str, Any]) -> tuple[str, str, str] | None:
        """The page's key: (process, language, page) parts; None when the page cannot be keyed."""
        nav = context.get("nav")
        if self._language_part is None or self._language_part[0] != id(nav):
            part = self.language_part(nav, context["config"])
            # (a source saved while building: what was loaded is not what was digested)
            self._language_part = (id(nav), part if self._unchanged() else None)
            if self._language_part[1] is None:
                work_log.note("finished-page-unkeyed", "sources changed during the build")
        if self._language_part[1] is None:
            return None
        try:
            page = self.page_part(template_name, context)
        except NotData as error:
            work_log.note("finished-page-unkeyed", str(error))
            return None
        return process_fingerprint(), self._language_part[1], page

    def finished(self, template_name: str, context: Mapping[str, Any], render: Callable[[], str]) -> str:
        """The stored page for this context, or ``render()`` (then stored)."""
        key = self.key(template_name, context)
        if key is not None:
            stored = self.cache.load(KIND, key)
            if stored is not None:
                try:
                    html = _decompress(stored).decode("utf-8", "surrogatepass")
                except (zstandard.ZstdError, UnicodeDecodeError):
                    pass  # a damaged entry: rendered and written again
                else:
                    self.hits += 1
                    return html
        self.misses += 1
        page = context.get("page")
        work_log.note("page-template", getattr(page, "url", ""))
        html = render()
        if key is not None:
            self.cache.store(KIND, key, _compress(html.encode("utf-8", "surrogatepass")))
        return html


@cache
def _codecs() -> tuple[zstandard.ZstdCompressor, zstandard.ZstdDecompressor]:
    # (made once; neither keeps anything from one page to the next)
    return zstandard.ZstdCompressor(level=ZSTD_LEVEL), zstandard.ZstdDecompressor()


def _compress(page: bytes) -> bytes:
    """``page`` as one Zstandard frame (its size written in it)."""
    return _codecs()[0].compress(page)


def _decompress(stored: bytes) -> bytes:
    """The bytes of a frame made by :func:`_compress`; ``zstandard.ZstdError`` when it is not one."""
    return _codecs()[1].decompress(stored)

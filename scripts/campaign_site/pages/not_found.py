"""The page a web server shows for a missing address (404), in every site language.

One file per language: ``404.html`` for the default language, ``<lang>/404.html``
for the others (a server can map each language folder to its own; a server with
a single error page serves the default one, which links the others). It is
rendered from the theme's ``404.html`` template, without a Markdown page.

A server shows it at any address (``/en/a/b/missing.html``), so its links are
root-absolute (``/assets/…``), as MkDocs makes them for error pages. Opened from
``file://`` these would point at the root of the disk: the page also links its
stylesheet relative to its own file, and a script of its own (``file://`` only)
points its links and scripts at the site folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..content.labels import Labels
from ..urls import NOT_FOUND_PAGE, language_prefix, not_found_path
from .directory import FOLDER as DIRECTORY_FOLDER

if TYPE_CHECKING:
    from .registry import PageRenderer

TEMPLATE = NOT_FOUND_PAGE


def path_to_root(path: str) -> str:
    """Relative URL from the folder of site path ``path`` to the site root (``''``, ``'../'``)."""
    return "../" * path.count("/")


@dataclass(frozen=True)
class OtherLanguage:
    """The 'page not found' message of another site language, linking its home page."""

    lang: str
    title: str
    home: str
    url: str


def other_languages(lang: str, default: str, labels: dict[str, Labels], url_base: str) -> list[OtherLanguage]:
    """The other languages with labels of their own (the rest would repeat the fallback's words)."""
    return [
        OtherLanguage(code, str(text["not_found.title"]), str(text["not_found.home"]),
                      url_base + language_prefix(code, default) + "index.html")
        for code, text in labels.items()
        if code != lang and (text.is_own or code == default)
    ]


def not_found_links(renderer: PageRenderer, default: str, labels: dict[str, Labels]) -> dict[str, object]:
    """What the 404 template links, for the renderer's language (``campaign_not_found``):
    ``root`` (from the file to the site folder, for file://), ``home``, ``directory``
    (root-absolute with the renderer's ``url_base``) and ``others``."""
    return {
        "root": path_to_root(not_found_path(renderer.lang, default)),
        "home": renderer.link("index.md"),
        "directory": renderer.link(f"{DIRECTORY_FOLDER}/index.md"),
        "others": other_languages(renderer.lang, default, labels, renderer.url_base),
    }

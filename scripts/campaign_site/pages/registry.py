"""All generated pages of a site, and rendering them with the theme's templates."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment

from ..urls import language_prefix, relative_path
from ..content.loader import SiteContent
from ..content.types import content_types, resolve
from ..exports import jsonld
from . import action_month, directory, practices, resources
from .spec import GeneratedPage
from .view import LanguageView

# Hand-written pages with these lists are printed with a QR code too.
PRINTABLE_LISTS = frozenset({"action-month", "kit"})

# Blocks put right after the title of hand-written pages that ask for them
# (``campaign_lead: help``): what a reader needs first, before the page's text.
LEAD_TEMPLATES = {
    "help": "campaign/help_now.html",
}


# the pages of the last content asked for (with the page hooks then registered): a process
# builds several languages of one content
_last: tuple[SiteContent, tuple[object, ...], tuple[GeneratedPage, ...]] | None = None


def all_pages(content: SiteContent) -> list[GeneratedPage]:
    """Every page generated from the collections, type by type (content/types.py).

    The same for every language: made once for as long as the same ``content`` object is asked
    for with the same content types (a loaded :class:`SiteContent` is not changed in place:
    ``with_entries`` makes a new one)."""
    global _last
    hooks = tuple(hook for kind in content_types() for hook in kind.pages)
    if _last is None or _last[0] is not content or _last[1] != hooks:
        _last = (content, hooks, tuple(page for hook in hooks for page in resolve(hook)(content)))
    return list(_last[2])


@dataclass
class PageRenderer:
    """Renders collection templates for one build language."""

    env: Environment
    content: SiteContent
    lang: str
    page_url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # root-absolute site path (e.g. "/") for a page served at any address
    # (the 404 page); empty: URLs relative to ``page_url``
    url_base: str = ""

    @property
    def view(self) -> LanguageView:
        default = self.content.default_language
        return LanguageView(self.lang, default, self.content.labels[self.lang], self.content)

    def link(self, path: str) -> str:
        """URL of site path ``path`` (``.md`` allowed) in this language, relative to the page."""
        if path.endswith(".md"):
            path = path[:-3] + ".html"
        target = language_prefix(self.lang, self.content.default_language) + path
        return self.asset(target)

    def asset(self, path: str) -> str:
        """URL of a language-independent site path, relative to the page (or root-absolute)."""
        if self.url_base:
            return self.url_base + path
        return relative_path(path, posixpath.dirname(self.page_url))

    def render(self, template: str, **context: Any) -> str:
        """Render ``template`` with the collection helpers in scope."""
        c = self.content
        return str(self.env.get_template(template).render(
            content=c, v=self.view, link=self.link, asset=self.asset, lang=self.lang,
            resources=resources, practices=practices, directory=directory,
            action_month=action_month, jsonld=jsonld, **self.extra, **context,
        ))

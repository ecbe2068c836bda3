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
from .code_withheld import CodeUsed, shows_only_default, withheld_context
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
        return self._render(template, {"v": self.view, "lang": self.lang}, context)

    @property
    def shows_only_default(self) -> bool:
        """This language shows only the default language's labels and texts
        (:func:`.code_withheld.shows_only_default`) on a page one folder below the site root."""
        return (not self.url_base and self.page_url.startswith(f"{self.lang}/")
                and shows_only_default(self.content, self.lang))

    def render_without_code(self, template: str, **context: Any) -> str:
        """:meth:`render` with the language code withheld (:mod:`.code_withheld`): the same for every
        language that :attr:`shows_only_default` at the same place below its folder; raises
        :class:`.code_withheld.CodeUsed` when any part of the template used the code."""
        flag = [False]
        rendered = self._render(template, withheld_context(self.view, flag), context)
        if flag[0]:  # (used, and what it raised was caught)
            raise CodeUsed("the template used the language code")
        return rendered

    def _render(self, template: str, language: dict[str, Any], context: dict[str, Any]) -> str:
        return str(self.env.get_template(template).render(
            content=self.content, link=self.link, asset=self.asset,
            resources=resources, practices=practices, directory=directory,
            action_month=action_month, jsonld=jsonld, **language, **self.extra, **context,
        ))

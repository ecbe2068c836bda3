"""The same page in every site language: switcher links and hreflang.

Computed from the page's own URL, so it works whether all languages are built
in one process or each in its own, and links stay relative (``file://``-safe).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..urls import language_prefix, neutral_url


@dataclass(frozen=True)
class Alternate:
    """One language version of a page."""

    lang: str
    name: str
    url: str  # relative to the site root, e.g. "en/noi-dung-trong-tam.html"
    current: bool


def page_alternates(
    page_url: str,
    current: str,
    languages: list[tuple[str, str]],
    default: str,
) -> list[Alternate]:
    """Every language version of the page at ``page_url`` (site-root relative)."""
    neutral = neutral_url(page_url, current, default)
    result = []
    for lang, name in languages:
        url = language_prefix(lang, default) + neutral
        result.append(Alternate(lang, name, url, lang == current))
    return result

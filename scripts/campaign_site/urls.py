"""Where things live in the built site: one place for every site path rule.

Paths are relative to the site root and use ``/``; every page, export and
publishing step asks here rather than building paths itself.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .content.models import Event

CALENDAR_FOLDER = "lich"


def relative_path(path: str, folder: str) -> str:
    """The site path ``path`` (``tai-lieu/a.html``) as a relative URL from the site folder
    ``folder`` (``danh-ba``; ``""`` or ``"."``: the site root): what ``posixpath.relpath(path,
    folder or ".")`` gives, worked out from the two strings alone.

    ``posixpath.relpath`` makes both paths absolute against the working folder (a system call
    each time); generated pages ask for every link. Paths with empty, ``.`` or ``..`` segments
    (or a leading ``/``) are left to it, so its answers and errors are kept.
    """
    parts = path.split("/")
    here = folder.split("/") if folder and folder != "." else []
    if not _plain(parts) or not _plain(here):
        return posixpath.relpath(path, folder or ".")
    common = 0
    for mine, theirs in zip(parts, here):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + parts[common:]) or "."


def _plain(segments: list[str]) -> bool:
    return all(segment not in ("", ".", "..") for segment in segments)


def language_prefix(lang: str, default: str) -> str:
    """Folder holding ``lang`` below the site root ('' for the default language)."""
    return "" if lang == default else f"{lang}/"


def neutral_url(page_url: str, lang: str, default: str) -> str:
    """``page_url`` without its language folder."""
    prefix = language_prefix(lang, default)
    return page_url[len(prefix):] if prefix and page_url.startswith(prefix) else page_url


def calendar_path(year: int) -> str:
    """Site path of the calendar with all of a campaign's events."""
    return f"{CALENDAR_FOLDER}/thang-hanh-dong-{year}.ics"


def event_calendar_path(event: Event) -> str:
    """Site path of one event's calendar file."""
    return f"{CALENDAR_FOLDER}/{event.slug}.ics"


# Hosts reserved for documentation and tests (RFC 2606, RFC 6761): never a
# public address a reader could open.
RESERVED_SUFFIXES = (".example", ".invalid", ".test", ".localhost", "localhost")


@lru_cache(maxsize=8)  # asked for every page, of one site_url a build (or a few: tests)
def public_base_url(site_url: str | None) -> str | None:
    """The site's real public address (ending in ``/``), or None when unset or a placeholder.

    ``site_url`` is MkDocs' ``site_url``; a host under a reserved name such as
    ``binhdanggioi.example`` is a placeholder, not an address.
    """
    from urllib.parse import urlsplit

    if not site_url:
        return None
    host = (urlsplit(site_url).hostname or "").lower()
    if not host or host.endswith(RESERVED_SUFFIXES):
        return None
    return site_url if site_url.endswith("/") else site_url + "/"


def placeholder_notice(site_url: str | None) -> str | None:
    """The one line a build prints when ``site_url`` is not a public address (else None)."""
    if public_base_url(site_url) is not None:
        return None
    return (f"No public address: site_url '{site_url or ''}' is a placeholder, so no QR code, printed address, "
            "canonical link, sitemap or structured-data URL was written. Set SITE_URL to the site's public "
            "address (https://…) for a release.")


#: The 404 page's file name, in each language's folder (only a web server shows it).
NOT_FOUND_PAGE = "404.html"


def not_found_path(lang: str, default: str) -> str:
    """Site path of the 404 page of ``lang`` (e.g. ``en/404.html``)."""
    return language_prefix(lang, default) + NOT_FOUND_PAGE


def is_not_found_page(relative: str) -> bool:
    """Whether site path ``relative`` is a language's 404 page (``404.html``, ``en/404.html``)."""
    folder, _, name = relative.rpartition("/")
    return name == NOT_FOUND_PAGE and "/" not in folder

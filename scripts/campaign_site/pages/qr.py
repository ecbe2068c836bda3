"""QR codes (segno, inline SVG) that lead printed pages back to the site."""

from __future__ import annotations

import sys
from functools import cache
from html import escape
from urllib.parse import urljoin, urlsplit

import segno

from . import qr_mask
from ..fingerprints import source_fingerprint
from .build_cache import BuildCache
from .qr_mask import best_code


def public_url(site_url: str, page_url: str) -> str:
    """The page's address on the public site."""
    return urljoin(site_url, page_url)


def short_url(url: str) -> str:
    """The address as people type it: no scheme, no trailing slash."""
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/")


def qr_svg(url: str, title: str, cache: BuildCache | None = None) -> str:
    """An inline SVG QR code of ``url`` (error correction M, survives a worn poster).

    The most readable of the 8 masks (ISO/IEC 18004 penalty score), the one segno
    would choose, chosen by :mod:`.qr_mask` in a fraction of segno's time (and the
    code encoded once, not again for the chosen mask); with a
    ``cache`` the finished SVG is also kept by URL, title and segno's version, and
    the same input gives the same bytes.
    """
    def make() -> bytes:
        return best_code(url, "m").svg_inline(scale=3, title=title, svgclass="campaign-qr__code").encode("utf-8")

    if cache is None:
        return make().decode("utf-8")
    return cache.get("qr", (url, title, segno.__version__, _fingerprint()), make).decode("utf-8")


@cache
def _fingerprint() -> str:
    """This module's source and the mask choice's: how the SVG is made is part of the cache key."""
    return source_fingerprint(sys.modules[__name__], qr_mask)


def qr_block(url: str, label: str, cache: BuildCache | None = None) -> str:
    """Figure with the QR code and the short address, shown when the page is printed."""
    short = short_url(url)
    return (
        '<figure class="campaign-qr" data-url="' + escape(url) + '">'
        + qr_svg(url, f"{label}: {short}", cache)
        + f"<figcaption>{escape(label)}: <span class=\"campaign-qr__url\">{escape(short)}</span></figcaption>"
        + "</figure>"
    )

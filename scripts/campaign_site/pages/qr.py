"""QR codes (segno, inline SVG) that lead printed pages back to the site."""

from __future__ import annotations

from html import escape
from urllib.parse import urljoin, urlsplit

import segno


def public_url(site_url: str, page_url: str) -> str:
    """The page's address on the public site."""
    return urljoin(site_url, page_url)


def short_url(url: str) -> str:
    """The address as people type it: no scheme, no trailing slash."""
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/")


def qr_svg(url: str, title: str) -> str:
    """An inline SVG QR code of ``url`` (error correction M, survives a worn poster)."""
    return segno.make(url, error="m").svg_inline(scale=3, title=title, svgclass="campaign-qr__code")


def qr_block(url: str, label: str) -> str:
    """Figure with the QR code and the short address, shown when the page is printed."""
    short = short_url(url)
    return (
        '<figure class="campaign-qr" data-url="' + escape(url) + '">'
        + qr_svg(url, f"{label}: {short}")
        + f"<figcaption>{escape(label)}: <span class=\"campaign-qr__url\">{escape(short)}</span></figcaption>"
        + "</figure>"
    )

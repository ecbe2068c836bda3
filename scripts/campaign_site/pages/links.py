"""Links to other hosts leak nothing (a Python-Markdown tree processor):
``rel="noreferrer noopener"`` on each link Markdown writes to another host.

Links written by the templates carry the attribute themselves
(``overrides/campaign/_macros.html``); every page also sends no referrer at
all (``<meta name="referrer" content="no-referrer">``).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor

REQUIRED = ("noreferrer", "noopener")


def is_other_host(href: str, own_host: str | None) -> bool:
    """Whether ``href`` leads to a host other than the site's own."""
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and parts.netloc != own_host


class ExternalLinkTreeprocessor(Treeprocessor):
    """Adds the ``rel`` values of :data:`REQUIRED` to links to other hosts (``site_url``: the site's own address)."""

    def __init__(self, md: Markdown, site_url: str | None) -> None:
        super().__init__(md)
        self.own_host = urlsplit(site_url).netloc if site_url else None

    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            if not is_other_host(link.get("href", ""), self.own_host):
                continue
            values = (link.get("rel") or "").split()
            link.set("rel", " ".join([*values, *(value for value in REQUIRED if value not in values)]))

"""Links to other hosts leak nothing: ``rel="noreferrer noopener"`` on each."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_ANCHOR = re.compile(r"<a\b([^>]*)>", re.I)
_HREF = re.compile(r"""\bhref\s*=\s*["']([^"']+)["']""", re.I)
_REL = re.compile(r"""\brel\s*=\s*["']([^"']*)["']""", re.I)
REQUIRED = ("noreferrer", "noopener")


def is_other_host(href: str, own_host: str | None) -> bool:
    """Whether ``href`` leads to a host other than the site's own."""
    parts = urlsplit(href)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and parts.netloc != own_host


def protect_external_links(html: str, site_url: str | None) -> str:
    """Add ``rel="noreferrer noopener"`` to every link to another host."""
    own_host = urlsplit(site_url).netloc if site_url else None

    def fix(match: re.Match[str]) -> str:
        attributes = match.group(1)
        href = _HREF.search(attributes)
        if not href or not is_other_host(href.group(1), own_host):
            return match.group(0)
        rel = _REL.search(attributes)
        if rel:
            values = rel.group(1).split()
            values += [value for value in REQUIRED if value not in values]
            attributes = attributes[: rel.start()] + f'rel="{" ".join(values)}"' + attributes[rel.end():]
        else:
            attributes += f' rel="{" ".join(REQUIRED)}"'
        return f"<a{attributes}>"

    return _ANCHOR.sub(fix, html)

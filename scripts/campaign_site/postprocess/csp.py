"""A Content-Security-Policy per page: the site itself, plus hashes of the
inline scripts the theme really ships on that page (nothing else runs)."""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_DATA_TYPE = re.compile(r"""\btype=["']?application/(?:json|ld\+json)""", re.I)
_CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)

BASE_POLICY = (
    "default-src 'self'",
    "style-src 'self'",
    # Material's stylesheet draws its icons with data: SVG images
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
)


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions for every executable inline script in ``html``."""
    hashes = []
    for attributes, body in _INLINE_SCRIPT.findall(html):
        if _DATA_TYPE.search(attributes):
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    return sorted(set(hashes))


def content_security_policy(html: str) -> str:
    """The policy for one page."""
    scripts = " ".join(["'self'", *inline_script_hashes(html)])
    return "; ".join([*BASE_POLICY, f"script-src {scripts}"])


def add_content_security_policy(html: str) -> str:
    """Insert the CSP ``<meta>`` right after ``<meta charset>`` (before any script)."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(html)}">'
    html, count = _CHARSET.subn(lambda m: m.group(0) + "\n    " + tag, html, count=1)
    return html if count else html.replace("<head>", "<head>\n" + tag, 1)

"""The Content-Security-Policy: the site itself, plus the hashes of the product's
own inline scripts – computed once from the templates, never from a page.

A policy that hashed whatever inline scripts a finished page contained would
allow a script that came from content. Here the allowed hashes come from the
``<script>`` elements written in our template files (``overrides/``); each
must be static text (no Jinja inside), so its hash is known before any page is
rendered. :class:`~.html_policy.PagePolicy` refuses any other inline script.

Every page gets the same policy (the templates write it into a
``<meta http-equiv>``, see ``overrides/main.html``). ``preview=True`` is for
the live preview only (its reload script is injected inline by the preview
server): it allows inline scripts; ``build`` never sets it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .html_policy import DATA_SCRIPT_TYPES, elements, parse, script_hash

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
_JINJA = ("{{", "{%", "{#")


class TemplateScriptError(ValueError):
    """An inline script in a template whose text depends on the page."""


def template_script_hashes(template_dirs: Iterable[Path]) -> frozenset[str]:
    """CSP hash sources of every executable inline ``<script>`` in the ``*.html`` templates of ``template_dirs``.

    Raises :class:`TemplateScriptError` (naming the file) for a script whose
    text contains Jinja: its hash would differ from page to page.
    """
    hashes: set[str] = set()
    for folder in template_dirs:
        for path in sorted(Path(folder).rglob("*.html")):
            text = path.read_text(encoding="utf-8")
            if "<script" not in text:
                continue
            for node in elements(parse(text)):
                if node.tag != "script" or "src" in node.attributes:
                    continue
                if (node.attributes.get("type") or "").strip().lower() in DATA_SCRIPT_TYPES:
                    continue
                body = node.text(deep=True) or ""
                if any(marker in body for marker in _JINJA):
                    raise TemplateScriptError(
                        f"{path}: an inline script uses Jinja, so its hash cannot be known before the pages "
                        "are built; move it to a file in assets/javascripts/ (extra_javascript)")
                hashes.add(script_hash(body))
    return frozenset(hashes)


def content_security_policy(script_hashes: Iterable[str], *, preview: bool = False) -> str:
    """The policy of every page: ``'self'`` plus ``script_hashes`` for scripts.

    ``preview``: also allow inline scripts (the live preview's reload script);
    hashes are then left out, since a browser ignores ``'unsafe-inline'`` when
    a hash is listed. Never for a build that is published.
    """
    scripts = ["'self'", "'unsafe-inline'"] if preview else ["'self'", *sorted(set(script_hashes))]
    return "; ".join([*BASE_POLICY, f"script-src {' '.join(scripts)}"])

"""The one look at each finished page: parsed once, every element checked
against the page policy and noted for the stylesheet purge.

Nothing is rewritten here: Markdown-level work (table captions, scroll
regions, ``rel`` on links) happens in Markdown (``pages.markdown``), and the
Content-Security-Policy is written by the templates.
"""

from __future__ import annotations

from .css_purge import MarkupScanner, UsedMarkup
from .html_policy import Finding, PagePolicy, elements, parse


def review_page(html: str, page_path: str, policy: PagePolicy | None,
                scanner: MarkupScanner | None = None, used: UsedMarkup | None = None) -> list[Finding]:
    """What breaks ``policy`` in the page at site path ``page_path``; notes its
    CSS vocabulary in ``used`` when a ``scanner`` is given."""
    findings: list[Finding] = []
    for node in elements(parse(html)):
        if policy is not None:
            findings += policy.element_findings(node, page_path)
        if scanner is not None and used is not None:
            scanner.note(node, used)
    return findings

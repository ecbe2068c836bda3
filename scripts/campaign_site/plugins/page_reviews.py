"""The one look at each finished page (``postprocess.page_pass.review_page``), kept between builds.

A page's review depends on its HTML, its site path, the page policy (our script
hashes and files, the Content-Security-Policy), the theme stylesheets'
vocabulary the scanner notes, and the code that reviews: a page whose HTML did
not change since an earlier build has the same review. :class:`PageReviews`
keeps, in the :class:`~campaign_site.pages.build_cache.BuildCache` (kind
``page-review``), what a page contributes to the stylesheet purge
(:class:`~campaign_site.postprocess.css_purge.UsedMarkup` as JSON), by the
SHA-256 of all of these (the libraries' versions and our package's source by
:func:`~campaign_site.plugins.finished_pages.process_fingerprint`). Only pages
without findings are kept: a page with findings stops the build, so it is
reviewed every time. Each page is reviewed into a fresh ``UsedMarkup`` merged
into the build's, so the merged result is the same with or without the cache.
Deleting the folder only makes the next build review every page again.
"""

from __future__ import annotations

import hashlib
import json

from ..pages.build_cache import BuildCache
from ..postprocess.css_purge import MarkupScanner, UsedMarkup
from ..postprocess.html_policy import Finding, PagePolicy
from ..postprocess.page_pass import review_page
from .finished_pages import process_fingerprint

KIND = "page-review"


def review_inputs(policy: PagePolicy | None, scanner: MarkupScanner | None) -> str:
    """SHA-256 of what every page's review depends on besides the page: the policy, the
    scanner's vocabulary, the libraries and our source."""
    parts = {
        "policy": None if policy is None else [sorted(policy.script_hashes), sorted(policy.script_files), policy.csp],
        "scanner": None if scanner is None else [sorted(scanner.elements), sorted(scanner.classes),
                                                 sorted(scanner.ids), sorted(scanner.attributes)],
        "process": process_fingerprint(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()


class PageReviews:
    """Reviews of finished pages against ``policy`` (CSS usage noted with ``scanner``), kept in ``cache``."""

    def __init__(self, cache: BuildCache, policy: PagePolicy | None, scanner: MarkupScanner | None) -> None:
        self.cache, self.policy, self.scanner = cache, policy, scanner
        self.inputs = review_inputs(policy, scanner)

    def review(self, html: str, page_path: str, used: UsedMarkup) -> list[Finding]:
        """What breaks the policy in ``html`` (the page at site path ``page_path``); what it
        uses of the theme's CSS is added to ``used``."""
        try:  # encoded once for the key and the parser (lone surrogates: the parser drops them)
            page: str | bytes = html.encode("utf-8")
            data = page
        except UnicodeEncodeError:
            page, data = html, html.encode("utf-8", "surrogatepass")
        key = (self.inputs, page_path, hashlib.sha256(data).hexdigest())
        stored = self.cache.load(KIND, key)
        if stored is not None:
            try:
                used.update(UsedMarkup.from_json(stored.decode("utf-8")))
                return []
            except (ValueError, KeyError, TypeError):
                pass  # a damaged entry: reviewed and written again
        own = UsedMarkup()
        findings = review_page(page, page_path, self.policy, self.scanner, own)
        used.update(own)
        if not findings:
            self.cache.store(KIND, key, own.to_json().encode("utf-8"))
        return findings

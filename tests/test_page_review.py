"""The one look at each finished page (``postprocess.page_pass.review_page``).

- every element is seen, the contents of templates within templates too (a
  ``<template shadowrootmode>`` is a declarative shadow root: Chromium shows
  and runs what it holds, nested ones included);
"""

from __future__ import annotations

import pytest

from campaign_site.postprocess.html_policy import PagePolicy, elements, parse
from campaign_site.postprocess.page_pass import review_page

POLICY = PagePolicy(frozenset(), frozenset(), "default-src 'self'")


@pytest.mark.parametrize("depth", [1, 2, 3, 40])
def test_a_handler_in_templates_within_templates_is_refused(depth: int) -> None:
    html = ('<div><template shadowrootmode="open"><p>' * depth + '<img src="a.png" alt="" onerror="x()">'
            + "</p></template></div>" * depth + '<p id="after">')
    found = review_page(html, "a.html", POLICY)
    assert [(f.msgid, f.found) for f in found] == [("the '{found}=' attribute is not allowed: it runs code",
                                                    "onerror")]
    tags = [node.tag for node in elements(parse(html))]
    assert tags.count("template") == depth and tags.count("img") == 1

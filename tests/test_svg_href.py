"""SVG 2 loads by a plain ``href`` (not only ``xlink:href``): ``<image>``, ``<use>``, ``<feImage>``.

- Debian's Chromium, opening a page without our Content-Security-Policy, requests
  another host for ``<image href>`` and ``<feImage href>`` (so the vector is real, not a
  guess; it fetches a ``<use href>`` document from its own origin only, which other
  browsers need not do: refused all the same);
- the finished-page check (``review_page`` with the site's own policy) refuses each
  of them, whether it is reached element by element or from what the reviewer
  remembers, while an SVG ``<a href>`` to another host stays a link;
- a template that writes one stops the build (nothing published); content that
  writes one is refused by the content check already (``tests/hostile/svg-href.md``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from campaign_site.postprocess.csp import content_security_policy, script_hash
from campaign_site.postprocess.html_policy import OTHER_HOST_LOAD, PagePolicy, parse
from campaign_site.postprocess.page_pass import review_elements, review_page
from campaign_site.publish.build import BuildFailed, build_site
from conftest import copy_project

OTHER = "http://other-host.example"
# (element, markup that loads OTHER/<element>) — each a loading use of a plain href
LOADERS = {
    "image": f'<svg width="10" height="10"><image href="{OTHER}/image.png" width="10" height="10"/></svg>',
    "use": f'<svg width="10" height="10"><use href="{OTHER}/use.svg#x"/></svg>',
    "feImage": (f'<svg width="10" height="10"><filter id="f"><feImage href="{OTHER}/feImage.png"/></filter>'
                '<rect width="10" height="10" filter="url(#f)"/></svg>'),
}
LINK = f'<svg width="10" height="10"><a href="{OTHER}/link"><text y="9">x</text></a></svg>'
OURS = "document.documentElement.className+=' campaign-js'"
POLICY = PagePolicy(frozenset({script_hash(OURS)}), frozenset(), content_security_policy([script_hash(OURS)]))


def page(body: str, csp: bool) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{POLICY.csp}">' if csp else ""
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8">{meta}<title>t</title>'
            f"<script>{OURS}</script></head><body><main>{body}</main></body></html>")


@pytest.mark.browser
def test_chromium_requests_another_host_for_a_plain_svg_href(browser, tmp_path: Path) -> None:
    for name, markup in LOADERS.items():
        if name == "use":
            continue  # (Chromium: same origin only)
        path = tmp_path / f"{name}.html"
        path.write_text(page(markup + LINK, csp=False), encoding="utf-8")
        context = browser.new_context()
        requests: list[str] = []

        def answer(route) -> None:  # answered here: nothing leaves the machine
            requests.append(route.request.url)
            kind = "image/svg+xml" if route.request.url.endswith(".svg") else "image/png"
            route.fulfill(status=200, content_type=kind, body=b'<svg xmlns="http://www.w3.org/2000/svg"/>')

        context.route(f"{OTHER}/**", answer)
        try:
            tab = context.new_page()
            tab.goto(path.as_uri(), wait_until="load")
            deadline = 50  # frames: the filter's image is requested when the page is painted
            while not any(url.startswith(f"{OTHER}/{name}") for url in requests) and deadline:
                tab.evaluate("() => new Promise(done => requestAnimationFrame(done))")
                deadline -= 1
            assert [url for url in requests if not url.startswith(f"{OTHER}/{name}")] == []  # not the link
            assert any(url.startswith(f"{OTHER}/{name}") for url in requests), (name, requests)
        finally:
            context.close()


URLS = {"image": f"{OTHER}/image.png", "use": f"{OTHER}/use.svg#x", "feImage": f"{OTHER}/feImage.png"}


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_the_page_check_refuses_a_plain_svg_href(name: str) -> None:
    html = page(LOADERS[name] + LINK, csp=True)
    for _ in range(2):  # the second time from what the reviewer remembers
        found = review_page(html, "a.html", POLICY)
        assert [(f.msgid, f.found) for f in found] == [(OTHER_HOST_LOAD, URLS[name])]
    assert review_elements(parse(html), "a.html", POLICY) == found
    assert review_page(page(LINK, csp=True), "a.html", POLICY) == []


def test_a_template_with_a_plain_svg_href_stops_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    footer = project / "overrides" / "partials" / "copyright.html"
    footer.write_text(footer.read_text(encoding="utf-8") + LOADERS["image"] + "\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build_site(project / "mkdocs.yml", tmp_path / "site")
    assert f"'{OTHER}/image.png' would be loaded from another site" in str(failed.value), str(failed.value)
    assert not (tmp_path / "site").exists()

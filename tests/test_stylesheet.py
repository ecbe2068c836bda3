"""The site's one stylesheet: Material's used rules plus ours, nothing a page needs lost."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

from campaign_site.postprocess.css_purge import MarkupScanner, UsedMarkup, purge_css
from campaign_site.project import open_project
from conftest import BuiltSite

MATERIAL_CSS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
OWN_CSS = Path(__file__).resolve().parent.parent / "overrides" / "assets" / "stylesheets"


def used(html: str, script: str = "") -> UsedMarkup:
    markup = UsedMarkup()
    markup.add_html(html)
    markup.add_script(script)
    return markup


def test_purge_keeps_what_the_markup_uses_and_drops_the_rest() -> None:
    css = (".a{color:red}.b{color:blue}.a .c,.a .d{margin:0}#x{top:0}#y{top:1px}"
           "div.a{left:0}table.a{left:1px}.a:not(.zzz){right:0}"
           "[data-k=v]{z-index:1}[data-k=w]{z-index:2}[dir=rtl] .a{float:left}"
           "@media screen{.b{color:green}.a{color:navy}}"
           ":root{--used:1px;--unused:2px;--chain:var(--used)}.a{width:var(--chain)}"
           "@keyframes spin{to{opacity:0}}@keyframes idle{to{opacity:1}}.a{animation:spin 1s}")
    html = '<div class="a" id="x" data-k="v"><span class="d">t</span></div>'
    out = purge_css(css, used(html))
    for kept in (".a{color:red}", ".a .d{margin:0}", "#x{top:0}", "div.a{left:0}", ".a:not(.zzz){right:0}",
                 "[data-k=v]{z-index:1}", "@media screen{.a{color:navy}}", "--used:1px", "--chain:var(--used)",
                 "@keyframes spin"):
        assert kept in out, kept
    for dropped in (".b{", ".a .c", "#y", "table.a", "[data-k=w]", "[dir=rtl]", "--unused", "idle"):
        assert dropped not in out, dropped


def test_purge_keeps_classes_that_scripts_add_at_run_time() -> None:
    css = ".campaign-exiting{visibility:hidden}.never-used{color:red}"
    out = purge_css(css, used("<p>x</p>", 'document.documentElement.classList.add("campaign-exiting");'))
    assert ".campaign-exiting{" in out and ".never-used" not in out


def test_page_scanner_finds_what_a_full_scan_finds(site: BuiltSite) -> None:
    """The build looks in pages only for what the theme's selectors test: same result."""
    css = "".join(p.read_text(encoding="utf-8") for p in (next(MATERIAL_CSS.glob("main.*.min.css")),
                                                          next(MATERIAL_CSS.glob("palette.*.min.css"))))
    scanner, fast, full = MarkupScanner(css), UsedMarkup(), UsedMarkup()
    for path in site.root.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        scanner.scan(html, fast)
        full.add_html(html)
    assert purge_css(css, fast) == purge_css(css, full)
    assert ".md-header{" in purge_css(css, fast)


def test_every_page_loads_one_stylesheet_and_no_theme_script(site: BuiltSite) -> None:
    for path in ("index.html", "en/danh-ba/index.html", "rad/tai-lieu/index.html", "404.html"):
        soup = site.page(path)
        # (the 404 page links it twice: root-absolute for the web, relative for file://)
        sheets = {link["href"].rsplit("assets/", 1)[-1] for link in soup.select("link[rel=stylesheet]")}
        assert sheets == {"stylesheets/campaign-site.css"}, (path, sheets)
        scripts = [s["src"] for s in soup.select("script[src]")]
        assert scripts and all("/campaign-" in s or s.startswith("assets/javascripts/campaign-")
                               or "javascripts/campaign-" in s for s in scripts), (path, scripts)
    assert not list(site.root.glob("assets/javascripts/bundle.*")), "Material's application script is not shipped"
    assert not list(site.root.glob("assets/stylesheets/main.*")) and not list(site.root.glob("assets/stylesheets/palette.*"))
    css = (site.root / "assets" / "stylesheets" / "campaign-site.css").read_text(encoding="utf-8")
    assert len(css) < 60_000, "the used part of Material's CSS plus ours"
    assert "@font-face" in css and ".campaign-exit" in css and ".md-header" in css


def _full_stylesheet() -> str:
    """What the pages would load without the purge: all of Material's CSS, then ours, in
    the configured order (the palette's written from the configuration, as the build does)."""
    from campaign_site.plugins.campaign import PALETTE_STYLESHEET
    from campaign_site.plugins.palette import palette_css, resolve

    material_css = [next(MATERIAL_CSS.glob("main.*.min.css")), next(MATERIAL_CSS.glob("palette.*.min.css"))]
    config = open_project(OWN_CSS.parents[2] / "mkdocs.yml").campaign_config
    own = [palette_css(resolve(config.palette)[0]) if path == PALETTE_STYLESHEET
           else (OWN_CSS.parent / path.removeprefix("assets/")).read_text(encoding="utf-8")
           for path in config.stylesheets]
    return "\n".join([*(p.read_text(encoding="utf-8") for p in material_css), *own])


_COMPUTED = """() => {
  const props = ["display", "position", "float", "visibility", "color", "background-color", "background-image",
    "font-family", "font-size", "font-weight", "font-style", "line-height", "text-align", "text-decoration-line",
    "margin-top", "margin-right", "margin-bottom", "margin-left", "padding-top", "padding-right",
    "padding-bottom", "padding-left", "border-top-width", "border-top-style", "border-top-color",
    "border-left-width", "width", "height", "max-height", "overflow-x", "overflow-y", "opacity", "z-index",
    "list-style-type", "white-space", "flex-direction", "grid-template-columns", "mask-image", "transform"];
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    for (const pseudo of [null, "::before", "::after"]) {
      const cs = getComputedStyle(el, pseudo);
      if (pseudo && cs.content === "none") continue;
      const key = el.tagName + (el.id ? "#" + el.id : "") + (el.className && el.className.baseVal === undefined ? "." + el.className.trim().split(/\\s+/).join(".") : "") + (pseudo || "");
      // Chromium reports the centring auto margins of .md-grid as 0 or as used
      // values from one load to the next: those two are not compared there
      const shown = el.classList.contains("md-grid") ? props.filter(p => !/^margin-(left|right)$/.test(p)) : props;
      out.push(key + " " + (pseudo ? "content=" + cs.content + ";" : "") + shown.map(p => p + "=" + cs.getPropertyValue(p)).join(";"));
    }
  }
  return out;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 360])
def test_pages_look_the_same_as_with_all_of_materials_css(browser, http_base: str, width: int) -> None:
    """Every element's computed style (and its ::before/::after) equals the unpurged result."""
    full = _full_stylesheet()
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    for path in ("index.html", "danh-ba/ea-kar.html", "tai-lieu/index.html", "can-cu-chinh-sach.html",
                 "en/mo-hinh/index.html", "thang-hanh-dong.html"):
        page.unroute("**/*")
        page.goto(http_base + path)
        page.evaluate("document.fonts.ready")
        purged = page.evaluate(_COMPUTED)
        page.route(re.compile(r".*/campaign-site\.css$"),
                   lambda route: route.fulfill(status=200, content_type="text/css", body=full))
        page.goto(http_base + path)
        page.evaluate("document.fonts.ready")
        reference = page.evaluate(_COMPUTED)
        assert len(purged) == len(reference), path
        differences = [(a, b) for a, b in zip(purged, reference) if a != b]
        assert not differences, f"{path} @ {width}px: {differences[0][0]}\n  expected: {differences[0][1]}"
    context.close()

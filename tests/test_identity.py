"""Visual identity and WCAG 2.2 AA beyond axe: the configurable palette (contrast checked
by the build), the descriptive skip link, and hints that match the device."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from campaign_site.plugins.palette import DEFAULTS, PAIRS, contrast, palette_css, resolve
from campaign_site.publish.build import BuildFailed, build_site
from conftest import VIEWPORTS, BuiltSite, copy_project

SKIP_LABELS = {"vi": "Bỏ qua menu, đến nội dung chính", "en": "Skip the menu, go to the main content"}


def configured_palette(project: Path) -> dict[str, str]:
    """The palette written in ``project``'s mkdocs.yml (read as text: the file has !ENV tags)."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    block = re.search(r"\n      palette:\n((?:        .*\n)+)", text)
    assert block, "mkdocs.yml sets the campaign palette"
    return {key: str(value) for key, value in yaml.safe_load(block.group(1).replace("        ", "", )).items()}


# --- the palette ------------------------------------------------------------------------


def test_contrast_follows_the_wcag_formula() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#fff", "#ffffff") == pytest.approx(1)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the classic AA grey


def test_defaults_and_the_shipped_palette_reach_aa_on_every_pair(site: BuiltSite) -> None:
    for palette in (DEFAULTS, configured_palette(site.project)):
        resolved, problems = resolve(palette)
        assert problems == []
        for foreground, background in PAIRS:
            assert contrast(resolved[foreground], resolved[background]) >= 4.5, (foreground, background)


@pytest.mark.parametrize("palette, field", [
    ({"link": "#9e9e9e"}, "link"),                       # grey links on white: 2.7:1
    ({"on_header": "#ffffff", "header": "#ffeb3b"}, "on_header"),  # white on yellow
    ({"exit": "red"}, "exit"),                           # not a #rrggbb colour
    ({"banner": "#000000"}, "banner"),                   # no such colour
])
def test_a_bad_palette_is_refused(palette: dict[str, str], field: str) -> None:
    _, problems = resolve(palette)
    assert {p.key for p in problems} == {field}


def test_the_build_refuses_a_low_contrast_palette_at_its_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('link: "#4527a0"', 'link: "#b39ddb"'), encoding="utf-8")
    line = next(n for n, t in enumerate(config.read_text(encoding="utf-8").splitlines(), 1) if '"#b39ddb"' in t)
    with pytest.raises(BuildFailed) as failure:
        build_site(config, tmp_path / "site")
    assert f"mkdocs.yml:{line}: palette.link:" in str(failure.value)
    assert not (tmp_path / "site").exists()


def test_the_built_stylesheet_carries_the_configured_palette(site: BuiltSite) -> None:
    css = (site.root / "assets" / "stylesheets" / "campaign-site.css").read_text(encoding="utf-8")
    resolved, _ = resolve(configured_palette(site.project))
    for key, value in resolved.items():
        assert re.search(rf"--campaign-{key.replace('_', '-')}:\s*{value}", css), key
    assert "--md-primary-fg-color:var(--campaign-header)" in css.replace(" ", "")
    assert palette_css(resolved).count("--campaign-") >= len(resolved)


# --- in the browser -------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_skip_link_names_its_target_and_goes_there(site: BuiltSite, screen_page, lang: str) -> None:
    page = screen_page
    for relative in ("index.html", "danh-ba/ea-kar.html", "tai-lieu/index.html"):
        page.goto((site.root / site.prefix(lang) / relative).as_uri())
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const a = document.activeElement, r = a.getBoundingClientRect();
            return {cls: a.className, text: a.textContent.trim(), href: a.getAttribute('href'),
                    visible: r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight};
        }""")
        assert "md-skip" in focused["cls"], relative
        assert focused["text"] == SKIP_LABELS[lang] and focused["visible"], (relative, focused)
        target = page.evaluate("id => { const t = document.getElementById(id);"
                               " return t && t.closest('.md-content') !== null && t.tagName; }",
                               focused["href"].lstrip("#"))
        assert target == "H1", (relative, focused["href"])
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == focused["href"]


@pytest.mark.browser
def test_the_shift_hint_is_shown_only_where_there_is_a_keyboard(site: BuiltSite, browser) -> None:
    hint = ".campaign-safety .campaign-exit__hint"
    for lang in ("vi", "en"):
        url = (site.root / site.prefix(lang) / "index.html").as_uri()
        touch = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
        page = touch.new_page()
        page.goto(url)
        assert page.evaluate("matchMedia('(pointer: coarse)').matches")
        assert not page.locator(hint).is_visible(), lang
        assert page.locator(".campaign-safety .campaign-exit__label").is_visible()
        touch.close()
        for viewport in VIEWPORTS.values():
            mouse = browser.new_context(viewport=viewport)
            page = mouse.new_page()
            page.goto(url)
            assert page.locator(hint).is_visible(), (lang, viewport)
            mouse.close()

"""The site menu (Material's navigation, rendered once per language for the pages that show
the same one): from every page of a language its links lead to the same pages, and a page
in the menu is its open entry, with its own table of contents."""

from __future__ import annotations

import posixpath
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from conftest import BuiltSite


def _menu(path: Path, site_root: Path) -> tuple[list[str], list[str], list[str], set[str]] | None:
    """(menu targets as site paths, open entries' targets, the menu's in-page anchors, ids on
    the page); ``None`` for a page without the menu (the neutral exit page)."""
    tree = LexborHTMLParser(path.read_text(encoding="utf-8"))
    nav = tree.css_first("nav.md-nav--primary")
    if nav is None:
        return None
    folder = path.parent.relative_to(site_root).as_posix()
    targets, active, anchors = [], [], []
    for link in nav.css("a[href]"):
        href = link.attributes["href"] or ""
        if href.startswith("#"):
            anchors.append(href[1:])
            continue
        target = posixpath.normpath(posixpath.join(folder, href.partition("#")[0]))
        targets.append(target)
        if "md-nav__link--active" in (link.attributes.get("class") or ""):
            active.append(target)
    ids = {node.attributes["id"] for node in tree.css("[id]")}
    return targets, active, anchors, ids


def test_every_page_of_a_language_has_the_same_menu_and_its_own_entry_open(site: BuiltSite) -> None:
    for language in site.languages:
        prefix = site.prefix(language)
        folder = site.root / prefix if prefix else site.root
        pages = sorted(p for p in folder.rglob("*.html")
                       if p.name != "404.html" and (prefix or p.relative_to(site.root).parts[0] not in
                                                    {lang for lang in site.languages if lang != site.default_language}))
        menus = {page: menu for page in pages if (menu := _menu(page, site.root)) is not None}
        assert len(menus) > 40, language
        first = next(iter(menus.values()))[0]
        in_menu = 0
        for page, (targets, active, anchors, ids) in menus.items():
            own = page.relative_to(site.root).as_posix()
            assert targets == first, f"{own}: its menu leads elsewhere than the other pages'"
            assert active == ([own] if own in targets else []), own
            in_menu += own in targets
            assert set(anchors) <= ids, f"{own}: the menu lists another page's headings"
        assert in_menu >= 5, language

"""The theme files the site leaves out: one list, for the build and for published copies."""

from __future__ import annotations

from campaign_site.plugins.theme_files import is_unused_theme_file
from campaign_site.publish.selection import is_published
from conftest import BuiltSite


def test_the_build_removes_every_unused_theme_file(site: BuiltSite) -> None:
    files = [p.relative_to(site.root).as_posix() for p in site.root.rglob("*") if p.is_file()]
    assert files and [name for name in files if is_unused_theme_file(name)] == []


def test_publishing_leaves_out_the_same_files() -> None:
    for name in ("assets/javascripts/lunr/min/lunr.vi.min.js", "assets/javascripts/workers/search.js",
                 "assets/javascripts/bundle.0123abcd.min.js", "assets/stylesheets/main.css.map"):
        assert is_unused_theme_file(name) and not is_published(name), name
    assert not is_published("404.html") and not is_unused_theme_file("404.html")
    for name in ("index.html", "assets/javascripts/campaign-search.js", "search/index.vi.js"):
        assert is_published(name), name

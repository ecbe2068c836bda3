"""A site served under a path of its host (``site_url: https://example.net/bdg/``, as a
GitHub Pages project site is): the build succeeds, and the page check still knows our
scripts by their root-absolute addresses (Material's 404 page writes them so) and no other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from campaign_site.postprocess.html_policy import PagePolicy
from campaign_site.publish.build import build_site
from conftest import set_public_url, small_project

OURS = "assets/javascripts/campaign-exit.js"


@pytest.mark.parametrize("base, src, ours", [
    ("/", "/assets/javascripts/campaign-exit.js", True),
    ("/", "../assets/javascripts/campaign-exit.js", True),
    ("/", "/bdg/assets/javascripts/campaign-exit.js", False),
    ("/bdg/", "/bdg/assets/javascripts/campaign-exit.js", True),
    ("/bdg", "/bdg/assets/javascripts/campaign-exit.js", True),
    ("/bdg/", "../assets/javascripts/campaign-exit.js", True),
    ("/bdg/", "/assets/javascripts/campaign-exit.js", False),  # outside the site's path
    ("/bdg/", "/bdgx/assets/javascripts/campaign-exit.js", False),
    ("/bdg/", "/bdg/../assets/javascripts/campaign-exit.js", False),
    ("/bdg/", "/bdg/assets/javascripts/other.js", False),
    ("/a/b/", "/a/b/assets/javascripts/campaign-exit.js", True),
    ("/a/b/", "/a/assets/javascripts/campaign-exit.js", False),
    ("/bdg/", "https://cdn.example.com/bdg/assets/javascripts/campaign-exit.js", False),
])
def test_a_script_file_is_ours_only_under_the_sites_own_path(base: str, src: str, ours: bool) -> None:
    policy = PagePolicy(frozenset(), frozenset({OURS}), "default-src 'self'", base_path=base)
    tree = LexborHTMLParser(f'<!doctype html><html><head><script src="{src}"></script></head><body></body></html>')
    node = tree.css_first("script")
    assert (policy.element_findings(node, "en/index.html") == []) is ours


def test_a_site_under_a_path_builds_and_its_404_page_runs_our_scripts(tmp_path: Path) -> None:
    project = set_public_url(small_project(tmp_path / "project"), "https://binh-dang-gioi.example.net/bdg/")
    out = tmp_path / "site"
    build_site(project / "mkdocs.yml", out, jobs=2)
    page = (out / "404.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script[^>]* src="([^"]+)"', page)
    assert scripts and all(src.startswith("/bdg/") for src in scripts), scripts
    assert all((out / src.removeprefix("/bdg/").split("?")[0]).is_file() for src in scripts), scripts
    assert "campaign-exit.js" in " ".join(scripts)

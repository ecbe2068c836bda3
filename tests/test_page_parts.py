"""Parts of a page done once: the page shell's fragments rendered once per folder and language
(``campaign_once``, ``campaign_once_in_folder``) give the bytes of rendering them on every page."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaign_site.plugins.campaign import CampaignPlugin
from conftest import BuiltSite, build_project, built_once
from test_build_cache import tree_digest


@pytest.fixture(scope="session")
def site_without_fragments(site: BuiltSite, sequential_site: BuiltSite,
                           tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The session's project built like ``sequential_site`` (one process, its build cache),
    every fragment rendered on every page."""
    def build(folder: Path) -> BuiltSite:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(CampaignPlugin, "_once", lambda self, key, caller: caller())
            return build_project(site.project, folder / "site", jobs=1)

    return built_once(tmp_path_factory, "without-fragments", build)


def test_fragments_rendered_once_equal_fragments_rendered_on_every_page(
        sequential_site: BuiltSite, site_without_fragments: BuiltSite) -> None:
    """Every file of every language, byte for byte: the menu, header, search dialog, language
    switcher's button, safety bar, footer and scripts depend on nothing their key leaves out."""
    once, every_time = tree_digest(sequential_site.root), tree_digest(site_without_fragments.root)
    assert once.keys() == every_time.keys()
    pages = [name for name in once if name.endswith(".html")]
    assert len(pages) > 200 and {name.split("/")[0] for name in pages} >= set(sequential_site.languages) - {
        sequential_site.default_language}
    assert [name for name in once if once[name] != every_time[name]] == []

"""Upgrade guards: fail when mkdocs-static-i18n, Material or MkDocs change what we rely on.

Everything that depends on static-i18n's internals lives in ``campaign-i18n``
(scripts/campaign_site/plugins/i18n.py); every Material template we copied
names the upstream file and its SHA-256 in its first lines. When one of these
tests fails after an upgrade, read the upstream change, adapt our code or copy,
then update the pinned value here or in the template.
"""

from __future__ import annotations

import hashlib
import inspect
import re
from pathlib import Path

import material
import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs_static_i18n import suffix as static_i18n_suffix
from mkdocs_static_i18n.plugin import I18n
from mkdocs_static_i18n.utils import I18nLoggingFilter

from campaign_site.plugins.i18n import CampaignI18nPlugin
from conftest import REPO

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
UPSTREAM_LINE = re.compile(
    r"\{#- Upstream: Material for MkDocs (?P<version>\S+), templates/(?P<path>\S+), "
    r"sha256 (?P<sha256>[0-9a-f]{64}) -#\}")
# static-i18n 1.3.x's on_post_build, which CampaignI18nPlugin.on_post_build re-implements
STATIC_I18N_POST_BUILD_SHA256 = "e70db1f72973bb706c219b3f442b8b7b2df2cb7d110c882f9a59559779372e0d"


def _sha256(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


# --- static-i18n ---------------------------------------------------------------------------------


def test_our_language_loop_matches_upstream() -> None:
    """Our on_post_build is static-i18n's, building "dirty" from on_startup instead of sys.argv.
    If upstream's changes, port the change (or drop ours if upstream stops reading sys.argv)."""
    upstream = inspect.getsource(I18n.on_post_build)
    assert '"--dirty" in sys.argv' in upstream, "static-i18n no longer reads --dirty from sys.argv"
    assert _sha256(upstream) == STATIC_I18N_POST_BUILD_SHA256, \
        "static-i18n's on_post_build changed: compare with CampaignI18nPlugin.on_post_build"


def test_static_i18n_state_we_read_is_still_there() -> None:
    plugin = I18n()
    assert plugin.building is False and plugin.current_language is None
    for name in ("build_languages", "extend_search_entries", "reconfigure_search_index"):
        assert hasattr(I18n, name), name
    assert isinstance(I18nLoggingFilter().filtered_prefixes, set)


def test_static_i18n_marks_files_as_we_read_them(tmp_path: Path) -> None:
    """``file.locale`` (the text's language) and ``file.localization`` (the suffix, or None)."""
    config = MkDocsConfig()
    config.docs_dir, config.site_dir, config.use_directory_urls = str(tmp_path), str(tmp_path / "site"), False
    for name, locale, localization in (("page.md", "vi", None), ("page.en.md", "en", "en")):
        source = File(name, str(tmp_path), str(tmp_path / "site"), False)
        made = static_i18n_suffix.create_i18n_file(source, "en", "vi", ["vi", "en"], config)
        assert (made.locale, made.localization) == (locale, localization)
        assert made.url == made._get_url(False)  # MkDocs' private URL rule, used to move files


def test_build_only_locale_rewrites_flags_and_we_keep_the_sites() -> None:
    """static-i18n applies build_only_locale by rewriting every language's flags; the site
    languages campaign-i18n reports are still those of mkdocs.yml."""
    options = {"build_only_locale": "en", "languages": [
        {"locale": "vi", "name": "Tiếng Việt", "default": True},
        {"locale": "en", "name": "English"},
        {"locale": "rad", "name": "Ê Đê", "build": False},
    ]}
    plugin = CampaignI18nPlugin()
    errors, _ = plugin.load_config(options)
    assert errors == []
    assert [(lang.locale, lang.default, lang.build) for lang in plugin.config.languages] == [
        ("vi", False, False), ("en", True, True), ("rad", False, False)]
    site = plugin.site_languages
    assert (site.default, site.codes, site.built) == ("vi", ("vi", "en", "rad"), ("vi", "en"))
    assert plugin.restricted and plugin.language == "vi"


# --- Material templates ----------------------------------------------------------------------------


def _overrides() -> list[Path]:
    return sorted((REPO / "overrides").rglob("*.html"))


def test_every_copied_template_names_its_upstream() -> None:
    """An override with the name of a Material template is a copy: it must say which upstream
    file (and which version of it) it was made from."""
    missing = [path.relative_to(REPO).as_posix() for path in _overrides()
               if (MATERIAL_TEMPLATES / path.relative_to(REPO / "overrides")).is_file()
               and not UPSTREAM_LINE.search(path.read_text(encoding="utf-8"))]
    assert missing == []


@pytest.mark.parametrize("override", _overrides(), ids=lambda p: p.relative_to(REPO / "overrides").as_posix())
def test_copied_template_upstream_is_unchanged(override: Path) -> None:
    for match in UPSTREAM_LINE.finditer(override.read_text(encoding="utf-8")):
        upstream = MATERIAL_TEMPLATES / match["path"]
        assert upstream.is_file(), f"Material no longer has templates/{match['path']}"
        assert _sha256(upstream.read_bytes()) == match["sha256"], (
            f"Material's templates/{match['path']} changed since {override.name} was made from its "
            f"{match['version']} version: merge the change into {override.relative_to(REPO)}, "
            "then write the new hash in its Upstream line")


def test_other_languages_build_dirty_when_the_preview_is(monkeypatch: pytest.MonkeyPatch) -> None:
    """The language loop takes "dirty" from MkDocs (on_startup), not from sys.argv, and a
    language that fails leaves the plugin ready for the next build (a preview keeps running)."""
    import campaign_site.plugins.i18n as i18n_module
    from mkdocs.config import load_config

    config = load_config(config_file=str(REPO / "mkdocs.yml"))
    try:
        plugin = next(p for p in config.plugins.values() if isinstance(p, CampaignI18nPlugin))
        calls: list[tuple[str, bool]] = []
        monkeypatch.setattr(i18n_module, "build", lambda cfg, dirty: calls.append((plugin.current_language, dirty)))
        monkeypatch.setattr("sys.argv", ["campaign-site", "serve"])
        plugin.on_startup(command="serve", dirty=True)
        plugin.current_language = "vi"
        plugin.on_post_build(config)
        assert calls == [("en", True), ("rad", True), ("jra", True), ("mng", True)]
        assert plugin.building is False

        def fail(cfg, dirty):
            raise RuntimeError("a language failed")
        monkeypatch.setattr(i18n_module, "build", fail)
        with pytest.raises(RuntimeError):
            plugin.on_post_build(config)
        assert plugin.building is False and not plugin.building_others
    finally:
        config.plugins.on_shutdown()


# --- MkDocs ------------------------------------------------------------------------------------------

# MkDocs 1.6's Page.render and its relative-link rewriter's run(): plugins/page_bodies.py sets
# what render sets and replays the rewriter's path_to_url for every link it rewrote
MKDOCS_PAGE_RENDER_SHA256 = "320529348f7a8af152073d0a3ab02960ccce91f9204716144e51b20931983cc6"
MKDOCS_RELATIVE_LINKS_RUN_SHA256 = "070f63b812f670c843ffbdff89556d864b2bec03a11370ed5103981fafb55d99"


def test_what_a_stored_body_stands_in_for_is_unchanged() -> None:
    """If this fails, compare MkDocs' Page.render (what it sets on the page) and
    _RelativePathTreeprocessor.run (which URLs it rewrites, through path_to_url) with
    page_bodies.render_page, adapt it, then pin the new hashes."""
    from mkdocs.structure import pages

    assert _sha256(inspect.getsource(pages.Page.render)) == MKDOCS_PAGE_RENDER_SHA256
    rewriter = pages._RelativePathTreeprocessor
    assert _sha256(inspect.getsource(rewriter.run)) == MKDOCS_RELATIVE_LINKS_RUN_SHA256
    assert "links_to_anchors" in inspect.getsource(rewriter.path_to_url)


def _in_order(source: str, *steps: str) -> list[int]:
    """Where each of ``steps`` first occurs in ``source`` (asserting that each does)."""
    positions = []
    for step in steps:
        assert step in source, f"MkDocs no longer does {step!r}"
        positions.append(source.index(step))
    return positions


def test_a_finished_page_is_rendered_as_the_page_cache_expects() -> None:
    """plugins/finished_pages.py: MkDocs renders each page with ``template.render(context)`` after
    every on_page_context handler, then runs on_post_page on the output; the template comes from
    the environment's ``template_class`` (set in on_env); every page's title is known before the
    first page is rendered (the key of each page holds the language's menu and titles). If this
    fails, read MkDocs' _build_page and build(), and adapt FinishedPageTemplate and the key."""
    import jinja2
    from mkdocs.commands import build

    page = inspect.getsource(build._build_page)
    positions = _in_order(page, "get_context(", "env.get_template(", "config.plugins.on_page_context(",
                          "output = template.render(context)", "config.plugins.on_post_page(output")
    assert positions == sorted(positions), "MkDocs' order of page events changed"
    whole = inspect.getsource(build.build)
    positions = _in_order(whole, "_populate_page(", "config.plugins.on_env(", "_build_page(")
    assert positions == sorted(positions), "pages are no longer all read and converted before any is built"
    assert "environment.template_class.from_code(" in inspect.getsource(jinja2.loaders.BaseLoader.load)
    assert "template_class" in jinja2.Environment.__dict__


def test_no_template_reads_the_build_time() -> None:
    """MkDocs gives templates ``build_date_utc`` (to the second); the finished-page key leaves it
    out (it has the build day). If a template starts reading it, put it in the key."""
    templates = [*MATERIAL_TEMPLATES.rglob("*.html"), *(REPO / "overrides").rglob("*.html")]
    assert len(templates) > 50
    assert [p for p in templates if "build_date_utc" in p.read_text(encoding="utf-8")] == []

"""Parts of a page done once: the page shell's fragments rendered once per folder and language
(``campaign_once``, ``campaign_once_in_folder``) give the bytes of rendering them on every page;
collection templates' output and a translated page's untranslated marks are kept in the build
cache under a key that every input changes (cold = warm: tests/test_build_cache.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import pytest
from markdown import Markdown
from mkdocs.structure.toc import AnchorLink

from campaign_site import fingerprints
from campaign_site.pages import body_cache
from campaign_site.pages.build_cache import BuildCache
from campaign_site.pages.partial import mark_untranslated
from campaign_site.plugins import campaign, page_bodies
from campaign_site.plugins.campaign import CampaignPlugin
from campaign_site.plugins.preview import source_stamp
from conftest import REPO, BuiltSite, build_project, built_once
from test_build_cache import entries, tree_digest


@pytest.fixture(scope="session")
def site_without_fragments(site: BuiltSite, sequential_site: BuiltSite,
                           tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The session's project built like ``sequential_site`` (one process, its build cache),
    every fragment rendered on every page, and every collection body rendered (not taken
    from the build cache, whose key does not hold ``campaign_once``): the resource cards
    in them too."""
    def build(folder: Path) -> BuiltSite:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(CampaignPlugin, "_once", lambda self, key, caller: caller())
            patch.setattr(campaign, "render_cached",
                          lambda renderer, template, context, inputs, cache: renderer.render(template, **context))
            return build_project(site.project, folder / "site", jobs=1)

    return built_once(tmp_path_factory, "without-fragments", build)


def test_fragments_rendered_once_equal_fragments_rendered_on_every_page(
        sequential_site: BuiltSite, site_without_fragments: BuiltSite) -> None:
    """Every file of every language, byte for byte: the menu, table of contents, header, search
    dialog, language switcher's button, safety bar, footer, scripts and the collection pages'
    resource cards depend on nothing their key leaves out."""
    once, every_time = tree_digest(sequential_site.root), tree_digest(site_without_fragments.root)
    assert once.keys() == every_time.keys()
    pages = [name for name in once if name.endswith(".html")]
    assert len(pages) > 200 and {name.split("/")[0] for name in pages} >= set(sequential_site.languages) - {
        sequential_site.default_language}
    assert [name for name in once if once[name] != every_time[name]] == []


# --- the table of contents: once per language for the pages with the same headings ---

def _heading(title: str, id: str, level: int, *children: AnchorLink) -> AnchorLink:
    link = AnchorLink(title, id, level)
    link.children = list(children)
    return link


def _toc_key(headings: list[AnchorLink], language: str = "vi") -> object:
    page = SimpleNamespace(toc=headings, language=language)
    plugin = SimpleNamespace(_text_language=lambda item: item.language)
    return CampaignPlugin._toc_key(plugin, page)  # type: ignore[arg-type]


def test_the_table_of_contents_key_holds_every_heading_field_the_templates_read() -> None:
    """Two pages share a rendered table only when their headings' titles, addresses, levels
    and nested headings and the language they are in are the same; a heading with more
    than these (Material's ``typeset``) is rendered for its page."""
    def headings(title: str = "Nguồn", id: str = "nguon", level: int = 2, sub: str | None = "Ghi chú") -> list[AnchorLink]:
        children = [_heading(sub, "ghi-chu", 3)] if sub else []
        return [_heading("Tóm tắt", "tom-tat", 2), _heading(title, id, level, *children)]

    assert _toc_key(headings()) == _toc_key(headings())
    others = [_toc_key(headings(title="Nguồn tin")), _toc_key(headings(id="nguon-1")),
              _toc_key(headings(level=3)), _toc_key(headings(sub="Ghi chú khác")), _toc_key(headings(sub=None)),
              _toc_key(headings(), language="en"), _toc_key([]), _toc_key(headings()[:1])]
    assert len({_toc_key(headings()), *others}) == len(others) + 1
    typeset = headings()
    typeset[1].children[0].typeset = {"title": "<em>Ghi chú</em>"}  # type: ignore[attr-defined]
    assert _toc_key(typeset) is None


def test_the_table_of_contents_templates_read_no_heading_field_the_key_leaves_out() -> None:
    """What ``partials/toc.html`` and Material's ``partials/toc-item.html`` read of a heading
    (``first``/``toc_item``) is in ``CampaignPlugin._toc_key`` (a template that reads more, such as
    a heading's ``id`` or a new field, must first be given to the key)."""
    import material

    read = set()
    for template in (REPO / "overrides/partials/toc.html",
                     Path(material.__file__).parent / "templates/partials/toc-item.html"):
        read |= set(re.findall(r"\b(?:first|toc_item)\.(\w+)", template.read_text(encoding="utf-8")))
    assert read and read <= {"title", "url", "level", "children", "typeset"}


# --- collection templates' output kept in the build cache (pages/body_cache.py) ---

@dataclass
class FakeRenderer:
    """A :class:`campaign_site.pages.registry.PageRenderer` stand-in that counts its renderings."""

    lang: str = "vi"
    page_url: str = "danh-ba/ea-kar.html"
    url_base: str = ""
    extra: dict[str, Any] = field(default_factory=lambda: {"canonical_url": "https://example.net/danh-ba/ea-kar.html"})
    rendered: list[str] = field(default_factory=list)

    def render(self, template: str, **context: Any) -> str:
        self.rendered.append(template)
        return f"<p>{template} {self.lang} {self.page_url} {self.extra} {sorted(context.items())}</p>"


def _project(root: Path) -> tuple[Path, Path, Path]:
    """(content/, overrides/, mkdocs.yml) of a small project in ``root``."""
    content, theme = root / "content", root / "overrides"
    (content / "services").mkdir(parents=True)
    (content / "media").mkdir()
    (theme / "campaign").mkdir(parents=True)
    (content / "services" / "a.yaml").write_text("name: A\n", encoding="utf-8")
    (content / "media" / "to-roi.pdf").write_bytes(b"%PDF-1.4 " + b"x" * 100)
    (theme / "campaign" / "directory_area.html").write_text("{{ v.t('x') }}", encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text("site_name: T\n", encoding="utf-8")
    return content, theme, config


def test_a_collection_body_from_the_cache_is_the_rendered_one(tmp_path: Path) -> None:
    content, theme, config = _project(tmp_path)
    cache = BuildCache(tmp_path / "cache")
    inputs = body_cache.RenderInputs.of(content, [theme], config)
    renderer = FakeRenderer()
    rendered = FakeRenderer().render("campaign/directory_area.html", area="ea-kar")
    assert body_cache.render_cached(renderer, "campaign/directory_area.html", {"area": "ea-kar"}, inputs, cache) == rendered
    assert body_cache.render_cached(renderer, "campaign/directory_area.html", {"area": "ea-kar"}, inputs, cache) == rendered
    assert len(renderer.rendered) == 1  # the second came from the cache
    assert len(entries(tmp_path / "cache")) == 1
    # no cache folder, or no inputs (a source changed while building): rendered every time
    body_cache.render_cached(renderer, "campaign/directory_area.html", {}, inputs, BuildCache(None))
    body_cache.render_cached(renderer, "campaign/directory_area.html", {}, None, cache)
    assert len(renderer.rendered) == 3


def test_every_input_of_a_collection_body_is_in_its_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The template, language, page address, canonical address, any content file, a download's
    size, any template of ours, mkdocs.yml, a library's version and our source each give a new key."""
    content, theme, config = _project(tmp_path)
    keys = []

    def key(renderer: FakeRenderer | None = None, template: str = "campaign/directory_area.html") -> None:
        inputs = body_cache.RenderInputs.of(content, [theme, Path(jinja2.__file__).parent], config)
        keys.append(inputs.key(renderer or FakeRenderer(), template))

    key()
    key()
    assert keys[0] == keys[1]  # the same inputs: the same key
    key(template="campaign/resource.html")
    key(FakeRenderer(lang="en"))
    key(FakeRenderer(page_url="danh-ba/krong-ana.html"))
    key(FakeRenderer(url_base="/"))
    key(FakeRenderer(extra={"canonical_url": None}))
    (content / "services" / "a.yaml").write_text("name: B\n", encoding="utf-8")
    key()
    (content / "media" / "to-roi.pdf").write_bytes(b"%PDF-1.4 " + b"x" * 200)
    key()
    (theme / "campaign" / "directory_area.html").write_text("{{ v.t('y') }}", encoding="utf-8")
    key()
    (theme / "partials").mkdir()
    (theme / "partials" / "new.html").write_text("", encoding="utf-8")
    key()
    config.write_text("site_name: T2\n", encoding="utf-8")
    key()
    monkeypatch.setattr(fingerprints, "version", lambda name: "99.0")
    monkeypatch.setattr(body_cache, "code_digest", body_cache.code_digest.__wrapped__)
    key()
    monkeypatch.setattr(body_cache, "our_package", lambda: "0" * 64)  # other source files
    key()
    assert len(set(keys)) == len(keys) - 1


def test_collection_bodies_are_rendered_when_a_source_changed_after_the_content_was_loaded(tmp_path: Path) -> None:
    """A file saved between loading the content and digesting it (a live preview's rebuild):
    the key would name the new file while the pages show the loaded one, so nothing is
    cached in that build."""
    content, theme, config_file = _project(tmp_path)
    plugin = CampaignPlugin()
    plugin.load_config({})
    plugin.build_cache = BuildCache(tmp_path / "cache")
    config = SimpleNamespace(config_file_path=str(config_file),
                             theme=SimpleNamespace(dirs=[str(theme)], custom_dir=str(theme)))
    plugin._render_stamp = source_stamp(plugin._sources(config))  # (as on_config does, before loading)
    assert plugin._collection_inputs(config) is not None
    plugin._render_inputs = None
    (content / "services" / "a.yaml").write_text("name: A, saved meanwhile\n", encoding="utf-8")
    assert plugin._collection_inputs(config) is None
    assert plugin._collection_inputs(config) is None  # for the rest of the build


# --- a translated page's untranslated parts kept in the build cache (plugins/page_bodies.py) ---

SOURCE = "# Tiêu đề\n\nĐoạn chưa dịch của trang.\n\nĐoạn đã dịch.\n"
TRANSLATED = "<h1>Title</h1>\n<p>Đoạn chưa dịch của trang.</p>\n<p>A translated paragraph.</p>"


def test_untranslated_marks_from_the_cache_are_the_computed_ones(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path / "cache")
    made: list[Markdown] = []

    def converter() -> Markdown:
        made.append(Markdown())
        return made[-1]

    computed = mark_untranslated(TRANSLATED, Markdown().convert(SOURCE), "vi")
    assert computed.untranslated == 1
    for _ in range(2):
        assert page_bodies.untranslated_marks(TRANSLATED, SOURCE, "vi", converter, "md", cache) == computed
    assert len(made) == 1  # converted once: the second came from the cache
    assert len(entries(tmp_path / "cache")) == 1
    assert page_bodies.untranslated_marks(TRANSLATED, SOURCE, "vi", converter, "md", BuildCache(None)) == computed


def test_every_input_of_untranslated_marks_is_in_its_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The translation's HTML, the source's Markdown, the source language, the Markdown settings,
    the converting code and the marking code each give a new entry (each with its own result)."""
    cache = BuildCache(tmp_path / "cache")

    def marks(html: str = TRANSLATED, source: str = SOURCE, language: str = "vi", settings: str = "md") -> None:
        got = page_bodies.untranslated_marks(html, source, language, Markdown, settings, cache)
        assert got == mark_untranslated(html, Markdown().convert(source), language)

    marks()
    marks(html=TRANSLATED.replace("A translated", "Another translated"))
    marks(source=SOURCE.replace("Đoạn chưa dịch", "Đoạn đã sửa"))
    marks(language="en")
    marks(settings="md with other extensions")
    monkeypatch.setattr(page_bodies, "_BODY_CODE", "markdown=99 0000")
    marks()
    monkeypatch.setattr(page_bodies, "_MARKS_CODE", "selectolax=99 0000")
    marks()
    assert len(entries(tmp_path / "cache")) == 7

"""Collection bodies rendered once for every language showing only the default's
(pages/code_withheld.py, pages/body_cache.py), and their search texts once per build."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from mkdocs.config import load_config

from campaign_site.content.labels import Labels
from campaign_site.content.loader import SiteContent, load_content
from campaign_site.content.models import Localized
from campaign_site.pages import body_cache
from campaign_site.pages.build_cache import BuildCache
from campaign_site.pages.code_withheld import CodeUsed, Withheld, WithheldView, shows_only_default
from campaign_site.content.types import list_templates
from campaign_site.pages.registry import LEAD_TEMPLATES, PageRenderer, all_pages
from campaign_site.urls import language_prefix
from conftest import REPO, WORK_LOG, BuiltSite

LANGS = ["vi", "en", "rad", "jra", "mng"]
ALIKE = ["rad", "jra", "mng"]  # the repository's languages without labels or texts of their own
BASE = "https://example.net/"


@pytest.fixture(scope="module")
def content() -> SiteContent:
    loaded = load_content(REPO / "content", LANGS, "vi")
    assert loaded.problems == []
    return loaded


def environment(*theme: Path):
    """The collection templates' environment as the plugin makes it (``theme``: folders first)."""
    config = load_config(config_file=str(REPO / "mkdocs.yml"))
    config.theme.dirs[:0] = [str(folder) for folder in theme]
    env = config.theme.get_env()
    env.autoescape = True
    env.globals["campaign_once"] = lambda key, caller: caller()  # (the plugin's keeps each block per language build)
    config.plugins.on_shutdown()
    return env


def renderer(env, content: SiteContent, lang: str, neutral: str) -> PageRenderer:
    """What the plugin renders a fallback copy of ``neutral`` (a site path) in ``lang`` with."""
    default = content.default_language
    return PageRenderer(env, content, lang, language_prefix(lang, default) + neutral,
                        extra={"canonical_url": BASE + neutral})


def inputs(tmp_path: Path) -> body_cache.RenderInputs:
    return body_cache.RenderInputs.of(REPO / "content", [REPO / "overrides", tmp_path], REPO / "mkdocs.yml")


def test_every_collection_page_rendered_once_for_the_languages_alike_is_each_ones_own(
        content: SiteContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every generated page of the repository's content in Ê Đê, J'rai and M'nông: what the cache
    gives (rendered once, without the code, by the first) is byte for byte what each language's
    own rendering with its code gives (the oracle), and the later languages render nothing."""
    assert [lang for lang in LANGS if shows_only_default(content, lang)] == ALIKE
    env, cache, digests = environment(), BuildCache(tmp_path / "cache"), inputs(tmp_path)
    withheld: list[str] = []
    original = PageRenderer.render_without_code

    def counted(self: PageRenderer, template: str, **context: object) -> str:
        withheld.append(self.lang)
        return original(self, template, **context)

    monkeypatch.setattr(PageRenderer, "render_without_code", counted)
    # every generated page, and every list and lead block a hand-written page may ask for
    pages = [(spec.neutral_uri[:-3] + ".html", spec.template, spec.context) for spec in all_pages(content)]
    pages += [("thang-hanh-dong.html", template, {}) for template in [*list_templates().values(), *LEAD_TEMPLATES.values()]]
    assert len(pages) > 40 and {template for _, template, _ in pages} >= set(list_templates().values())
    for lang in ALIKE:
        for neutral, template, context in pages:
            cached = body_cache.render_cached(renderer(env, content, lang, neutral), template, context, digests, cache)
            own = renderer(env, content, lang, neutral).render(template, **context)
            assert cached == own, (lang, neutral, template)
    assert withheld == ["rad"] * len(pages)  # one rendering per page, by the first language
    # and every one of them shared: no collection template of the repository uses the code (a
    # template that read it, even only in a cache key, would be rendered by each language)
    used = [(neutral, template) for neutral, template, _ in pages
            if cache.load(body_cache.SHARED_KIND, digests.shared_key(renderer(env, content, "rad", neutral), template, "vi"))
            == body_cache.CODE_USED]
    assert used == []


# templates using the language code, each in a way of its own: every one gets each language's own output
USES_OF_THE_CODE = [
    "{{ lang }}", "{{ v.lang }}", "{{ v.labels.language }}", "{{ lang | upper }}", "{{ [lang] | join(',') }}",
    "{{ lang is string }}", "{{ 'x' ~ lang }}", "{% if lang %}x{% endif %}",
    "{% for code in content.site_languages if code != lang %}{{ code }} {% endfor %}",
    "{{ content.material_languages.get(lang) }}", "{{ {'a': 1}.get(lang, 2) }}",
    "{{ jsonld.service_jsonld(content.services[0], v, lang) }}", "{{ _('Search') }}",
    "{% macro m(code) %}{{ code }}{% endmacro %}{{ m(lang) }}",
]


@pytest.mark.parametrize("source", USES_OF_THE_CODE)
def test_a_template_using_the_code_gets_each_languages_own_output(
        source: str, content: SiteContent, tmp_path: Path) -> None:
    (tmp_path / "campaign").mkdir()
    (tmp_path / "campaign" / "uses.html").write_text(f"{{{{ v.t('common.national') }}}} {source}", encoding="utf-8")
    env, cache, digests = environment(tmp_path), BuildCache(tmp_path / "cache"), inputs(tmp_path)
    outputs = {}
    for lang in ALIKE:
        page = renderer(env, content, lang, "danh-ba/x.html")
        outputs[lang] = body_cache.render_cached(page, "campaign/uses.html", {}, digests, cache)
        assert outputs[lang] == renderer(env, content, lang, "danh-ba/x.html").render("campaign/uses.html")
    key = digests.shared_key(renderer(env, content, "rad", "danh-ba/x.html"), "campaign/uses.html", "vi")
    assert cache.load(body_cache.SHARED_KIND, key) == body_cache.CODE_USED


def test_a_template_not_using_the_code_is_rendered_once(content: SiteContent, tmp_path: Path) -> None:
    """(The harness above can tell: the same template without the code is shared.)"""
    (tmp_path / "campaign").mkdir()
    (tmp_path / "campaign" / "uses.html").write_text(
        "{{ v.t('common.national') }} {{ v.text(content.areas[content.areas | first].name) }} {{ link('a.md') }}",
        encoding="utf-8")
    env, cache, digests = environment(tmp_path), BuildCache(tmp_path / "cache"), inputs(tmp_path)
    outputs = {lang: body_cache.render_cached(renderer(env, content, lang, "danh-ba/x.html"), "campaign/uses.html",
                                              {}, digests, cache) for lang in ALIKE}
    assert len(set(outputs.values())) == 1 and 'lang="vi"' in outputs["rad"]
    key = digests.shared_key(renderer(env, content, "rad", "danh-ba/x.html"), "campaign/uses.html", "vi")
    assert cache.load(body_cache.SHARED_KIND, key) == body_cache.RENDERED + outputs["rad"].encode("utf-8")


class KeptFragments:
    """``campaign_once`` as the plugin keeps blocks: once per language build for each key."""

    def __init__(self) -> None:
        self.kept: dict[object, str] = {}

    def __call__(self, key: object, caller) -> str:
        if key not in self.kept:
            self.kept[key] = caller()
        return self.kept[key]


@pytest.mark.parametrize("key", ['("block", v.code_withheld)', '("block",)'])
def test_a_block_kept_with_the_code_is_not_taken_without_it(key: str, content: SiteContent, tmp_path: Path) -> None:
    """A block kept once per language build (``campaign_once``, the resource cards) and rendered
    with the code first, by the language's own rendering of another page, is not what a later
    rendering without the code takes: its key tells the two apart (``v.code_withheld``), so the
    later one sees the code used and each language gets its own page. Planted: a key without
    it gives J'rai the block Ê Đê rendered."""
    (tmp_path / "campaign").mkdir()
    (tmp_path / "campaign" / "block.html").write_text(
        f"{{% call campaign_once({key}) %}}{{{{ lang }}}}{{% endcall %}}", encoding="utf-8")
    env, digests = environment(tmp_path), inputs(tmp_path)
    outputs = {}
    for lang in ALIKE:  # each language build: its own blocks, its own pages (one cache for all)
        env.globals["campaign_once"] = KeptFragments()
        renderer(env, content, lang, "other.html").render("campaign/block.html")  # with the code, kept
        page = renderer(env, content, lang, "danh-ba/x.html")
        outputs[lang] = body_cache.render_cached(page, "campaign/block.html", {}, digests, BuildCache(tmp_path / "cache"))
    if key == '("block",)':
        assert outputs["jra"] == "rad"  # (the harness can tell)
    else:
        assert outputs == {lang: lang for lang in ALIKE}


def _with_own_label(content: SiteContent, lang: str) -> SiteContent:
    """``content`` where ``lang`` has a labels file of its own with one label (a test marker, no
    real translation)."""
    labels = dict(content.labels)
    labels[lang] = Labels(lang, {"common": {"national": f"[{lang} label for a test]"}}, content.labels["vi"])
    return dataclasses.replace(content, labels=labels)


def _with_own_text(content: SiteContent, lang: str) -> SiteContent:
    """``content`` where one area's name has a text in ``lang`` (a test marker)."""
    key = next(iter(content.areas))
    area = content.areas[key]
    named = area.model_copy(update={"name": Localized({**area.name, lang: f"[{lang} text for a test]"})})
    return dataclasses.replace(content, areas={**content.areas, key: named})


@pytest.mark.parametrize("change", [_with_own_label, _with_own_text])
def test_a_language_with_a_label_or_text_of_its_own_gets_its_own_output(
        change, content: SiteContent, tmp_path: Path) -> None:
    """Ê Đê with one label, or one text, of its own: its pages show it (each rendered with its code),
    J'rai and M'nông still share theirs; every output is its language's own rendering."""
    changed = change(content, "rad")
    assert not shows_only_default(changed, "rad") and shows_only_default(changed, "jra")
    (tmp_path / "campaign").mkdir()
    (tmp_path / "campaign" / "t.html").write_text(
        "{{ v.t('common.national') }} {% for key in content.areas %}{{ v.text(content.areas[key].name) }} {% endfor %}",
        encoding="utf-8")
    env, cache, digests = environment(tmp_path), BuildCache(tmp_path / "cache"), inputs(tmp_path)
    outputs = {}
    for lang in ["jra", "rad", "mng"]:  # (a language alike renders first)
        outputs[lang] = body_cache.render_cached(renderer(env, changed, lang, "x.html"), "campaign/t.html", {},
                                                 digests, cache)
        assert outputs[lang] == renderer(env, changed, lang, "x.html").render("campaign/t.html")
    assert "[rad " in outputs["rad"] and outputs["jra"] == outputs["mng"] and "[rad " not in outputs["jra"]


def test_every_use_of_a_withheld_code_raises_and_is_noted() -> None:
    flag = [False]
    code = Withheld(flag)
    uses = [str, repr, hash, bool, len, iter, lambda c: c == "rad", lambda c: "rad" == c, lambda c: c != "x",
            lambda c: c.upper(), lambda c: f"{c}", lambda c: "%s" % c, lambda c: "a" + c, lambda c: {"rad": 1}[c],
            lambda c: isinstance(c, str), lambda c: c.__class__, lambda c: "rad" in c, lambda c: c[0]]
    for use in uses:
        flag[0] = False
        with pytest.raises(CodeUsed):
            use(code)
        assert flag[0]
    flag[0] = False
    try:
        code.lower()
    except BaseException:  # noqa: BLE001 (a helper that swallows what it raised: still noted)
        pass
    assert flag[0]
    view = WithheldView(object(), [False])
    for name in ("lang", "labels"):
        with pytest.raises(CodeUsed):
            getattr(view, name)


def test_the_session_build_rendered_each_shared_body_and_search_text_once(site: BuiltSite) -> None:
    """The session's site (every language, two processes, a cold cache): the collection bodies of
    the languages alike were rendered once in all (by the first of them; the others waited for
    it and read them), and no search text was extracted twice."""
    lines = (site.root.parent / WORK_LOG).read_text(encoding="utf-8").splitlines()
    steps = [line.split(" ", 1) for line in lines]
    shared = [detail for step, detail in steps if step == "render-shared"]
    assert len(shared) > 40 and len(shared) == len(set(shared))
    texts = [detail for step, detail in steps if step == "search-text"]
    assert texts and len(texts) == len(set(texts)), "a search text was extracted twice"
    assert sorted(detail for step, detail in steps if step == "shared-wait") == sorted(ALIKE[1:])
    checked = [detail for step, detail in steps if step == "body-check"]
    assert checked and len(checked) == len(set(checked)), "a body was checked twice"

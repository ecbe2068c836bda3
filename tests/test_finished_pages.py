"""The key of a finished page (plugins/finished_pages.py) and of a page's review
(plugins/page_reviews.py): every input changes it, nothing else does. No site is
built: the key's inputs are made directly (the repository's configuration, a few
pages, their navigation), then each is changed in turn. The whole-site checks (a
warm build gives the cold build's bytes) are in tests/test_build_cache.py."""

from __future__ import annotations

import datetime as dt
import shutil
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import pytest
import zstandard
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from campaign_site.fingerprints import theme_folder_fingerprint
from campaign_site.pages.alternates import Alternate
from campaign_site.pages.build_cache import BuildCache
from campaign_site.plugins.finished_pages import (
    CONTEXT_KEY, KIND, PATH_KEYS, FinishedPages, FinishedPageTemplate, process_parts)
from campaign_site.plugins.page_reviews import PageReviews
from campaign_site.postprocess.css_purge import MarkupScanner, UsedMarkup
from campaign_site.postprocess.html_policy import PagePolicy
from conftest import REPO
from test_build_cache import entries

NAV = [{"Trang chủ": "index.md"}, {"Dành cho cán bộ": ["a.md", "b.md"]}]
PAGES = {"index.md": "Trang chủ", "a.md": "Trang A", "b.md": "Trang B", "ngoai-menu.md": "Ngoài menu"}


@dataclass
class Inputs:
    """Everything a finished page's key is made of, for one page (``a.md``) of a language build."""

    config: MkDocsConfig
    files: Files
    pages: dict[str, Page]
    nav: Navigation
    context: dict[str, Any]
    content_dir: Path
    config_file: Path
    language: str = "vi"
    build_day: object = dt.date(2022, 11, 20)
    globals: dict[str, Any] = field(default_factory=lambda: {"campaign_csp": "default-src 'self'"})
    template: str = "main.html"

    def key(self) -> tuple[str, str, str] | None:
        pages = FinishedPages(BuildCache(None))
        pages.start(language=self.language, files=self.files, content_dir=self.content_dir,
                    config_file=self.config_file, build_day=self.build_day, globals=self.globals)
        return pages.key(self.template, self.context)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """mkdocs.yml, content/ and overrides/ of the repository, plus a second theme folder (the
    campaign plugin's palette and language partials)."""
    root = tmp_path_factory.mktemp("key-inputs")
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "overrides", root / "overrides")
    (root / "docs").mkdir()
    (root / "plugin-theme" / "partials" / "languages").mkdir(parents=True)
    (root / "plugin-theme" / "partials" / "languages" / "rad.html").write_text("{# rad #}", encoding="utf-8")
    (root / "plugin-theme" / "campaign-palette.css").write_text(":root{--x:#000}", encoding="utf-8")
    return root


def inputs(project: Path) -> Inputs:
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.theme.dirs.insert(1, str(project / "plugin-theme"))
    config["nav"] = NAV
    files = Files([File(name, str(project / "docs"), str(project / "site"), False) for name in PAGES]
                  + [File("assets/logo.png", str(project / "docs"), str(project / "site"), False)])
    pages = {}
    for name, title in PAGES.items():
        page = Page(None, files.get_file_from_path(name), config)
        page.markdown, page.content, page.title = f"# {title}", f"<h1>{title}</h1>", title
        page.meta = {"description": f"Về {title}"}
        page.toc = TableOfContents([AnchorLink(title, name[:-3], 1)])
        pages[name] = page
    nav = get_navigation(files, config)
    page = pages["a.md"]
    context = {
        "page": page, "config": config, "nav": nav, "pages": files.documentation_pages(),
        "base_url": ".", "extra_css": [], "extra_javascript": ["assets/javascripts/campaign-exit.js"],
        "mkdocs_version": "1.6.1", "build_date_utc": dt.datetime.now(dt.timezone.utc),
        "campaign_alternates": [Alternate("vi", "Tiếng Việt", "a.html", True)],
        "campaign_exit_href": "https://www.google.com/", "campaign_last_updated": dt.date(2022, 11, 1),
        "campaign_view": object(),  # covered: labels and content/
        CONTEXT_KEY: None,
    }
    return Inputs(config, files, pages, nav, context, project / "content", project / "mkdocs.yml")


def changed(project: Path, change: Callable[[Inputs], None]) -> tuple[str, str, str] | None:
    made = inputs(project)
    change(made)
    return made.key()


def test_the_same_inputs_give_the_same_key(project: Path) -> None:
    first, second = inputs(project).key(), inputs(project).key()
    assert first is not None and first == second


def _set_config(key: str) -> Callable[[Inputs], None]:
    def change(made: Inputs) -> None:
        made.config[key] = ["a changed value"]
    return change


def test_every_configuration_key_is_in_the_key(project: Path) -> None:
    """Every top-level key of the loaded configuration but the build's own folders."""
    base = inputs(project)
    keys = sorted(set(base.config) - PATH_KEYS)
    assert {"site_url", "theme", "plugins", "nav", "extra", "markdown_extensions", "mdx_configs",
            "extra_javascript", "site_name", "copyright"} <= set(keys)
    unchanged = [key for key in keys if changed(project, _set_config(key)) == base.key()]
    assert unchanged == []


def test_the_build_folders_are_not_in_the_key(project: Path, tmp_path: Path) -> None:
    """Where a build writes (a temporary folder for an atomic build) and where the project lies
    (a copy) give the same pages."""
    base = inputs(project).key()
    for key in sorted(PATH_KEYS):
        assert changed(project, lambda made: made.config.__setitem__(key, str(tmp_path / key))) == base, key


CONFIG_CHANGES: dict[str, Callable[[MkDocsConfig], None]] = {
    "site_url (SITE_URL)": lambda c: c.__setitem__("site_url", "https://other.example.net/"),
    "extra (a value)": lambda c: c.extra.__setitem__("generator", True),
    "extra.alternate (static-i18n, per page)": lambda c: c.extra.__setitem__("alternate", [{"lang": "en"}]),
    "theme feature": lambda c: c.theme["features"].append("navigation.tabs"),
    "theme palette": lambda c: c.theme["palette"].__setitem__("primary", "red"),
    "theme language": lambda c: c.theme.__setitem__("language", "en"),
    "static templates": lambda c: c.theme.static_templates.add("robots.txt"),
    "campaign option": lambda c: c.plugins["campaign"].config.__setitem__("quick_exit_url", "https://x.example.net/"),
    "campaign palette": lambda c: c.plugins["campaign"].config.palette.__setitem__("link", "#000000"),
    "static-i18n only-locale option": lambda c: c.plugins["campaign-i18n"].config.__setitem__("build_only_locale", "en"),
    "a language's build flag": lambda c: c.plugins["campaign-i18n"].config.languages[2].__setitem__("build", False),
    "nav translation": lambda c: c.plugins["campaign-i18n"].config.languages[1].nav_translations.__setitem__("x", "y"),
    "Markdown option": lambda c: c.mdx_configs["toc"].__setitem__("permalink", True),
    "Markdown extension": lambda c: c.markdown_extensions.append("footnotes"),
    "script option": lambda c: c.extra_javascript[0].__setitem__("defer", False),
}


def test_a_hooks_source_is_in_the_key(project: Path, tmp_path: Path) -> None:
    """A hook (mkdocs.yml's ``hooks:``) is our code too: its file's bytes are in the key."""
    import types

    hook = tmp_path / "hook.py"
    module = types.ModuleType("hook")
    module.__file__ = str(hook)
    hook.write_text("def on_page_context(context, **kwargs):\n    return context\n", encoding="utf-8")
    first = changed(project, lambda made: made.config.__setitem__("hooks", {"hook": module}))
    assert first != inputs(project).key()
    hook.write_text("def on_page_context(context, **kwargs):\n    return {**context, 'x': 1}\n", encoding="utf-8")
    assert changed(project, lambda made: made.config.__setitem__("hooks", {"hook": module})) != first


@pytest.mark.parametrize("name", list(CONFIG_CHANGES))
def test_configuration_values_are_in_the_key(project: Path, name: str) -> None:
    assert changed(project, lambda made: CONFIG_CHANGES[name](made.config)) != inputs(project).key()


def _files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("folder", ["content", "overrides", "plugin-theme"])
def test_every_file_of_content_and_of_the_theme_folders_is_in_the_key(project: Path, folder: str) -> None:
    """content/ (hotlines, labels, site.yaml, areas, entries) and every theme folder that is not
    an installed package's: one byte more in any file changes every page's key."""
    base = inputs(project).key()
    files = _files_under(project / folder)
    assert len(files) >= 2
    if folder == "content":  # every kind of content file is among them
        names = {p.relative_to(project / folder).parts[0] for p in files}
        assert {"i18n", "services", "site.yaml"} <= names, names
    unchanged = []
    for path in files:
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        try:
            if inputs(project).key() == base:
                unchanged.append(path.relative_to(project).as_posix())
        finally:
            path.write_bytes(original)
    assert unchanged == []
    assert inputs(project).key() == base


def test_a_new_content_file_and_mkdocs_yml_are_in_the_key(project: Path) -> None:
    base = inputs(project).key()
    extra = project / "content" / "services" / "zz-moi.yaml"
    extra.write_text("name: mới\n", encoding="utf-8")
    try:
        assert inputs(project).key() != base
    finally:
        extra.unlink()
    config_file = project / "mkdocs.yml"
    original = config_file.read_bytes()
    config_file.write_bytes(original + b"\n# a comment: !ENV values are read from this file\n")
    try:
        assert inputs(project).key() != base
    finally:
        config_file.write_bytes(original)
    assert inputs(project).key() == base


def test_installed_theme_folders_are_named_by_place_and_version(project: Path) -> None:
    """Material's templates are in the process part (its version), not hashed file by file."""
    material = next(d for d in inputs(project).config.theme.dirs if "material" in Path(d).parts)
    assert theme_folder_fingerprint(material).startswith("installed:")
    assert theme_folder_fingerprint(project / "overrides").startswith("files:")


def _other_page(change: Callable[[Page], None], name: str = "b.md") -> Callable[[Inputs], None]:
    return lambda made: change(made.pages[name])


def _this_page(change: Callable[[Page], None]) -> Callable[[Inputs], None]:
    return lambda made: change(made.pages["a.md"])


def _toc(page: Page) -> None:
    page.toc.items[0].children.append(AnchorLink("Mục mới", "muc-moi", 2))


LANGUAGE_CHANGES: dict[str, Callable[[Inputs], None]] = {
    "language": lambda made: setattr(made, "language", "en"),
    "build day": lambda made: setattr(made, "build_day", dt.date(2022, 11, 21)),
    "Jinja global (CSP)": lambda made: made.globals.__setitem__("campaign_csp", "default-src 'none'"),
    "nav title of another page": _other_page(lambda p: setattr(p, "title", "Trang B (tên mới)")),
    "title of a page outside the menu": _other_page(lambda p: setattr(p, "title", "Khác"), "ngoai-menu.md"),
    "meta of another page": _other_page(lambda p: p.meta.__setitem__("icon", "material/home")),
    "meta of a page outside the menu": _other_page(lambda p: p.meta.__setitem__("status", "new"), "ngoai-menu.md"),
    "section title": lambda made: setattr(made.nav.items[1], "title", "Cán bộ"),
    "menu order": lambda made: made.nav.items[1].children.reverse(),
    "a draft elsewhere": lambda made: setattr(made.files.get_file_from_path("b.md"), "inclusion",
                                              InclusionLevel.EXCLUDED),
    "a published file more": lambda made: made.files.append(
        File("media/moi.pdf", str(made.content_dir), str(made.content_dir), False)),
    "template": lambda made: setattr(made, "template", "campaign/other.html"),
    "page content": _this_page(lambda p: setattr(p, "content", p.content + "<p>mới</p>")),
    "page title": _this_page(lambda p: setattr(p, "title", "Trang A mới")),
    "page meta (description)": _this_page(lambda p: p.meta.__setitem__("description", "Khác")),
    "page toc": _this_page(_toc),
    "canonical URL": _this_page(lambda p: setattr(p, "canonical_url", "https://other.example.net/a.html")),
    "edit URL": _this_page(lambda p: setattr(p, "edit_url", "https://git.example.net/edit/a.md")),
    "home page": _this_page(lambda p: setattr(p.file, "url", "")),
    "draft (inclusion)": _this_page(lambda p: setattr(p.file, "inclusion", InclusionLevel.EXCLUDED)),
    "context: switcher": lambda made: made.context["campaign_alternates"].append(
        Alternate("en", "English", "en/a.html", False)),
    "context: quick exit": lambda made: made.context.__setitem__("campaign_exit_href", "tab-moi.html"),
    "context: a new value": lambda made: made.context.__setitem__("campaign_new", {"x": [1, 2]}),
    "context: last updated": lambda made: made.context.__setitem__("campaign_last_updated", dt.date(2022, 1, 1)),
}


@pytest.mark.parametrize("name", list(LANGUAGE_CHANGES))
def test_language_and_page_inputs_are_in_the_key(project: Path, name: str) -> None:
    assert changed(project, LANGUAGE_CHANGES[name]) != inputs(project).key()


def test_a_context_value_that_is_not_data_leaves_the_page_uncached(project: Path) -> None:
    assert changed(project, lambda made: made.context.__setitem__("campaign_thing", object())) is None
    # the build time changes every build: no template reads it (tests/test_upgrade_guards.py)
    assert changed(project, lambda made: made.context.__setitem__(
        "build_date_utc", dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))) == inputs(project).key()


def test_the_process_part_holds_libraries_python_and_our_source(tmp_path: Path) -> None:
    package = tmp_path / "campaign_site"
    shutil.copytree(REPO / "scripts" / "campaign_site", package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    versions = [("mkdocs", "1.6.1"), ("mkdocs-material", "9.8.1"), ("Jinja2", "3.1.6")]
    base = process_parts(versions, package, "3.11.2")
    assert process_parts(versions, package, "3.11.2") == base
    assert process_parts([*versions[:2], ("Jinja2", "3.1.7")], package, "3.11.2") != base
    assert process_parts([*versions, ("pymdown-extensions", "10.0")], package, "3.11.2") != base
    assert process_parts(versions, package, "3.12.0") != base
    for module in ("plugins/campaign.py", "pages/directory.py", "locale/vi/LC_MESSAGES/campaign.po"):
        path = package / module
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert process_parts(versions, package, "3.11.2") != base, module
        path.write_bytes(original)
    (package / "plugins" / "__pycache__").mkdir()
    (package / "plugins" / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    assert process_parts(versions, package, "3.11.2") == base


def test_the_template_serves_the_stored_page_and_stores_a_rendered_one(project: Path, tmp_path: Path) -> None:
    env = jinja2.Environment(loader=jinja2.DictLoader({"main.html": "<p>{{ page.title }}</p>"}))
    env.template_class = FinishedPageTemplate
    made = inputs(project)
    pages = FinishedPages(BuildCache(tmp_path / "cache"))
    pages.start(language="vi", files=made.files, content_dir=made.content_dir, config_file=made.config_file,
                build_day=made.build_day, globals=made.globals)
    context = {**made.context, CONTEXT_KEY: pages}
    assert env.get_template("main.html").render(context) == "<p>Trang A</p>"
    assert (pages.hits, pages.misses) == (0, 1)
    assert len(entries(tmp_path / "cache", KIND)) == 1
    env.loader = jinja2.DictLoader({"main.html": "<p>changed: never rendered on a hit</p>"})
    env.cache.clear()
    assert env.get_template("main.html").render(context) == "<p>Trang A</p>"
    assert (pages.hits, pages.misses) == (1, 1)
    # without the entry in the context (404.html, the sitemap): rendered as always
    assert env.get_template("main.html").render(made.context) == "<p>changed: never rendered on a hit</p>"


def test_a_review_from_the_cache_adds_the_same_markup(tmp_path: Path) -> None:
    html = ('<html><body><div class="md-typeset x" id="top" data-md-color-scheme="default">'
            '<a href="a.html">a</a></div></body></html>')
    scanner = MarkupScanner(".md-typeset{} #top{} [data-md-color-scheme=default]{} a{} .unused{}")
    policy = PagePolicy(frozenset(), frozenset(), "default-src 'self'")
    cache = BuildCache(tmp_path / "cache")
    fresh, cold, warm = UsedMarkup(), UsedMarkup(), UsedMarkup()
    from campaign_site.postprocess.page_pass import review_page
    assert review_page(html, "a.html", policy, scanner, fresh) == []
    assert PageReviews(cache, policy, scanner).review(html, "a.html", cold) == []
    assert PageReviews(cache, policy, scanner).review(html, "a.html", warm) == []
    assert fresh == cold == warm and "md-typeset" in warm.classes
    assert len(entries(tmp_path / "cache")) == 1
    # another page, policy or vocabulary: reviewed again
    PageReviews(cache, policy, scanner).review(html + " ", "a.html", UsedMarkup())
    PageReviews(cache, policy, scanner).review(html, "b.html", UsedMarkup())
    PageReviews(cache, PagePolicy(frozenset(), frozenset(), "default-src 'none'"), scanner).review(
        html, "a.html", UsedMarkup())
    PageReviews(cache, policy, MarkupScanner(".x{}")).review(html, "a.html", UsedMarkup())
    assert len(entries(tmp_path / "cache")) == 5
    # a page with findings is never stored: it is refused every time
    bad = html.replace("</body>", "<script>alert(1)</script></body>")
    assert PageReviews(cache, policy, scanner).review(bad, "a.html", UsedMarkup())
    assert PageReviews(cache, policy, scanner).review(bad, "a.html", UsedMarkup())
    assert len(entries(tmp_path / "cache")) == 5


def test_sources_saved_during_the_build_leave_its_pages_uncached(project: Path) -> None:
    """What was loaded (content/, mkdocs.yml, the theme) may differ from what the key digests
    when a file is saved meanwhile: then no page of the build is looked up or stored."""
    made = inputs(project)
    pages = FinishedPages(BuildCache(None))
    pages.start(language="vi", files=made.files, content_dir=made.content_dir, config_file=made.config_file,
                build_day=made.build_day, globals=made.globals, unchanged=lambda: False)
    assert pages.key(made.template, made.context) is None


def test_a_stored_page_that_does_not_decompress_is_rendered_again(project: Path, tmp_path: Path) -> None:
    """Entries are Zstandard frames of the page's UTF-8; one that is not (sealed right, so the
    cache gives it back: an entry of an earlier format, a codec's bug) is rendered and replaced."""
    env = jinja2.Environment(loader=jinja2.DictLoader({"main.html": "<p>{{ page.title }} – Đắk Lắk</p>"}))
    env.template_class = FinishedPageTemplate
    made = inputs(project)
    cache = BuildCache(tmp_path / "cache")
    pages = FinishedPages(cache)
    pages.start(language="vi", files=made.files, content_dir=made.content_dir, config_file=made.config_file,
                build_day=made.build_day, globals=made.globals)
    context = {**made.context, CONTEXT_KEY: pages}
    html = env.get_template("main.html").render(context)
    key = pages.key("main.html", context)
    assert key is not None
    stored = cache.load(KIND, key)
    assert stored is not None and zstandard.ZstdDecompressor().decompress(stored) == html.encode("utf-8")
    for wrong in (zlib.compress(html.encode("utf-8"), 1), b"", stored[:-3], html.encode("utf-8")):
        cache.store(KIND, key, wrong)
        misses = pages.misses
        assert env.get_template("main.html").render(context) == html
        assert pages.misses == misses + 1  # (not served: rendered)
        assert cache.load(KIND, key) == stored

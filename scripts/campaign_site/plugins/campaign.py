"""The ``campaign`` MkDocs plugin: wires MkDocs events to the campaign modules."""

from __future__ import annotations

import html as html_lib
import posixpath
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Callable, Collection
from contextlib import nullcontext
from urllib.parse import urljoin, urlsplit
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .. import work_log
from ..pages.alternates import page_alternates
from ..content.checks import TextChecks, clean_body_digest, page_front_matter_problems
from ..content.file_names import page_name_problems
from ..content.reader import ReadError, read_markdown
from ..content.file_safety import file_problems, is_publishable
from . import jinja_speed
from .config import CampaignConfig, font_path
from ..content.loader import SiteContent, load_content
from ..content.models import Service
from ..content.errors import ContentProblem, display_path
from ..content.html_safety import (MAX_SECONDS, TooSlow, deadline, finding_problem, markdown_problems,
                                   too_slow_problem)
from ..postprocess.csp import content_security_policy, template_script_hashes, TemplateScriptError
from ..postprocess.html_policy import Finding, PagePolicy
from ..postprocess.page_pass import review_page
from ..pages.markdown import CampaignMarkdown, caption_prefixes, site_markdown
from ..dates import build_date
from ..exports.site_data import write_language_data, write_site_data
from .i18n import CampaignI18nPlugin
from ..pages.neutral import write_neutral_page
from ..pages import not_found
from ..urls import language_prefix, neutral_url, placeholder_notice, public_base_url
from ..search.index import SearchEntry, collect, entry, index_path, write_language_index
from ..search.text import PageText
from ..pages.fallback import wrap_fallback_content
from ..languages import shown_language
from ..pages.partial import partial_notice
from ..pages.directory import hotlines
from ..content.types import list_templates
from ..pages.registry import PRINTABLE_LISTS, PageRenderer, all_pages
from ..pages.registry import LEAD_TEMPLATES
from ..pages.site_footer import content_last_updated
from ..pages.spec import GeneratedPage, markdown_text
from ..pages.build_cache import BuildCache
from ..pages.body_cache import RenderInputs, render_cached
from ..pages.qr import public_url, qr_block
from ..pages.share import ShareMeta, core_first, share_image, share_image_path
from .build_warnings import ProblemsFound
from .finished_pages import CONTEXT_KEY as FINISHED_PAGE, FinishedPages, FinishedPageTemplate
from .twin_pages import CONTEXT_KEY as TWIN_PAGES, TwinPages
from .page_reviews import PageReviews
from .page_bodies import content_findings_once, render_page, search_text, untranslated_marks
from .preview import Stamp, mark_changed_pages, source_stamp
from .process_shared import (await_shared, bodies_written, markdown_key, note_clean_body, note_written_page,
                             shared_content, shared_generated_page, shared_page, shared_text_checks, shared_written,
                             text_checks_elsewhere, twin_part)
from ..exports.sitemap import write_sitemap
from ..postprocess.css_purge import MarkupScanner, UsedMarkup
from ..postprocess.stylesheets import save_used_markup, theme_scanner, write_site_stylesheet
from .theme_files import remove_unused_theme_files
from .template_helpers import ThemeStrings
from .theme_languages import write_fallback_partials
from .palette import palette_css, palette_problems, resolve as resolve_palette

log = get_plugin_logger(__name__)

# written from the configured palette into the plugin's theme folder (plugins/palette.py)
PALETTE_STYLESHEET = "assets/stylesheets/campaign-palette.css"


def _line_of(finding: Finding, text: str) -> int:
    """The first line of ``text`` mentioning what ``finding`` found (1 when none does)."""
    needle = finding.needle
    for number, line in enumerate(html_lib.unescape(text).splitlines(), start=1):
        if needle and needle in line.lower():
            return number
    return 1


def find_i18n_plugin(config: MkDocsConfig) -> CampaignI18nPlugin:
    """The ``campaign-i18n`` plugin instance configured for the site."""
    for plugin in config.plugins.values():
        if isinstance(plugin, CampaignI18nPlugin):
            return plugin
    raise PluginError(
        "The 'campaign' plugin needs the 'campaign-i18n' plugin in mkdocs.yml "
        "(it replaces static-i18n's 'i18n', accepting codes such as rad, jra, mng)."
    )


def _theme_folder(config: MkDocsConfig) -> Path | None:
    """The site's own theme folder (``theme.custom_dir``), whose files are published too."""
    return Path(config.theme.custom_dir) if config.theme.custom_dir else None


def find_campaign_plugin(config: MkDocsConfig) -> "CampaignPlugin":
    """The ``campaign`` plugin instance configured for the site."""
    for plugin in config.plugins.values():
        if isinstance(plugin, CampaignPlugin):
            return plugin
    raise PluginError("The 'campaign' plugin is not in mkdocs.yml's plugins.")


def _refuse_content(problems: list[ContentProblem]) -> None:
    """Stop the build when the content has ``problems`` (:class:`ProblemsFound` listing them all)."""
    if problems:
        problems = sorted(problems)
        listing = "\n".join(f"  {problem}" for problem in problems)
        raise ProblemsFound(
            f"{len(problems)} problem(s) in the content; nothing was published:\n"
            f"{listing}\nRun `campaign-site check` for details.", problems)


def _check_beside(checks: TextChecks, docs: Path, root: Path) -> Callable[[Collection[str]], None]:
    """The text checks of a parallel build's own process, while its language processes build:
    all but the conversion of Markdown bodies, which the language processes convert anyway
    (:meth:`CampaignPlugin._note_clean_body`); returns what converts those they did not find
    clean (given the digests they found clean). Anything found refuses the content with every
    problem of the text checks, bodies converted, as :meth:`TextChecks.problems` would."""
    bodies = checks.start(docs, root)
    if bodies.found:
        _refuse_content(bodies.finish())
    return lambda clean: _refuse_content(bodies.finish(clean))


class CampaignPlugin(BasePlugin[CampaignConfig]):
    """Campaign pages, labels and fallbacks on top of Material and static-i18n."""

    def __init__(self) -> None:
        self.i18n: CampaignI18nPlugin | None = None
        self.content: SiteContent | None = None
        self.generated: dict[str, tuple[GeneratedPage, str]] = {}
        # table captions and links to other hosts, on Markdown's tree
        self.markdown = CampaignMarkdown()
        # what finished pages may run and load (from our templates, once per build)
        self.page_policy: PagePolicy | None = None
        self.hotlines: list[Service] = []
        self.env: Environment | None = None
        self._theme_dir: Path | None = None
        # languages whose theme strings fall back to fallback_language
        self.theme_fallbacks: set[str] = set()
        # language -> page URL -> entry (kept between live-preview rebuilds)
        self.search_entries: dict[str, dict[str, SearchEntry]] = {}
        self.page_urls: dict[str, set[str]] = {}
        # the Markdown extensions and options as text (the key of converted bodies), per language
        self._markdown_settings = ""
        # tables without a caption in the page just converted
        self._uncaptioned = 0
        # src_uri → (the body on_page_content returned, the search text of its own text)
        self._page_text: dict[str, tuple[str, PageText]] = {}
        # template fragments that are the same on many pages of a language (the menu), by key
        self._fragments: dict[object, str] = {}
        # what collection templates depend on besides the page (pages/body_cache.py): the
        # sources' stamp taken before the content was loaded, and the digests made after
        self._render_stamp: Stamp | None = None
        self._render_inputs: RenderInputs | None = None
        # the footer's last-updated day of self.content (content, day)
        self._last_updated: tuple[SiteContent, object] | None = None
        # live preview: `serve` (unpurged stylesheet, no sitemap), `--dirty`
        # (only changed pages); what the last successful load read
        self.serving = False
        self.dirty = False
        self.content_changed = True
        self._stamp: Stamp | None = None
        self._text_checks: TextChecks | None = None
        # front matter of each page as our reader read it (src_uri → fields)
        self._front_matter: dict[str, dict] = {}
        # what the pages use of the theme's CSS (the stylesheet keeps just that)
        self.scanner: MarkupScanner | None = None
        self.used_markup = UsedMarkup()
        # link-preview images already drawn: (title, site name) → PNG bytes
        self._share_images: dict[tuple[str, str], bytes] = {}
        # their font files, looked up once a build (None: not yet)
        self._share_fonts: tuple[Path, ...] | None = None
        # QR codes and link-preview images of earlier builds (cache_dir)
        self.build_cache = BuildCache(None)
        # finished pages and their reviews of earlier builds (None: no cache folder)
        self.finished_pages: FinishedPages | None = None
        self.twin_pages: TwinPages | None = None
        self.reviews: PageReviews | None = None
        # set by a parallel build for its language processes: the stylesheet,
        # which depends on every language's pages, is written after the merge
        self.one_of_parallel_languages = False
        # site_url when it is a placeholder (binhdanggioi.example): MkDocs gets none
        self.placeholder_url: str | None = None
        # set by a parallel build for its own process's `config` event: the glyph and
        # unsafe-Markdown checks are left in pending_text_checks (raising ProblemsFound as
        # `config` would) to run while the language processes build
        self.defer_text_checks = False
        self.pending_text_checks: Callable[[], Callable[[Collection[str]], None]] | None = None
        # a language process of such a build: each page's body as read (src_uri → Markdown) and
        # the seconds its conversion took, to tell that process which bodies were found clean
        self._read_bodies: dict[str, str] = {}
        self._render_seconds: dict[str, float] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    @property
    def fallback_language(self) -> str:
        """Language shown where a translation (of a page, a text, a label) is missing."""
        assert self.i18n is not None
        return self.i18n.site_languages.fallback

    @property
    def everything_changes(self) -> bool:
        """A full build, or a preview rebuild after content, theme or config changed."""
        return not self.dirty or self.content_changed

    @property
    def language(self) -> str:
        """The language being built now."""
        assert self.i18n is not None
        return self.i18n.language

    # Load and validate content once, and make theme strings available for
    # every language before any other plugin (search) renders a template.
    @event_priority(100)
    def _load(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.config.enabled:
            return config
        self.i18n = find_i18n_plugin(config)
        # No placeholder address reaches a reader: without a real public address
        # MkDocs (canonical links), Material, the sitemap, structured data and the
        # QR codes of printed pages all see no site_url at all.
        if not getattr(self.i18n, "building", False):
            self.placeholder_url = None
        if config.site_url and public_base_url(config.site_url) is None:
            self.placeholder_url, config.site_url = config.site_url, None
        # MkDocs reuses plugin instances across builds in one process (serve,
        # tests): a top-level build starts afresh, language by language, and
        # reloads the content only if a source changed since the last load.
        top_level = not self.i18n.building_others
        root = Path(config.config_file_path).parent / self.config.content_dir
        self.build_cache = BuildCache(
            Path(config.config_file_path).parent / self.config.cache_dir if self.config.cache else None)
        if top_level:
            stamp = source_stamp(self._sources(config))
            # (taken before the content is loaded: collection templates' cache key is used only
            # if nothing changed between loading and digesting it)
            self._render_stamp, self._render_inputs = stamp, None
            self.used_markup = UsedMarkup()
            if self.scanner is None:
                self.scanner = theme_scanner(config.theme.dirs)
            self.content_changed = stamp != self._stamp or self.content is None
            if self.content_changed:
                self.content, self._stamp = None, None
        languages = self.i18n.site_languages
        write_theme = self._theme_dir is None  # a new theme folder, or new labels (below)
        if self._theme_dir is None:
            self._theme_dir = Path(tempfile.mkdtemp(prefix="campaign-theme-"))
        # the palette's CSS is a theme file of its own: every language's build copies it
        palette_file = self._theme_dir / PALETTE_STYLESHEET
        palette_file.parent.mkdir(parents=True, exist_ok=True)
        palette_file.write_text(palette_css(resolve_palette(self.config.palette)[0]), encoding="utf-8")
        if str(self._theme_dir) not in config.theme.dirs:
            # after the custom dir (user overrides win), before Material's own
            position = 1 if config.theme.custom_dir else 0
            config.theme.dirs.insert(position, str(self._theme_dir))
        if self.content is None:
            self.content = shared_content(root, list(languages.codes), languages.default, load_content,
                                          self.build_cache if self.build_cache.folder else None)
            self.markdown.caption_prefixes = caption_prefixes(self.content)
            self.hotlines = hotlines(self.content)  # the strip on every page
            write_theme = True
        if write_theme:
            # theme strings (the labels' translations of Material's) follow the labels
            custom = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
            labels = self.content.labels
            self.theme_fallbacks = set(write_fallback_partials(
                list(languages.built), languages.fallback, self._theme_dir, custom,
                {code: text.theme for code, text in labels.items()},
                labels[languages.default].theme if languages.default in labels else {}))
        self.markdown.site_url = config.site_url
        if self.markdown not in config.markdown_extensions:
            config.markdown_extensions.append(self.markdown)
        if top_level:
            self.page_policy = self._page_policy(config)
            try:
                ZoneInfo(self.config.timezone)
            except (ZoneInfoNotFoundError, ValueError):
                raise PluginError(f"mkdocs.yml: plugins: campaign: timezone: unknown time zone "
                                  f"'{self.config.timezone}'; expected an IANA name such as Asia/Ho_Chi_Minh") from None
            fonts = font_path(config, self.config.font_file)
            self._text_checks = shared_text_checks(fonts, Path(config.config_file_path))
            self._text_checks.markdown = site_markdown(config.markdown_extensions, config.mdx_configs)
            self._text_checks.cache = self.build_cache
            self._text_checks.markdown_key = self._markdown_key(config)
            docs = Path(config.docs_dir)
            problems = (self.content.problems + page_name_problems(docs, languages)
                        + page_front_matter_problems(docs, shared_page)
                        + file_problems(docs, root, _theme_folder(config))
                        + palette_problems(Path(config.config_file_path), self.config.palette))
            text_checks = self._text_checks
            self.pending_text_checks = None
            if text_checks_elsewhere():
                pass  # a language process: the build's own process runs them meanwhile
            elif self.defer_text_checks and not problems:
                # a parallel build's own process: run them while the language processes build
                self.pending_text_checks = lambda: _check_beside(text_checks, docs, root)
            else:
                problems += text_checks.problems(docs, root)
            _refuse_content(problems)
            self._stamp = stamp
        return config

    def _page_policy(self, config: MkDocsConfig) -> PagePolicy:
        """Our scripts: inline ones hashed from the templates, files from ``extra_javascript``."""
        templates = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        try:
            hashes = template_script_hashes(templates)
        except TemplateScriptError as error:
            raise PluginError(str(error)) from error
        files = frozenset(str(getattr(script, "path", script)).lstrip("/") for script in config.extra_javascript)
        # the live preview's reload script is inline: allowed there only, never in a build
        return PagePolicy(hashes, files, content_security_policy(hashes, preview=self.serving),
                          base_path=urlsplit(config.site_url or "").path or "/")

    # The Content-Security-Policy, the same on every page, for the templates.
    # (MkDocs sends `env` once every page is read and converted, before the templates.)
    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        self._share_bodies()
        env.globals["campaign_once"] = self._once
        env.globals["campaign_once_in_folder"] = self._once_in_folder
        jinja_speed.install(env)
        ThemeStrings(env).install()
        if self.config.enabled and self.page_policy is not None:
            env.globals["campaign_csp"] = self.page_policy.csp
        if self.config.enabled:
            self._share_fonts = None  # a preview may have new font files
            env.bytecode_cache = self.build_cache.jinja("theme")
            self._start_page_caches(env, config, files)
            self._start_twin_pages(env)
        return env

    def _start_twin_pages(self, env: Environment) -> None:
        """This language's part in making twin languages' pages (plugins/twin_pages.py), when a
        parallel build gave it one."""
        twin, done = twin_part()
        self.twin_pages = None
        if twin is not None and self.one_of_parallel_languages and twin.language == self.language:
            self.twin_pages = TwinPages(twin, self.i18n.site_languages.default, done)
            env.template_class = FinishedPageTemplate

    def _share_bodies(self) -> None:
        """The default language's process of a parallel build: its page bodies and their search
        texts written to the build cache now, not with later batches, and the build told so (it
        starts the other languages, which show them: ``publish/schedule.py``). The first language
        showing only the default's likewise writes the collection bodies and search texts the
        later ones share (``process_shared.shared_written``)."""
        if not (self.config.enabled and self.one_of_parallel_languages and self.i18n is not None):
            return
        self.build_cache.write_pending()
        if self.language == self.i18n.site_languages.default:
            work_log.note("bodies-written", self.language)
            bodies_written()
        shared_written()

    def _start_page_caches(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        """Finished pages and their reviews from earlier builds (plugins/finished_pages.py,
        plugins/page_reviews.py), where the build cache has a folder (previews too: the key
        holds the preview's own policy, and drafts are keyed by their inclusion)."""
        self.finished_pages = self.reviews = None
        if self.build_cache.folder is None or self.content is None:
            return
        self.finished_pages = FinishedPages(self.build_cache)
        self.finished_pages.start(
            language=self.language, files=files, content_dir=self.content.root,
            config_file=Path(config.config_file_path), build_day=build_date(self.config.today),
            globals=env.globals,
            unchanged=lambda: (self._render_stamp is not None
                               and source_stamp(self._sources(config)) == self._render_stamp))
        env.template_class = FinishedPageTemplate
        self.reviews = PageReviews(self.build_cache, self.page_policy, self.scanner if not self.serving else None)

    @event_priority(-110)
    def _per_language_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.config.enabled or self.i18n is None:
            return config
        # one sitemap (ours, written after all languages) instead of one per
        # language overwriting the last; a 404 page per language (on_post_template)
        config.theme.static_templates.discard("sitemap.xml")
        config.theme.static_templates.add(not_found.TEMPLATE)
        return config

    def _sources(self, config: MkDocsConfig) -> list[Path]:
        """What a build reads besides ``docs/``: ``content/``, ``mkdocs.yml``, the theme's own folder."""
        project = Path(config.config_file_path)
        return [project.parent / self.config.content_dir, project, *([_theme_folder(config)] if config.theme.custom_dir else [])]

    def _markdown_key(self, config: MkDocsConfig) -> str:
        """The Markdown extensions and options as text, with our extension's settings (the site's
        address and the caption words): the key of converted bodies and of text checks."""
        return markdown_key(config.markdown_extensions, config.mdx_configs,
                            {"site_url": config.site_url, "captions": list(self.markdown.caption_prefixes)})

    def _collection_inputs(self, config: MkDocsConfig) -> RenderInputs | None:
        """The digests of :mod:`..pages.body_cache` for this build, ``None`` (render every time)
        without a cache or when a source changed since the content was loaded."""
        if self.build_cache.folder is None or self._render_stamp is None:
            return None
        if self._render_inputs is None:
            inputs = RenderInputs.of(Path(config.config_file_path).parent / self.config.content_dir,
                                     config.theme.dirs, Path(config.config_file_path))
            if source_stamp(self._sources(config)) != self._render_stamp:
                self._render_stamp = None  # changed meanwhile: this build renders them all
                return None
            self._render_inputs = inputs
        return self._render_inputs

    on_config = CombinedEvent(_load, _per_language_config)

    # Collection pages are added after static-i18n arranged the files for the
    # language being built: each is written directly in (or for) that language.
    @event_priority(-110)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if not self.config.enabled or self.content is None:
            return files
        self.generated = {}
        # the themes' sitemap templates (ours is written after the build, or not
        # at all without a public address) would otherwise be copied unrendered
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            theme_file = files.get_file_from_path(name)
            if theme_file is not None:
                files.remove(theme_file)
        if self.everything_changes:
            self.search_entries[self.language] = {}
        # page bodies are rendered before MkDocs builds its own environment
        self.env = config.theme.get_env()
        # every value from content or labels is text: escaped unless marked as markup
        self.env.autoescape = True
        self.env.bytecode_cache = self.build_cache.jinja("autoescape")
        self.env.globals["campaign_once"] = self._once  # (resource cards: campaign/_macros.html)
        jinja_speed.install(self.env)
        default = self.i18n.site_languages.default
        prefix = language_prefix(self.language, default)
        for spec in all_pages(self.content):
            text_language = spec.text_language(self.language, default)
            uri = prefix + spec.neutral_uri
            files.append(File.generated(config, uri, content=spec.markdown(self.language, default)))
            self.generated[uri] = (spec, text_language)
        if self.language == default:
            media = self.content.media_dir
            for path in sorted(p for p in media.rglob("*")
                               if not p.name.startswith(".")
                               and is_publishable(p, [self.content.root, Path(config.docs_dir)])):
                uri = f"media/{path.relative_to(media).as_posix()}"
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        self.page_urls[self.language] = {file.url for file in files.documentation_pages()}
        self._markdown_settings = self._markdown_key(config)
        self._page_text = {}
        self._fragments = {}
        if self.dirty:
            mark_changed_pages(files, self.content_changed)
        return files


    # One reader of front matter for content and pages alike (every value as
    # typed, NFC, no BOM or CRLF surprises): MkDocs gets the body only, after a
    # blank line so that it finds no metadata of its own, and the fields read
    # here become the page's meta below.
    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        file = page.file
        try:
            if file.abs_src_path:
                source = shared_page(Path(file.abs_src_path))  # read once per build (process_shared)
            else:
                source = shared_generated_page(file.content_string, Path(file.src_uri))
        except ReadError as error:
            raise ProblemsFound(str(error.problem), [error.problem]) from None
        self._front_matter[file.src_uri] = source.data
        if text_checks_elsewhere():
            self._read_bodies[file.src_uri] = source.body
        return "\n" + source.body

    # All text is compared, searched and rendered in one normal form (NFC), so
    # text typed on different keyboards (composed or decomposed) looks and
    # searches the same.
    @event_priority(100)
    def on_page_markdown(self, markdown: str, page: Page, **kwargs) -> str:
        if not self.config.enabled:
            return markdown
        page.meta = self._front_matter.pop(page.file.src_uri, page.meta)
        # converted once for all languages showing the same Markdown (plugins/page_bodies.py)
        page.render = lambda config, files: self._render(page, config, files)
        return unicodedata.normalize("NFC", markdown)

    def _render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        started = time.process_time()  # CPU time, as the checks' limit counts it (html_safety.deadline)
        # where the text checks convert only what the pages did not (_note_clean_body), a page
        # gets the time they give a file: a text made to convert for minutes stops the build
        with deadline(MAX_SECONDS) if text_checks_elsewhere() else nullcontext():
            try:
                self._uncaptioned = render_page(page, config, files, self.build_cache, self._markdown_settings,
                                                lambda: self.markdown.uncaptioned)
            except TooSlow:
                path, _, first = self._body_start(page)
                self._refuse(page, [too_slow_problem(page.markdown or "", path, first)])
        self._render_seconds[page.file.src_uri] = time.process_time() - started

    # Collection pages get their template around the body; hand-written pages
    # asking for a list get it appended. A page shown in the fallback language
    # says so, and its content carries that language for screen readers.
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, **kwargs) -> str:
        if not self.config.enabled or self.i18n is None or self.content is None:
            return html
        # what the page's Markdown rendered to, before our templates: content only
        findings = content_findings_once(html, self.build_cache)
        if findings:
            self._refuse(page, self._content_problems(page, config, findings))
        if text_checks_elsewhere():
            self._note_clean_body(page, html)
        page_language = self.language
        text_language = self._text_language(page)
        if text_language != page_language:
            self._name_original_canonical(page, config, text_language)
        renderer = self._renderer(page)
        inputs = self._collection_inputs(config)
        printable = False
        if page.file.src_uri in self.generated or page.meta.get("campaign_list") or page.meta.get("campaign_lead"):
            # a later language of those showing only the default's: the first one's, then looked for again
            if await_shared(page_language):
                self.build_cache.written_elsewhere()
        if page.file.src_uri in self.generated:
            spec, _ = self.generated[page.file.src_uri]
            heading, found, body = html.partition("</h1>")
            extra = render_cached(renderer, spec.template, spec.context, inputs, self.build_cache)
            html = f"{heading}</h1>\n{extra}\n{body}" if found else f"{extra}\n{html}"
            printable = spec.printable
        elif name := page.meta.get("campaign_list"):
            lists = list_templates()
            if name not in lists:
                raise PluginError(
                    f"{page.file.src_path}: campaign_list: unknown list '{name}'; "
                    f"expected one of {', '.join(lists)}"
                )
            html += "\n" + render_cached(renderer, lists[name], {}, inputs, self.build_cache)
            printable = name in PRINTABLE_LISTS
        if lead := page.meta.get("campaign_lead"):
            if lead not in LEAD_TEMPLATES:
                raise PluginError(
                    f"{page.file.src_path}: campaign_lead: unknown block '{lead}'; "
                    f"expected one of {', '.join(LEAD_TEMPLATES)}"
                )
            heading, found, body = html.partition("</h1>")
            block = render_cached(renderer, LEAD_TEMPLATES[lead], {}, inputs, self.build_cache)
            html = f"{heading}</h1>\n{block}\n{body}" if found else f"{block}\n{html}"
        # the body's searchable text: without the QR code, which only paper shows (and the search text
        # skips): the same for every language showing this body in its original's (its address is not)
        searchable = html
        if printable and (base := public_base_url(config.site_url)):
            html += "\n" + qr_block(public_url(base, page.url), renderer.view.t("common.page_print_url"),
                                   self.build_cache)
        prefixes = self.markdown.caption_prefixes
        uncaptioned = self._uncaptioned
        if uncaptioned and prefixes:
            log.warning(
                f"{page.file.src_path}: {uncaptioned} table(s) without a caption; write a line "
                f"such as '{prefixes[0]} 1. What the table shows.' right above each table"
            )
        if text_language == page_language:
            html = self._mark_untranslated(html, page, config, page_language)
            self._note_search_text(page, html, html)
            return html
        # the notice around a fallback copy is never searchable: its text is its original's
        wrapped = wrap_fallback_content(html, page_language, self.content.labels, text_language)
        self._note_search_text(page, wrapped, searchable)
        return wrapped

    def _note_clean_body(self, page: Page, html: str) -> None:
        """Tell the build's own process (``process_shared.note_clean_body``) that the body of the
        page just converted, ``html`` without any content finding, is clean, when what was
        converted is exactly what its text checks would convert (``content.checks.rendered_body_digests``):
        the body as read (a generated page: its title's heading line, then its entry's body),
        by this converter, in less time than the checks allow one file (``MAX_SECONDS``)."""
        uri = page.file.src_uri
        body, seconds = self._read_bodies.pop(uri, None), self._render_seconds.pop(uri, None)
        if body is None or seconds is None or seconds >= MAX_SECONDS or html is not page.content:
            return
        if uri in self.generated:
            spec, _ = self.generated[uri]
            default = self.i18n.site_languages.default
            entry = spec.body.text(self.language, default) if spec.body else ""
            heading = "# " + markdown_text(spec.title.text(self.language, default))
            # (one line of escaped text: nothing in it opens a block that would take in the body)
            if entry and "\n" not in heading and page.markdown == f"{heading}\n\n{entry}":
                note_clean_body(clean_body_digest("entry", self._markdown_settings, entry))
        elif page.markdown == body.strip("\n"):  # (MkDocs drops the blank lines around a body)
            note_clean_body(clean_body_digest("page", self._markdown_settings, body))

    def _note_search_text(self, page: Page, body: str, text_body: str) -> None:
        """Keep the search text of ``text_body`` for ``body``, the page's body from on_page_content."""
        self._page_text[page.file.src_uri] = (
            body, search_text(unicodedata.normalize("NFC", text_body), self.build_cache))

    def _name_original_canonical(self, page: Page, config: MkDocsConfig, text_language: str) -> None:
        """A fallback copy names its original (the page in ``text_language``) as canonical.

        No canonical at all without a real public address.
        """
        default = self.i18n.site_languages.default
        original = language_prefix(text_language, default) + neutral_url(page.url, self.language, default)
        base = public_base_url(config.site_url)
        page.canonical_url = urljoin(base, original) if base else None

    def _mark_untranslated(self, html: str, page: Page, config: MkDocsConfig, page_language: str) -> str:
        """A translated page: the parts still in the source language marked, with a notice."""
        assert self.i18n is not None and self.content is not None
        default = self.i18n.site_languages.default
        path = Path(page.file.abs_src_path or "")
        if page_language == default or page.file.src_uri in self.generated or not path.is_file():
            return html
        base, language = self.i18n.site_languages.split(path.name)
        source = path.with_name(f"{base}{path.suffix}")
        if language != page_language or not source.is_file():
            return html
        # the source's text blocks only: without our table captions and link checks
        extensions = [ext for ext in config.markdown_extensions if not isinstance(ext, CampaignMarkdown)]
        marked = untranslated_marks(html, read_markdown(source).body, default,
                                    lambda: site_markdown(extensions, config.mdx_configs),
                                    self._markdown_settings, self.build_cache)
        if not marked.untranslated:
            return html
        return partial_notice(page_language, self.content.labels, default, marked) + "\n" + marked.html

    def _renderer(self, page: Page | None, url_base: str = "") -> PageRenderer:
        assert self.env is not None and self.content is not None
        return PageRenderer(
            self.env, self.content, self.language,
            page.url if page else "", extra={"canonical_url": page.canonical_url if page else None},
            url_base=url_base,
        )

    def _text_language(self, item: object) -> str:
        """Language the text of a page or nav item is in (a missing translation's fallback)."""
        file = getattr(item, "file", None)
        if file is None:
            return self.language
        if file.src_uri in self.generated:
            return self.generated[file.src_uri][1]
        return self.i18n.text_language(file, self.language)

    def _interface_languages(self) -> dict[str, object]:
        """Languages of the interface strings, for `lang` where they differ from the page's."""
        default = self.i18n.site_languages.default
        own_name = any(lang.locale == self.language and lang.site_name for lang in self.i18n.config.languages)
        return {
            "campaign_ui_lang": self.fallback_language if self.language in self.theme_fallbacks else self.language,
            "campaign_site_name_lang": self.language if own_name or self.language == default else default,
            "campaign_text_lang": self._text_language,
        }

    def _safety_context(self, renderer: PageRenderer, page_url: str) -> dict[str, object]:
        """What every page shows: language switcher, quick exit, hotlines, safety page link."""
        languages = self.i18n.site_languages
        return {
            **self._interface_languages(),
            "campaign_alternates": page_alternates(
                page_url, self.language, [(lang.code, lang.name) for lang in languages.published],
                languages.default),
            "campaign_hotlines": self.hotlines,
            "campaign_view": renderer.view,
            "campaign_exit_href": self.config.quick_exit_url or renderer.asset(self.config.neutral_page),
            "campaign_safety_url": renderer.link(self.config.safety_page),
            # the footer's owner block (content/site.yaml) and last-updated day
            "campaign_site_info": self.content.site,
            "campaign_last_updated": self._content_last_updated(),
        }

    def _content_last_updated(self) -> object:
        if self._last_updated is None or self._last_updated[0] is not self.content:
            self._last_updated = (self.content, content_last_updated(self.content))
        return self._last_updated[1]

    def _once(self, key: object, caller) -> str:
        """A template's ``{% call campaign_once(key) %}…{% endcall %}``: the block rendered once per
        language build for each ``key`` (``none``: every time)."""
        if key is None:
            return caller()
        if key not in self._fragments:
            self._fragments[key] = caller()
        return self._fragments[key]

    @pass_context
    def _once_in_folder(self, context: Context, name: str, caller) -> str:
        """A template's ``{% call campaign_once_in_folder(name) %}…{% endcall %}``: the block
        rendered once per language build for each folder of pages (``name`` tells blocks apart).

        For parts of the page shell that depend on the page only through its folder (relative
        links, MkDocs' ``url`` filter and ``base_url``) and otherwise on things that are the same
        for the whole language build (config, labels, content). Without a page (the 404 page):
        rendered every time."""
        page = context.get("page")
        if not isinstance(page, Page):
            return caller()
        return self._once(("folder", name, posixpath.dirname(page.url)), caller)

    @staticmethod
    def _nav_key(page: Page, nav) -> tuple[str, str]:
        """What the menu of ``page`` depends on besides the language: its folder (links are
        relative) and, for a page in the menu, the page itself (its entry is the open one,
        with its table of contents)."""
        in_menu = nav is not None and any(getattr(item, "active", False) for item in nav.items)
        return posixpath.dirname(page.url), page.url if in_menu else ""

    def _toc_key(self, page: Page) -> tuple[object, ...] | None:
        """What the table of contents of ``page`` depends on besides the language build: its
        headings (title, address, level, nested ones) and the language they are in. ``None``
        (rendered for the page) when a heading carries more than these (Material's ``typeset``)."""
        def items(links) -> tuple[object, ...] | None:
            key = []
            for link in links:
                children = items(link.children)
                if children is None or getattr(link, "typeset", None) is not None:
                    return None
                key.append((link.title, link.url, link.level, children))
            return tuple(key)

        headings = items(page.toc or [])
        return None if headings is None else ("toc", self._text_language(page), headings)

    # Language versions of this page for the switcher, derived from the page
    # URL (not from static-i18n's cross-language state), and the hotlines.
    def on_page_context(self, context, page: Page, config: MkDocsConfig, **kwargs):
        if not self.config.enabled or self.i18n is None or self.content is None:
            return context
        context.update(self._safety_context(self._renderer(page), page.url))
        context["campaign_nav_key"] = self._nav_key(page, context.get("nav"))
        context["campaign_toc_key"] = self._toc_key(page)
        context["campaign_search_index"] = index_path(self.language)
        body, text = self._page_text.pop(page.file.src_uri, (None, None))
        self.search_entries.setdefault(self.language, {})[page.url] = (
            entry(page.url, page.title or "", text) if text is not None and body is page.content
            else collect(page.url, page.title or "", page.content or ""))  # changed since on_page_content
        context["campaign_share"] = self._share_meta(page, config)
        if self.finished_pages is not None:
            context[FINISHED_PAGE] = self.finished_pages  # the template returns the stored page
        if self.twin_pages is not None:
            context[TWIN_PAGES] = self.twin_pages  # the template keeps the page, or makes it from its twin's
        return context

    # The 404 page of the language being built: the same safety bar, links
    # root-absolute (MkDocs' base_url for error pages), no search.
    def on_template_context(self, context, template_name: str, config: MkDocsConfig):
        if not self.config.enabled or self.content is None or template_name != not_found.TEMPLATE:
            return context
        default = self.i18n.site_languages.default
        renderer = self._renderer(None, url_base=context["base_url"])
        context.update(self._safety_context(renderer, language_prefix(self.language, default) + "index.html"))
        context["campaign_not_found"] = not_found.not_found_links(renderer, default, self.content.labels)
        return context

    # Link previews (Open Graph, Twitter cards): a 1200×630 image per page in
    # its language; a fallback copy shows its original's (drawn by that language).
    def _share_meta(self, page: Page, config: MkDocsConfig) -> ShareMeta:
        default = self.i18n.site_languages.default
        shown = self._text_language(page)
        path = share_image_path(neutral_url(page.url, self.language, default), language_prefix(shown, default))
        title = config.site_name if page.is_homepage else Markup(page.title or "").striptags() or config.site_name
        if shown == self.language:
            key = (title, config.site_name)
            if key not in self._share_images:
                if self._share_fonts is None:
                    self._share_fonts = core_first(font_path(config, self.config.share_font) or [])
                self._share_images[key] = share_image(*key, self._share_fonts, self.build_cache)
            target = Path(config.site_dir) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(self._share_images[key])
        return ShareMeta.of_page(
            title, page.meta.get("description") or config.site_description or "", config.site_name,
            self.language, page.url, page.canonical_url, path, public_base_url(config.site_url),
        )

    # Last step for every page, one parse: nothing runs or loads but ours, and
    # what the page uses of the theme's CSS (not while previewing).
    @event_priority(-90)
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if not self.config.enabled:
            return output
        findings = self._review(output, page.file.dest_uri)
        if findings:
            path, text = self._source_text(page)
            self._refuse(page, [finding_problem(f, path, _line_of(f, text)) for f in findings])
        if self.one_of_parallel_languages:  # (what the sitemap needs to know of it: publish.build)
            note_written_page(page.file.dest_uri, shown_language(output) is not None)
        return output

    @event_priority(-90)
    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        if not self.config.enabled or not template_name.endswith(".html"):
            return output
        findings = self._review(output, template_name)
        if findings:
            listing = "\n".join(f"  {template_name}: {finding_problem(f, template_name, 1).message}" for f in findings)
            raise PluginError(f"{len(findings)} problem(s) in a page of the theme; nothing was published:\n{listing}")
        if template_name == not_found.TEMPLATE and self.i18n is not None:
            path = not_found.not_found_path(self.language, self.i18n.site_languages.default)
            if path != template_name:  # MkDocs writes only the site root's
                target = Path(config.site_dir) / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(output, encoding="utf-8")
                return ""  # nothing for MkDocs to write over the default language's
        return output

    def _review(self, html: str, page_path: str) -> list[Finding]:
        if self.reviews is not None:
            return self.reviews.review(html, page_path, self.used_markup)
        scanner = self.scanner if not self.serving else None
        return review_page(html, page_path, self.page_policy, scanner, self.used_markup)

    def _refuse(self, page: Page, problems: list[ContentProblem]) -> None:
        listing = "\n".join(f"  {problem}" for problem in sorted(problems))
        raise ProblemsFound(
            f"{len(problems)} problem(s) in {page.file.src_uri}; nothing was published:\n"
            f"{listing}\nRun `campaign-site check` for details.", problems)

    def source_of(self, src_uri: str) -> Path | None:
        """The file a generated page's text comes from (its entry's), ``None`` for other pages."""
        if src_uri not in self.generated:
            return None
        spec, _ = self.generated[src_uri]
        entry = next((value for value in spec.context.values() if getattr(value, "source_path", "")), None)
        return Path(entry.source_path) if entry is not None else None

    def _source_text(self, page: Page) -> tuple[str, str]:
        """(path as shown, text) of the file a page comes from (a generated page: its entry's file)."""
        if page.file.src_uri in self.generated:
            spec, _ = self.generated[page.file.src_uri]
            entry = next((value for value in spec.context.values() if getattr(value, "source_path", "")), None)
            if entry is not None:
                path = Path(entry.source_path)
                return entry.source_path, path.read_text(encoding="utf-8") if path.is_file() else ""
            return page.file.src_uri, page.markdown or ""
        if page.file.abs_src_path and Path(page.file.abs_src_path).is_file():
            path = Path(page.file.abs_src_path)
            return display_path(path), path.read_text(encoding="utf-8")
        return page.file.src_uri, page.markdown or ""

    def _body_start(self, page: Page) -> tuple[str, str, int]:
        """(path as shown, text, line where the page's Markdown starts) of the file a page comes from."""
        path, text = self._source_text(page)
        body = page.markdown or ""
        start = unicodedata.normalize("NFC", text).rfind(body) if body else -1
        return path, text, text.count("\n", 0, start) + 1 if start >= 0 else 1

    def _content_problems(self, page: Page, config: MkDocsConfig, findings: list[Finding]) -> list[ContentProblem]:
        """The problems of a page's Markdown, each at its line (``check`` finds them the same way)."""
        path, text, first = self._body_start(page)
        converter = site_markdown(config.markdown_extensions, config.mdx_configs)
        problems = markdown_problems(page.markdown or "", path, lambda t: converter.reset().convert(t), first)
        return problems or [finding_problem(f, path, _line_of(f, text)) for f in findings]

    # Search index and calendars per language; data exports are
    # language-independent: written once.
    def _write_language_data(self, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.content is None:
            return
        pages = self.page_urls.get(self.language, set())
        entries = [entry for url, entry in self.search_entries.get(self.language, {}).items() if url in pages]
        write_language_index(Path(config.site_dir), self.language, entries)
        if self.everything_changes:
            write_language_data(self.content, Path(config.site_dir), self.language, self.config.today,
                                {"timezone": self.config.timezone})
        if self.language == self.i18n.site_languages.default and self.everything_changes:
            write_site_data(self.content, Path(config.site_dir), config.site_url, self.config.today)
            write_neutral_page(Path(config.site_dir) / self.config.neutral_page)

    # After every language of this process: the sitemap, from the built pages,
    # no dead weight (Material's scripts and source maps are unused), and the
    # one stylesheet, from what the pages of all languages use.
    @event_priority(-200)
    def _finish_site(self, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.i18n is None or self.i18n.building_others:
            return
        site_dir = Path(config.site_dir)
        if self.one_of_parallel_languages:
            save_used_markup(site_dir, self.used_markup)  # the merge writes the stylesheet
        languages = self.i18n.site_languages
        if self.language == languages.default or not self.i18n.restricted:
            if not config.site_url:
                # no address, no sitemap (static-i18n's theme would leave its raw template here)
                for name in ("sitemap.xml", "sitemap.xml.gz"):
                    (site_dir / name).unlink(missing_ok=True)
            if self.placeholder_url and not self.serving and not self.one_of_parallel_languages:
                log.info(placeholder_notice(self.placeholder_url))  # `campaign-site build` prints it itself
            # for search engines, not for a preview; it needs every language's
            # pages: a parallel build writes it after the merge
            if not self.serving and not self.one_of_parallel_languages:
                write_sitemap(site_dir, list(languages.built), languages.default,
                              config.site_url, {self.config.neutral_page}, build_date(self.config.today))
            remove_unused_theme_files(site_dir)
            if not self.one_of_parallel_languages:
                # a preview keeps all of Material's rules: nothing missing while editing
                try:
                    write_site_stylesheet(site_dir, self.config.stylesheets, None if self.serving else self.used_markup)
                except FileNotFoundError as error:
                    raise PluginError(str(error)) from error

    @event_priority(-300)
    def _write_cache(self, config: MkDocsConfig) -> None:
        # this process's new cache entries, written in batches: the rest now (a preview's
        # rebuild too; a language process of a parallel build at its on_shutdown)
        if self.config.enabled:
            self.build_cache.finish()

    on_post_build = CombinedEvent(_write_language_data, _finish_site, _write_cache)

    def on_shutdown(self) -> None:
        self.build_cache.finish()
        self.serving = self.dirty = False
        if self._theme_dir is not None:
            shutil.rmtree(self._theme_dir, ignore_errors=True)
            self._theme_dir = None

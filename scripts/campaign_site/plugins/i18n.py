"""The ``campaign-i18n`` MkDocs plugin: mkdocs-static-i18n with BCP-47 codes, and the
one place that knows static-i18n's internals.

static-i18n 1.3 validates locales against a two-letter pattern; this subclass
validates BCP-47 language tags instead, so ``rad``, ``jra``, ``mng`` work. It
also:

- describes the site's languages once (:attr:`CampaignI18nPlugin.site_languages`),
  with their ``build`` flags and the default, even in a build of one language
  (static-i18n's public ``build_only_locale`` option rewrites those flags);
- tells the ``campaign`` plugin what it needs about the build in progress
  (:attr:`~CampaignI18nPlugin.language`, :attr:`~CampaignI18nPlugin.building_others`,
  :meth:`~CampaignI18nPlugin.text_language`), so no other module reads
  static-i18n's attributes;
- refuses page files whose language suffix is not a language of the site
  (static-i18n would publish ``page.khm.md`` as a page of its own and drop
  ``page.fr.md``);
- builds the other languages in MkDocs' "dirty" mode when the preview asks for
  it (static-i18n reads that from the command line), and leaves a consistent
  state when a language fails (a preview keeps running);
- in a one-language build, puts pages where a full build puts them, with the
  same language switcher.

``tests/test_upgrade_guards.py`` fails when static-i18n changes what this
relies on.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from mkdocs import utils as mkdocs_utils
from mkdocs.commands.build import build
from mkdocs.config import config_options
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs_static_i18n.config import I18nPluginConfig, I18nPluginLanguage
from mkdocs_static_i18n.plugin import I18n
from mkdocs_static_i18n.utils import I18nLoggingFilter

from ..languages import SiteLanguage, SiteLanguages, UnknownLanguage
from ..urls import language_prefix

# language (2–3 letters, or 5–8 registered), optional script, optional region
# (2 letters or 3 digits); underscores accepted for POSIX-style locales.
BCP47_TAG = re.compile(
    r"^(?P<language>[a-z]{2,3}|[a-z]{5,8})"
    r"(?:[-_](?P<script>[A-Z][a-z]{3}))?"
    r"(?:[-_](?P<region>[A-Z]{2}|[0-9]{3}))?$"
)
# static-i18n's placeholder entry: a link in the switcher, never a language of the site
SWITCHER_ONLY = "null"


def is_language_tag(value: str) -> bool:
    """Return whether ``value`` is a BCP-47 language tag we can build."""
    return bool(BCP47_TAG.match(value))


class LanguageTag(config_options.Type):
    """Config option holding a BCP-47 language tag (or static-i18n's ``null``)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(str, **kwargs)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        if value != SWITCHER_ONLY and not is_language_tag(value):
            raise ValidationError(
                f"'{value}' is not a BCP-47 language tag; expected a 2- or 3-letter "
                "language subtag such as 'vi', 'en', 'rad', optionally with a region "
                "such as 'en-GB'."
            )
        return value


class CampaignI18nLanguage(I18nPluginLanguage):
    """One site language; identical to static-i18n's except for the locale check."""

    locale = LanguageTag()

    def validate(self):
        failed, warnings = super().validate()
        # static-i18n's build_only_locale rewrites `build` and `default` of every
        # language afterwards: keep the site's own flags
        self.site_flags = (self.build, self.default)
        return failed, warnings


class CampaignI18nConfig(I18nPluginConfig):
    """static-i18n's configuration with BCP-47 locales."""

    build_only_locale = config_options.Optional(LanguageTag())
    languages = config_options.ListOfItems(
        config_options.SubConfig(CampaignI18nLanguage, validate=True)
    )

    def site_languages(self) -> SiteLanguages:
        """The languages as ``mkdocs.yml`` sets them (not as ``build_only_locale`` rewrote them)."""
        entries = [lang for lang in self.languages if lang.locale != SWITCHER_ONLY]
        flags = {lang.locale: getattr(lang, "site_flags", (lang.build, lang.default)) for lang in entries}
        default = next(code for code, (_, is_default) in flags.items() if is_default)
        return SiteLanguages(
            tuple(SiteLanguage(lang.locale, lang.name, flags[lang.locale][0], lang.link or "", lang.fixed_link)
                  for lang in entries),
            default,
        )


def only_locale_options(config_file: str | os.PathLike[str], locale: str) -> dict[str, object]:
    """MkDocs configuration overrides building only ``locale`` (static-i18n's public
    ``build_only_locale`` option), for ``load_config(…, **overrides)`` or ``serve``.

    The plugins of ``config_file`` (``INHERIT`` and ``!ENV`` resolved) as a
    mapping, with that option added to ``campaign-i18n``. A mapping, not a list:
    MkDocs consumes the items of a plugin list while reading it, and ``serve``
    reads these overrides again on every rebuild. Raises ``ValueError`` when the
    file has no ``campaign-i18n`` plugin or names a plugin twice.
    """
    with open(config_file, "rb") as handle:
        plugins = mkdocs_utils.yaml_load(handle).get("plugins") or []
    name = CampaignI18nPlugin.PLUGIN_NAME
    entries = list(plugins.items()) if isinstance(plugins, dict) else [
        next(iter(entry.items())) if isinstance(entry, dict) else (entry, None) for entry in plugins]
    mapping = dict(entries)
    if len(mapping) != len(entries):
        raise ValueError(f"{config_file}: a plugin is listed twice")
    if name not in mapping:
        raise ValueError(f"{config_file}: no '{name}' plugin")
    mapping[name] = {**(mapping[name] or {}), "build_only_locale": locale}
    return {"plugins": mapping}


class CampaignI18nPlugin(I18n):
    """static-i18n, registered as ``campaign-i18n``, accepting BCP-47 codes."""

    PLUGIN_NAME = "campaign-i18n"
    config_class = CampaignI18nConfig

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._dirty = False
        self._languages: tuple[CampaignI18nConfig, SiteLanguages] | None = None

    # A preview (`serve`) keeps this instance across rebuilds (on_startup), and
    # builds dirty when asked to.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._dirty = dirty

    def on_shutdown(self) -> None:
        self._dirty = False  # the next build in this process starts clean

    # -- what the rest of the site asks ---------------------------------------------------

    @property
    def site_languages(self) -> SiteLanguages:
        """Every language of the site with its build flag, and the default."""
        # (asked for every page: read once per configuration; serve reloads it)
        if self._languages is None or self._languages[0] is not self.config:
            self._languages = (self.config, self.config.site_languages())
        return self._languages[1]

    @property
    def restricted(self) -> bool:
        """Whether this process builds one language of a multi-language site (``build_only_locale``)."""
        return bool(self.config.build_only_locale)

    @property
    def language(self) -> str:
        """The language being built now."""
        return self.current_language or self.site_languages.default

    @property
    def building_others(self) -> bool:
        """Whether this build is one of the other languages, run from the first one's end."""
        return self.building

    def text_language(self, file: File, default: str) -> str:
        """Language of the text of a page's source file: its suffix's, else the default language
        (``default`` for a file static-i18n did not handle)."""
        return getattr(file, "locale", default)

    # -- configuration ---------------------------------------------------------------------

    # A top-level build starts with the default language: static-i18n starts
    # from the language it built last when MkDocs reuses this instance, and
    # with the switcher links it computed then (a build of other languages
    # would list the languages of that one).
    @event_priority(110)
    def _start(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.building:
            self.current_language = None
            self.extra_alternate = {}
        return config

    # static-i18n shows no language switcher when one process builds a single
    # language; the site still has its other languages: the same links a full
    # build gets.
    @event_priority(-110)
    def _switcher_links(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.restricted:
            base = urlsplit(config.site_url).path.rstrip("/") if config.site_url else ""
            suffix = "" if config.use_directory_urls else "index.html"
            config.extra["alternate"] = [
                {"name": lang.name, "link": lang.fixed_link or f"{base}{lang.link}{suffix}", "lang": lang.code}
                for lang in self.site_languages.published
            ]
        return config

    on_config = CombinedEvent(_start, I18n.on_config, _switcher_links)

    # -- files -------------------------------------------------------------------------------

    # Every page file names a language of the site, or none: a stray suffix is a mistake.
    @event_priority(100)
    def _check_page_names(self, files: Files, config: MkDocsConfig) -> Files:
        problems = []
        for file in files.documentation_pages():
            try:
                self.site_languages.split(PurePosixPath(file.src_uri).name)
            except UnknownLanguage as error:
                problems.append(f"  {PurePosixPath(config.docs_dir).name}/{file.src_uri}: unknown language "
                                f"'{error.suffix}' in the file name; "
                                f"expected one of {', '.join(error.expected)}")
        if problems:
            raise PluginError("Page files with an unknown language:\n" + "\n".join(problems))
        return files

    # In a one-language build static-i18n takes that language for the default
    # and may pick the untranslated file over the translation: drop the
    # untranslated file wherever a translation exists.
    @event_priority(-90)
    def _prefer_translations(self, files: Files, config: MkDocsConfig) -> Files:
        if not self.restricted or self.language == self.site_languages.default:
            return files
        sources = {file.src_uri for file in files}
        suffix = f".{self.language}.md"
        for file in list(files.documentation_pages()):
            translated = file.src_uri[: -len(".md")] + suffix
            if not file.src_uri.endswith(suffix) and translated in sources:
                files.remove(file)
        return files

    # ...and puts that language's pages at the site root, untranslated files
    # counted as that language: move them to their language folder and give
    # untranslated files the site default.
    @event_priority(-105)
    def _keep_site_layout(self, files: Files, config: MkDocsConfig) -> Files:
        if not self.restricted:
            return files
        default = self.site_languages.default
        prefix = language_prefix(self.language, default)
        for file in files.documentation_pages():
            if not hasattr(file, "locale"):
                continue
            if getattr(file, "localization", None) is None:
                file.locale = default
            if prefix and not file.dest_uri.startswith(prefix):
                file.dest_uri = prefix + file.dest_uri
                file.url = file._get_url(file.use_directory_urls)
                # (static-i18n's files carry a wrong dest_dir: use the site's)
                file.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, file.dest_uri))
        return files

    on_files = CombinedEvent(_check_page_names, _prefer_translations, I18n.on_files, _keep_site_layout)

    # -- the other languages -------------------------------------------------------------------

    @event_priority(-100)
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Build the other languages after the first: static-i18n's loop, dirty when the
        preview is, always ending in a consistent state (without its ``with-pdf`` hooks)."""
        self.extend_search_entries(config)
        if self.building:
            return
        self.building = True
        build_logger = logging.getLogger("mkdocs.commands.build")
        quiet = I18nLoggingFilter()
        quiet.filtered_prefixes.update({"Documentation built in", "Building documentation to directory"})
        build_logger.addFilter(quiet)
        # the first build cleaned site_dir; the others must not undo each other
        clean_directory, mkdocs_utils.clean_directory = mkdocs_utils.clean_directory, lambda path: path
        try:
            for locale in self.build_languages:
                if locale == self.current_language:
                    continue
                self.current_language = locale
                build(config, dirty=self._dirty)
            self.reconfigure_search_index(config)
        finally:
            mkdocs_utils.clean_directory = clean_directory
            build_logger.removeFilter(quiet)
            self.building = False

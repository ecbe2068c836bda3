"""The ``campaign`` MkDocs plugin: wires MkDocs events to the campaign modules."""

from __future__ import annotations

import shutil
import tempfile
import unicodedata
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.pages import Page
from mkdocs_static_i18n.plugin import I18n

from .alternates import page_alternates
from .config import CampaignConfig
from .content.errors import ContentError
from .content.labels import Labels, load_labels
from .fallback import wrap_fallback_content
from .theme_languages import write_fallback_partials

log = get_plugin_logger(__name__)


def find_i18n_plugin(config: MkDocsConfig) -> I18n:
    """The static-i18n plugin instance (ours or upstream) configured for the site."""
    for plugin in config.plugins.values():
        if isinstance(plugin, I18n):
            return plugin
    raise PluginError("The 'campaign' plugin needs the 'campaign-i18n' plugin in mkdocs.yml.")


class CampaignPlugin(BasePlugin[CampaignConfig]):
    """Campaign pages, labels and fallbacks on top of Material and static-i18n."""

    def __init__(self) -> None:
        self.i18n: I18n | None = None
        self.labels: dict[str, Labels] = {}
        self.fallback_language = ""
        self._theme_dir: Path | None = None

    # Load labels and make theme strings available for every language before
    # any other plugin (search) renders a template with the site language.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.config.enabled:
            return config
        self.i18n = find_i18n_plugin(config)
        languages = [lang.locale for lang in self.i18n.config.languages]
        self.fallback_language = self.config.fallback_language or self.i18n.default_language
        if self._theme_dir is None:
            self._theme_dir = Path(tempfile.mkdtemp(prefix="campaign-theme-"))
            custom = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
            write_fallback_partials(languages, self.fallback_language, self._theme_dir, custom)
            # after the custom dir (user overrides win), before Material's own
            position = 1 if config.theme.custom_dir else 0
            config.theme.dirs.insert(position, str(self._theme_dir))
            content_dir = Path(config.config_file_path).parent / self.config.content_dir
            try:
                self.labels = load_labels(content_dir / "i18n", languages, self.fallback_language)
            except ContentError as error:
                raise PluginError(str(error)) from error
        return config

    # All text is compared, searched and rendered in one normal form (NFC), so
    # text typed on different keyboards (composed or decomposed) looks and
    # searches the same.
    @event_priority(100)
    def on_page_markdown(self, markdown: str, page: Page, **kwargs) -> str:
        if not self.config.enabled:
            return markdown
        for key, value in list(page.meta.items()):
            if isinstance(value, str):
                page.meta[key] = unicodedata.normalize("NFC", value)
        return unicodedata.normalize("NFC", markdown)

    # A page built from the fallback language's file says so, and its content
    # carries that language so screen readers pronounce it correctly.
    def on_page_content(self, html: str, page: Page, **kwargs) -> str:
        if not self.config.enabled or self.i18n is None:
            return html
        page_language = self.i18n.current_language
        file_language = getattr(page.file, "locale", page_language)
        if file_language == page_language:
            return html
        return wrap_fallback_content(html, page_language, self.labels, file_language)

    # Language versions of this page for the switcher and hreflang, derived
    # from the page URL (not from static-i18n's cross-language state).
    def on_page_context(self, context, page: Page, config: MkDocsConfig, **kwargs):
        if not self.config.enabled or self.i18n is None:
            return context
        current = self.i18n.current_language
        context["campaign_labels"] = self.labels.get(current)
        context["campaign_alternates"] = page_alternates(
            page.url,
            current,
            [(lang.locale, lang.name) for lang in self.i18n.config.languages if lang.build],
            self.i18n.default_language,
            config.site_url,
        )
        return context

    def on_shutdown(self) -> None:
        if self._theme_dir is not None:
            shutil.rmtree(self._theme_dir, ignore_errors=True)
            self._theme_dir = None

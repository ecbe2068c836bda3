"""mkdocs-static-i18n with real BCP-47 language codes (``rad``, ``jra``, ``mng``).

static-i18n 1.3 validates locales against a two-letter pattern. We keep the
plugin untouched and register a subclass whose configuration validates BCP-47
language tags instead, so three-letter ISO 639-3 codes are accepted.
"""

from __future__ import annotations

import os
import re

from mkdocs.config import config_options
from mkdocs.config.base import ValidationError
from mkdocs_static_i18n.config import I18nPluginConfig, I18nPluginLanguage
from mkdocs_static_i18n.plugin import I18n

# Set to a language code to build only that language (quick previews).
ONLY_LANGUAGE_VARIABLE = "CAMPAIGN_ONLY_LANGUAGE"

# language (2–3 letters, or 5–8 registered), optional script, optional region
# (2 letters or 3 digits); underscores accepted for POSIX-style locales.
BCP47_TAG = re.compile(
    r"^(?P<language>[a-z]{2,3}|[a-z]{5,8})"
    r"(?:[-_](?P<script>[A-Z][a-z]{3}))?"
    r"(?:[-_](?P<region>[A-Z]{2}|[0-9]{3}))?$"
)


def is_language_tag(value: str) -> bool:
    """Return whether ``value`` is a BCP-47 language tag we can build."""
    return bool(BCP47_TAG.match(value))


class LanguageTag(config_options.Type):
    """Config option holding a BCP-47 language tag (or static-i18n's ``null``)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(str, **kwargs)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        if value != "null" and not is_language_tag(value):
            raise ValidationError(
                f"'{value}' is not a BCP-47 language tag; expected a 2- or 3-letter "
                "language subtag such as 'vi', 'en', 'rad', optionally with a region "
                "such as 'en-GB'."
            )
        return value


class CampaignI18nLanguage(I18nPluginLanguage):
    """One site language; identical to static-i18n's except for the locale check."""

    locale = LanguageTag()


class CampaignI18nConfig(I18nPluginConfig):
    """static-i18n's configuration with BCP-47 locales."""

    build_only_locale = config_options.Optional(LanguageTag())
    languages = config_options.ListOfItems(
        config_options.SubConfig(CampaignI18nLanguage, validate=True)
    )


class CampaignI18nPlugin(I18n):
    """static-i18n, registered as ``campaign-i18n``, accepting BCP-47 codes.

    It also remembers the *site's* languages and default language when a
    process builds only one language (:meth:`restrict_to`), so pages keep
    their ``/en/`` paths, fallbacks and language switcher.
    """

    config_class = CampaignI18nConfig

    def load_config(self, options, config_file_path=None):
        # MkDocs reuses plugin instances across builds in one process
        self._site_default: str | None = None
        errors, warnings = super().load_config(options, config_file_path)
        # a quick preview of one language: `campaign-site serve --lang en`
        only = os.environ.get(ONLY_LANGUAGE_VARIABLE)
        if not errors and only:
            self.restrict_to(only)
        return errors, warnings

    @property
    def site_languages(self) -> list[str]:
        """Every language of the site, whether or not this process builds it."""
        return [lang.locale for lang in self.config.languages if lang.locale != "null"]

    @property
    def site_default(self) -> str:
        """The site's default language (at the root), even in a one-language build."""
        return getattr(self, "_site_default", None) or self.default_language

    @property
    def restricted(self) -> bool:
        """Whether this process builds a single language of a multi-language site."""
        return bool(self.config.build_only_locale)

    def restrict_to(self, locale: str) -> None:
        """Build only ``locale`` (what ``build_only_locale`` does), keeping the site default."""
        if locale not in self.site_languages:
            raise ValueError(f"'{locale}' is not a language of this site: {', '.join(self.site_languages)}")
        self._site_default = self.site_default
        self.config.build_only_locale = locale
        for lang in self.config.languages:
            lang.default = lang.build = lang.locale == locale

"""Our lift of static-i18n's two-letter restriction, and its upgrade guard."""

from __future__ import annotations

import pytest
from mkdocs.config.base import ValidationError
from mkdocs_static_i18n.config import I18nPluginConfig, I18nPluginLanguage
from mkdocs_static_i18n.plugin import I18n

from campaign_site.plugins.i18n import (
    CampaignI18nConfig,
    CampaignI18nLanguage,
    CampaignI18nPlugin,
    LanguageTag,
)


@pytest.mark.parametrize("code", ["vi", "en", "rad", "jra", "mng", "en-GB", "zh-Hant-TW", "pt_BR"])
def test_language_tag_accepts_bcp47(code: str) -> None:
    assert LanguageTag().validate(code) == code


@pytest.mark.parametrize("code", ["Rad", "r", "english1", "vi-", "en-gb-", "ê", ""])
def test_language_tag_rejects_non_tags(code: str) -> None:
    with pytest.raises(ValidationError, match="BCP-47"):
        LanguageTag().validate(code)


def test_plugin_is_static_i18n_with_our_config() -> None:
    assert issubclass(CampaignI18nPlugin, I18n)
    assert CampaignI18nPlugin.config_class is CampaignI18nConfig
    assert issubclass(CampaignI18nConfig, I18nPluginConfig)
    assert issubclass(CampaignI18nLanguage, I18nPluginLanguage)


def test_upgrade_keeps_every_upstream_option() -> None:
    """Fails if a static-i18n upgrade adds or renames options our subclass would hide."""
    ours = {name for name, _ in CampaignI18nConfig._schema}
    upstream = {name for name, _ in I18nPluginConfig._schema}
    assert ours == upstream
    ours_lang = {name for name, _ in CampaignI18nLanguage._schema}
    upstream_lang = {name for name, _ in I18nPluginLanguage._schema}
    assert ours_lang == upstream_lang


def test_three_letter_languages_load_through_our_plugin() -> None:
    plugin = CampaignI18nPlugin()
    errors, _ = plugin.load_config(
        {
            "languages": [
                {"locale": "vi", "name": "Tiếng Việt", "default": True},
                {"locale": "rad", "name": "Ê Đê"},
                {"locale": "mng", "name": "M'nông"},
            ]
        }
    )
    assert errors == []
    assert [lang.locale for lang in plugin.config.languages] == ["vi", "rad", "mng"]
    assert plugin.config.languages[1].link == "/rad/"


def test_upstream_still_needs_our_lift() -> None:
    """Documents why the subclass exists; if upstream accepts 'rad' one day we can drop it."""
    errors, _ = I18n().load_config(
        {"languages": [{"locale": "vi", "name": "vi", "default": True}, {"locale": "rad", "name": "Ê Đê"}]}
    )
    assert errors, "static-i18n now accepts 3-letter codes: CampaignI18nPlugin may be retired"

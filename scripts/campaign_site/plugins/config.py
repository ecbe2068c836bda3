"""Configuration of the ``campaign`` MkDocs plugin."""

from __future__ import annotations

from pathlib import Path

from urllib.parse import urlsplit

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config, ValidationError
from mkdocs.config.defaults import MkDocsConfig


class WebAddress(opt.URL):
    """An ``http://`` or ``https://`` address, or empty."""

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        if value and urlsplit(value).scheme not in ("http", "https"):
            raise ValidationError(f"expected an http:// or https:// address, got '{value}'")
        return value


class CampaignConfig(Config):
    """Options under ``plugins: - campaign:`` in ``mkdocs.yml``."""

    enabled = opt.Type(bool, default=True)
    # Campaign collections and labels (``content/``), relative to mkdocs.yml.
    content_dir = opt.Type(str, default="content")
    # Removed: what is missing in a language is shown in the default language
    # (campaign-i18n's `default: true`), pages, texts and labels alike.
    fallback_language = opt.Deprecated(
        removed=True,
        message="The 'campaign' plugin's '{}' option was removed: missing translations are shown "
                "in the site's default language (campaign-i18n: 'default: true'). Remove the option.")
    # The build date (YYYY-MM-DD): stamps calendars and data exports and is the
    # "today" of `check --release` (see campaign_site.dates.build_date). Empty:
    # $CAMPAIGN_TODAY, else $SOURCE_DATE_EPOCH (reproducible builds), else today.
    # Pages never show it: relative dates are computed in the reader's browser.
    today = opt.Optional(opt.Type(str))
    # IANA time zone of event times written without one (and of the calendars).
    timezone = opt.Type(str, default="Asia/Ho_Chi_Minh")
    # Quick exit: the neutral website it opens (an http(s) address, with or
    # without JavaScript; from file:// the script opens about:blank instead).
    # Empty: a blank page of the site itself (neutral_page), whose address
    # still names the site, so a neutral website is strongly preferred.
    quick_exit_url = WebAddress(default="https://www.google.com/")
    neutral_page = opt.Type(str, default="tab-moi.html")
    # The page explaining safe browsing, linked beside the quick exit.
    safety_page = opt.Type(str, default="truy-cap-an-toan.md")
    # The site's colours (see campaign_site.plugins.palette: keys, defaults and the
    # WCAG 2.2 AA contrast every pair must reach); unset keys keep their defaults.
    palette = opt.Type(dict, default={})
    # The self-hosted text font (a glob relative to the theme's custom_dir):
    # every character of the content must be in one of the matching files.
    # Default: every file of the regular style: core + extension.
    font_file = opt.Type(str, default="assets/fonts/noto-sans-regular*.woff2")
    # The font of the link-preview images (og:image), a glob like font_file;
    # the core subset is tried before the extension (-ext) for each letter.
    share_font = opt.Type(str, default="assets/fonts/noto-sans-bold*.woff2")
    # Finished QR codes and link-preview images kept between builds (a folder
    # relative to mkdocs.yml, like Material's social plugin's cache), found by
    # their input: deleting it changes nothing but the next build's time.
    cache = opt.Type(bool, default=True)
    cache_dir = opt.Type(str, default=".cache/plugin/campaign")
    # The campaign's stylesheets (paths in the built site), appended in this
    # order to the part of Material's CSS the pages use: one file, one request.
    stylesheets = opt.ListOfItems(opt.Type(str), default=[
        "assets/stylesheets/campaign-palette.css",
        "assets/stylesheets/fonts.css",
        "assets/stylesheets/font-fallbacks.css",
        "assets/stylesheets/campaign.css",
        "assets/stylesheets/campaign-search.css",
    ])


def font_path(config: MkDocsConfig, font_file: str) -> list[Path] | None:
    """The font files matching the glob ``font_file`` inside the theme's custom dir (sorted).

    ``None`` when there is no custom dir, no pattern or no matching file.
    """
    if not config.theme.custom_dir or not font_file:
        return None
    paths = sorted(path for path in Path(config.theme.custom_dir).glob(font_file) if path.is_file())
    return paths or None

"""The site project as the CLI sees it: configuration, languages and content."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from mkdocs.config import load_config  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402

from .plugins.config import CampaignConfig  # noqa: E402
from .content.loader import SiteContent, load_content  # noqa: E402
from .languages import SiteLanguages  # noqa: E402


@dataclass(frozen=True)
class Project:
    """A campaign site: ``mkdocs.yml`` plus the folders it names."""

    config_file: Path
    config: MkDocsConfig
    site_languages: SiteLanguages
    content_dir: Path
    campaign_config: CampaignConfig

    @property
    def languages(self) -> tuple[str, ...]:
        """The published languages."""
        return self.site_languages.built

    @property
    def default_language(self) -> str:
        """The language of the originals, at the site root."""
        return self.site_languages.default

    @property
    def root(self) -> Path:
        """Folder holding mkdocs.yml."""
        return self.config_file.parent

    @property
    def docs_dir(self) -> Path:
        """Hand-written pages."""
        return Path(self.config.docs_dir)

    def load_content(self) -> SiteContent:
        """Load and validate ``content/`` (problems collected, not raised)."""
        return load_content(self.content_dir, list(self.site_languages.codes), self.site_languages.default)


def open_project(config_file: Path) -> Project:
    """Read ``mkdocs.yml`` and the language and content settings of our plugins."""
    from .plugins.campaign import CampaignPlugin, find_i18n_plugin

    config_file = config_file.resolve()
    config = load_config(config_file=str(config_file))
    languages = find_i18n_plugin(config).site_languages
    campaign = next(p for p in config.plugins.values() if isinstance(p, CampaignPlugin))
    return Project(config_file, config, languages, config_file.parent / campaign.config.content_dir,
                   campaign.config)

"""The campaign's Python-Markdown extension, and a converter that renders
Markdown exactly as the site does (for ``check``).

Work that belongs to Markdown happens on Markdown's element tree, before any
HTML is written: table captions and scroll regions (:mod:`.tables`), ``rel``
on links to other hosts (:mod:`.links`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension

from ..content.labels import caption_prefixes as labels_caption_prefixes
from ..content.loader import SiteContent
from .links import ExternalLinkTreeprocessor
from .tables import TableTreeprocessor


class CampaignMarkdown(Extension):
    """Tables and links the campaign way.

    ``caption_prefixes``: the word for "Table" in each language with labels
    (``Bảng``, ``Table``); ``site_url``: the site's public address (links to its
    own host are not "other hosts"). Both may be changed between documents.
    """

    def __init__(self, caption_prefixes: Sequence[str] = (), site_url: str | None = None) -> None:
        super().__init__()
        self.caption_prefixes = list(caption_prefixes)
        self.site_url = site_url
        self.tables: TableTreeprocessor | None = None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # after the inline patterns (20), the line breaks (10) and attr_list (8)
        self.tables = TableTreeprocessor(md, self.caption_prefixes)
        md.treeprocessors.register(self.tables, "campaign_tables", 7)
        md.treeprocessors.register(ExternalLinkTreeprocessor(md, self.site_url), "campaign_links", 7)

    @property
    def uncaptioned(self) -> int:
        """Tables without a caption in the last document converted."""
        return self.tables.uncaptioned if self.tables is not None else 0


def site_markdown(extensions: Sequence[Any], configs: Mapping[str, Any] | None,
                  campaign: CampaignMarkdown | None = None) -> Markdown:
    """A converter with the site's extensions (``markdown_extensions`` and
    ``mdx_configs`` of ``mkdocs.yml``) and the campaign's own."""
    own = [campaign] if campaign is not None and campaign not in extensions else []
    return Markdown(extensions=[*extensions, *own], extension_configs=dict(configs or {}))


def caption_prefixes(content: SiteContent) -> list[str]:
    """The word for "Table" (label ``tables.caption_prefix``) in each language with its own labels."""
    return labels_caption_prefixes(content.labels)

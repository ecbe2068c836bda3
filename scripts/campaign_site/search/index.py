"""Collecting page text during the build and writing per-language indexes (stub to be completed)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class SearchEntry:
    """One page in the search index."""

    url: str  # relative to the language root? — site-root relative, e.g. "en/danh-ba/ea-kar.html"
    title: str
    text: str


def collect(url: str, title: str, html: str) -> SearchEntry:
    """Turn a rendered page into an index entry."""
    return SearchEntry(url, title, html)


def index_path(lang: str) -> str:
    """Site path of a language's index script."""
    return f"search/index.{lang}.js"


def write_language_index(site_dir: Path, lang: str, entries: list[SearchEntry]) -> Path:
    """Write ``search/index.<lang>.js`` for ``entries``."""
    path = site_dir / index_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps([asdict(e) for e in entries], ensure_ascii=False, sort_keys=True)
    path.write_text(f"window.__campaignSearchIndex={data};\n", encoding="utf-8")
    return path

"""File names from titles: the site's one folding (:mod:`campaign_site.search.fold`)."""

from __future__ import annotations

from ..search.fold import slugify as _slugify


def slugify(title: str) -> str:
    """``"Tháng hành động 2026"`` → ``"thang-hanh-dong-2026"``; ``"Ƀuôn Đôn"`` → ``"buon-don"``.

    Diacritics are dropped (đ → d, ƀ → b), apostrophes removed, every other run of
    spaces or punctuation becomes one hyphen; no hyphen at either end.
    """
    return _slugify(title)

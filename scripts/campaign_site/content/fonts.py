"""Font coverage checks: which characters of a text a font cannot render."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable

from fontTools.ttLib import TTFont

# Zero width joiner and emoji variation selector: never drawn by a text font.
_IGNORED: frozenset[str] = frozenset({"\u200d", "\ufe0f"})


def _codepoints(path: str | os.PathLike[str]) -> frozenset[int]:
    with TTFont(path, lazy=True) as font:
        return frozenset(
            cp
            for table in font["cmap"].tables
            if table.isUnicode() and table.format != 14
            for cp in table.cmap
        )


def font_codepoints(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
) -> frozenset[int]:
    """Return the code points mapped by the Unicode cmaps of TTF/OTF/WOFF/WOFF2 fonts.

    ``paths`` is one font file or several (e.g. the files of one style split
    by ``unicode-range``); for several, the union of their code points.
    """
    if isinstance(paths, (str, os.PathLike)):
        return _codepoints(paths)
    return frozenset().union(*(_codepoints(path) for path in paths))


def uncovered(text: str, covered: frozenset[int]) -> list[str]:
    """Return the distinct NFC characters of ``text`` not in ``covered``, in first-seen order.

    Whitespace, control characters, U+200D ZWJ and U+FE0F are ignored.
    """
    text = unicodedata.normalize("NFC", text)
    # the distinct characters first (fast on long texts), their order only if any is missing
    candidates = {
        char for char in set(text)
        if ord(char) not in covered and not char.isspace() and char not in _IGNORED
        and unicodedata.category(char) != "Cc"
    }
    if not candidates:
        return []
    return sorted(candidates, key=text.index)

"""Search folding: the Python twin of ``fold``/``words`` in campaign-search.js.

Folding makes text typed without diacritics, on any keyboard, match the
Vietnamese and minority-language text of the site:
NFC → lowercase → NFD → drop combining marks (U+0300–U+036F) → đ→d →
drop apostrophes (' ’ ʼ ‘ `) → collapse whitespace.
"""

from __future__ import annotations

import unicodedata

APOSTROPHES = "'\u2019\u02bc\u2018`"
# Exactly the characters of the JavaScript class WHITESPACE (not str.isspace()).
WHITESPACE = "\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff" + "".join(
    chr(c) for c in range(0x2000, 0x200B)
)

_DROP: dict[int, str | None] = {c: None for c in range(0x0300, 0x0370)}
_DROP.update({ord(c): None for c in APOSTROPHES})
_DROP[ord("đ")] = "d"
_SPACES = {ord(c): " " for c in WHITESPACE}


def collapse_whitespace(text: str) -> str:
    """Runs of whitespace become one space; no space at either end."""
    return " ".join(part for part in text.translate(_SPACES).split(" ") if part)


def fold(text: str) -> str:
    """The folded form of ``text`` used for matching."""
    lowered = unicodedata.normalize("NFC", text).lower()
    return collapse_whitespace(unicodedata.normalize("NFD", lowered).translate(_DROP))


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN"


def words(text: str) -> list[str]:
    """Folded words of ``text``: anything but letters, marks and digits separates words."""
    folded = "".join(c if _is_word_char(c) else " " for c in fold(text))
    return folded.split()

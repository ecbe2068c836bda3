"""File names from titles: Vietnamese letters folded to lowercase ASCII."""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter plus marks.
_LETTERS = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
                          "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss"})
# Apostrophes inside names (J'rai, M'nông, Cư M'gar) vanish: jrai, mnong, cu-mgar.
_APOSTROPHES = re.compile(r"['’‘ʼ`´]")
_OTHER = re.compile(r"[^a-z0-9]+")


def slugify(title: str) -> str:
    """``"Tháng hành động 2026"`` → ``"thang-hanh-dong-2026"``.

    Diacritics are dropped (đ → d), apostrophes removed, every other run of
    spaces or punctuation becomes one hyphen; no hyphen at either end.
    """
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", title).translate(_LETTERS))
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    return _OTHER.sub("-", _APOSTROPHES.sub("", text)).strip("-")

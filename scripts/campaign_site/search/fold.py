"""Folding: one way to compare text typed with or without diacritics, on any keyboard.

Used by the site search (twin: ``fold``/``words`` in campaign-search.js), file
slugs (``campaign-site new``), heading anchors (the Markdown ``toc`` extension's
``slugify`` in mkdocs.yml) and the Kiwix (ZIM) keywords.

``fold(text)``: NFC → lowercase → NFD → drop combining marks (U+0300–U+036F:
the tones, breve, caron, horn… of Vietnamese and of Ê Đê, J'rai, M'nông) →
Latin letters that Unicode does not decompose (đ ƀ ł ø æ ß …) become the ASCII
letters AnyAscii gives them (:data:`LETTERS`) → drop apostrophes (J'rai →
jrai) → collapse whitespace.

Why AnyAscii (PyPI ``anyascii``, ISC licence, tables updated with each Unicode
version): it covers every letter (ƀ → b, which NFD cannot do) and its licence
suits an MIT project; Unidecode is GPL-2.0, text-unidecode has not been updated
since 2019. Only its Latin letters are used for matching, so the browser's copy
of the table stays small (``LETTERS`` in campaign-search.js, checked equal by the
tests); slugs transliterate whatever else remains.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

APOSTROPHES = "'\u2019\u02bc\u2018`\u00b4"
# Exactly the characters of the JavaScript class WHITESPACE (not str.isspace()).
WHITESPACE = "\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff" + "".join(
    chr(c) for c in range(0x2000, 0x200B)
)
# Combining marks dropped by folding (the JavaScript MARKS class).
MARKS = range(0x0300, 0x0370)
_ASCII_WORD = re.compile(r"[a-z]+")
_DIGIT_GAP = re.compile(r"(?<=\d)[ .](?=\d)")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


# Unicode blocks of the letters of Latin-script orthographies: Latin-1 Supplement,
# Extended-A and -B, IPA Extensions (ɓ ɗ ɛ ɔ of many alphabets), Extended
# Additional (Vietnamese), Extended-C and -D.
LATIN_BLOCKS = (range(0x0080, 0x02B0), range(0x1E00, 0x1F00), range(0x2C60, 0x2C80), range(0xA720, 0xA800))


def _latin_letters() -> dict[str, str]:
    """Lowercase letters of :data:`LATIN_BLOCKS` left non-ASCII by NFD and mark dropping → AnyAscii.

    Only letters AnyAscii turns into ASCII letters (ƀ → b, æ → ae; not ŉ → 'n).
    """
    table = {}
    for char in (chr(code) for block in LATIN_BLOCKS for code in block):
        if not unicodedata.category(char).startswith("L") or "LATIN" not in unicodedata.name(char, ""):
            continue
        base = "".join(c for c in unicodedata.normalize("NFD", char.lower()) if ord(c) not in MARKS)
        if len(base) == 1 and not base.isascii() and base not in table:
            ascii_form = anyascii(base).lower()
            if _ASCII_WORD.fullmatch(ascii_form):
                table[base] = ascii_form
    return dict(sorted(table.items()))


LETTERS: dict[str, str] = _latin_letters()

_FOLD = {code: None for code in MARKS}
_FOLD.update({ord(c): None for c in APOSTROPHES})
_FOLD.update({ord(letter): ascii_form for letter, ascii_form in LETTERS.items()})
_SPACES = re.compile("[" + "".join(re.escape(c) for c in WHITESPACE) + "]+")
# str.split() splits at exactly WHITESPACE, and at these (which WHITESPACE leaves), but not at U+FEFF
_NOT_SPLIT_ALIKE = "\x1c\x1d\x1e\x1f\x85\ufeff"


def letters_literal() -> str:
    """:data:`LETTERS` as campaign-search.js spells it: ``"ßss æae …"`` (letter, then its ASCII)."""
    return " ".join(letter + ascii_form for letter, ascii_form in LETTERS.items())


def collapse_whitespace(text: str) -> str:
    """Runs of whitespace become one space; no space at either end."""
    if not any(char in text for char in _NOT_SPLIT_ALIKE):
        return " ".join(text.split())
    return _SPACES.sub(" ", text).strip(" ")


def fold(text: str) -> str:
    """The folded form of ``text`` used for matching: ``"Ƀuôn Đôn"`` → ``"buon don"``."""
    lowered = unicodedata.normalize("NFC", text).lower()
    return collapse_whitespace(unicodedata.normalize("NFD", lowered).translate(_FOLD))


def join_digits(folded: str) -> str:
    """Digit groups separated by one space or dot joined: ``"1900 969.680"`` → ``"1900969680"``.

    Phone numbers and amounts then match however they were typed.
    """
    return _DIGIT_GAP.sub("", folded)


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN"


def words(text: str) -> list[str]:
    """Folded words of ``text``: anything but letters, marks and digits separates words."""
    folded = "".join(c if _is_word_char(c) else " " for c in fold(text))
    return folded.split()


def slugify(text: str, separator: str = "-") -> str:
    """``"Ƀuôn Đôn 2026"`` → ``"buon-don-2026"``: lowercase ASCII letters and digits.

    :func:`fold`, then AnyAscii for letters of other scripts; every other run of
    characters becomes one ``separator``, none at either end. The signature is
    that of the Markdown ``toc`` extension's ``slugify(value, separator)``.
    """
    return _NOT_SLUG.sub(separator, anyascii(fold(text)).lower()).strip(separator)

"""One folding for search, slugs, heading anchors and Kiwix keywords, over every letter.

The letters are those of Vietnamese (12 vowels × 6 tones, đ) and of the Ê Đê,
J'rai and M'nông orthographies (ă â ê ô ơ ư đ ƀ č ñ ĭ ŏ ŭ, and vowels with a
combining breve or caron where Unicode has no precomposed letter).
"""

from __future__ import annotations

import json
import logging
import random
import re
import subprocess
import unicodedata
from pathlib import Path

import markdown
import pytest

from campaign_site.search.fold import (
    LETTERS, WHITESPACE, collapse_whitespace, fold, join_digits, letters_literal, slugify, words,
)
from conftest import REPO

SCRIPTS = REPO / "overrides" / "assets" / "javascripts"
TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]  # level, huyền, sắc, ngã, hỏi, nặng
VIETNAMESE_VOWELS = {"a": "a", "ă": "a", "â": "a", "e": "e", "ê": "e", "i": "i", "o": "o", "ô": "o",
                     "ơ": "o", "u": "u", "ư": "u", "y": "y"}
# Ê Đê, J'rai, M'nông letters beyond Vietnamese's (precomposed where Unicode has them)
MINORITY_LETTERS = {"ƀ": "b", "č": "c", "ñ": "n", "ĭ": "i", "ŏ": "o", "ŭ": "u", "ĕ": "e", "ě": "e",
                    "ǒ": "o", "ǔ": "u", "ǐ": "i", "ǎ": "a", "đ": "d"}
BREVE, CARON = "\u0306", "\u030c"


def vietnamese_letters() -> dict[str, str]:
    """Every Vietnamese letter (NFC) → its folded form, lower and upper case."""
    letters = {"đ": "d", "Đ": "d"}
    for vowel, base in VIETNAMESE_VOWELS.items():
        for tone in TONES:
            letter = unicodedata.normalize("NFC", vowel + tone)
            letters[letter] = letters[letter.upper()] = base
    return letters


def minority_letters() -> dict[str, str]:
    """Ê Đê, J'rai, M'nông letters, precomposed and with combining breve/caron, both cases."""
    letters = {}
    for letter, base in MINORITY_LETTERS.items():
        letters[letter] = letters[letter.upper()] = base
    for vowel, base in VIETNAMESE_VOWELS.items():
        for mark in (BREVE, CARON):
            for tone in ("", "\u0301"):  # with and without a tone mark on top
                for form in ("NFC", "NFD"):
                    letter = unicodedata.normalize(form, vowel + mark + tone)
                    letters[letter] = letters[letter.upper()] = base
    return letters


EVERY_LETTER = {**vietnamese_letters(), **minority_letters()}


def test_the_letter_lists_are_complete() -> None:
    assert len(vietnamese_letters()) == 2 + 12 * 6 * 2  # 134 + đ/Đ
    assert "ơ̆" in minority_letters() and "Ƀ" in minority_letters() and "ư̆" in minority_letters()


@pytest.mark.parametrize("letter", sorted(EVERY_LETTER))
def test_every_letter_folds_to_its_ascii_letter(letter: str) -> None:
    base = EVERY_LETTER[letter]
    assert fold(letter) == base
    assert slugify(f"x {letter}{letter} y") == f"x-{base}{base}-y"
    assert words(f"{letter}ăm") == [base + "am"]


def test_names_with_letters_nfd_cannot_fold() -> None:
    assert fold("Ƀrăm") == fold("bram") == "bram"
    assert slugify("Ƀuôn Đôn") == "buon-don"
    assert slugify("Ê Đê, J'rai, M’nông") == "e-de-jrai-mnong"
    assert fold("Łódź Øresund Straße Æsir") == "lodz oresund strasse aesir"


def test_every_table_letter_is_latin_and_ascii() -> None:
    assert LETTERS["đ"] == "d" and LETTERS["ƀ"] == "b"
    for letter, ascii_form in LETTERS.items():
        assert "LATIN" in unicodedata.name(letter) and re.fullmatch("[a-z]+", ascii_form)
        assert fold(letter) == fold(letter.upper()) == ascii_form


def test_digits_match_with_or_without_spaces_and_dots() -> None:
    typed = ["1900 969 680", "1900.969.680", "1900969680", "1900 969.680"]
    assert {join_digits(fold(number)) for number in typed} == {"1900969680"}
    assert join_digits(fold("Gọi 111 hoặc 1900 969 680.")) == "goi 111 hoac 1900969680."
    assert join_digits("41/kh-ubnd") == "41/kh-ubnd"


def test_heading_anchors_use_the_same_folding() -> None:
    html = markdown.markdown("## Gọi để được hỗ trợ\n\n## Ƀuôn Đôn, M'Đrắk", extensions=["toc"],
                             extension_configs={"toc": {"slugify": slugify}})
    assert re.findall(r'id="([^"]+)"', html) == ["goi-de-duoc-ho-tro", "buon-don-mdrak"]


def test_mkdocs_uses_the_folding_for_anchors_and_checks_them() -> None:
    from mkdocs.config import load_config

    config = load_config(config_file=str(REPO / "mkdocs.yml"))
    assert config.mdx_configs["toc"]["slugify"] is slugify
    assert config.validation.links.anchors == logging.WARNING, "a link to a missing heading must fail the strict build"


def test_the_browser_has_the_same_letter_table() -> None:
    source = (SCRIPTS / "campaign-search.js").read_text(encoding="utf-8")
    match = re.search(r'var LETTERS = ("[^"]*");', source)
    assert match, "campaign-search.js: var LETTERS = \"…\";"
    assert json.loads(match[1]) == letters_literal(), (
        "campaign-search.js LETTERS differs from campaign_site.search.fold.letters_literal(): copy it")


# --- old phones: every script parses in an ES2017 engine --------------------------------------

ACORN = REPO / "node_modules" / "acorn"


def parse_errors(paths: list[Path], version: int = 2017) -> dict[str, str]:
    """acorn's error for each file that an ES``version`` engine cannot parse."""
    program = (
        "const acorn = require(process.argv[1]); const fs = require('fs'); const out = {};"
        "for (const file of process.argv.slice(3)) {"
        "  try { acorn.parse(fs.readFileSync(file, 'utf8'), {ecmaVersion: +process.argv[2], sourceType: 'script'}); }"
        "  catch (error) { out[file] = error.message; } }"
        "console.log(JSON.stringify(out));"
    )
    done = subprocess.run(["node", "-e", program, str(ACORN), str(version), *map(str, paths)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_scripts_parse_in_an_es2017_engine(tmp_path: Path) -> None:
    scripts = sorted(SCRIPTS.glob("*.js"))
    assert len(scripts) >= 4 and ACORN.is_dir(), "run `make node-tools`"
    assert parse_errors(scripts) == {}
    # the check itself: ES2018+ syntax is refused
    newer = {"property.js": "/\\p{L}/u;", "lookbehind.js": "/(?<=a)b/;", "nullish.js": "a ?? b;",
             "chain.js": "a?.b;", "spread.js": "({...a});"}
    for name, text in newer.items():
        (tmp_path / name).write_text(text)
    assert sorted(parse_errors([tmp_path / name for name in newer])) == sorted(str(tmp_path / n) for n in newer)


def test_collapse_whitespace_is_its_definition_over_every_kind_of_space() -> None:
    """Runs of :data:`WHITESPACE` become one space, none at either end — and nothing else
    splits: the characters ``str.split()`` splits at besides (U+001C–U+001F, U+0085) stay."""
    spaces = {ord(char): " " for char in WHITESPACE}

    def definition(text: str) -> str:
        return " ".join(part for part in text.translate(spaces).split(" ") if part)

    alphabet = WHITESPACE + "aĐƀ\u0306\x1c\x1d\x1e\x1f\x85\u180e\u200b\ufffd "
    rng = random.Random(18)
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(10)))
        assert collapse_whitespace(text) == definition(text), repr(text)

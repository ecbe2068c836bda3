"""Tests for the self-hosted Noto Sans subsets, their fonts.css and campaign_site.content.fonts."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from campaign_site.content.fonts import font_codepoints, uncovered

ROOT = Path(__file__).resolve().parent.parent
FONT_DIR = ROOT / "overrides" / "assets" / "fonts"
FONTS_CSS = ROOT / "overrides" / "assets" / "stylesheets" / "fonts.css"
NOTO_DIR = Path("/usr/share/fonts/truetype/noto")
WOFF2 = sorted(FONT_DIR.glob("*.woff2"))
# One style is a core file noto-sans-<style>.woff2 and an extension noto-sans-<style>-ext.woff2.
STYLES = sorted(path.stem for path in WOFF2 if not path.stem.endswith("-ext"))
CORE = {style: FONT_DIR / f"{style}.woff2" for style in STYLES}
EXT = {style: FONT_DIR / f"{style}-ext.woff2" for style in STYLES}

VIETNAMESE = "ăâđêôơưĂÂĐÊÔƠƯ" + "".join(chr(cp) for cp in range(0x1EA0, 0x1EFA))
MINORITY = "ƀɃčČñÑĭĬŏŎŭŬ"
MARKS = "\u0300\u0301\u0303\u0306\u0309\u0323\u031b"
PUNCTUATION = "’“”–—…•₫€\u00a0"
REQUIRED = VIETNAMESE + MINORITY + MARKS + PUNCTUATION
# Only these need the extension file; everything else of REQUIRED is in the core file.
EXTENSION_LETTERS = "ƀɃčČĭĬŏŎŭŬ"
CORE_REQUIRED = "".join(ch for ch in REQUIRED if ch not in EXTENSION_LETTERS)


def missing(text: str, cps: frozenset[int]) -> list[str]:
    return [f"U+{ord(ch):04X} {ch}" for ch in text if ord(ch) not in cps]


def test_regular_and_bold_exist() -> None:
    names = {path.name for path in WOFF2}
    assert {"noto-sans-regular.woff2", "noto-sans-bold.woff2",
            "noto-sans-regular-ext.woff2", "noto-sans-bold-ext.woff2"} <= names


def test_every_style_has_core_and_extension() -> None:
    assert STYLES
    assert {path.name for path in WOFF2} == {p.name for p in [*CORE.values(), *EXT.values()]}


@pytest.mark.parametrize("style", STYLES)
def test_style_covers_required_characters(style: str) -> None:
    cps = font_codepoints([CORE[style], EXT[style]])
    assert not missing(REQUIRED, cps), f"{style} (core + ext) lacks {missing(REQUIRED, cps)}"


@pytest.mark.parametrize("style", STYLES)
def test_core_alone_covers_vietnamese_breve_and_punctuation(style: str) -> None:
    cps = font_codepoints(CORE[style])
    assert not missing(CORE_REQUIRED, cps), f"{style}.woff2 lacks {missing(CORE_REQUIRED, cps)}"
    assert not set(map(ord, EXTENSION_LETTERS)) & cps, "the extension letters belong in the -ext file"


@pytest.mark.parametrize("style", STYLES)
def test_extension_holds_its_letters_and_the_marks(style: str) -> None:
    cps = font_codepoints(EXT[style])
    assert not missing(EXTENSION_LETTERS + MARKS, cps)
    # apart from the combining marks, the two files share no code point
    shared = cps & font_codepoints(CORE[style])
    assert shared and all(0x0300 <= cp <= 0x036F for cp in shared)


@pytest.mark.parametrize("path", WOFF2, ids=lambda path: path.name)
def test_font_keeps_mark_positioning(path: Path) -> None:
    with TTFont(path) as font:
        gpos = {record.FeatureTag for record in font["GPOS"].table.FeatureList.FeatureRecord}
    assert {"mark", "mkmk"} <= gpos


def test_font_codepoints_of_several_files_is_the_union() -> None:
    files = sorted(FONT_DIR.glob("noto-sans-regular*.woff2"))
    assert [path.name for path in files] == ["noto-sans-regular-ext.woff2", "noto-sans-regular.woff2"]
    union = font_codepoints(files[0]) | font_codepoints(files[1])
    assert font_codepoints(files) == union
    assert font_codepoints(tuple(str(path) for path in files)) == union
    assert font_codepoints(iter(files)) == union
    assert font_codepoints([]) == frozenset()


# --- fonts.css -------------------------------------------------------------------------


def font_faces(css: str) -> list[dict[str, str]]:
    """The descriptors of every @font-face rule, in order."""
    faces = []
    for body in re.findall(r"@font-face\s*\{([^}]*)\}", css):
        faces.append({name.strip(): " ".join(value.split())
                      for name, value in re.findall(r"([\w-]+)\s*:\s*([^;]+);", body)})
    return faces


def range_codepoints(value: str) -> set[int]:
    """The code points of a unicode-range value such as ``U+0000, U+0020-007E``."""
    cps: set[int] = set()
    for item in value.split(","):
        lo, _, hi = item.strip().removeprefix("U+").partition("-")
        cps.update(range(int(lo, 16), int(hi or lo, 16) + 1))
    return cps


def face_file(face: dict[str, str]) -> str:
    match = re.fullmatch(r"url\(\"\.\./fonts/([^\"]+)\"\) format\(\"woff2\"\)", face["src"])
    assert match, face["src"]
    return match[1]


FACES = font_faces(FONTS_CSS.read_text(encoding="utf-8"))


def test_fonts_css_points_at_existing_files() -> None:
    urls = re.findall(r"url\([\"']?\.\./fonts/([^\"')]+)", FONTS_CSS.read_text(encoding="utf-8"))
    assert urls
    assert [url for url in urls if not (FONT_DIR / url).is_file()] == []


def test_fonts_css_declares_every_file_once_ext_before_core() -> None:
    files = [face_file(face) for face in FACES]
    assert sorted(files) == [path.name for path in WOFF2]
    for style in STYLES:
        assert files.index(EXT[style].name) < files.index(CORE[style].name), style
    for face in FACES:
        assert face["font-family"] == '"Noto Sans"' and face["font-display"] == "swap"


@pytest.mark.parametrize("face", FACES, ids=face_file)
def test_unicode_range_is_the_cmap(face: dict[str, str]) -> None:
    assert range_codepoints(face["unicode-range"]) == set(font_codepoints(FONT_DIR / face_file(face)))


def test_unicode_ranges_together_cover_required_characters() -> None:
    by_file = {face_file(face): range_codepoints(face["unicode-range"]) for face in FACES}
    for style in STYLES:
        cps = frozenset(by_file[CORE[style].name] | by_file[EXT[style].name])
        assert not missing(REQUIRED, cps), style
        assert not missing(CORE_REQUIRED, frozenset(by_file[CORE[style].name])), style


# --- uncovered -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cps() -> frozenset[int]:
    return font_codepoints(sorted(FONT_DIR.glob("noto-sans-regular*.woff2")))


def test_uncovered_ede_jrai_mnong(cps: frozenset[int]) -> None:
    assert uncovered("Ê Đê ê̆ ô̆ ơ̆ ư̆ ƀ č ñ", cps) == []
    # NFD input is composed first; ê̆ keeps U+0306 as a separate mark.
    assert uncovered("Đắk Lắk\n\tê\u0306", cps) == []


def test_uncovered_with_the_core_file_alone() -> None:
    core = font_codepoints(FONT_DIR / "noto-sans-regular.woff2")
    assert uncovered("Đắk Lắk ê\u0306 ñ “…” 10.000 ₫", core) == []
    assert uncovered("ƀuôn ŏ", core) == ["ƀ", "ŏ"]


def test_uncovered_reports_missing_in_order(cps: frozenset[int]) -> None:
    assert uncovered("漢", cps) == ["漢"]
    assert uncovered("a漢b字漢\u200d\ufe0f", cps) == ["漢", "字"]


@pytest.mark.skipif(not NOTO_DIR.is_dir(), reason=f"{NOTO_DIR} missing (apt install fonts-noto-core)")
def test_make_font_is_reproducible(tmp_path: Path) -> None:
    out, css = tmp_path / "fonts", tmp_path / "stylesheets" / "fonts.css"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_font.py"), "--out", str(out), "--css", str(css)],
        check=True, capture_output=True, text=True,
    )
    built = sorted(path.name for path in out.iterdir())
    assert {path.name for path in WOFF2} <= set(built), "committed fonts the script no longer builds"
    assert [name for name in built if not (FONT_DIR / name).is_file()] == []
    changed = [name for name in built if (out / name).read_bytes() != (FONT_DIR / name).read_bytes()]
    assert not changed, f"regenerated files differ from the committed ones: {changed}"
    assert css.read_bytes() == FONTS_CSS.read_bytes(), "fonts.css differs from what make_font.py writes"


FALLBACKS_CSS = ROOT / "overrides" / "assets" / "stylesheets" / "font-fallbacks.css"


def test_font_fallbacks_css_is_what_the_script_writes(tmp_path: Path) -> None:
    """Regenerating the metric-matched fallback faces gives the committed stylesheet."""
    css = tmp_path / "font-fallbacks.css"
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_font_fallbacks.py"), "--css", str(css)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr  # the local fonts come from `make chromium`
    assert css.read_bytes() == FALLBACKS_CSS.read_bytes(), "font-fallbacks.css differs from what the script writes"


def test_fallback_faces_take_noto_sans_room() -> None:
    """Each face's size-adjust brings the local font's average advance to Noto Sans'."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import make_font_fallbacks as fallbacks
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    frequencies = fallbacks.letter_frequencies()
    for faces in fallbacks.FAMILIES.values():
        for face in faces:
            noto, local = TTFont(FONT_DIR / face.noto), TTFont(face.source)
            values = fallbacks.overrides(noto, local, frequencies)
            scaled = fallbacks.average_advance(local, frequencies) * values.size_adjust / 100
            assert scaled == pytest.approx(fallbacks.average_advance(noto, frequencies), rel=1e-9)
            line = (values.ascent + values.descent + values.line_gap) * values.size_adjust / 100
            assert line == pytest.approx(136.2, abs=0.1), "Noto Sans' line box: 1069 + 293 units of 1000"

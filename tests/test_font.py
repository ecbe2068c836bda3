"""Tests for the self-hosted Noto Sans subsets and campaign_site.fonts."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from campaign_site.fonts import font_codepoints, uncovered

ROOT = Path(__file__).resolve().parent.parent
FONT_DIR = ROOT / "overrides" / "assets" / "fonts"
FONTS_CSS = ROOT / "overrides" / "assets" / "stylesheets" / "fonts.css"
NOTO_DIR = Path("/usr/share/fonts/truetype/noto")
WOFF2 = sorted(FONT_DIR.glob("*.woff2"))

VIETNAMESE = "ăâđêôơưĂÂĐÊÔƠƯ" + "".join(chr(cp) for cp in range(0x1EA0, 0x1EFA))
MINORITY = "ƀɃčČñÑĭĬŏŎŭŬ"
MARKS = "\u0300\u0301\u0303\u0306\u0309\u0323\u031b"
PUNCTUATION = "’“”–—…•₫€\u00a0"
REQUIRED = VIETNAMESE + MINORITY + MARKS + PUNCTUATION


def test_regular_and_bold_exist() -> None:
    names = {path.name for path in WOFF2}
    assert {"noto-sans-regular.woff2", "noto-sans-bold.woff2"} <= names


@pytest.mark.parametrize("path", WOFF2, ids=lambda path: path.name)
def test_font_covers_required_characters(path: Path) -> None:
    cps = font_codepoints(path)
    missing = [f"U+{ord(ch):04X} {ch}" for ch in REQUIRED if ord(ch) not in cps]
    assert not missing, f"{path.name} lacks {missing}"


def test_fonts_css_points_at_existing_files() -> None:
    urls = re.findall(r"url\([\"']?\.\./fonts/([^\"')]+)", FONTS_CSS.read_text(encoding="utf-8"))
    assert urls
    assert [url for url in urls if not (FONT_DIR / url).is_file()] == []


@pytest.fixture(scope="module")
def cps() -> frozenset[int]:
    return font_codepoints(FONT_DIR / "noto-sans-regular.woff2")


def test_uncovered_ede_jrai_mnong(cps: frozenset[int]) -> None:
    assert uncovered("Ê Đê ê̆ ô̆ ơ̆ ư̆ ƀ č ñ", cps) == []
    # NFD input is composed first; ê̆ keeps U+0306 as a separate mark.
    assert uncovered("Đắk Lắk\n\tê\u0306", cps) == []


def test_uncovered_reports_missing_in_order(cps: frozenset[int]) -> None:
    assert uncovered("漢", cps) == ["漢"]
    assert uncovered("a漢b字漢\u200d\ufe0f", cps) == ["漢", "字"]


@pytest.mark.skipif(not NOTO_DIR.is_dir(), reason=f"{NOTO_DIR} missing (apt install fonts-noto-core)")
def test_make_font_is_reproducible(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_font.py"), "--out", str(tmp_path)],
        check=True, capture_output=True, text=True,
    )
    built = sorted(path.name for path in tmp_path.iterdir())
    assert {path.name for path in WOFF2} <= set(built), "committed fonts the script no longer builds"
    assert [name for name in built if not (FONT_DIR / name).is_file()] == []
    changed = [name for name in built if (tmp_path / name).read_bytes() != (FONT_DIR / name).read_bytes()]
    assert not changed, f"regenerated files differ from the committed ones: {changed}"

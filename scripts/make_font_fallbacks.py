#!/usr/bin/env python3
"""Write the local fallback faces of Noto Sans, scaled to its metrics (no layout shift).

Until the self-hosted Noto Sans arrives (``font-display: swap``), or if it never
does, a browser draws the text in a local font. With Roboto (Android) or Arial
(Windows, iOS, macOS) as they are, lines are narrower and shorter than Noto
Sans': when the web font arrives, text rewraps and boxes grow (on a phone the
safety bar grows and the page below moves). Each face here is a local font with
the CSS metric descriptors that make it take Noto Sans' room:

- ``size-adjust`` = average advance width of Noto Sans / that of the local font,
  over the letters and spaces of :data:`SAMPLE` (Vietnamese, the site's main
  language; English and Vietnamese samples differ by less than 0.5 %);
- ``ascent-override``, ``descent-override``, ``line-gap-override`` = Noto Sans'
  ``hhea`` metrics (em-relative) divided by ``size-adjust`` (the descriptors are
  scaled by it), so line boxes are as tall as Noto Sans'.

The same method as next/font's and fontaine's fallback metrics. Noto Sans' side
is read from the subsets the site ships (``overrides/assets/fonts``); the local
fonts' from Debian's ``fonts-roboto-unhinted`` and ``fonts-liberation`` (Liberation
Sans has Arial's advance widths by design; letters it lacks, such as Vietnamese
ones, are measured by their base letter, as in Arial their advance is the base
letter's). Writes ``overrides/assets/stylesheets/font-fallbacks.css`` with the
faces and the font stacks that use them. Reproducible for given package versions.

    python scripts/make_font_fallbacks.py [--css FILE]
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont

REPO_ROOT = Path(__file__).resolve().parent.parent
NOTO = REPO_ROOT / "overrides" / "assets" / "fonts"
DEFAULT_CSS = REPO_ROOT / "overrides" / "assets" / "stylesheets" / "font-fallbacks.css"
ROBOTO = Path("/usr/share/fonts/truetype/roboto/unhinted/RobotoTTF")
LIBERATION = Path("/usr/share/fonts/truetype/liberation")
PACKAGES = ("fonts-roboto-unhinted", "fonts-liberation")

# The opening of the safety page (docs/truy-cap-an-toan.md) and the site
# description, frozen here: editing pages does not change the stylesheet.
SAMPLE = (
    "Nếu bạn lo người khác biết bạn đã đọc trang web này, những gợi ý dưới đây có thể giúp bạn. "
    "Không có cách nào an toàn hoàn toàn. Hãy chọn cách phù hợp với hoàn cảnh của bạn. "
    "Nút Thoát nhanh có ở mọi trang. Khi bạn bấm nút, trang đang đọc bị ẩn ngay. "
    "Một trang web phổ biến, không liên quan sẽ mở ra trong cùng thẻ. "
    "Thông tin về bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới "
    "của Sở Lao động Thương binh và Xã hội tỉnh Đắk Lắk."
)


@dataclass(frozen=True)
class Face:
    """One style of a fallback family: the local() names a browser looks up and the file measured."""

    style: str  # CSS font-style
    weight: int  # CSS font-weight
    noto: str  # the shipped Noto Sans subset of this style
    local_names: tuple[str, ...]
    source: Path


# Family name -> its faces. Roboto first: on Android (most phones) it is the
# system font; Arial stands in on Windows and Apple systems.
FAMILIES: dict[str, tuple[Face, ...]] = {
    "Noto Sans fallback Roboto": (
        Face("normal", 400, "noto-sans-regular.woff2", ("Roboto", "Roboto Regular", "Roboto-Regular"),
             ROBOTO / "Roboto-Regular.ttf"),
        Face("normal", 700, "noto-sans-bold.woff2", ("Roboto Bold", "Roboto-Bold"), ROBOTO / "Roboto-Bold.ttf"),
        Face("italic", 400, "noto-sans-italic.woff2", ("Roboto Italic", "Roboto-Italic"),
             ROBOTO / "Roboto-Italic.ttf"),
    ),
    "Noto Sans fallback Arial": (
        Face("normal", 400, "noto-sans-regular.woff2",
             ("Arial", "ArialMT", "Liberation Sans", "LiberationSans", "Arimo", "Arimo-Regular"),
             LIBERATION / "LiberationSans-Regular.ttf"),
        Face("normal", 700, "noto-sans-bold.woff2",
             ("Arial Bold", "Arial-BoldMT", "Liberation Sans Bold", "LiberationSans-Bold", "Arimo Bold",
              "Arimo-Bold"),
             LIBERATION / "LiberationSans-Bold.ttf"),
        Face("italic", 400, "noto-sans-italic.woff2",
             ("Arial Italic", "Arial-ItalicMT", "Liberation Sans Italic", "LiberationSans-Italic",
              "Arimo Italic", "Arimo-Italic"),
             LIBERATION / "LiberationSans-Italic.ttf"),
    ),
}
# Noto Sans first, then the fallbacks, then whatever the system has.
TEXT_STACK = ['"Noto Sans"', *(f'"{family}"' for family in FAMILIES)]


def letter_frequencies(text: str = SAMPLE) -> Counter[str]:
    """How often each letter and the space occur in ``text`` (NFC)."""
    return Counter(c for c in unicodedata.normalize("NFC", text) if c.isalpha() or c == " ")


def average_advance(font: TTFont, frequencies: Counter[str]) -> float:
    """Average advance width in em, weighted by ``frequencies``; a letter the font
    lacks counts with the advance of its base letter (its first NFD character)."""
    cmap, metrics, upem = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    total = count = 0
    for char, times in frequencies.items():
        glyph = cmap.get(ord(char)) or cmap.get(ord(unicodedata.normalize("NFD", char)[0]))
        if glyph is None:
            continue
        total += metrics[glyph][0] / upem * times
        count += times
    return total / count


@dataclass(frozen=True)
class Overrides:
    """The CSS metric descriptors of a fallback face, in percent."""

    size_adjust: float
    ascent: float
    descent: float
    line_gap: float


def overrides(noto: TTFont, local: TTFont, frequencies: Counter[str]) -> Overrides:
    """Descriptors that give ``local`` the advance widths and line box of ``noto``."""
    scale = average_advance(noto, frequencies) / average_advance(local, frequencies)
    upem, hhea = noto["head"].unitsPerEm, noto["hhea"]
    return Overrides(scale * 100, hhea.ascent / upem / scale * 100, -hhea.descent / upem / scale * 100,
                     hhea.lineGap / upem / scale * 100)


def face_rule(family: str, face: Face, values: Overrides) -> str:
    """The @font-face rule of one fallback face."""
    sources = ", ".join(f'local("{name}")' for name in face.local_names)
    return "\n".join([
        "@font-face {",
        f'  font-family: "{family}";',
        f"  font-style: {face.style};",
        f"  font-weight: {face.weight};",
        f"  src: {sources};",
        f"  size-adjust: {values.size_adjust:.2f}%;",
        f"  ascent-override: {values.ascent:.2f}%;",
        f"  descent-override: {values.descent:.2f}%;",
        f"  line-gap-override: {values.line_gap:.2f}%;",
        "}",
    ]) + "\n"


CSS_HEADER = """\
/* Local fonts standing in for Noto Sans while it loads (or if it never
   arrives), scaled to its metrics so that nothing moves when it arrives.
   Generated by scripts/make_font_fallbacks.py (method and sources there);
   do not edit by hand. */
"""

CSS_FOOTER = f"""\
/* With theme.font: false Material emits no font variables; its main.css
   builds --md-text-font-family / --md-code-font-family on body from
   var(--md-text-font, _) / var(--md-code-font, _) followed by system
   fallbacks, so these two inputs are the ones to set. */
:root {{
  --md-text-font: {", ".join(TEXT_STACK)};
  --md-code-font: ui-monospace, "DejaVu Sans Mono", monospace;
}}

/* Same selector list as Material's own rule, which this file follows. */
aside,
body,
input {{
  font-family: {", ".join(TEXT_STACK)}, system-ui, sans-serif;
}}
"""


def css_text(noto_dir: Path = NOTO) -> str:
    """The stylesheet: every fallback face, then the font stacks."""
    frequencies = letter_frequencies()
    rules = []
    for family, faces in FAMILIES.items():
        for face in faces:
            noto_file = noto_dir / face.noto
            if not noto_file.is_file() or not face.source.is_file():
                missing = face.source if noto_file.is_file() else noto_file
                raise FileNotFoundError(f"{missing} not found (apt install {' '.join(PACKAGES)})")
            rules.append(face_rule(family, face, overrides(TTFont(noto_file), TTFont(face.source), frequencies)))
    return "\n".join([CSS_HEADER, *rules, CSS_FOOTER])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the metric-matched local fallback faces of Noto Sans.")
    parser.add_argument("--css", type=Path, default=DEFAULT_CSS, help="the stylesheet to write")
    args = parser.parse_args(argv)
    try:
        text = css_text()
    except FileNotFoundError as error:
        raise SystemExit(str(error)) from error
    args.css.parent.mkdir(parents=True, exist_ok=True)
    args.css.write_text(text, encoding="utf-8")
    print(f"wrote {args.css}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

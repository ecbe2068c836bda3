#!/usr/bin/env python3
"""Build the self-hosted Noto Sans WOFF2 subsets for the campaign site.

Reads the static Noto Sans TTFs from Debian's ``fonts-noto-core`` and
subsets each style to Latin + Vietnamese + Ê Đê / J'rai / M'nông, split in
two WOFF2 files: ``noto-sans-<style>.woff2`` (core: Latin-1, Vietnamese,
punctuation; all a Vietnamese or English page needs) and
``noto-sans-<style>-ext.woff2`` (extension: the other Latin letters, e.g.
ƀ č ĭ ŏ ŭ, plus the combining marks again). Writes them with ``OFL.txt``
and ``README.md`` into ``overrides/assets/fonts``, writes the @font-face
rules with each file's ``unicode-range`` into
``overrides/assets/stylesheets/fonts.css`` and verifies the coverage of
every output. Output is byte-for-byte reproducible for a given source
package, fontTools and brotli version.

    python scripts/make_font.py [--src DIR] [--out DIR] [--css FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from campaign_site.content.fonts import font_codepoints  # scripts/ is this script's folder

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SRC = Path("/usr/share/fonts/truetype/noto")
DEFAULT_OUT = REPO_ROOT / "overrides" / "assets" / "fonts"
DEFAULT_CSS = REPO_ROOT / "overrides" / "assets" / "stylesheets" / "fonts.css"
# Where the fonts are seen from the stylesheet in the built site.
CSS_FONT_URL = "../fonts/"
DEBIAN_PACKAGE = "fonts-noto-core"
COPYRIGHT_FILE = Path("/usr/share/doc") / DEBIAN_PACKAGE / "copyright"


@dataclass(frozen=True)
class Style:
    """One style: its source file, whether it must exist, its CSS font-style and weight."""

    source: str
    required: bool
    css_style: str
    css_weight: int


# Output style -> source and @font-face descriptors. Italic is optional.
STYLES: dict[str, Style] = {
    "regular": Style("NotoSans-Regular.ttf", True, "normal", 400),
    "bold": Style("NotoSans-Bold.ttf", True, "normal", 700),
    "italic": Style("NotoSans-Italic.ttf", False, "italic", 400),
}

UNICODE_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0000, 0x007F, "Basic Latin"),
    (0x0080, 0x00FF, "Latin-1 Supplement (incl. U+00A0 NBSP)"),
    (0x0100, 0x017F, "Latin Extended-A"),
    (0x0180, 0x024F, "Latin Extended-B"),
    (0x0300, 0x036F, "Combining Diacritical Marks"),
    (0x1E00, 0x1EFF, "Latin Extended Additional (Vietnamese)"),
    (0x2000, 0x206F, "General Punctuation"),
    (0x20AB, 0x20AC, "Dong sign, Euro sign"),
    (0x2190, 0x2193, "Arrows ← ↑ → ↓"),
    (0xFEFF, 0xFEFF, "Zero width no-break space / BOM"),
)

# What goes into the core file of each style: everything a Vietnamese or
# English page uses. The rest of UNICODE_RANGES goes into the extension file.
CORE_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0000, 0x00FF, "Basic Latin, Latin-1 Supplement"),
    (0x0102, 0x0103, "Ă ă"),
    (0x0110, 0x0111, "Đ đ"),
    (0x0128, 0x0129, "Ĩ ĩ"),
    (0x0168, 0x0169, "Ũ ũ"),
    (0x01A0, 0x01A1, "Ơ ơ"),
    (0x01AF, 0x01B0, "Ư ư"),
    (0x0300, 0x036F, "Combining Diacritical Marks"),
    (0x1EA0, 0x1EF9, "Vietnamese letters of Latin Extended Additional"),
    (0x2000, 0x206F, "General Punctuation"),
    (0x20AB, 0x20AC, "Dong sign, Euro sign"),
    (0xFEFF, 0xFEFF, "Zero width no-break space / BOM"),
)
# Kept in both files, so a letter of either file and the marks after it are
# shaped by one font (mark positioning works only within a font).
MARK_RANGE: tuple[int, int] = (0x0300, 0x036F)

# fontTools' default feature list already keeps ccmp, locl, mark, mkmk, kern,
# liga, frac, ...; add the numeric/case features the site can use. Not "*":
# smcp/c2sc/salt/ssXX/onum/zero would add ~25 % to each file.
LAYOUT_FEATURES: list[str] = sorted(
    set(subset.Options().layout_features)
    | {"case", "lnum", "ordn", "pnum", "subs", "sups", "tnum"}
)
# Keep the copyright, family, version and licence name records.
NAME_IDS: list[int] = [0, 1, 2, 3, 4, 5, 6, 13, 14]

VIETNAMESE_TEXT: str = "ăâđêôơưĂÂĐÊÔƠƯ" + "".join(chr(cp) for cp in range(0x1EA0, 0x1EFA))
MARKS_TEXT: str = "\u0300\u0301\u0303\u0306\u0309\u0323\u031b"
MINORITY_TEXT: str = "ƀɃčČñÑĭĬŏŎŭŬ"
PUNCTUATION_TEXT: str = "’“”–—…•₫€\u00a0"
REQUIRED_TEXT: str = VIETNAMESE_TEXT + MARKS_TEXT + MINORITY_TEXT + PUNCTUATION_TEXT
# The Ê Đê / J'rai / M'nông letters outside the core file (ñ Ñ are Latin-1).
EXTENSION_LETTERS: str = "ƀɃčČĭĬŏŎŭŬ"
# What each file must map on its own; core and extension together map REQUIRED_TEXT.
CORE_REQUIRED_TEXT: str = "".join(ch for ch in REQUIRED_TEXT if ch not in EXTENSION_LETTERS)
EXTENSION_REQUIRED_TEXT: str = EXTENSION_LETTERS + MARKS_TEXT
REQUIRED_GPOS_FEATURES: frozenset[str] = frozenset({"mark", "mkmk"})


def _expand(ranges: Iterable[tuple[int, int, str]]) -> set[int]:
    return {cp for lo, hi, _ in ranges for cp in range(lo, hi + 1)}


def unicodes() -> list[int]:
    """Return the sorted code points to keep (core and extension together)."""
    return sorted(_expand(UNICODE_RANGES))


def core_unicodes() -> list[int]:
    """Return the sorted code points of the core file."""
    return sorted(_expand(CORE_RANGES))


def extension_unicodes() -> list[int]:
    """Return the sorted code points of the extension file: the rest, plus the combining marks."""
    marks = set(range(MARK_RANGE[0], MARK_RANGE[1] + 1))
    return sorted((_expand(UNICODE_RANGES) - _expand(CORE_RANGES)) | marks)


@dataclass(frozen=True)
class Part:
    """One of the two files of a style."""

    suffix: str
    description: str
    codepoints: tuple[int, ...]
    required: str


# In build order; the CSS declares them in reverse (extension before core).
PARTS: tuple[Part, ...] = (
    Part("", "core: Latin-1, Vietnamese, combining marks, punctuation, ₫ €",
         tuple(core_unicodes()), CORE_REQUIRED_TEXT),
    Part("-ext", "extension: the other Latin letters (e.g. ƀ č ĭ ŏ ŭ), combining marks again",
         tuple(extension_unicodes()), EXTENSION_REQUIRED_TEXT),
)


@dataclass(frozen=True)
class Output:
    """The files built for one style."""

    style: str
    source: Path
    files: tuple[Path, ...]  # in PARTS order: core, extension


def subset_options() -> subset.Options:
    """Return deterministic, unhinted WOFF2 subsetting options."""
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = LAYOUT_FEATURES
    options.name_IDs = NAME_IDS
    options.hinting = False
    options.notdef_outline = True
    options.glyph_names = False
    options.recalc_timestamp = False
    options.canonical_order = True
    return options


def make_subset(src: Path, dst: Path, cps: Iterable[int] | None = None) -> None:
    """Subset ``src`` to the code points ``cps`` (default: UNICODE_RANGES) into the WOFF2 file ``dst``."""
    options = subset_options()
    font = TTFont(src, recalcTimestamp=False)
    if "fvar" in font:
        raise SystemExit(f"{src}: variable font; use a static instance instead")
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes() if cps is None else sorted(cps))
    subsetter.subset(font)
    dst.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(dst), options)
    font.close()


def _check_mapped(what: str, mapped: Iterable[int], required: Iterable[str]) -> None:
    mapped = set(mapped)
    missing = sorted({ch for ch in required if ord(ch) not in mapped})
    if missing:
        listed = ", ".join(f"U+{ord(ch):04X} {ch!r}" for ch in missing)
        raise SystemExit(f"{what}: cmap lacks {len(missing)} required characters: {listed}")


def verify(path: Path, required: Iterable[str] = REQUIRED_TEXT) -> None:
    """Exit with a clear message unless ``path`` maps every required character and keeps mark/mkmk."""
    with TTFont(path) as font:
        cmap = font.getBestCmap()
        gpos = {r.FeatureTag for r in font["GPOS"].table.FeatureList.FeatureRecord} if "GPOS" in font else set()
    _check_mapped(str(path), cmap, required)
    if lost := REQUIRED_GPOS_FEATURES - gpos:
        raise SystemExit(f"{path}: GPOS lost mark positioning features {sorted(lost)}")


def verify_style(files: Sequence[Path], required: Iterable[str] = REQUIRED_TEXT) -> None:
    """Exit with a clear message unless the files of a style together map every required character."""
    _check_mapped(" + ".join(path.name for path in files), font_codepoints(files), required)


def unicode_range(cps: Iterable[int]) -> list[str]:
    """Compress code points into CSS unicode-range items: ``U+0020-007E``, ``U+00A0``."""
    items: list[str] = []
    ordered = sorted(set(cps))
    start = 0
    for i, cp in enumerate(ordered):
        if i + 1 < len(ordered) and ordered[i + 1] == cp + 1:
            continue
        lo = ordered[start]
        items.append(f"U+{lo:04X}" if lo == cp else f"U+{lo:04X}-{cp:04X}")
        start = i + 1
    return items


def _wrap(first: str, items: Sequence[str], indent: str, width: int = 78) -> list[str]:
    """``first`` followed by the comma-separated ``items`` and a semicolon, wrapped at ``width``."""
    lines = [first]
    for i, item in enumerate(items):
        piece = item + (";" if i == len(items) - 1 else ",")
        if lines[-1] != first and len(lines[-1]) + 1 + len(piece) > width:
            lines.append(indent + piece)
        else:
            lines[-1] += " " + piece
    return lines


CSS_HEADER = """\
/* Self-hosted Noto Sans subsets (Latin, Vietnamese, Ê Đê, J'rai, M'nông).
   Generated by scripts/make_font.py; do not edit by hand. Files and
   licence: ../fonts/README.md, ../fonts/OFL.txt. No bold italic face:
   browsers synthesise it from the italic.

   Each style is two files; a browser downloads one only when a page uses
   a character of its unicode-range (taken from the file's cmap):
   noto-sans-<style>.woff2 holds Latin-1, Vietnamese and punctuation,
   noto-sans-<style>-ext.woff2 the other Latin letters (ƀ č ĭ ŏ ŭ ...).
   Both hold the combining marks, so a letter and the marks after it are
   shaped by one font. The -ext face comes first: for code points in both
   ranges the face defined last is tried first, so marks after a core
   letter come from the core file and do not fetch the extension. */
"""

def font_face(path: Path, style: Style) -> str:
    """Return the @font-face rule for the font file at ``path``."""
    return "\n".join([
        "@font-face {",
        '  font-family: "Noto Sans";',
        f"  font-style: {style.css_style};",
        f"  font-weight: {style.css_weight};",
        "  font-display: swap;",
        f'  src: url("{CSS_FONT_URL}{path.name}") format("woff2");',
        *_wrap("  unicode-range:", unicode_range(font_codepoints(path)), "    "),
        "}",
    ]) + "\n"


def css_text(outputs: Sequence[Output]) -> str:
    """Return fonts.css: per style the extension face, then the core face (the font stacks
    and the local fallback faces are in font-fallbacks.css, scripts/make_font_fallbacks.py)."""
    faces = [
        font_face(path, STYLES[output.style])
        for output in outputs
        for path in reversed(output.files)
    ]
    return "\n".join([CSS_HEADER, *faces]).rstrip("\n") + "\n"


def debian_version(package: str = DEBIAN_PACKAGE) -> str:
    """Return the installed Debian version of ``package``, or ``unknown``."""
    try:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", package],
            check=True, capture_output=True, text=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return result.stdout.strip() or "unknown"


def ofl_text(copyright_file: Path = COPYRIGHT_FILE) -> str:
    """Extract the OFL-1.1 text from a machine-readable Debian copyright file."""
    lines = copyright_file.read_text(encoding="utf-8").splitlines()
    # The standalone licence paragraph (not a "License:" field of a Files stanza).
    start = next(
        (i for i, line in enumerate(lines)
         if line.rstrip() == "License: OFL-1.1" and (i == 0 or not lines[i - 1].strip())),
        None,
    )
    if start is None:
        raise SystemExit(f"{copyright_file}: no standalone 'License: OFL-1.1' paragraph")
    body: list[str] = []
    for line in lines[start + 1 :]:
        if not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    return (
        "Noto Sans (Debian package fonts-noto-core)\n"
        "Copyright 2010, 2012-2020 Google Inc.; 2015-2020 Google LLC.\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
        "(Text extracted verbatim from /usr/share/doc/fonts-noto-core/copyright.)\n\n"
        "SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007\n\n"
        + "\n".join(body).rstrip()
        + "\n"
    )


def layout_features(path: Path) -> list[str]:
    """Return the sorted GSUB/GPOS feature tags present in the font at ``path``."""
    with TTFont(path) as font:
        return sorted({
            record.FeatureTag
            for tag in ("GSUB", "GPOS") if tag in font
            for record in font[tag].table.FeatureList.FeatureRecord
        })


def absent(paths: Sequence[Path]) -> list[int]:
    """Return requested, assigned, non-control code points none of the fonts at ``paths`` maps."""
    mapped = font_codepoints(paths)
    return [
        cp for cp in unicodes()
        if cp not in mapped and unicodedata.category(chr(cp)) not in {"Cc", "Cn", "Cs"}
    ]


def _range_rows(ranges: Iterable[tuple[int, int, str]]) -> str:
    return "\n".join(
        f"| U+{lo:04X}–U+{hi:04X} | {name} |" if lo != hi else f"| U+{lo:04X} | {name} |"
        for lo, hi, name in ranges
    )


def readme_text(outputs: Sequence[Output], pkg_version: str) -> str:
    """Return README.md for the font directory."""
    files = "\n".join(
        f"| `{path.name}` | {output.style}, {part.description} | {path.stat().st_size:,} | `{output.source}` |"
        for output in outputs
        for part, path in zip(PARTS, output.files)
    )
    first = outputs[0]
    features = {path.name: layout_features(path) for path in first.files}
    if len({tuple(tags) for tags in features.values()}) == 1:
        features_text = (f"Layout features kept (as present in `{first.files[0].name}` and "
                         f"`{first.files[1].name}`): "
                         + ", ".join(f"`{tag}`" for tag in features[first.files[0].name]) + ".")
    else:
        features_text = "Layout features kept: " + "; ".join(
            f"`{name}`: " + ", ".join(f"`{tag}`" for tag in tags) for name, tags in features.items()) + "."
    gaps = ", ".join(f"U+{cp:04X} {chr(cp)}" for cp in absent(first.files)) or "none"
    return f"""# Self-hosted Noto Sans subsets

Generated by `scripts/make_font.py`; do not edit by hand.

- Source: Debian package `{DEBIAN_PACKAGE}` version `{pkg_version}` (static TTFs)
- Tools: fontTools {version("fonttools")}, brotli {version("brotli")}
- Licence: SIL Open Font License 1.1, see `OFL.txt`

Regenerate (from the repository root, same package and tool versions give
byte-identical files; this also rewrites
`overrides/assets/stylesheets/fonts.css`):

```sh
.venv/bin/python scripts/make_font.py
```

| File | Holds | Bytes | Source |
| --- | --- | ---: | --- |
{files}

Why two files per style: a first page view should download only what it
shows. `fonts.css` declares each file with a `unicode-range` computed
from its cmap, and a browser fetches a file only when the page uses one of
its characters. Vietnamese and English pages need only the core file
`noto-sans-<style>.woff2`; the extension `noto-sans-<style>-ext.woff2`
is fetched by pages with the other Latin letters, such as the Ê Đê, J'rai
and M'nông ƀ Ƀ č Č ĭ Ĭ ŏ Ŏ ŭ Ŭ. Both files hold all combining marks
(U+0300–U+036F), so a letter of either file and the marks after it (ŏ̆,
ê̆) are shaped by one font. `fonts.css` declares the extension face of a
style before its core face: for code points in both, browsers try the face
defined last first, so marks after a core letter come from the core file
and do not fetch the extension.

Unicode ranges kept, core and extension together (only code points the
source font maps end up in a cmap):

| Range | Block |
| --- | --- |
{_range_rows(UNICODE_RANGES)}

Of these, the core file holds (the extension holds the rest, plus
U+0300–U+036F again):

| Range | Characters |
| --- | --- |
{_range_rows(CORE_RANGES)}

Requested but not in the source font (browsers fall back to a system font):
{gaps}.

{features_text}
Hinting is removed. Every core file is checked to map all Vietnamese letters
(U+1EA0–U+1EF9 plus ăâđêôơư), U+0306 COMBINING BREVE (Ê Đê ê̆ ô̆ ơ̆ ư̆),
ñ Ñ and the punctuation the content uses; core and extension together to
map ƀ Ƀ č Č ĭ Ĭ ŏ Ŏ ŭ Ŭ as well; every file to keep the `mark`/`mkmk`
features.
"""


def sha256(path: Path) -> str:
    """Return the hex SHA-256 of ``path``."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: Sequence[str] | None = None) -> int:
    """Build, verify and report the font subsets and write fonts.css."""
    parser = argparse.ArgumentParser(description="Build the self-hosted Noto Sans WOFF2 subsets.")
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC, help="directory with NotoSans-*.ttf")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    parser.add_argument("--css", type=Path, default=DEFAULT_CSS,
                        help="the stylesheet with the @font-face rules to write")
    args = parser.parse_args(argv)

    outputs: list[Output] = []
    for style, spec in STYLES.items():
        src = args.src / spec.source
        if not src.is_file():
            if spec.required:
                raise SystemExit(f"missing source font {src} (apt install {DEBIAN_PACKAGE})")
            print(f"skipping {style}: {src} not found", file=sys.stderr)
            continue
        files: list[Path] = []
        for part in PARTS:
            dst = args.out / f"noto-sans-{style}{part.suffix}.woff2"
            make_subset(src, dst, part.codepoints)
            verify(dst, part.required)
            files.append(dst)
        verify_style(files)
        outputs.append(Output(style, src, tuple(files)))

    (args.out / "OFL.txt").write_text(ofl_text(), encoding="utf-8")
    (args.out / "README.md").write_text(readme_text(outputs, debian_version()), encoding="utf-8")
    args.css.parent.mkdir(parents=True, exist_ok=True)
    args.css.write_text(css_text(outputs), encoding="utf-8")

    for output in outputs:
        for path in output.files:
            print(f"{path.name:28} {path.stat().st_size:>8,} bytes  sha256 {sha256(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

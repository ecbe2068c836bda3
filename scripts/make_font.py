#!/usr/bin/env python3
"""Build the self-hosted Noto Sans WOFF2 subsets for the campaign site.

Reads the static Noto Sans TTFs from Debian's ``fonts-noto-core``, subsets
them to Latin + Vietnamese + Ê Đê / J'rai / M'nông, writes WOFF2 files plus
``OFL.txt`` and ``README.md`` into ``overrides/assets/fonts`` and verifies
the coverage of every output. Output is byte-for-byte reproducible for a
given source package, fontTools and brotli version.

    python scripts/make_font.py [--src DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from importlib.metadata import version
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SRC = Path("/usr/share/fonts/truetype/noto")
DEFAULT_OUT = REPO_ROOT / "overrides" / "assets" / "fonts"
DEBIAN_PACKAGE = "fonts-noto-core"
COPYRIGHT_FILE = Path("/usr/share/doc") / DEBIAN_PACKAGE / "copyright"

# Output style -> (source file, required?). Italic is optional.
STYLES: dict[str, tuple[str, bool]] = {
    "regular": ("NotoSans-Regular.ttf", True),
    "bold": ("NotoSans-Bold.ttf", True),
    "italic": ("NotoSans-Italic.ttf", False),
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

# fontTools' default feature list already keeps ccmp, locl, mark, mkmk, kern,
# liga, frac, ...; add the numeric/case features the site can use. Not "*":
# smcp/c2sc/salt/ssXX/onum/zero would add ~25 % to each file.
LAYOUT_FEATURES: list[str] = sorted(
    set(subset.Options().layout_features)
    | {"case", "lnum", "ordn", "pnum", "subs", "sups", "tnum"}
)
# Keep the copyright, family, version and licence name records.
NAME_IDS: list[int] = [0, 1, 2, 3, 4, 5, 6, 13, 14]

REQUIRED_TEXT: str = (
    "ăâđêôơưĂÂĐÊÔƠƯ"
    + "".join(chr(cp) for cp in range(0x1EA0, 0x1EFA))
    + "\u0300\u0301\u0303\u0306\u0309\u0323\u031b"
    + "ƀɃčČñÑĭĬŏŎŭŬ"
    + "’“”–—…•₫€\u00a0"
)
REQUIRED_GPOS_FEATURES: frozenset[str] = frozenset({"mark", "mkmk"})


def unicodes() -> list[int]:
    """Return the sorted code points to keep."""
    return sorted({cp for lo, hi, _ in UNICODE_RANGES for cp in range(lo, hi + 1)})


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


def make_subset(src: Path, dst: Path) -> None:
    """Subset ``src`` into the WOFF2 file ``dst``."""
    options = subset_options()
    font = TTFont(src, recalcTimestamp=False)
    if "fvar" in font:
        raise SystemExit(f"{src}: variable font; use a static instance instead")
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes())
    subsetter.subset(font)
    dst.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(dst), options)
    font.close()


def verify(path: Path, required: Iterable[str] = REQUIRED_TEXT) -> None:
    """Exit with a clear message unless ``path`` maps every required character."""
    with TTFont(path) as font:
        cmap = font.getBestCmap()
        gpos = {r.FeatureTag for r in font["GPOS"].table.FeatureList.FeatureRecord}
    missing = sorted({ch for ch in required if ord(ch) not in cmap})
    if missing:
        listed = ", ".join(f"U+{ord(ch):04X} {ch!r}" for ch in missing)
        raise SystemExit(f"{path}: cmap lacks {len(missing)} required characters: {listed}")
    if lost := REQUIRED_GPOS_FEATURES - gpos:
        raise SystemExit(f"{path}: GPOS lost mark positioning features {sorted(lost)}")


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


def absent(path: Path) -> list[int]:
    """Return requested, assigned, non-control code points the font at ``path`` lacks."""
    with TTFont(path) as font:
        cmap = font.getBestCmap()
    return [
        cp for cp in unicodes()
        if cp not in cmap and unicodedata.category(chr(cp)) not in {"Cc", "Cn", "Cs"}
    ]


def readme_text(outputs: Sequence[tuple[Path, Path]], pkg_version: str) -> str:
    """Return README.md for the font directory; ``outputs`` is (output, source) pairs."""
    ranges = "\n".join(
        f"| U+{lo:04X}–U+{hi:04X} | {name} |" if lo != hi else f"| U+{lo:04X} | {name} |"
        for lo, hi, name in UNICODE_RANGES
    )
    files = "\n".join(f"| `{out.name}` | `{src}` |" for out, src in outputs)
    features = ", ".join(f"`{tag}`" for tag in layout_features(outputs[0][0]))
    gaps = ", ".join(f"U+{cp:04X} {chr(cp)}" for cp in absent(outputs[0][0])) or "none"
    return f"""# Self-hosted Noto Sans subsets

Generated by `scripts/make_font.py`; do not edit by hand.

- Source: Debian package `{DEBIAN_PACKAGE}` version `{pkg_version}` (static TTFs)
- Tools: fontTools {version("fonttools")}, brotli {version("brotli")}
- Licence: SIL Open Font License 1.1, see `OFL.txt`

Regenerate (from the repository root, same package and tool versions give
byte-identical files):

```sh
.venv/bin/python scripts/make_font.py
```

| File | Source |
| --- | --- |
{files}

Unicode ranges kept (only code points the source font maps end up in the
cmap):

| Range | Block |
| --- | --- |
{ranges}

Requested but not in the source font (browsers fall back to a system font):
{gaps}.

Layout features kept (as present in `{outputs[0][0].name}`): {features}.
Hinting is removed. Every file is checked to map all Vietnamese letters
(U+1EA0–U+1EF9 plus ăâđêôơư), U+0306 COMBINING BREVE (Ê Đê ê̆ ô̆ ơ̆ ư̆) and
ƀ Ƀ č Č ñ Ñ ĭ Ĭ ŏ Ŏ ŭ Ŭ, and to keep the `mark`/`mkmk` features.
"""


def sha256(path: Path) -> str:
    """Return the hex SHA-256 of ``path``."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: Sequence[str] | None = None) -> int:
    """Build, verify and report the font subsets."""
    parser = argparse.ArgumentParser(description="Build the self-hosted Noto Sans WOFF2 subsets.")
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC, help="directory with NotoSans-*.ttf")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    args = parser.parse_args(argv)

    outputs: list[tuple[Path, Path]] = []
    for style, (filename, required) in STYLES.items():
        src = args.src / filename
        if not src.is_file():
            if required:
                raise SystemExit(f"missing source font {src} (apt install {DEBIAN_PACKAGE})")
            print(f"skipping {style}: {src} not found", file=sys.stderr)
            continue
        dst = args.out / f"noto-sans-{style}.woff2"
        make_subset(src, dst)
        verify(dst)
        outputs.append((dst, src))

    (args.out / "OFL.txt").write_text(ofl_text(), encoding="utf-8")
    (args.out / "README.md").write_text(readme_text(outputs, debian_version()), encoding="utf-8")

    for path, _ in outputs:
        print(f"{path.name:28} {path.stat().st_size:>8,} bytes  sha256 {sha256(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

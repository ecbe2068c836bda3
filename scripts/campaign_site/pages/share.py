"""Link previews: the Open Graph image of a page (1200×630 PNG), drawn at build time.

Zalo, Facebook and Messenger show ``og:image`` when a link is shared. Each page
gets one, with its title (and the site's name) in the page's language, drawn
with the site's own self-hosted fonts (Noto Sans Bold subsets, no network) by
Pillow. The image is a 16-colour (4-bit) palette PNG (≈ 5–17 KB) and the same
bytes for the same text on every machine with the pinned Pillow. What is the
same in every image of a site (background, site name, amber bar) is drawn once
per site name: an image puts only its title over a copy of it. Titles share
words: a word is drawn once a process at each of the 64 pen phases (1/64 pixel)
Pillow's layout can start it at, and put where drawing its line whole would put
it (the same pixels: tests/test_share_images.py compares them with lines drawn
whole); where two words' ink would meet, the title is drawn whole. Pillow
writes the PNG (run-length matching, ``zlib.Z_RLE``).

The subset fonts split Latin letters over two files (core + extension, as
``unicode-range`` in fonts.css): each cluster (a letter and its combining
marks) is drawn with the file holding all of its characters.
"""

from __future__ import annotations

import hashlib
import io
import sys
import posixpath
import unicodedata
import zlib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urljoin

import PIL
from PIL import Image, ImageChops, ImageDraw, ImageFont

from ..content.fonts import font_codepoints
from ..fingerprints import source_fingerprint
from ..urls import relative_path
from .build_cache import BuildCache

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
BACKGROUND = (46, 16, 101)  # the safety bar's dark purple (#2e1065)
TITLE_COLOUR = (255, 255, 255)
NAME_COLOUR = (209, 196, 233)  # deep purple 100
ACCENT_COLOUR = (255, 213, 79)  # the focus ring's amber (#ffd54f)
LEVELS = 8  # anti-aliasing levels per colour: 1 + 2 × 7 + 1 = 16 colours, 4 bits a pixel
TITLE_SIZES = (76, 68, 60, 52, 46)  # largest that fits in MAX_LINES
MAX_LINES = 4
NAME_SIZE = 36


@dataclass(frozen=True, eq=False)  # one object per file (_faces is cached): hashed by identity
class _Face:
    data: bytes  # the font file as it is (TrueType/OpenType, WOFF or WOFF2: FreeType reads each)
    codepoints: frozenset[int]


@cache
def _faces(fonts: tuple[Path, ...]) -> tuple[_Face, ...]:
    """The font files (one style's subsets, tried in this order), read once per process.

    FreeType (in Pillow) opens WOFF and WOFF2 itself; unpacking them first with
    fontTools (TTFont.save) cost ~0.15 s of CPU in every process drawing images.
    """
    if not fonts:
        raise FileNotFoundError("no font for the share images (plugin option share_font)")
    return tuple(_Face(path.read_bytes(), font_codepoints(path)) for path in fonts)


@cache
def _font(data: bytes, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(io.BytesIO(data), size, layout_engine=ImageFont.Layout.RAQM)


def _clusters(text: str) -> list[str]:
    """``text`` (NFC) cut into base characters with their combining marks."""
    clusters: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if clusters and unicodedata.combining(char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


@cache
def _face_of(cluster: str, faces: tuple[_Face, ...]) -> _Face:
    """The first face holding every character of ``cluster`` (the first face when none does)."""
    return next((f for f in faces if all(ord(c) in f.codepoints or c.isspace() for c in cluster)), faces[0])


def _runs(text: str, faces: tuple[_Face, ...]) -> list[tuple[str, bytes]]:
    """``text`` as runs drawn with one face each (the first holding every character of a cluster)."""
    normal = unicodedata.normalize("NFC", text)
    first = faces[0]
    if all(ord(char) in first.codepoints or char.isspace() for char in set(normal)):
        return [(normal, first.data)] if normal else []  # every cluster in the first face: one run
    runs: list[tuple[str, bytes]] = []
    for cluster in _clusters(normal):
        face = _face_of(cluster, faces)
        if runs and runs[-1][1] is face.data:
            runs[-1] = (runs[-1][0] + cluster, face.data)
        else:
            runs.append((cluster, face.data))
    return runs


@cache
def _advance(run: str, data: bytes, size: int) -> int:
    """Advance of ``run`` (one face's text) at ``size``, in 1/64 pixel: FreeType's 26.6
    units, as HarfBuzz lays it out (:meth:`getlength` is this over 64, exactly)."""
    return round(_font(data, size).getlength(run) * 64)


@cache
def _width(text: str, faces: tuple[_Face, ...], size: int) -> float:
    """Width of ``text`` drawn at ``size`` (pixels; the same line is measured more than once)."""
    return sum(_advance(run, data, size) for run, data in _runs(text, faces)) / 64


def _draw(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, faces: tuple[_Face, ...], size: int) -> None:
    """``text`` drawn in white on ``draw``'s mask from ``xy`` (left, top), run after run."""
    x, y = xy
    runs = _runs(text, faces)
    for number, (run, data) in enumerate(runs, 1):
        font = _font(data, size)
        draw.text((x, y), run, fill=255, font=font)
        if number < len(runs):
            x += font.getlength(run)


def _wrap(text: str, faces: tuple[_Face, ...], size: int, width: int, most: int | None = None) -> list[str]:
    """``text``'s words in lines of at most ``width`` pixels (a word wider than that alone on
    its line). With ``most``, stops at the first word of line ``most`` + 1 (the rest not read).

    Each word is measured alone (cached: titles share words) and a line taken as its words
    and spaces side by side; only where that is within ``size`` pixels (an em) of ``width``
    is the joined line measured, so that kerning or shaping across a space, which would
    have to move a line by an em to matter, never changes a break."""
    lines: list[str] = []
    line_width = 0.0  # of lines[-1], words and spaces side by side (or measured)
    space = _width(" ", faces, size)
    for word in text.split():
        word_width = _width(word, faces, size)
        if lines:
            joined = line_width + space + word_width
            if joined > width - size and joined <= width + size:  # near the edge: measure it
                joined = _width(f"{lines[-1]} {word}", faces, size)
            if joined <= width:
                lines[-1] += f" {word}"
                line_width = joined
                continue
        if most is not None and len(lines) == most:
            return [*lines, word]
        lines.append(word)
        line_width = word_width
    return lines


def _fit(text: str, faces: tuple[_Face, ...], width: int) -> tuple[int, list[str]]:
    """The largest title size whose wrapped lines fit; the smallest cut to MAX_LINES otherwise.
    (A line of several words fits as :func:`_wrap` made it; a word alone may be too wide.)"""
    for size in TITLE_SIZES:
        lines = _wrap(text, faces, size, width, MAX_LINES)
        if len(lines) <= MAX_LINES and all(_width(line, faces, size) <= width for line in lines if " " not in line):
            return size, lines
    size = TITLE_SIZES[-1]
    lines = _wrap(text, faces, size, width)
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] += " …"
    return size, lines


@cache
def _lut(first: int) -> tuple[int, ...]:
    """Mask values 0–255 as palette indices ``first`` … ``first + LEVELS - 1`` (0 where empty)."""
    return tuple(0 if v == 0 else first + max(1, round(v * (LEVELS - 1) / 255)) for v in range(256))


@cache
def _lut_list(first: int) -> list[int]:
    return list(_lut(first))


def _add_levels(indices: Image.Image, mask: Image.Image, first: int) -> None:
    """Where ``mask`` has ink, ``indices`` takes the lighter of its index and the mask's level
    (only the mask's bounding box is touched: most of the image is background; where that box
    of ``indices`` is all background, index 0, the levels are pasted as they are)."""
    box = mask.getbbox()
    if box is not None:
        levels = mask.crop(box).point(_lut_list(first))
        under = indices.crop(box)
        if under.getbbox() is not None:
            levels = ImageChops.lighter(under, levels)
        indices.paste(levels, box[:2])


@cache
def _palette() -> bytes:
    """The 16 colours (RGB bytes): background, the title's and the name's levels, amber."""
    colours = [BACKGROUND]
    for colour in (TITLE_COLOUR, NAME_COLOUR):
        colours += [tuple(round(b + (c - b) * level / (LEVELS - 1)) for b, c in zip(BACKGROUND, colour))
                    for level in range(1, LEVELS)]
    colours.append(ACCENT_COLOUR)
    return bytes(value for colour in colours for value in colour)


def share_image(title: str, site_name: str, fonts: tuple[Path, ...], cache: BuildCache | None = None) -> bytes:
    """The PNG of a page titled ``title`` on the site ``site_name`` (either may be empty).

    ``fonts``: TTF/WOFF/WOFF2 files of one style; each cluster of characters is
    drawn with the first file holding all of them. With a ``cache``, the PNG is
    kept by the texts, the fonts' bytes, Pillow's and zlib's versions and the
    source of this module.
    """
    if cache is None:
        return _draw_image(title, site_name, fonts)
    key = (title, site_name, _fonts_digest(tuple(fonts)), PIL.__version__, zlib.ZLIB_RUNTIME_VERSION, _fingerprint())
    return cache.get("share", key, lambda: _draw_image(title, site_name, fonts))


@cache
def _fonts_digest(fonts: tuple[Path, ...]) -> str:
    digest = hashlib.sha256()
    for path in fonts:
        digest.update(path.name.encode("utf-8") + b"\x00" + path.read_bytes())
    return digest.hexdigest()


@cache
def _fingerprint() -> str:
    """This module's source: how the image is made is part of the cache key."""
    return source_fingerprint(sys.modules[__name__])


@lru_cache(maxsize=8)  # a site name or two a build; bounded for a long preview session
def _template(site_name: str, faces: tuple[_Face, ...]) -> tuple[Image.Image, tuple[tuple[int, int, int, int], ...]]:
    """The palette indices ("L") every image of ``site_name`` shows: background, site
    name, amber bar ("" when the name is not shown); drawn once, copied per image. With
    the boxes (left, top, right, bottom) that hold its ink."""
    indices = Image.new("L", (WIDTH, HEIGHT), 0)
    ink = []
    if site_name:
        name_mask = Image.new("L", (WIDTH, HEIGHT), 0)
        _draw(ImageDraw.Draw(name_mask), (MARGIN, MARGIN - 10), site_name, faces, NAME_SIZE)
        _add_levels(indices, name_mask, LEVELS - 1)
        ink.append(name_mask.getbbox())
    accent = 1 + 2 * (LEVELS - 1)
    bar = (MARGIN, HEIGHT - MARGIN, MARGIN + 160, HEIGHT - MARGIN + 12)
    ImageDraw.Draw(indices).rectangle(bar, fill=accent)
    ink.append((bar[0], bar[1], bar[2] + 1, bar[3] + 1))  # a rectangle includes its far edges
    return indices, tuple(box for box in ink if box is not None)


def _draw_image(title: str, site_name: str, fonts: tuple[Path, ...]) -> bytes:
    """The PNG (see :func:`share_image`), drawn: the title's rows over the site's template
    (where both have ink, the lighter palette index wins: the name's over the title's
    anti-aliasing, the amber bar over both)."""
    faces = _faces(tuple(fonts))
    width = WIDTH - 2 * MARGIN
    size, lines = _fit(title or site_name, faces, width)
    template, template_ink = _template(site_name if title and site_name and site_name != title else "", faces)
    line_height = round(size * 1.3)
    top = max(MARGIN + NAME_SIZE * 2, (HEIGHT - line_height * len(lines)) // 2)
    indices = template.copy()
    if not _paste_title(indices, template_ink, lines, faces, size, top, line_height):
        indices = template.copy()  # the title drawn whole, line by line (see _paste_title)
        title_mask = Image.new("L", (WIDTH, HEIGHT), 0)
        draw = ImageDraw.Draw(title_mask)
        for number, line in enumerate(lines):
            _draw(draw, (MARGIN, top + number * line_height), line, faces, size)
        _add_levels(indices, title_mask, 0)
    indices.putpalette(_palette())  # ("L" becomes "P": the same bytes, no copy)
    out = io.BytesIO()
    # run-length matching only (zlib.Z_RLE): runs of one colour are what these
    # images hold; ~2 ms instead of ~80 ms (optimize, level 9) for ~12 % more bytes
    indices.save(out, format="PNG", compress_level=9, compress_type=zlib.Z_RLE, bits=4)
    return out.getvalue()


class _Ink(NamedTuple):
    """A run of text as the title's palette indices (1 … LEVELS - 1), cropped to its ink."""

    levels: Image.Image | None  # None: no ink (spaces, an empty glyph)
    dx: int  # the levels' top left from the pixel holding the pen at the line's top
    dy: int
    shape: bytes  # SHA-256 of FreeType's anti-aliasing (before levels) in that box


@lru_cache(maxsize=512)  # runs at a size (~23 MB); titles share words: most are drawn already
def _phases(run: str, data: bytes, size: int) -> list[_Ink | None]:
    """``run``'s ink at each of the 64 pen phases, as far as drawn (see :func:`_ink`)."""
    return [None] * 64


def _ink(run: str, data: bytes, size: int, phase: int) -> _Ink:
    """``run`` drawn with the font file ``data`` at ``size``, its pen starting ``phase``/64
    pixel right of a pixel's left edge. Pillow puts each glyph at its pen position rounded
    to a pixel: the phase decides which, so a run drawn at the phase where a line's layout
    puts it has the pixels it has in the line.

    As the pen moves right, each glyph's pixel only ever moves right: where the run's ink
    at a phase below and one above this one (the nearest drawn; past a pixel's edge, a
    pixel further) lies on the same pixels, it lies there at every phase between, and is
    not drawn again."""
    inks = _phases(run, data, size)
    ink = inks[phase]
    if ink is None:
        ink = inks[phase] = _between(inks, phase) or _drawn(run, data, size, phase)
    return ink


def _between(inks: list[_Ink | None], phase: int) -> _Ink | None:
    """The ink at ``phase`` where the nearest drawn phases below and above it have the same
    ink on the same pixels (None where they do not, or are not drawn)."""
    below = next((at for at in range(phase - 1, phase - 64, -1) if inks[at % 64] is not None), None)
    above = next((at for at in range(phase + 1, phase + 64) if inks[at % 64] is not None), None)
    if below is None or above is None:
        return None
    low, high = inks[below % 64], inks[above % 64]
    assert low is not None and high is not None
    left = low.dx + below // 64  # phases past a pixel's edge: their pixel is one further
    if low.shape == high.shape and low.dy == high.dy and left == high.dx + above // 64:
        return low._replace(dx=left)
    return None


def _drawn(run: str, data: bytes, size: int, phase: int) -> _Ink:
    """``run``'s ink at ``phase`` drawn by FreeType (see :func:`_ink`)."""
    mask, (dx, dy) = _font(data, size).getmask2(run, "L", start=(phase / 64, 0))
    box = mask.getbbox()
    if box is None:
        return _Ink(None, 0, 0, b"")
    size_of_box = (box[2] - box[0], box[3] - box[1])
    # put on images the way ImageDraw.text puts a mask (over 0: the mask's own values)
    shape = Image.new("L", size_of_box, 0)
    ImageDraw.Draw(shape).draw.draw_bitmap((0, 0), mask.crop(box), 255)
    levels = Image.new("L", size_of_box, 0)
    ImageDraw.Draw(levels).draw.draw_bitmap((0, 0), mask.crop(box).point(_lut_list(0), None), 255)
    digest = hashlib.sha256(repr(size_of_box).encode() + shape.tobytes()).digest()
    return _Ink(levels, dx + box[0], dy + box[1], digest)


@cache
def _word_apart(word: str) -> bool:
    """Whether ``word`` is laid out the same alone as beside other words: it starts with no
    mark (which would sit on the space before it) and holds no right-to-left or explicit
    direction character (which reorders the words of a line)."""
    return not unicodedata.category(word[0]).startswith("M") and not any(
        unicodedata.bidirectional(char) in _NOT_LEFT_TO_RIGHT for char in word)


_NOT_LEFT_TO_RIGHT = frozenset({"R", "AL", "AN", "RLE", "RLO", "LRE", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI"})


def _meets(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _paste_title(indices: Image.Image, template_ink: tuple[tuple[int, int, int, int], ...], lines: list[str],
                 faces: tuple[_Face, ...], size: int, top: int, line_height: int) -> bool:
    """The title's ``lines`` on ``indices`` (the template's copy) word by word, each word's
    runs drawn once a process at each pen phase (:func:`_ink`) and placed where the line's
    layout puts them: words are laid out alone (no kerning or shaping reaches over a space
    in these fonts, see :func:`_word_apart`), each glyph where drawing the line whole puts
    it. Where the ink of two words would meet, drawing the line whole blends their
    anti-aliasing before it becomes levels: False then (``indices`` half drawn), and the
    caller draws the title whole."""
    space = _advance(" ", faces[0].data, size)
    above: list[tuple[int, int, int, int]] = []  # the boxes of the lines above
    for number, line in enumerate(lines):
        y = top + number * line_height
        pen = 0  # from MARGIN, in 1/64 pixel
        right = 0  # of the line's boxes so far (laid left to right)
        boxes = []
        for count, word in enumerate(line.split(" ")):
            if not _word_apart(word):
                return False
            if count:
                pen += space
            for run, data in _word_runs(word, faces):
                ink = _ink(run, data, size, pen % 64)
                x = MARGIN + pen // 64 + ink.dx
                pen += _advance(run, data, size)
                levels = ink.levels
                if levels is None:
                    continue
                box = (x, y + ink.dy, x + levels.width, y + ink.dy + levels.height)
                if x < right or any(_meets(box, other) for other in above) or any(
                        _meets(box, other) for other in template_ink):  # something may be under it
                    under = indices.crop(box)
                    if ImageChops.darker(under.point(_TITLE_ONLY), levels).getbbox() is not None:
                        return False  # two words' ink meets
                    levels = ImageChops.lighter(under, levels)
                indices.paste(levels, box[:2])
                right = max(right, box[2])
                boxes.append(box)
        above += boxes
    return True


@lru_cache(maxsize=4096)
def _word_runs(word: str, faces: tuple[_Face, ...]) -> tuple[tuple[str, bytes], ...]:
    return tuple(_runs(word, faces))


_TITLE_ONLY = [v if v < LEVELS else 0 for v in range(256)]  # the title's indices of an image, 0 for the rest


def share_image_path(neutral_page: str, prefix: str) -> str:
    """Site path of a page's image: ``share/danh-ba/ea-kar.png``, ``en/share/index.png``."""
    stem = neutral_page[: -len(".html")] if neutral_page.endswith(".html") else neutral_page
    return f"{prefix}share/{stem}.png"


def core_first(fonts: list[Path]) -> tuple[Path, ...]:
    """Subset files in the order to try them: the core file before its extension (``-ext``)."""
    return tuple(sorted(fonts, key=lambda path: ("-ext" in path.stem, path.name)))


@lru_cache(maxsize=64)  # asked for every page; a site has a few languages
def og_locale(lang: str) -> str:
    """Open Graph locale (language_TERRITORY) of a BCP 47 code from CLDR's likely subtags: vi → vi_VN."""
    from babel.core import get_global

    likely = get_global("likely_subtags").get(lang.replace("-", "_"), "")
    parts = likely.split("_")
    territory = next((part for part in parts[1:] if len(part) == 2 and part.isupper()), "")
    return f"{lang}_{territory}" if territory else lang


@dataclass(frozen=True)
class ShareMeta:
    """What a page's Open Graph and Twitter card tags say (partials/campaign-share.html)."""

    title: str
    description: str
    site_name: str
    locale: str
    url: str | None  # absolute, only with a real public address
    image: str  # absolute with a public address, else relative to the page
    image_alt: str
    width: int = WIDTH
    height: int = HEIGHT

    @classmethod
    def of_page(cls, title: str, description: str, site_name: str, lang: str, page_url: str,
                canonical_url: str | None, image_path: str, base_url: str | None) -> ShareMeta:
        """The preview of the page at site path ``page_url`` whose image is at ``image_path``.

        ``base_url``: the real public address, or None (then no og:url and a relative image).
        """
        image = (urljoin(base_url, image_path) if base_url
                 else relative_path(image_path, posixpath.dirname(page_url)))
        return cls(
            title=title, description=" ".join(description.split()), site_name=site_name,
            locale=og_locale(lang), url=canonical_url if base_url else None, image=image,
            image_alt=title if title == site_name else f"{title} — {site_name}",
        )

"""QR codes (zxing-cpp, inline SVG) that lead printed pages back to the site.

The code is made by zxing-cpp's writer (zint inside, compiled): error correction
M, the smallest QR Code version that holds the address, and of the 8 data masks
the one with the lowest ISO/IEC 18004 penalty score (zint scores each candidate
with its format information written, as ZXing and Nayuki's generator do). The
inline SVG is drawn here from the module matrix, in the compact form segno used
to write (one horizontal stroke per run of dark modules), since zint's own SVG
is a standalone document (XML prolog, DOCTYPE, ``id``) twice the size.
"""

from __future__ import annotations

import sys
from functools import cache, lru_cache
from html import escape
from urllib.parse import urljoin, urlsplit

import zxingcpp

from ..fingerprints import library_versions, source_fingerprint
from .build_cache import BuildCache

QUIET_ZONE = 4  # light modules around the code (ISO/IEC 18004: at least 4)
SCALE = 3  # CSS pixels per module


def public_url(site_url: str, page_url: str) -> str:
    """The page's address on the public site."""
    return urljoin(site_url, page_url)


def short_url(url: str) -> str:
    """The address as people type it: no scheme, no trailing slash."""
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/")


def modules(url: str) -> tuple[bytes, int]:
    """The QR code of ``url`` as ``(image, size)``: ``size``×``size`` modules, one byte
    each, row by row (0 dark, 255 light), no quiet zone. Error correction M, the smallest
    version that fits, the mask zint chooses. Raises :class:`ValueError` when ``url``
    does not fit in a QR code (more than 2,331 bytes at level M)."""
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = code.to_image(scale=1, add_quiet_zones=False)
    return bytes(memoryview(image)), image.shape[1]


def svg_path(image: bytes, size: int) -> str:
    """SVG path data drawing the dark modules of ``image`` (as :func:`modules` gives it: bytes
    0 dark, 255 light) as 1-unit strokes along the middle of each row, offset by the quiet
    zone: ``M`` to the first run, then for each next run a relative move and its length
    (``m dx dy h n``).

    The rows are joined, each ended by a light module and a newline (so that every run ends
    in ``\\x00\\xff`` and the row ends a move passes over show), and split at the runs' ends:
    each piece is what lies before a run (light modules, row ends) and the run, less the
    separator's two bytes. A run's stroke depends only on its piece and ``size``, so strokes
    come from a table per size (a few hundred distinct ones for every code of a site)."""
    rows = b"\xff\n".join([image[start:start + size] for start in range(0, size * size, size)])
    pieces = (rows + b"\xff").split(b"\x00\xff")  # the last one: what follows the last run
    if len(pieces) == 1:
        return ""  # no dark module
    light = pieces[0].rstrip(b"\x00")
    row = light.count(b"\n")
    first = f"M{len(light) - row * (size + 2) + QUIET_ZONE} {row + QUIET_ZONE}.5h{len(pieces[0]) - len(light) + 1}"
    return first + "".join(map(_strokes(size).__getitem__, pieces[1:-1]))


class _Strokes(dict[bytes, str]):
    """The strokes of the runs of codes ``size`` modules a side, by piece (see :func:`svg_path`),
    each worked out when first asked for (at most ``MOST`` kept: a long preview session)."""

    MOST = 1 << 14

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def __missing__(self, piece: bytes) -> str:
        """The move from the end of the previous run over the light modules and row ends before
        this run (its piece's, and the separator's light one), and the run's stroke: ``m dx dy
        h n`` (dy 0 on the same row)."""
        if len(self) >= self.MOST:
            self.clear()
        light = piece.rstrip(b"\x00")  # before the run, less the separator's light module
        run = len(piece) - len(light) + 1
        rows = light.count(b"\n")
        if not rows:
            stroke = f"m{len(light) + 1} 0h{run}"
        else:
            after = light.index(b"\n")  # light modules after the previous run, on its row
            before = len(light) - light.rindex(b"\n") - 1  # light modules before this run, on its row
            stroke = f"m{before - (self.size - after)} {rows}h{run}"
        self[piece] = stroke
        return stroke


@lru_cache(maxsize=64)  # one table per size (QR Code versions 1–40: 21–177 modules)
def _strokes(size: int) -> _Strokes:
    return _Strokes(size)


def qr_svg(url: str, title: str, cache: BuildCache | None = None) -> str:
    """An inline SVG QR code of ``url`` (error correction M, survives a worn poster):
    ``SCALE`` CSS pixels per module, a light quiet zone of ``QUIET_ZONE`` modules,
    ``title`` as its accessible name, no ``id`` and no ``style``. With a ``cache`` it is
    kept by URL, title, zxing-cpp's version and this module's source; the same input
    gives the same bytes. Raises :class:`ValueError` as :func:`modules` does."""
    def make() -> bytes:
        image, size = modules(url)
        width = (size + 2 * QUIET_ZONE) * SCALE
        return (f'<svg width="{width}" height="{width}" class="campaign-qr__code"><title>{escape(title)}</title>'
                f'<path transform="scale({SCALE})" stroke="#000" d="{svg_path(image, size)}"/></svg>').encode()

    if cache is None:
        return make().decode("utf-8")
    return cache.get("qr", (url, title, _fingerprint()), make).decode("utf-8")


@cache
def _fingerprint() -> str:
    """How the SVG is made, part of the cache key: the encoder's version and this module's source."""
    return library_versions(("zxing-cpp",)) + " " + source_fingerprint(sys.modules[__name__])


def qr_block(url: str, label: str, cache: BuildCache | None = None) -> str:
    """Figure with the QR code and the short address, shown when the page is printed."""
    short = short_url(url)
    return (
        '<figure class="campaign-qr" data-url="' + escape(url) + '">'
        + qr_svg(url, f"{label}: {short}", cache)
        + f"<figcaption>{escape(label)}: <span class=\"campaign-qr__url\">{escape(short)}</span></figcaption>"
        + "</figure>"
    )

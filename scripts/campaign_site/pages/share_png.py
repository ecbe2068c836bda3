"""PNG files of 4-bit palette images that differ from a template in one band of rows.

The link-preview images (``share.py``) are 1200×630: the background, the site's
name and the amber bar are the same in every image of a site, only the title's
rows differ. Pillow's PNG writer deflates all 630 rows of every image (≈ 1.9 ms
of the ≈ 4.7 ms an image took); here the template's rows above and below the
title are deflated once per band edge and kept, and an image deflates only its
own rows (≈ 0.5 ms). The pixels are the same, the files < 1 % larger.

How the parts are joined (the formats are public, each step is standard):

- Scanlines (PNG, W3C Recommendation, third edition, 2025, §7.2 and §9.2,
  https://www.w3.org/TR/png-3/): each row starts with its filter type. An
  image's own rows are stored minus the row above (Up, 2: a row like the one
  above becomes zeros); the template's kept rows, made once, each as is (None,
  0) or Up, whichever leaves more zero bytes. The first kept row after an
  image's own rows is stored as is: the row above it differs from image to image.
- Deflate (RFC 1951, https://www.rfc-editor.org/rfc/rfc1951): each part is
  compressed on its own (run-length matching, ``zlib.Z_RLE``) and ends with
  ``Z_SYNC_FLUSH`` (an empty stored block: a byte boundary), so parts can follow
  each other; an empty final block (``03 00``) closes the stream.
- zlib wrapper (RFC 1950, https://www.rfc-editor.org/rfc/rfc1950): the Adler-32
  of the whole data is combined from the parts' checksums, as zlib's
  ``adler32_combine`` does.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence

from PIL import Image, ImageChops

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ADLER_BASE = 65521  # the largest prime below 2**16 (RFC 1950 §8.2)
_ZLIB_HEADER = b"\x78\xda"  # deflate, 32 KiB window, "maximum compression" flag
_FINAL_BLOCK = b"\x03\x00"  # an empty final block with fixed Huffman codes
_ROWS = 16  # kept parts start and end on multiples of this many rows: fewer kinds to keep

# (compressed, Adler-32, length) of some scanlines
_Part = tuple[bytes, int, int]


def adler32_combine(first: int, second: int, second_length: int) -> int:
    """Adler-32 of ``A + B`` from ``adler32(A)``, ``adler32(B)`` and ``len(B)`` (zlib's ``adler32_combine``)."""
    rem = second_length % _ADLER_BASE
    low = first & 0xFFFF
    a = (low + (second & 0xFFFF) + _ADLER_BASE - 1) % _ADLER_BASE
    b = (rem * low + (first >> 16) + (second >> 16) + _ADLER_BASE - rem) % _ADLER_BASE
    return (b << 16) | a


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)))


def _scanlines(rows: bytes, above: bytes | None, stride: int, *, choose: bool = False) -> bytes:
    """``rows`` (packed, ``stride`` bytes each) as scanlines filtered with Up (each byte minus
    the one above it: a row like the one above becomes zeros) or, with ``choose``, each with
    None or Up, whichever leaves more zero bytes (slower). ``above``: the row before the
    first; None when it is not known (the first row is then stored as is, filter None)."""
    if not rows:
        return b""
    if above is None:
        return b"\x00" + rows[:stride] + _scanlines(rows[stride:], rows[:stride], stride, choose=choose)
    height = len(rows) // stride
    up = ImageChops.subtract_modulo(_image(rows, stride, height), _image(above + rows[:-stride], stride, height))
    if choose:
        up_bytes, lines = up.tobytes(), []
        for start in range(0, len(rows), stride):
            plain, minus_above = rows[start:start + stride], up_bytes[start:start + stride]
            lines.append(b"\x02" + minus_above if minus_above.count(0) > plain.count(0) else b"\x00" + plain)
        return b"".join(lines)
    filtered = Image.new("L", (stride + 1, height), 2)  # the filter type (Up) before each row
    filtered.paste(up, (1, 0))
    return filtered.tobytes()


def _image(data: bytes, width: int, height: int) -> Image.Image:
    """``data`` seen as an "L" image (read-only, not copied)."""
    return Image.frombuffer("L", (width, height), data, "raw", "L", 0, 1)


def _part(scanlines: bytes) -> _Part:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15, 8, zlib.Z_RLE)
    return compressor.compress(scanlines) + compressor.flush(zlib.Z_SYNC_FLUSH), zlib.adler32(scanlines), len(scanlines)


class TemplatePNG:
    """PNG writer for images that are ``template`` except in one band of rows.

    ``template``: an "L" image of palette indices (0–15), any size; ``palette``:
    16 colours as 48 RGB values. :meth:`png` gives the PNG file (8-bit palette
    colour type 3 at bit depth 4) of the template with some rows replaced.
    """

    def __init__(self, template: Image.Image, palette: Sequence[int]) -> None:
        if template.mode != "L" or len(palette) != 48:
            raise ValueError("TemplatePNG needs an 'L' image of indices and 16 RGB colours")
        self.width, self.height = template.size
        self._stride = (self.width + 1) // 2
        self._rows = template.tobytes("raw", "L;4")
        self._start = SIGNATURE + _chunk(b"IHDR", struct.pack(">IIBBBBB", self.width, self.height, 4, 3, 0, 0, 0))
        self._start += _chunk(b"PLTE", bytes(palette))
        self._kept: dict[tuple[int, int], _Part] = {}

    def _template_part(self, first: int, end: int) -> _Part:
        """The template's rows ``first`` … ``end - 1``, made once: the first row unfiltered unless it starts the image."""
        key = (first, end)
        if key not in self._kept:
            stride = self._stride
            above = bytes(stride) if first == 0 else None
            self._kept[key] = _part(_scanlines(self._rows[first * stride:end * stride], above, stride, choose=True))
        return self._kept[key]

    def png(self, top: int, band: bytes) -> bytes:
        """The PNG of the template with its rows from ``top`` on replaced by ``band`` (packed
        "L;4" rows of the template's width, as ``Image.tobytes("raw", "L;4")`` gives).

        Raises ValueError when the band is not whole rows inside the image.
        """
        stride = self._stride
        end = top + len(band) // stride
        if len(band) % stride or not 0 <= top <= end <= self.height:
            raise ValueError(f"a band of {len(band)} bytes at row {top} is not whole rows of a "
                             f"{self.width}×{self.height} image")
        first, last = top // _ROWS * _ROWS, min(-(-end // _ROWS) * _ROWS, self.height)
        rows = self._rows[first * stride:top * stride] + band + self._rows[end * stride:last * stride]
        above = self._rows[(first - 1) * stride:first * stride] if first else bytes(stride)
        parts = [self._template_part(0, first), _part(_scanlines(rows, above, stride)),
                 self._template_part(last, self.height)]
        data, checksum = [_ZLIB_HEADER], 1  # Adler-32 of no bytes
        for compressed, adler, length in parts:
            if length:
                data.append(compressed)
                checksum = adler32_combine(checksum, adler, length)
        data += [_FINAL_BLOCK, struct.pack(">I", checksum)]
        return self._start + _chunk(b"IDAT", b"".join(data)) + _chunk(b"IEND", b"")

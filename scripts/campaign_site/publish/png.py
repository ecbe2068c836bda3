"""A small PNG drawn in pure Python: the ZIM illustration (no imaging library)."""

from __future__ import annotations

import struct
import zlib

Colour = tuple[int, int, int]

DEEP_PURPLE: Colour = (0x5E, 0x35, 0xB1)  # Material "deep purple" (600): white text contrast 7:1
WHITE: Colour = (0xFF, 0xFF, 0xFF)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(rows: list[list[Colour]]) -> bytes:
    """An 8-bit RGB PNG of ``rows`` (each a list of (r, g, b)); byte-for-byte deterministic."""
    height, width = len(rows), len(rows[0])
    raw = b"".join(b"\x00" + bytes(channel for pixel in row for channel in pixel) for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(raw, 9)) + _chunk(b"IEND", b""))


def equals_sign_icon(size: int = 48, background: Colour = DEEP_PURPLE, mark: Colour = WHITE) -> bytes:
    """A square of ``background`` with a centred "=" in ``mark``: equality, at any size."""
    bar_height = max(1, round(size / 8))
    gap = max(1, round(size / 8))
    left, right = round(size * 0.22), size - round(size * 0.22)
    top = (size - (2 * bar_height + gap)) // 2
    bars = set(range(top, top + bar_height)) | set(range(top + bar_height + gap, top + 2 * bar_height + gap))
    rows = [[mark if y in bars and left <= x < right else background for x in range(size)]
            for y in range(size)]
    return encode_png(rows)

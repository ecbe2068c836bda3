"""The data mask segno would choose for a QR code, chosen in a fraction of its time.

A QR code's data is XOR-ed with one of 8 mask patterns; the standard (ISO/IEC
18004:2015, 7.8.3) keeps the one with the lowest penalty score: long runs of
one colour (N1), 2×2 blocks (N2), finder-like 1:1:3:1:1 patterns (N3) and an
unbalanced share of dark modules (N4). segno scores the 8 candidates module by
module in Python (about three quarters of the time a code takes). This module
computes the same scores, by segno's own rules (``segno.encoder.mask_scores``,
quirks included), on whole rows at once (integers, strings, regular
expressions), so that ``segno.make(…, mask=best_mask(…))`` draws the code
segno would draw on its own, the most readable mask. A test compares the
choice with segno's for many addresses: an upgrade of segno that changes the
rules fails it.

Scores of full QR codes only; segno's default options besides the error level.
"""

from __future__ import annotations

import re
from functools import cache

import segno
from segno import encoder

_RUNS = re.compile(r"0{5,}|1{5,}")  # N1: 5 or more modules of one colour in a line
_FINDER_LIKE = "1011101"  # N3: dark light dark dark dark light dark
_BITS = bytes.maketrans(b"\x00\x01", b"01")
_MODULES = bytes.maketrans(b"01", b"\x00\x01")


@cache
def _layout(size: int) -> tuple[tuple[tuple[int, ...], ...], tuple[int, ...], tuple[int, ...]]:
    """For a ``size``×``size`` code, one integer per row (bit ``size - 1 - j`` is column ``j``):
    each mask pattern limited to the data region, the region, and the modules that are
    dark in every code of that size while masks are compared (finder, timing and
    alignment patterns; the format and version areas are still light then)."""
    function = encoder.make_matrix(size, size)  # data region 0x2, reserved areas 0x0
    encoder.add_finder_patterns(function, size, size)
    encoder.add_alignment_patterns(function, size, size)

    def row_int(predicate) -> tuple[int, ...]:
        return tuple(int("".join("1" if predicate(i, j) else "0" for j in range(size)), 2)
                     for i in range(size))

    region = row_int(lambda i, j: function[i][j] > 1)
    fixed = row_int(lambda i, j: function[i][j] == 1)
    masks = tuple(row_int(lambda i, j, pattern=pattern: function[i][j] > 1 and pattern(i, j))
                  for pattern in encoder.get_data_mask_functions(False))
    return masks, region, fixed


def _finder_like(lines: str, size: int) -> int:
    """N3 of ``lines`` (rows or columns of ``size`` modules, each followed by a newline),
    counted as segno counts it line by line."""
    score = 0
    step = size + 1
    index = lines.find(_FINDER_LIKE)
    while index != -1:
        start = index - index % step  # the line's first module
        offset = index + 7
        if (index - start in (0, size - 7) or "1" not in lines[max(index - 4, start):index]
                or "1" not in lines[offset:min(offset + 4, start + size)]):
            score += 40
        else:
            offset = index + 4  # not enough light modules: the next possible match
        index = lines.find(_FINDER_LIKE, offset)
    return score


def penalty(rows: list[int], size: int) -> int:
    """The penalty score N1 + N2 + N3 + N4 of a masked code (``rows`` as in :func:`_layout`)."""
    form = f"0{size}b"
    text_rows = [format(row, form) for row in rows]
    lines = "\n".join(text_rows) + "\n" + "\n".join("".join(column) for column in zip(*text_rows)) + "\n"
    runs = _RUNS.findall(lines)
    n1 = sum(map(len, runs)) - 2 * len(runs)
    inner = (1 << (size - 1)) - 1  # a 2×2 block's right column is never column 0
    blocks = 0
    for upper, lower in zip(rows, rows[1:]):
        same = ~(upper ^ lower)
        blocks += (same & (same >> 1) & ~(lower ^ (lower >> 1)) & inner).bit_count()
    dark = float(sum(row.bit_count() for row in rows)) / (size ** 2)
    n4 = 10 * int(abs(dark * 100 - 50) / 5)
    return n1 + 3 * blocks + _finder_like(lines, size) + n4


def candidates(code: segno.QRCode | encoder.Code) -> list[list[int]]:
    """The code's data under each of the 8 masks, as segno compares them (rows as in
    :func:`_layout`: format and version areas still light), from ``code`` made with mask 0."""
    size = len(code.matrix)
    masks, region, fixed = _layout(size)
    unmasked = [((int(row.translate(_BITS), 2) ^ mask0) & area) | base
                for row, mask0, area, base in zip(code.matrix, masks[0], region, fixed)]
    return [[row ^ mask for row, mask in zip(unmasked, pattern)] for pattern in masks]


def best_mask(content: str, error: str = "m") -> int:
    """The mask (0–7) segno chooses for ``segno.make(content, error=error)``, the first with
    the lowest penalty score. Raises :class:`ValueError` for content segno cannot encode."""
    return best_code(content, error).mask


def best_code(content: str, error: str = "m") -> segno.QRCode:
    """``segno.make(content, error=error)``: the same code, module for module, with the mask
    segno would choose, encoded once (the code made with mask 0, its data region re-masked
    and its format information written for the best mask, as segno writes them).
    Raises :class:`ValueError` for content segno cannot encode."""
    code = encoder.encode(content, error, mask=0)
    if code.version < 1:  # Micro QR (content of a few characters): segno's own choice
        return segno.make(content, error=error)
    size = len(code.matrix)
    scores = [penalty(rows, size) for rows in candidates(code)]
    best = scores.index(min(scores))
    if best == 0:
        return segno.QRCode(code)
    masks = _layout(size)[0]
    form = f"0{size}b"
    matrix = tuple(bytearray(format(int(row.translate(_BITS), 2) ^ zero ^ chosen, form).encode("ascii")
                             .translate(_MODULES))
                   for row, zero, chosen in zip(code.matrix, masks[0], masks[best]))
    encoder.add_format_info(matrix, code.version, code.error, best)
    return segno.QRCode(code._replace(matrix=matrix, mask=best))

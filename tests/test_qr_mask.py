"""QR codes keep the mask segno itself would choose (the most readable, ISO/IEC 18004),
chosen by pages.qr_mask in a fraction of segno's time: for addresses of every length the
site has (Micro QR and QR versions 2 to 16, with and without version information), the
same 8 candidates, the same penalty score for each, the same choice, the same SVG."""

from __future__ import annotations

import random

import segno
from segno import encoder

from campaign_site.pages import qr_mask
from campaign_site.pages.qr import qr_svg

BASE = "https://binh-dang-gioi.example.net/"
LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789-./"


def addresses(count: int, seed: int = 18) -> list[str]:
    """Page addresses as the site makes them (every language's prefix), longer ones and short texts."""
    rng = random.Random(seed)
    prefixes = ["", "en/", "rad/", "jra/", "mng/"]
    found = [BASE + "danh-ba/ea-kar.html", *("x" * length for length in range(1, 60, 2))]
    for _ in range(count):
        length = rng.choice([rng.randint(5, 60), rng.randint(60, 400)])
        found.append(BASE + rng.choice(prefixes) + "".join(rng.choice(LETTERS) for _ in range(length)))
    return found


def as_matrix(rows: list[int], size: int) -> tuple[bytearray, ...]:
    return tuple(bytearray(int(bit) for bit in format(row, f"0{size}b")) for row in rows)


def test_each_mask_scores_as_segno_scores_it() -> None:
    """The candidates are segno's (the data region of segno's code with that mask) and
    each one's penalty is segno's own score of it."""
    for url in addresses(40):
        code = segno.make(url, error="m", mask=0)
        if code.is_micro:
            continue
        size = len(code.matrix)
        region = qr_mask._layout(size)[1]
        for number, rows in enumerate(qr_mask.candidates(code)):
            drawn = segno.make(url, error="m", mask=number).matrix
            assert [row & area for row, area in zip(rows, region)] == [
                int(bytes(line).translate(qr_mask._BITS), 2) & area for line, area in zip(drawn, region)], (url, number)
            assert qr_mask.penalty(rows, size) == encoder.evaluate_mask(as_matrix(rows, size), size, size), (url, number)


def test_the_mask_is_the_one_segno_chooses() -> None:
    """The mask segno chooses, and the code made with it module for module (format
    information included) though encoded once, for every version the site's addresses need."""
    versions = set()
    for url in addresses(160):
        own = segno.make(url, error="m")
        versions.add(own.version)
        assert qr_mask.best_mask(url, "m") == own.mask, url
        code = qr_mask.best_code(url, "m")  # encoded once, re-masked: segno's own code
        assert (code.matrix, code.version, code.error, code.mask) == (own.matrix, own.version, own.error, own.mask), url
    assert {"M3", "M4", 2, 3, 7, 10} <= versions, versions


def test_the_svg_is_segnos_own() -> None:
    """What the pages show: byte for byte the code segno draws when it chooses the mask."""
    for url in addresses(12, seed=2022):
        expected = segno.make(url, error="m").svg_inline(scale=3, title="t", svgclass="campaign-qr__code")
        assert qr_svg(url, "t") == expected

"""Link-preview images: what people see, pixel by pixel, and PNG files any reader takes.

The images are drawn from a per-site template (background, site name, amber bar)
with only the title's rows drawn per image; Pillow writes the PNG. The
table below holds the SHA-256 (first 16 hex digits) of the RGB pixels of each
(title, site name) as drawn before that change (main 2fbcd0c: everything drawn
per image, Pillow's own PNG writer) with Pillow 13.0.0: Vietnamese with tones,
the Ê Đê, J'rai and M'nông letters (ƀ č ĭ ŏ ŭ, U+0306 combining breve, letters
of the extension font), titles that wrap, shrink and are cut, a word wider than
the image, other scripts, emoji and characters missing from the fonts, stacked
combining marks reaching the site name and the amber bar, an empty title.

A new Pillow (FreeType, HarfBuzz) may move a pixel: look at the images, then
print the table anew with ``python tests/test_share_images.py``.
"""

from __future__ import annotations

import hashlib
import io
import random
import struct
import zlib

import PIL
import pytest
from hypothesis import given, settings, strategies as st
from PIL import Image, ImageChops, ImageDraw

from campaign_site.pages.share import HEIGHT, MARGIN, MAX_LINES, NAME_SIZE, TITLE_SIZES, WIDTH, core_first, share_image
from campaign_site.pages.share import _drawn, _faces, _fit, _font, _ink, _lut_list, _palette, _paste_title, _phases
from campaign_site.pages.share import _runs, _template, _width
from conftest import REPO

FONTS = core_first(sorted((REPO / "overrides" / "assets" / "fonts").glob("noto-sans-bold*.woff2")))
PILLOW = "13.0.0"  # the Pillow the table was made with
SITE_NAMES = ("Bình đẳng giới Đắk Lắk", "Gender Equality Đắk Lắk", "")
# (title, (pixels with each of SITE_NAMES))
TITLES = [
    ("",
     ('171846d81c47160d', '8ae013563e41e84c', '1c8cd81ca7cd2314')),
    (" ",
     ('e4a189d95dab7aee', '70787b1ddf107586', '1c8cd81ca7cd2314')),
    ("x",
     ('7bc8b6dfb6e3c10d', '2fe8616f66b42d23', 'f435b95d7c77a07b')),
    ("W",
     ('bbb60b908637a675', '71057d38096b53d4', '947748c196236be7')),
    ("Bình đẳng giới",
     ('50c9c7ecfb19318e', 'de4193037b985ad2', '80076cb24b91dffe')),
    ("Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới",
     ('7c4791cb3a0fc756', 'c912c0f1d15d6f63', 'e66176538ab1ebcb')),
    ("Người khuyết tật, trẻ em gái và phụ nữ dân tộc thiểu số được hỗ trợ pháp lý miễn phí tại "
     "xã, phường, thị trấn trong toàn tỉnh Đắk Lắk năm 2022 theo kế hoạch của Ủy ban nhân dân "
     "tỉnh về phòng ngừa bạo lực",
     ('38b57202edf84f29', 'd7922506e1d9f8dd', '460fa6599494e341')),
    ("Một hai ba bốn năm sáu bảy tám chín mười Một hai ba bốn năm sáu bảy tám chín mười Một hai "
     "ba bốn năm sáu bảy tám chín mười Một hai ba bốn năm sáu bảy tám chín mười Một hai ba bốn "
     "năm sáu bảy tám chín mười một",
     ('bb36535d376383f8', '403b4e748a1aee48', '26406f02357650d9')),
    ("Giúp gia đình gặp gỡ nhóm yếu thế: góp ý, phổ biến pháp lý, quy định gấp gọn giúp pháp lý "
     "yêu quý gì",
     ('df9fc5a39ddf9959', 'ac3e43029e955e09', 'a1ebb87aeecd7507')),
    ("Quyết định số 1234/QĐ-UBND ngày 15/11/2022 về Tháng hành động",
     ('5257ca1ad31395b5', 'd2a9f1384c8c24f4', 'a43f299ec7dae673')),
    ("Đường dây nóng 111 – 1800 1567 (miễn phí, 24/7)",
     ('32882e1281571180', '27036056fbbebda7', '7940f5d16c73ff1f')),
    ("Ă ắ ằ ẳ ẵ ặ Ấ Ầ Ẩ Ẫ Ậ Ế Ề Ể Ễ Ệ Ố Ồ Ổ Ỗ Ộ Ớ Ờ Ở Ỡ Ợ Ứ Ừ Ử Ữ Ự",
     ('e0fbd2c47e66e275', '46b1776c34547b05', '4dc27935f7294598')),
    ("Ẫ Ỗ Ễ ỗ ẫ",
     ('6f13135afc752532', '2819f6d811938f37', '2085a2f7c0ab8b51')),
    ("ƀ Ƀ č Č ĭ Ĭ ŏ Ŏ ŭ Ŭ",
     ('3d0c5950c70b4fd1', '32c402ba473c0237', '1960c846cb8111ec')),
    ("ê\u0306 ô\u0306 ơ\u0306 ă ĕ ĭ ŏ ŭ ư\u0306 Ê\u0306 Ô\u0306 ŏ\u0306",
     ('816ba08d6c3106cf', '527c6d7d80323f84', '795513edae3fdba3')),
    ("Ƀ ƀ ŏ\u0306 ê\u0306 č ŭ Bình đẳng giới ƀ č",
     ('401e3eacfd572c02', 'e4aede5bbafe7898', '2621137c33949be2')),
    ("a\u0306\u0301 e\u0306\u0300 o\u0306\u0303",
     ('2409a0594bce5744', 'cc4091d1a0ab4389', '0273a7074ca4441d')),
    ("Bi\u0300nh đa\u0306\u0309ng gio\u031b\u0301i, tha\u0301ng ha\u0300nh đô\u0323ng (NFD, as "
     "typed on some systems)",
     ('1f427b689fbecee2', 'ebb2fa8175fa9d16', '9bc068a13b6418ab')),
    ("\u0301 \u0306",
     ('00bad21d70a8cae6', 'bd73b7300e4e2e41', 'dec09e64b6856e9f')),
    ("ÂÂ\u0306\u0306\u0306\u0306\u0306\u0306\u0306\u0306\u0306\u0306 "
     "gggg\u0323\u0323\u0323\u0323\u0323\u0323\u0323 and more words to fill four lines here and "
     "there pp\u0323\u0323\u0323\u0323\u0323\u0323 "
     "yy\u0323\u0323\u0323\u0323\u0323\u0323\u0323\u0323\u0323",
     ('8386f0cc4482c929', '4cd467723c0454d2', 'bfec7faa9fbb4145')),
    ("Supercalifragilisticexpialidociousandmuchlongerwordthatcannotfitononelineatanysize",
     ('a6c1a0eb7bb845c8', 'c49d8cdccc44c8f9', '1c1ae8f8095c8035')),
    ("ƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀƀ ƀƀƀƀƀ",
     ('379395fafdc5f5ee', 'adc56e877cdc813d', 'e7082a8bb4840c7f')),
    ("Mixed: Tiếng Việt, English, ƀ č ŭ, Ελληνικά, Русский, 中文, العربية",
     ('8e63ae22df91e95a', '9656b2856d8b05ef', '216f8ade2619b7fa')),
    ("Emoji 🙂 and ☎ and ♀ ♂",
     ('8fd735405be64cda', '59ddb805297de4a4', '46682333d01b831b')),
    ("Tab\tand  double  spaces   inside\nand a new line",
     ('b2fd58cdf2c37ef5', '0bd7dc34bfd2f0b3', '0a907f951ced412a')),
    ("AVAVAVAV TTTT LT Ty Yo To Wa",
     ('b047333c7e16b273', '407371edaf4646c9', '3f38728d6e0725ef')),
]
# (title, site name, pixels)
MORE = [
    ("Bình đẳng giới Đắk Lắk", "Bình đẳng giới Đắk Lắk", '171846d81c47160d'),  # the home page
    ("Ƀ č ŭ Đắk Lắk", "Ƀ č ŭ Đắk Lắk", '105ca0a92142c9ea'),
    (TITLES[6][0], "Ƀ č ŭ Đắk Lắk", 'a7ada5478dcb750f'),  # a name in the extension font
    (TITLES[19][0], "Ƀ č ŭ Đắk Lắk", '07d689ff067520e4'),  # marks over the name and the bar
]
CASES = [(title, name, seen) for title, digests in TITLES for name, seen in zip(SITE_NAMES, digests)] + MORE


def pixels(png: bytes) -> str:
    """What a reader sees: the image's RGB pixels, digested."""
    image = Image.open(io.BytesIO(png))
    return hashlib.sha256(image.convert("RGB").tobytes()).hexdigest()[:16]


def test_the_table_was_made_with_this_pillow() -> None:
    assert PIL.__version__ == PILLOW, "Pillow changed: check the images, then print the table anew (see above)"


@pytest.mark.parametrize(("title", "site_name", "seen"), CASES, ids=[f"case{n}" for n in range(len(CASES))])
def test_the_image_shows_the_same_pixels(title: str, site_name: str, seen: str) -> None:
    png = share_image(title, site_name, FONTS)
    image = Image.open(io.BytesIO(png))
    assert (image.format, image.mode, image.size) == ("PNG", "P", (WIDTH, HEIGHT))
    assert pixels(png) == seen, (title, site_name)


def plain_fit(text: str, width: int) -> tuple[int, list[str]]:
    """The title's size and lines the plain way (the oracle): every candidate line measured
    whole, at each size from the largest, the smallest cut to MAX_LINES lines with " …"."""
    faces = _faces(FONTS)

    def wrap(size: int) -> list[str]:
        lines: list[str] = []
        for word in text.split():
            if lines and _width(f"{lines[-1]} {word}", faces, size) <= width:
                lines[-1] += f" {word}"
            else:
                lines.append(word)
        return lines

    for size in TITLE_SIZES:
        lines = wrap(size)
        if len(lines) <= MAX_LINES and all(_width(line, faces, size) <= width for line in lines):
            return size, lines
    lines = wrap(TITLE_SIZES[-1])
    if len(lines) > MAX_LINES:
        lines = [*lines[:MAX_LINES - 1], lines[MAX_LINES - 1] + " …"]
    return TITLE_SIZES[-1], lines


def test_titles_break_where_every_line_measured_whole_would() -> None:
    """The title's lines are found from words measured alone (lines measured whole only near
    the edge): the same size and breaks as measuring every candidate line, for the table's
    titles and 250 titles of 1 to 50 of their words at random (sizes from the largest to cut)."""
    words = sorted({word for title, _ in TITLES for word in title.split()} | {"Đắk", "Lắk", "W", "i"})
    rng = random.Random(18)
    titles = [title for title, _ in TITLES] + [" ".join(rng.choice(words) for _ in range(rng.randint(1, 50)))
                                                for _ in range(250)]
    faces, width = _faces(FONTS), WIDTH - 2 * MARGIN
    for title in titles:
        assert _fit(title, faces, width) == plain_fit(title, width), title
    assert {_fit(title, faces, width)[0] for title in titles} == set(TITLE_SIZES)


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """The PNG's chunks (type, data), each CRC checked."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    found, at = [], 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at:at + 4])
        kind, data = png[at + 4:at + 8], png[at + 8:at + 8 + length]
        (crc,) = struct.unpack(">I", png[at + 8 + length:at + 12 + length])
        assert crc == zlib.crc32(kind + data), kind
        found.append((kind, data))
        at += 12 + length
    return found


def test_the_png_is_well_formed_and_not_bigger() -> None:
    """Every chunk's CRC and the zlib stream's Adler-32 check out (zlib refuses a wrong one);
    the files are no bigger than Pillow's own writer made them (± 5 %)."""
    total = 0
    for title, _ in TITLES:
        png = share_image(title, SITE_NAMES[0], FONTS)
        total += len(png)
        found = chunks(png)
        assert [kind for kind, _ in found] == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]
        width, height, depth, colour, *_ = struct.unpack(">IIBBBBB", found[0][1])
        assert (width, height, depth, colour) == (WIDTH, HEIGHT, 4, 3)
        raw = zlib.decompress(found[2][1])
        assert len(raw) == HEIGHT * (1 + WIDTH // 2)
    assert total < 1.05 * 268_633, total  # Pillow's writer (compress_level 9, Z_RLE): 268,633 bytes


# Titles drawn word by word: each word's runs drawn once a process at each pen phase (or taken
# from the phases around it where those lie on the same pixels) and put where the line's layout
# puts them, against the oracle of drawing every line whole (ImageDraw.text run after run, as
# main 74e2be4 did). Words, syllables and marks that matter:
# Vietnamese tones (stacked on circumflex and breve), the Ê Đê, J'rai and M'nông letters and
# U+0306 (also on letters of the extension font), kerning pairs, ligatures, digits, punctuation.
WORDS = ("Bình", "đẳng", "giới", "Đắk", "Lắk", "Tháng", "hành", "động", "phòng", "ngừa", "ứng", "phó",
         "bạo", "lực", "trên", "cơ", "sở", "Người", "khuyết", "tật,", "trẻ", "em", "gái", "phụ", "nữ",
         "dân", "tộc", "thiểu", "số", "hỗ", "trợ", "pháp", "lý", "miễn", "phí", "(ví", "dụ", "130)",
         "Quyết", "định", "1234/QĐ-UBND", "15/11/2022", "–", "…", "Ẫ", "Ỗ", "Ễ", "ặ", "Ự", "ữ", "ỹ",
         "ƀ", "Ƀ", "č", "Č", "ĭ", "ŏ", "ŭ", "Ŭ", "ê\u0306", "ô\u0306", "ơ\u0306", "ư\u0306", "Ê\u0306",
         "ŏ\u0306", "a\u0306\u0301", "Bi\u0300nh", "đa\u0306\u0309ng", "AVAV", "Ty", "Yo", "To", "Wa",
         "office", "fjord", "gggg\u0323\u0323", "ÂÂ\u0306\u0306\u0306", "W", "i", "j", "x", "Gender",
         "Equality", "Action", "Month", "kit", "Policy", "basis", "24/7)", "1800", "1567")


def drawn_line_by_line(title: str, site_name: str) -> Image.Image:
    """The oracle: the image's palette indices with each title line drawn whole."""
    faces = _faces(FONTS)
    size, lines = _fit(title or site_name, faces, WIDTH - 2 * MARGIN)
    template = _template(site_name if title and site_name and site_name != title else "", faces)[0]
    mask = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(mask)
    line_height = round(size * 1.3)
    top = max(MARGIN + NAME_SIZE * 2, (HEIGHT - line_height * len(lines)) // 2)
    for number, line in enumerate(lines):
        x: float = MARGIN
        for run, data in _runs(line, faces):
            font = _font(data, size)
            draw.text((x, top + number * line_height), run, fill=255, font=font)
            x += font.getlength(run)
    return ImageChops.lighter(template, mask.point(_lut_list(0)))


def drawn_word_by_word(title: str, site_name: str) -> Image.Image | None:
    """The image's palette indices as share_image draws them word by word (None where it
    draws the title whole instead: words whose ink meets, right-to-left text, a mark after a space)."""
    faces = _faces(FONTS)
    size, lines = _fit(title or site_name, faces, WIDTH - 2 * MARGIN)
    template, ink = _template(site_name if title and site_name and site_name != title else "", faces)
    line_height = round(size * 1.3)
    top = max(MARGIN + NAME_SIZE * 2, (HEIGHT - line_height * len(lines)) // 2)
    indices = template.copy()
    return indices if _paste_title(indices, ink, lines, faces, size, top, line_height) else None


def differences(a: Image.Image, b: Image.Image) -> tuple[int, int]:
    """Of two images' palette indices ("L"): (pixels that differ, largest difference of a
    colour channel, 0–255, as a reader sees them)."""
    rgb = []
    for indices in (a, b):
        image = indices.copy()
        image.putpalette(_palette())
        rgb.append(image.convert("RGB"))
    count = ImageChops.difference(a, b).point(lambda v: 255 if v else 0).histogram()[255]
    return count, max(high for _, high in ImageChops.difference(*rgb).getextrema())


def indices_of(png: bytes) -> Image.Image:
    """The palette indices of a PNG share_image made, as an "L" image."""
    image = Image.open(io.BytesIO(png))
    assert image.mode == "P"
    return Image.frombytes("L", image.size, image.tobytes())


def test_words_drawn_apart_show_the_pixels_of_whole_lines() -> None:
    """Over the table's titles and 300 titles of 1 to 40 words at random (every title size,
    words at every pen phase), word by word shows the very pixels of whole lines: 0 pixels
    differ. Most titles take the word-by-word way (else this compares nothing; the rest,
    words of marks stacked into the next line, are drawn whole)."""
    rng = random.Random(25)
    titles = [title for title, _ in TITLES] + [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 40)))
                                                for _ in range(300)]
    apart = 0
    for number, title in enumerate(titles):
        site_name = SITE_NAMES[number % len(SITE_NAMES)]
        fast = drawn_word_by_word(title, site_name)
        if fast is not None:
            apart += 1
            assert differences(fast, drawn_line_by_line(title, site_name)) == (0, 0), (title, site_name)
    assert apart >= 0.75 * len(titles), apart


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(st.sampled_from("aăâeêoôơuưyđAĐƀčŭ\u0306\u0301\u0323\u0309fijTVW"),
                                                           min_size=1, max_size=8)), min_size=1, max_size=30),
       st.sampled_from(SITE_NAMES))
def test_any_title_shows_the_pixels_of_whole_lines(words: list[str], site_name: str) -> None:
    """Any title of words (and of random letters with stacked marks, a mark first or alone):
    the image share_image makes shows the pixels of drawing each line whole."""
    title = " ".join(words)
    made = indices_of(share_image(title, site_name, FONTS))
    assert differences(made, drawn_line_by_line(title, site_name)) == (0, 0), title


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(WORDS), st.sampled_from(TITLE_SIZES), st.lists(st.integers(0, 63), min_size=1, max_size=64))
def test_a_run_taken_from_the_phases_around_it_is_the_run_drawn(word: str, size: int, phases: list[int]) -> None:
    """However the phases of a run are asked for, each ink is the one FreeType draws at that
    phase (levels, place): taking it from drawn phases around it never moves a pixel."""
    faces = _faces(FONTS)
    _phases.cache_clear()  # nothing drawn yet
    for run, data in _runs(word, faces):
        for phase in phases:
            got, drawn = _ink(run, data, size, phase), _drawn(run, data, size, phase)
            assert got[1:] == drawn[1:], (run, size, phase)
            assert (got.levels is None) == (drawn.levels is None)
            assert got.levels is None or got.levels.tobytes() == drawn.levels.tobytes()


def test_where_words_cannot_be_drawn_apart_the_line_is_drawn_whole() -> None:
    """Marks stacked so high they reach into the line above, a mark after a space and
    right-to-left words: those titles are drawn whole (the same pixels as the oracle)."""
    for title in (TITLES[19][0], TITLES[18][0], "al-Arabiyya العربية الفصحى", "x \u0306y"):
        assert drawn_word_by_word(title, SITE_NAMES[0]) is None, title
        made = indices_of(share_image(title, SITE_NAMES[0], FONTS))
        assert differences(made, drawn_line_by_line(title, SITE_NAMES[0])) == (0, 0), title


if __name__ == "__main__":  # print the table anew (after checking the images by eye)
    for title, _ in TITLES:
        print(f"    ({title!r},\n     ({', '.join(repr(pixels(share_image(title, name, FONTS))) for name in SITE_NAMES)})),")
    for title, name, _ in MORE:
        print(repr(title), repr(name), repr(pixels(share_image(title, name, FONTS))))

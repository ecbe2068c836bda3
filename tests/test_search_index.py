"""The search index: folding, text extraction, determinism, one language per index."""

from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path

import pytest

from campaign_site.search.fold import fold, words
from campaign_site.search.index import (
    GLOBAL_NAME,
    MAX_TEXT_CHARS,
    SearchEntry,
    collect,
    index_path,
    index_script,
    read_language_index,
    write_language_index,
)
from conftest import BuiltSite



def NFD(text: str) -> str:  # noqa: N802 - reads like the normal form's name
    return unicodedata.normalize("NFD", text)


FOLDING = [
    ("bình đẳng giới", "binh dang gioi"),
    ("Đường dây nóng", "duong day nong"),
    (NFD("Bình Đẳng Giới"), "binh dang gioi"),
    (NFD("đường dây nóng"), "duong day nong"),
    ("ĐẮK LẮK", "dak lak"),
    ("J'rai", "jrai"),
    ("J’rai", "jrai"),
    ("Jʼrai", "jrai"),
    ("J‘rai", "jrai"),
    ("J`rai", "jrai"),
    ("M'nông", "mnong"),
    ("Ê Đê", "e de"),
    ("  tab\tand\u00a0nbsp\n\nnewlines  ", "tab and nbsp newlines"),
    ("Quyết định 1790/QĐ-TTg", "quyet dinh 1790/qd-ttg"),
    ("ư ơ ă â ê ô", "u o a a e o"),
    ("", ""),
]


read_index = read_language_index  # also used by test_search.py


@pytest.mark.parametrize(("text", "expected"), FOLDING)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_makes_composed_and_decomposed_text_equal() -> None:
    for text in ("bình đẳng giới", "M'nông", "Ê Đê", "Krông Pắc"):
        assert fold(NFD(text)) == fold(text) == fold(text.upper())


def test_words_split_on_punctuation_but_keep_apostrophe_names_whole() -> None:
    assert words("Huyện M'Đrắk (1 dịch vụ)") == ["huyen", "mdrak", "1", "dich", "vu"]
    assert words("41/KH-UBND") == ["41", "kh", "ubnd"]
    assert words(" ,. ") == []


def test_collect_extracts_text_headings_and_drops_notices() -> None:
    html = (
        '<div class="admonition info campaign-fallback" role="note"><p class="admonition-title">'
        'Chưa có bản dịch</p><p>Trang này chưa được dịch sang tiếng Ê Đê.</p></div>\n'
        '<div class="campaign-fallback-content" lang="vi">'
        '<h1 id="t">Danh bạ</h1><p>Gọi <strong>đường</strong>&nbsp;dây <a href="x">nóng</a>.<br>Ngay.</p>'
        '<h2>Đường dây nóng <span>toàn quốc</span></h2><ul><li>Một</li><li>Hai</li></ul>'
        '<form hidden><label>Lọc</label><select><option>Tất cả</option></select></form>'
        '<script>var x = "<p>code</p>";</script><svg><title>icon</title></svg>'
        '<p hidden>ẩn</p></div>'
        '<p class="campaign-exit-end"><a href="tab-moi.html">Thoát nhanh</a></p>'
    )
    entry = collect("rad/danh-ba/index.html", "Danh bạ", html)
    assert entry.url == "rad/danh-ba/index.html"
    assert entry.title == "Danh bạ"
    assert entry.headings == ("Đường dây nóng toàn quốc",)
    assert entry.text == "Gọi đường dây nóng. Ngay. Đường dây nóng toàn quốc Một Hai"
    for gone in ("Chưa có bản dịch", "chưa được dịch", "Thoát nhanh", "Tất cả", "Lọc", "code", "icon", "ẩn"):
        assert gone not in entry.text


def test_collect_normalises_to_nfc_and_survives_broken_html() -> None:
    entry = collect("a.html", NFD("Bình đẳng"), NFD("<p>giới <b>ở <i>Ê Đê</p></div><p>tiếp"))
    assert entry.title == "Bình đẳng"
    assert entry.text == "giới ở Ê Đê tiếp"
    assert unicodedata.is_normalized("NFC", entry.text)


def test_collect_caps_the_text_at_a_word_boundary() -> None:
    entry = collect("a.html", "A", "<p>" + "bình đẳng " * 1000 + "</p>")
    assert len(entry.text) <= MAX_TEXT_CHARS
    assert entry.text.endswith("đẳng") or entry.text.endswith("bình")


def test_collect_uses_the_h1_when_the_title_is_empty() -> None:
    assert collect("a.html", "", "<h1>Tiêu đề</h1><p>x</p>").title == "Tiêu đề"


def test_index_script_is_deterministic_whatever_the_collection_order(tmp_path: Path) -> None:
    entries = [collect(f"en/p{i}.html", f"Page {i}", f"<p>text {i} ở</p>") for i in range(30)]
    entries.append(collect("en/index.html", "Home", "<p>home</p>"))
    shuffled = entries[:]
    random.Random(4).shuffle(shuffled)
    first = write_language_index(tmp_path / "a", "en", entries).read_bytes()
    second = write_language_index(tmp_path / "b", "en", shuffled).read_bytes()
    assert first == second
    assert first.decode("utf-8") == index_script("en", entries)
    data = read_index(tmp_path / "a" / index_path("en"))
    assert data["language"] == "en"
    assert [page[0] for page in data["pages"]][:2] == ["en/index.html", "en/p0.html"]
    assert "ở" in first.decode("utf-8"), "non-ASCII text is stored as UTF-8, not \\u escapes"


def test_index_entry_layout() -> None:
    entry = SearchEntry("vi.html", "Tựa", ("Mục",), "Nội dung")
    data = json.loads(index_script("vi", [entry])[len(GLOBAL_NAME) + 1:-2])
    assert data == {"language": "vi", "pages": [["vi.html", "Tựa", ["Mục"], "Nội dung"]], "version": 1}


def test_each_language_index_holds_only_its_own_pages(site: BuiltSite) -> None:
    others = [site.prefix(lang) for lang in site.languages if site.prefix(lang)]
    for lang in site.languages:
        data = read_index(site.root / index_path(lang))
        urls = [page[0] for page in data["pages"]]
        assert data["language"] == lang
        assert len(urls) >= 20 and len(set(urls)) == len(urls)
        prefix = site.prefix(lang)
        if prefix:
            assert all(url.startswith(prefix) for url in urls), lang
        else:
            assert not [url for url in urls if url.startswith(tuple(others))]
        missing = [url for url in urls if not (site.root / url).is_file()]
        assert missing == [], f"{lang}: index points to missing pages"


def test_built_index_has_clean_text(site: BuiltSite) -> None:
    data = read_index(site.root / index_path("rad"))
    pages = {page[0]: page for page in data["pages"]}
    url, title, headings, text = pages["rad/danh-ba/index.html"]
    assert title == "Danh bạ dịch vụ hỗ trợ"
    assert "Đường dây nóng toàn quốc" in headings
    assert "đường dây nóng" in text
    assert "chưa được dịch" not in text, "the fallback notice is not indexed"
    assert "<" not in text and "  " not in text
    for page in data["pages"]:
        assert len(page[3]) <= MAX_TEXT_CHARS
        assert unicodedata.is_normalized("NFC", page[1] + page[3])


def test_index_is_byte_identical_across_builds(site: BuiltSite, sequential_site: BuiltSite) -> None:
    # the same sources as ``site`` (the repository may change meanwhile), built again
    again = sequential_site
    for lang in site.languages:
        path = index_path(lang)
        assert (again.root / path).read_bytes() == (site.root / path).read_bytes(), lang


def test_print_only_and_repeated_blocks_are_not_indexed(site: BuiltSite) -> None:
    from campaign_site.pages.qr import qr_block

    html = "<p>Nội dung</p>" + qr_block("https://x.vn/a.html", "Địa chỉ trang")
    html += '<section class="campaign-hotlines campaign-repeated"><h2>Đường dây nóng</h2><p>111</p></section>'
    entry = collect("a.html", "A", html)
    assert entry.text == "Nội dung" and entry.headings == ()
    # in the built site: area pages do not carry the national hotlines into the index
    pages = {page[0]: page for page in read_index(site.root / index_path("vi"))["pages"]}
    assert "111" in pages["danh-ba/index.html"][3]
    assert "111" not in pages["danh-ba/ea-kar.html"][3]

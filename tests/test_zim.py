"""The ZIM file for Kiwix: entries, metadata, illustration and full-text search."""

from __future__ import annotations

import json
import re
import struct
import subprocess

import pytest
from libzim.reader import Archive
from libzim.search import Query, Searcher

from campaign_site.dates import build_date
from campaign_site.publish.png import equals_sign_icon
from campaign_site.publish.sitebuild import PublishedSite
from campaign_site.publish.zim import CREATOR, iso639_3, mimetype, site_metadata, write_zim
from campaign_site.languages import shown_language
from conftest import REPO, BuiltSite


@pytest.fixture(scope="module")
def archive(site: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """The session site written as a ZIM file."""
    built = PublishedSite(site.root, build_date(), tuple(site.languages), site.default_language, 0.0)
    out = tmp_path_factory.mktemp("zim") / "site.zim"
    write_zim(site.root, out, site_metadata(site.project / "mkdocs.yml", built))
    return Archive(out)


def search(archive: Archive, text: str, count: int = 50) -> list[str]:
    """Paths of the first ``count`` full-text results for ``text``."""
    return list(Searcher(archive).search(Query().set_query(text)).getResults(0, count))


def metadata(archive: Archive, key: str) -> str:
    return archive.get_metadata(key).decode("utf-8")


def test_main_entry_is_the_vietnamese_home(archive: Archive) -> None:
    assert archive.has_main_entry
    assert archive.main_entry.get_item().path == "index.html"


def test_metadata(archive: Archive, site: BuiltSite) -> None:
    assert metadata(archive, "Title") == "Bình đẳng giới Đắk Lắk"
    assert 0 < len(metadata(archive, "Description")) <= 80
    assert len(metadata(archive, "LongDescription")) > len(metadata(archive, "Description"))
    assert metadata(archive, "Language") == "vie,eng,rad,jra,mng"
    assert metadata(archive, "Creator") == CREATOR
    assert metadata(archive, "Publisher")
    assert metadata(archive, "Date") == build_date().isoformat()
    assert metadata(archive, "Name") == "binh-dang-gioi-dak-lak_mul"


def test_illustration_is_a_48px_png(archive: Archive) -> None:
    assert archive.has_illustration(48)
    png = bytes(archive.get_illustration_item(48).content)
    assert png == bytes(archive.get_metadata("Illustration_48x48@1"))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    assert struct.unpack(">II", png[16:24]) == (48, 48)
    assert png == equals_sign_icon(48), "the illustration is deterministic"


def test_every_published_file_is_an_entry(archive: Archive, site: BuiltSite) -> None:
    for path in ("index.html", "en/index.html", "rad/tai-lieu/index.html",
                 "assets/fonts/noto-sans-regular.woff2", "search/index.vi.js", "lich/thang-hanh-dong-2022.ics"):
        assert archive.has_entry_by_path(path), path
    assert not list(site.root.rglob("*.map")), "the build drops source maps"
    assert not archive.has_entry_by_path("assets/javascripts/bundle.a5f9d56c.min.js.map")
    assert archive.get_entry_by_path("en/index.html").title == site.page("en/index.html").title.string
    assert archive.get_entry_by_path("assets/stylesheets/campaign-site.css").get_item().mimetype == "text/css"
    assert archive.get_entry_by_path("index.html").get_item().mimetype == "text/html"


def test_full_text_search_finds_vietnamese_and_english_pages(archive: Archive, site: BuiltSite) -> None:
    assert archive.has_fulltext_index
    others = tuple(f"{lang}/" for lang in site.languages if lang != site.default_language)
    vietnamese = search(archive, "bình đẳng giới")
    assert [path for path in vietnamese if not path.startswith(others)]
    assert [path for path in search(archive, "gender") if path.startswith("en/")]


def test_language_codes_and_mimetypes() -> None:
    assert [iso639_3(code) for code in ("vi", "en", "rad", "jra", "mng")] == ["vie", "eng", "rad", "jra", "mng"]
    with pytest.raises(ValueError):
        iso639_3("xx")
    assert mimetype("a/b.woff2") == "font/woff2"
    assert mimetype("lich/x.ics").startswith("text/calendar")
    assert mimetype("search/index.vi.js") == "application/javascript"


# --- search as Kiwix readers of two libzim generations do it ------------------------------------

FOLDED_QUERIES = {
    # query typed without diacritics → a page it must find
    "dak lak": "index.html",
    "duong day nong": "danh-ba/index.html",
    "1900969680": "danh-ba/index.html",
    "1900 969 680": "danh-ba/index.html",
}
ACCENTED_QUERIES = {"Đắk Lắk": "index.html", "đường dây nóng": "danh-ba/index.html"}
LIBZIM8 = REPO / ".venv-libzim8" / "bin" / "python"


def fallback_copies(site: BuiltSite) -> set[str]:
    return {path.relative_to(site.root).as_posix() for path in site.root.rglob("*.html")
            if shown_language(path.read_text(encoding="utf-8"))}


def test_queries_without_diacritics_find_each_page_once(archive: Archive, site: BuiltSite) -> None:
    copies = fallback_copies(site)
    assert len(copies) > 100
    for query, page in {**FOLDED_QUERIES, **ACCENTED_QUERIES}.items():
        found = search(archive, query, 500)
        assert page in found, (query, found)
        assert not copies & set(found), f"{query}: fallback copies are not articles"
        assert len(found) == len(set(found))
    for copy in copies:
        entry = archive.get_entry_by_path(copy)  # still there for the language's links
        assert entry.get_item().mimetype == "text/html"


def test_keywords_are_folded_text_of_the_article_only(archive: Archive) -> None:
    page = bytes(archive.get_entry_by_path("danh-ba/index.html").get_item().content).decode("utf-8")
    keywords = re.search(r'<meta name="keywords" content="([^"]*)">', page)[1]
    assert "duong day nong" in keywords and "1900969680" in keywords
    assert keywords == keywords.lower() and "đ" not in keywords
    assert "thoat nhanh" not in keywords, "the safety bar and menus are not the page's text"


def test_an_older_reader_opens_the_file_and_finds_pages(archive: Archive, site: BuiltSite) -> None:
    assert LIBZIM8.exists(), "run `make libzim8` (python-libzim 2.1, libzim 8)"
    done = subprocess.run([str(LIBZIM8), str(REPO / "tests" / "zim_query.py"), archive.filename,
                           *FOLDED_QUERIES], capture_output=True, text=True, check=True)
    older = json.loads(done.stdout.splitlines()[-1])  # libzim prints "No stemming for language" first
    assert older["check"] is True and older["main"] == "index.html"
    copies = fallback_copies(site)
    for query, page in FOLDED_QUERIES.items():
        assert page in older["results"][query], query
        assert not copies & set(older["results"][query])
        assert sorted(older["results"][query]) == sorted(search(archive, query, 500)), query

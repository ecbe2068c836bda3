"""Link previews as a real Open Graph reader sees them (extruct), on every page.

Each page has its title, description, locale, URL (with a real public address)
and a 1200×630 image of its own, in its language, drawn at build time with the
site's fonts: the same bytes from two separate builds. A fallback copy shows
its original's preview.
"""

from __future__ import annotations

import io
import posixpath
from urllib.parse import urljoin

import extruct
import pytest
from PIL import Image

from campaign_site.languages import shown_language
from campaign_site.pages.share import (HEIGHT, WIDTH, ShareMeta, core_first, og_locale, share_image,
                                       share_image_path)
from conftest import PUBLIC_URL, REPO, BuiltSite

REQUIRED = ("og:title", "og:description", "og:locale", "og:image", "og:image:alt", "og:image:width",
            "og:image:height", "og:type", "og:site_name")
TWITTER = ("twitter:card", "twitter:title", "twitter:image", "twitter:image:alt")


def pages(site: BuiltSite) -> list[str]:
    return sorted(p.relative_to(site.root).as_posix() for p in site.root.rglob("*.html")
                  if p.name not in ("404.html", "tab-moi.html"))


def language_of(site: BuiltSite, page: str) -> str:
    return next((lang for lang in site.languages if site.prefix(lang) and page.startswith(site.prefix(lang))),
                site.default_language)


def open_graph(site: BuiltSite, page: str, base: str) -> dict[str, str]:
    """The Open Graph properties extruct reads from the page (served at ``base`` + page)."""
    html = (site.root / page).read_text(encoding="utf-8")
    found = extruct.extract(html, base_url=base + page, syntaxes=["opengraph"], uniform=False)["opengraph"]
    assert len(found) == 1, page
    properties = dict(found[0]["properties"])
    assert len(properties) == len(found[0]["properties"]), f"{page}: a property twice"
    return properties


@pytest.fixture(scope="module")
def previews(public_site: BuiltSite) -> dict[str, dict[str, str]]:
    return {page: open_graph(public_site, page, PUBLIC_URL) for page in pages(public_site)}


def test_every_page_has_a_complete_preview(public_site: BuiltSite, previews) -> None:
    assert len(previews) > 200
    for page, og in previews.items():
        missing = [key for key in (*REQUIRED, "og:url") if not og.get(key)]
        assert missing == [], f"{page}: {missing}"
        canonical = public_site.page(page).select_one("link[rel=canonical]")["href"]
        assert og["og:url"] == canonical, page
        assert og["og:locale"] == og_locale(language_of(public_site, page))
        assert (og["og:image:width"], og["og:image:height"]) == (str(WIDTH), str(HEIGHT))
        soup = public_site.page(page)
        twitter = {key: soup.select_one(f'meta[name="{key}"]') for key in TWITTER}
        assert all(twitter.values()), page
        assert twitter["twitter:card"]["content"] == "summary_large_image"
        assert twitter["twitter:image"]["content"] == og["og:image"]
        assert soup.select_one("title").get_text().startswith(og["og:title"]), page
    assert og_locale("vi") == "vi_VN" and og_locale("en") == "en_US"


def image_file(site: BuiltSite, url: str) -> bytes:
    assert url.startswith(PUBLIC_URL), url
    return (site.root / url[len(PUBLIC_URL):]).read_bytes()


def test_each_page_has_its_own_image_in_its_language(public_site: BuiltSite, previews) -> None:
    images: dict[str, str] = {}
    for page, og in previews.items():
        data = image_file(public_site, og["og:image"])
        picture = Image.open(io.BytesIO(data))
        assert picture.size == (WIDTH, HEIGHT) and picture.mode == "P", page
        assert len(data) < 40_000, f"{page}: {len(data)} bytes"
        shown = shown_language((public_site.root / page).read_text(encoding="utf-8"))
        if shown:  # a fallback copy: its original's preview
            original = public_site.prefix(shown) + page[len(public_site.prefix(language_of(public_site, page))):]
            assert og["og:image"] == previews[original]["og:image"], page
        else:
            assert og["og:image"] not in images, f"{page} shares {images.get(og['og:image'])}'s image"
            images[og["og:image"]] = page
    vietnamese, english = previews["danh-ba/ea-kar.html"], previews["en/danh-ba/ea-kar.html"]
    assert image_file(public_site, vietnamese["og:image"]) != image_file(public_site, english["og:image"])
    assert english["og:image:alt"].startswith("Services in Ea Kar")


def test_the_image_shows_the_title_and_is_reproducible(public_site: BuiltSite, site: BuiltSite, previews) -> None:
    fonts = core_first(sorted((REPO / "overrides" / "assets" / "fonts").glob("noto-sans-bold*.woff2")))
    og = previews["en/danh-ba/ea-kar.html"]
    data = image_file(public_site, og["og:image"])
    assert data == share_image(og["og:title"], og["og:site_name"], fonts), "drawn from the title and site name"
    assert data != share_image(og["og:title"] + " x", og["og:site_name"], fonts)
    # another build (another process, no public address): the same bytes
    for page, og in list(previews.items())[::7]:
        assert image_file(public_site, og["og:image"]) == image_file(site, og["og:image"]), page
    title_pixels = Image.open(io.BytesIO(data)).histogram()
    assert sum(title_pixels[1:]) > 10_000, "the text is drawn"


def test_without_a_public_address_no_og_url_and_a_relative_image(placeholder_site: BuiltSite) -> None:
    site = placeholder_site
    assert site.languages == ["vi", "en"]
    for page in pages(site)[::5]:
        og = open_graph(site, page, "http://127.0.0.1/")
        assert "og:url" not in og, page
        image = og["og:image"]
        assert "://" not in image, page
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), image))
        assert (site.root / target).is_file(), page
        assert urljoin("http://127.0.0.1/" + page, image) == "http://127.0.0.1/" + target


LANGUAGES = ["vi", "en", "rad", "jra", "mng", "fr", "pt-BR", "zh-Hant", "sr-Latn", "und", "xx", ""]


def test_the_locale_is_cldrs_on_every_call() -> None:
    """Memoized (asked for on every page): the answer of the rule itself, first call and later."""
    for lang in LANGUAGES:
        assert og_locale(lang) == og_locale(lang) == og_locale.__wrapped__(lang), lang


@pytest.mark.parametrize("base", [PUBLIC_URL, None])
def test_the_preview_image_address_is_urljoins_or_relpaths(base: str | None) -> None:
    """The image's address: urljoin's with a public address, posixpath.relpath's without, from
    pages at the root, in a language's folder and deeper (a fallback copy shows its original's)."""
    pages = ["", "index.html", "en/", "en/index.html", "danh-ba/ea-kar.html", "en/danh-ba/ea-kar.html",
             "jra/tai-lieu/vi-du-tai-lieu-0001.html", "a/b/c/d.html", "tai-lieu/"]
    for page in pages:
        neutral = page.removeprefix("en/").removeprefix("jra/") or "index.html"
        for prefix in ("", "en/", "jra/"):
            image_path = share_image_path(neutral, prefix)
            meta = ShareMeta.of_page("T", " a\n b ", "S", "vi", page, PUBLIC_URL + page, image_path, base)
            expected = (urljoin(base, image_path) if base
                        else posixpath.relpath(image_path, posixpath.dirname(page) or "."))
            assert meta.image == expected, (page, image_path)
            assert (meta.locale, meta.description, meta.url) == ("vi_VN", "a b", PUBLIC_URL + page if base else None)

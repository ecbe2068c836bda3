"""Site search in Chromium, from file:// (offline) and over http://127.0.0.1."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest

from campaign_site.search.fold import LETTERS, fold, join_digits, words
from campaign_site.search.index import GLOBAL_NAME, index_path
from conftest import BuiltSite
from test_search_index import FOLDING, read_index

pytestmark = pytest.mark.browser

LOCAL = ("file://", "http://127.0.0.1", "data:", "blob:", "about:")
RESULTS = "#campaign-search-results"
OPENER = "[data-campaign-search-open]"


@dataclass
class SearchPage:
    """One browser tab on the built site, with what it requested and logged."""

    page: object
    base: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def index_requested(self) -> bool:
        return any("/search/index." in url for url in self.requests)

    def open_search(self) -> None:
        self.page.click(OPENER)
        self.page.wait_for_selector("#campaign-search[data-ready]", state="attached")

    def search(self, query: str) -> list[str]:
        """Fill the search field; the site-relative URLs of the results, in order."""
        self.page.fill("#campaign-search-input", query)
        return self.wait_for_results(query)

    def wait_for_results(self, query: str) -> list[str]:
        self.page.wait_for_function(
            "q => document.querySelector('#campaign-search-results').getAttribute('data-query') === q",
            arg=query,
        )
        hrefs = self.page.eval_on_selector_all(f"{RESULTS} a", "links => links.map(a => a.href)")
        assert all(href.startswith(self.base) for href in hrefs), hrefs
        return [href[len(self.base):] for href in hrefs]

    def status(self) -> str:
        return self.page.inner_text("#campaign-search-status")


@dataclass
class Session:
    """A browser context for one scheme, shared by the tests of this module."""

    context: object
    scheme: str
    base: str
    foreign: list[str]

    def open(self, relative: str) -> SearchPage:
        page = self.context.new_page()
        tab = SearchPage(page, self.base)
        page.on("request", lambda request: tab.requests.append(request.url))
        page.on("console", lambda message: message.type == "error" and tab.errors.append(message.text))
        page.on("pageerror", lambda error: tab.errors.append(str(error)))
        page.goto(self.base + relative, wait_until="load")
        return tab

    def assert_clean(self, tab: SearchPage) -> None:
        assert tab.errors == [], "console errors"
        assert self.foreign == [], "requests to other hosts"
        tab.page.close()


@pytest.fixture(scope="module", params=["file", "http"])
def session(request: pytest.FixtureRequest, browser, site: BuiltSite) -> Iterator[Session]:
    """One context per scheme; file:// runs with the network switched off."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    foreign: list[str] = []
    context.on("request", lambda r: None if r.url.startswith(LOCAL) else foreign.append(r.url))
    if request.param == "file":
        context.set_offline(True)
        base = site.root.as_uri() + "/"
    else:
        base = request.getfixturevalue("http_base")
        context.route(lambda url: not url.startswith(LOCAL), lambda route: route.abort())
    yield Session(context, request.param, base, foreign)
    context.close()


@pytest.fixture(scope="module")
def indexed(site: BuiltSite) -> Callable[[str, str], str]:
    """Lowercased indexed text (title, headings, body) of a page of a language."""
    pages = {
        page[0]: "\n".join([page[1], *page[2], page[3]]).lower()
        for lang in site.languages
        for page in read_index(site.root / index_path(lang))["pages"]
    }
    return lambda lang, url: pages[url]


def test_index_is_loaded_only_when_search_opens(session: Session) -> None:
    tab = session.open("danh-ba/ea-kar.html")
    tab.page.wait_for_load_state("networkidle")
    assert not tab.index_requested()
    assert tab.page.evaluate(f"typeof {GLOBAL_NAME}") == "undefined"
    assert tab.page.locator(OPENER).is_visible()
    tab.open_search()
    assert tab.index_requested()
    assert tab.page.evaluate(f"{GLOBAL_NAME}.language") == "vi"
    session.assert_clean(tab)


QUERIES = {
    # language: [(query, a page the results must include)]
    "vi": [
        ("duong day nong", "danh-ba/index.html"),
        ("jrai", "index.html"),
        ("J’rai", "index.html"),
        ("J'rai", "index.html"),
        ("Mnong", "index.html"),
        ("mnong", "danh-ba/lak.html"),
    ],
    "en": [("gender equality", "en/index.html"), ("hotline", "en/danh-ba/index.html")],
    "rad": [("bình đẳng giới", "rad/index.html"), ("binh dang gioi", "rad/index.html")],
    "jra": [("duong day nong", "jra/danh-ba/index.html")],
    "mng": [("M'nông", "mng/index.html")],
}


@pytest.mark.parametrize("lang", QUERIES)
def test_queries_find_pages_of_the_language(session: Session, site: BuiltSite, lang: str) -> None:
    tab = session.open(site.prefix(lang) + "index.html")
    tab.open_search()
    for query, expected in QUERIES[lang]:
        results = tab.search(query)
        assert expected in results, (query, results)
        assert all(url.startswith(site.prefix(lang)) for url in results), "other languages' pages"
        if not site.prefix(lang):
            assert not [url for url in results if url.split("/")[0] in site.languages], results
    session.assert_clean(tab)


def test_unaccented_query_finds_accented_text(session: Session, indexed) -> None:
    tab = session.open("index.html")
    tab.open_search()
    results = tab.search("binh dang gioi")
    assert any("bình đẳng giới" in indexed("vi", url) for url in results)
    assert "tài liệu liên quan" in tab.status()
    marks = tab.page.eval_on_selector_all(f"{RESULTS} mark", "ms => ms.map(m => m.textContent)")
    assert {fold(m) for m in marks} <= {"binh", "dang", "gioi"} and marks
    assert any(m != fold(m) for m in marks), "marks show the page's own accented text"
    session.assert_clean(tab)


def test_apostrophe_variants_and_decomposed_queries_match_alike(session: Session) -> None:
    tab = session.open("index.html")
    tab.open_search()
    assert tab.search("jrai") == tab.search("J’rai") == tab.search("J'rai") != []
    composed = tab.search("bình đẳng")
    decomposed = unicodedata.normalize("NFD", "bình đẳng")
    assert decomposed != "bình đẳng"
    assert tab.search(decomposed) == composed != []
    session.assert_clean(tab)


def test_exact_accented_match_ranks_first(session: Session, site: BuiltSite, indexed) -> None:
    # "nông" (M'nông) folds like "nóng" (đường dây nóng). The home page has
    # "M'nông" in its body only; the directory has "nóng" in a heading, which
    # weighs more, yet the exact accented match must come first.
    home, directory = "index.html", "danh-ba/index.html"
    assert "nông" in indexed("vi", home) and "nông" not in indexed("vi", directory)
    assert "đường dây nóng" in " ".join(h.get_text() for h in site.page(directory).select("article h2")).lower()
    tab = session.open("index.html")
    tab.open_search()
    results = tab.search("nông")
    exact = ["nông" in indexed("vi", url) for url in results]
    assert exact[0] and not all(exact), results
    assert exact == sorted(exact, reverse=True), "all exact matches before the others"
    assert results.index(home) < results.index(directory)
    session.assert_clean(tab)


def test_keyboard_only_use(session: Session) -> None:
    tab = session.open("index.html")
    page = tab.page
    opener = page.locator(OPENER)
    assert opener.get_attribute("aria-haspopup") == "dialog"
    assert opener.inner_text().strip() == "Tìm kiếm"
    page.keyboard.press("/")
    page.wait_for_selector("#campaign-search[data-ready]", state="attached")
    assert page.evaluate("document.getElementById('campaign-search').open")
    assert page.evaluate("document.activeElement.id") == "campaign-search-input"
    assert page.evaluate("document.querySelector('#campaign-search-input').labels[0].innerText") != ""
    assert page.locator("#campaign-search-label").is_visible()
    assert page.get_attribute("#campaign-search-status", "aria-live") == "polite"
    page.keyboard.type("duong day nong")
    results = tab.wait_for_results("duong day nong")
    assert results and re.fullmatch(r"\d+ tài liệu liên quan", tab.status())
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.matches('#campaign-search-results a')")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus must be visible"
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('campaign-search').open")
    # the dialog's "close" event (a queued task) gives the focus back to the button
    # (a function, not an expression: playwright evaluates expressions with eval, which the CSP forbids)
    page.wait_for_function("() => document.activeElement.hasAttribute('data-campaign-search-open')", timeout=2000)
    page.keyboard.press("Enter")  # the focused button opens search again
    assert page.evaluate("document.getElementById('campaign-search').open")
    page.keyboard.type("s")  # typed into the field, not a shortcut
    assert page.input_value("#campaign-search-input") == "s"
    page.keyboard.press("Escape")
    page.keyboard.press("s")
    assert page.evaluate("document.getElementById('campaign-search').open")
    page.keyboard.press("Escape")
    session.assert_clean(tab)


def test_quick_exit_stays_reachable_in_the_dialog(session: Session) -> None:
    # the modal dialog makes the page inert, so it carries its own exit link
    if session.scheme != "file":
        pytest.skip("leaving for the neutral website is tested in test_browser_safety")
    tab = session.open("danh-ba/index.html")
    page = tab.page
    page.set_viewport_size({"width": 360, "height": 740})
    tab.open_search()
    tab.search("duong day nong")
    exit_link = page.locator("#campaign-search [data-campaign-search-exit]")
    assert exit_link.is_visible()
    box = exit_link.bounding_box()
    assert box["y"] + box["height"] <= 740 and box["height"] >= 44
    history = page.evaluate("history.length")
    hidden_at_once = page.evaluate("""() => {
        document.querySelector('#campaign-search [data-campaign-search-exit]').click();
        return document.documentElement.classList.contains('campaign-exiting')
            && !document.getElementById('campaign-search').open
            && getComputedStyle(document.querySelector('.md-container')).visibility === 'hidden';
    }""")
    assert hidden_at_once
    page.wait_for_url("about:blank")  # from file:// the exit opens a blank page
    assert page.evaluate("history.length") == history, "the exit replaces the page in the history"
    session.assert_clean(tab)


def test_english_labels_and_counts(session: Session) -> None:
    tab = session.open("en/danh-ba/ea-kar.html")
    assert tab.page.locator(OPENER).inner_text().strip() == "Search"
    tab.open_search()
    assert tab.page.inner_text("#campaign-search-label") == "Search this site"
    results = tab.search("gender equality")
    assert len(results) == 20
    assert re.fullmatch(r"\d+ matching documents\. Showing the first 20\.", tab.status())
    assert tab.search("hotline gender") and re.fullmatch(r"\d+ matching documents?", tab.status())
    assert tab.search("zzzzqx") == []
    assert tab.status() == "No matching documents"
    session.assert_clean(tab)


def test_javascript_folding_matches_python(session: Session, site: BuiltSite) -> None:
    samples = [text for text, _ in FOLDING]
    for page in read_index(site.root / index_path("vi"))["pages"][:15]:
        samples += [page[1], page[3][:600]]
    samples += [unicodedata.normalize("NFD", s) for s in samples[:20]]
    tab = session.open("index.html")
    result = tab.page.evaluate(
        "xs => xs.map(x => [campaignSearch.fold(x), campaignSearch.words(x)])", samples
    )
    assert result == [[fold(s), words(s)] for s in samples]
    session.assert_clean(tab)


# --- one folding, every letter, old engines ----------------------------------------------------

# Makes the page's RegExp refuse Unicode property escapes, as engines before ES2018 do.
NO_PROPERTY_ESCAPES = """(() => {
  const Native = RegExp;
  window.RegExp = function (source, flags) {
    if (String(source).indexOf('\\\\p{') !== -1) throw new SyntaxError('Invalid escape');
    return new Native(source, flags);
  };
  window.RegExp.prototype = Native.prototype;
})();"""


def fold_samples(site: BuiltSite) -> list[str]:
    from test_fold import EVERY_LETTER

    letters = sorted(EVERY_LETTER) + sorted(LETTERS) + [letter.upper() for letter in sorted(LETTERS)]
    samples = letters + [" ".join(letters), "Ƀrăm, Ƀuôn Đôn – 1900 969.680 (M’nông)", "x\u00b4y ×÷ ¹²³ ª º µ"]
    samples += [chr(code) for code in range(0x20, 0x250)] + [chr(code) for code in range(0x2000, 0x2070)]
    for page in read_index(site.root / index_path("vi"))["pages"][:10]:
        samples += [page[1], page[3][:400]]
    return samples


@pytest.mark.parametrize("engine", ["current", "es2017"])
def test_javascript_folds_every_letter_like_python(session: Session, site: BuiltSite, engine: str) -> None:
    if session.scheme != "file":
        pytest.skip("the same script over http")
    page = session.context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    if engine == "es2017":
        page.add_init_script(NO_PROPERTY_ESCAPES)
    page.goto(session.base + "index.html", wait_until="load")
    assert page.evaluate("campaignSearch.propertyEscapes") is (engine == "current")
    samples = fold_samples(site)
    result = page.evaluate(
        "xs => xs.map(x => [campaignSearch.fold(x), campaignSearch.words(x), campaignSearch.joinDigits(campaignSearch.fold(x))])",
        samples,
    )
    expected = [[fold(s), words(s), join_digits(fold(s))] for s in samples]
    mismatches = [(s, got, want) for s, got, want in zip(samples, result, expected) if got != want]
    assert mismatches == []
    assert errors == []
    page.close()


def test_letters_without_decomposition_are_found_without_them(session: Session) -> None:
    tab = session.open("index.html")
    tab.open_search()
    assert tab.search("Đắk Lắk") == tab.search("dak lak") != []
    session.assert_clean(tab)


def test_phone_numbers_match_with_or_without_spaces_and_dots(session: Session, indexed) -> None:
    tab = session.open("danh-ba/index.html")
    tab.open_search()
    spaced = tab.search("1900 969 680")
    assert spaced and all("1900 969 680" in indexed("vi", url) for url in spaced)
    assert tab.search("1900969680") == tab.search("1900.969.680") == spaced
    marks = tab.page.eval_on_selector_all(f"{RESULTS} mark", "ms => ms.map(m => m.textContent)")
    assert "1900 969 680" in marks, "the number typed without spaces is highlighted in the text"
    session.assert_clean(tab)


def test_every_result_is_reachable(session: Session) -> None:
    tab = session.open("en/index.html")
    tab.open_search()
    first = tab.search("gender")
    total = int(re.match(r"(\d+) matching documents", tab.status())[1])
    assert len(first) == 20 < total
    more = tab.page.locator("[data-campaign-search-more]")
    while more.is_visible():
        more.click()
        assert tab.page.evaluate("document.activeElement.matches('#campaign-search-results a')")
    results = tab.page.eval_on_selector_all(f"{RESULTS} a", "links => links.map(a => a.href)")
    assert len(results) == len(set(results)) == total
    assert tab.status() == f"{total} matching documents"
    assert tab.search("hotline") and tab.search("gender") == first, "a new search starts again at the first results"
    session.assert_clean(tab)


def test_one_result_per_distinct_page(session: Session, site: BuiltSite) -> None:
    # every area page repeats the national hotlines: only the pages with 111 of their own are found
    tab = session.open("index.html")
    tab.open_search()
    results = tab.search("111")
    areas = {f"danh-ba/{path.name}" for path in (site.root / "danh-ba").glob("*.html")} - {"danh-ba/index.html"}
    assert len(areas) > 10
    assert "danh-ba/index.html" in results and len(set(results)) == len(results)
    assert not areas & set(results), "pages that only repeat the same block"
    session.assert_clean(tab)


def test_no_search_button_when_the_script_cannot_run(session: Session) -> None:
    if session.scheme != "http":
        pytest.skip("the script is replaced over http")
    page = session.context.new_page()
    # what an engine that cannot parse the file sees: nothing runs
    page.route("**/campaign-search.js", lambda route: route.fulfill(
        status=200, content_type="application/javascript", body="var broken = ;"))
    page.goto(session.base + "index.html", wait_until="load")
    opener = page.locator(OPENER)
    assert not opener.is_visible()
    box = opener.bounding_box()
    assert box and box["width"] > 0, "its place is kept: the header does not move when it shows"
    page.unroute("**/campaign-search.js")
    page.reload(wait_until="load")
    page.wait_for_function("() => document.documentElement.classList.contains('campaign-search-ready')")
    assert page.locator(OPENER).is_visible()
    page.close()

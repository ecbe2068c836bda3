"""No page shows a code where a reader expects words: every code the content uses
(kinds, audiences, topics, accessibility values, statuses, area keys, language codes)
appears on the pages by its label in the page's language, never raw.

Scans the visible text of every built page in every language (text, option labels and
the attributes assistive technology reads), element by element in the language the
element is marked with."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, NavigableString
from pydantic import BaseModel

from campaign_site.content import models
from campaign_site.content.loader import SiteContent, load_content
from conftest import BuiltSite

# where codes are fine: program text, and elements never shown
SKIPPED = {"script", "style", "template", "code", "kbd", "pre", "head", "noscript"}
READ_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "aria-description")
URL = re.compile(r"\S*(?:://|\.[a-z]{2,}/)\S*|\S+@\S+\.\S+")  # addresses (printed without https://) and e-mail


def _literals(annotation: object) -> set[str]:
    """Every value of the Literal types inside ``annotation`` (lists, unions, Annotated)."""
    if typing.get_origin(annotation) is typing.Literal:
        return {str(value) for value in typing.get_args(annotation)}
    found: set[str] = set()
    for argument in typing.get_args(annotation):
        found |= _literals(argument)
    metadata = getattr(annotation, "__origin__", None)
    if metadata is not None and hasattr(annotation, "__metadata__"):
        found |= _literals(metadata)
    return found


def model_codes() -> set[str]:
    """Every fixed value a field of a content model takes (Literal types)."""
    codes: set[str] = set()
    for value in vars(models).values():
        if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == models.__name__:
            for info in value.model_fields.values():
                codes |= _literals(info.annotation)
    return codes


def known_codes(content: SiteContent) -> set[str]:
    """Codes of the models, plus the content's own: topics, area keys, languages without a word's shape."""
    codes = model_codes()
    codes |= {topic for practice in content.practices for topic in practice.topics}
    codes |= set(content.areas)
    codes |= {code for code in content.material_languages if len(code) > 2}  # 'vi' is a Vietnamese word
    return codes


def _words(text: str) -> str:
    return re.sub(r"[-_\s]+", " ", text).casefold().strip()


def forbidden_in(lang: str, codes: set[str], content: SiteContent) -> re.Pattern[str]:
    """A pattern of the codes a reader of ``lang`` must not see as whole words.

    A code written with underscores is never prose. Otherwise a code that reads as its own
    label in ``lang`` is ordinary text there: ``video`` in Vietnamese, and on English pages the
    codes made of English words (``police``, ``trusted-address`` when its label is "Trusted
    address"); English single words are always ordinary words on English pages."""
    labels = content.labels.get(lang) or content.labels[content.default_language]
    groups = ("kinds", "audiences", "service_kinds", "accessibility_values", "practice_topics")
    english = lang.split("-")[0] == "en"

    def reads_as_words(code: str) -> bool:
        if "_" in code:
            return False
        if english and not re.search(r"[-_]", code):
            return True
        return any(_words(str(labels.get(f"{group}.{code}", ""))) == _words(code) for group in groups)

    wanted = {code for code in codes if not reads_as_words(code)}
    words = "|".join(sorted((re.escape(code) for code in wanted), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])")


def visible_texts(soup: BeautifulSoup, page_lang: str):
    """(language, text) of every text node and read attribute outside SKIPPED elements."""
    for node in soup.find_all(string=True):
        if not isinstance(node, NavigableString) or type(node) is not NavigableString:
            continue  # comments, doctype, CDATA
        parents = list(node.parents)
        if any(parent.name in SKIPPED for parent in parents) or any(
                parent.has_attr("hidden") for parent in parents if parent.name):
            continue
        lang = next((parent["lang"] for parent in parents if parent.name and parent.has_attr("lang")), page_lang)
        if node.strip():
            yield lang, str(node)
    for element in soup.find_all(True):
        if element.name in SKIPPED or any(parent.name in SKIPPED for parent in element.parents):
            continue
        lang = element.get("lang") or next(
            (parent["lang"] for parent in element.parents if parent.name and parent.has_attr("lang")), page_lang)
        for attribute in READ_ATTRIBUTES:
            if element.has_attr(attribute):
                yield lang, str(element[attribute])


def raw_codes(root: Path, content: SiteContent) -> dict[str, set[str]]:
    """page → codes its visible text shows raw."""
    codes = known_codes(content)
    patterns: dict[str, re.Pattern[str]] = {}
    found: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        html = soup.find("html")
        page_lang = html.get("lang", content.default_language) if html else content.default_language
        for lang, text in visible_texts(soup, page_lang):
            pattern = patterns.get(lang) or patterns.setdefault(lang, forbidden_in(lang, codes, content))
            hits = set(pattern.findall(URL.sub(" ", text)))
            if hits:
                found.setdefault(path.relative_to(root).as_posix(), set()).update(hits)
    return found


@pytest.fixture(scope="module")
def content(site: BuiltSite) -> SiteContent:
    return load_content(site.project / "content", site.languages, site.default_language)


def test_the_scan_knows_the_codes(content: SiteContent) -> None:
    codes = known_codes(content)
    for code in ("poster", "men_and_boys", "trusted_address", "trusted-address", "one_stop_centre",
                 "sign_language", "example", "ea-kar", "rad"):
        assert code in codes
    assert forbidden_in("vi", codes, content).search("Chủ đề: trusted-address")
    assert forbidden_in("en", codes, content).search("Audience: men_and_boys")
    assert not forbidden_in("en", codes, content).search("a community trusted-address practice")
    assert not forbidden_in("en", codes, content).search("Call the police")
    assert not forbidden_in("vi", codes, content).search("Video")  # its label is the same word


def test_no_page_shows_a_raw_code(site: BuiltSite, content: SiteContent) -> None:
    pages = list(site.root.rglob("*.html"))
    assert len(pages) > 200
    assert raw_codes(site.root, content) == {}

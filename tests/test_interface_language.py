"""WCAG 3.1.2 (language of parts): text in another language than the page carries its own ``lang``.

Ê Đê, J'rai and M'nông have no interface strings of their own yet (Material's or
the campaign's): they fall back to Vietnamese, as do English labels a
translator has not supplied and pages not yet translated. Every piece of text
of every page in those languages (text nodes and the attributes that give a
name: aria-label, title, placeholder, alt, and the strings scripts show) that
is a Vietnamese interface string or page title must sit in an element whose
nearest ``lang`` is ``vi``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import material
import yaml

from campaign_site.content.labels import load_labels
from conftest import REPO, BuiltSite

MATERIAL_LANGUAGES = Path(material.__file__).parent / "templates" / "partials" / "languages"
NAMING_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "data-label", "data-exiting",
                     "data-none", "data-one", "data-other", "data-more", "data-loading", "data-failed")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIPPED = {"script", "style"}


def leaves(value: object) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(leaves(v) for v in value.values())) if value else set()
    return {str(value)} if isinstance(value, str) and "{" not in value else set()


def material_strings(code: str) -> set[str]:
    path = MATERIAL_LANGUAGES / f"{code}.html"
    if not path.exists():
        return set()
    pairs = re.findall(r'^\s*"([^"]+)": "([^"]*)"', path.read_text(encoding="utf-8"), re.M)
    return {value for key, value in pairs if key not in ("language", "direction") and "#" not in value}


def normal(text: str) -> str:
    return " ".join(text.split())


class Walker(HTMLParser):
    """Each piece of text with the language of its element."""

    def __init__(self, page_lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = [("", page_lang)]
        self.found: list[tuple[str, str, str]] = []  # (text, declared language, where)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = values.get("lang") or self.stack[-1][1]
        for name in NAMING_ATTRIBUTES:
            if values.get(name):
                self.found.append((normal(values[name]), lang, f"<{tag} {name}>"))
        if tag not in VOID:
            self.stack.append((tag, lang))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        tag = self.stack[-1][0]
        if tag not in SKIPPED and data.strip():
            self.found.append((normal(data), self.stack[-1][1], f"<{tag}>"))


def test_text_in_another_language_declares_it(site: BuiltSite) -> None:
    default = site.default_language
    labels = load_labels(REPO / "content" / "i18n", site.languages, default)
    text = (site.project / "mkdocs.yml").read_text("utf-8")
    config = yaml.safe_load(re.sub(r"!ENV \[[^\]]*\]|!!python/name:\S+", "''", text))
    i18n = next(p["campaign-i18n"] for p in config["plugins"] if "campaign-i18n" in p)
    site_names = {lang["locale"]: lang.get("site_name") for lang in i18n["languages"]}
    site_names[default] = config["site_name"]

    def own_strings(lang: str) -> set[str]:
        own = leaves(labels[lang].own) | material_strings(lang)
        return own | ({normal(site_names[lang])} if site_names.get(lang) else set())

    titles = set()
    for path in site.root.rglob("*.html"):
        relative = path.relative_to(site.root).as_posix()
        if relative.split("/", 1)[0] not in site.languages:
            heading = re.search(r"<h1[^>]*>(.*?)</h1>", path.read_text(encoding="utf-8"), re.S)
            if heading:
                titles.add(normal(re.sub(r"<[^>]+>", "", heading.group(1))))
    default_strings = own_strings(default) | titles
    assert len(default_strings) > 150 and "Thoát nhanh" in default_strings and "Tìm kiếm" in default_strings

    problems: list[str] = []
    checked = 0
    for lang in site.languages:
        if lang == default:
            continue
        foreign = default_strings - own_strings(lang)
        for path in sorted((site.root / lang).rglob("*.html")):
            walker = Walker(lang)
            walker.feed(path.read_text(encoding="utf-8"))
            checked += 1
            for text, declared, where in walker.found:
                if text in foreign and declared != default:
                    problems.append(f"{path.relative_to(site.root)}: {where} {text!r} is declared {declared!r}")
    assert checked > 100
    assert problems == [], f"{len(problems)} pieces of text:\n" + "\n".join(sorted(set(problems))[:80])

"""The site's languages: one description, read once from ``mkdocs.yml``, asked by every stage.

``campaign-i18n`` → ``languages`` lists every language of the site with
static-i18n's flags: ``default: true`` marks the language the originals are
written in (served at the site root), ``build: false`` keeps a language
configured (its translation files are valid and checked) without publishing it
(no pages, no switcher link, no sitemap entry). Missing translations fall back
to the default language (static-i18n's ``fallback_to_default``): pages, texts
and interface labels alike.

Source files name their language the way static-i18n's ``suffix`` structure
does: ``page.md`` is in the default language, ``page.en.md`` its English
translation. :func:`split_language` is the one parser of such names.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

#: The element of a built page holding text shown in another language (a missing
#: translation's fallback); its ``lang`` names that language (pages/fallback.py writes it).
FALLBACK_CONTENT_CLASS = "campaign-fallback-content"
_FALLBACK_CONTENT = re.compile(r'<div class="' + FALLBACK_CONTENT_CLASS + r'" lang="([^"]+)">')


@dataclass(frozen=True)
class SiteLanguage:
    """One configured language."""

    code: str  # BCP 47 tag, e.g. "vi", "rad"
    name: str  # its own name, shown in the language switcher
    build: bool  # published (False: configured, translations kept and checked, nothing built)
    link: str = ""  # static-i18n's link to its home page, e.g. "/en/"
    fixed_link: str | None = None  # a link set by hand in mkdocs.yml


@dataclass(frozen=True)
class SiteLanguages:
    """Every language of the site, in ``mkdocs.yml`` order, and which one is the default.

    ``default`` is the site's own default even while one process builds a
    single language (``build_only_locale``).
    """

    languages: tuple[SiteLanguage, ...]
    default: str

    def __post_init__(self) -> None:
        if self.default not in self.codes:
            raise ValueError(f"default language '{self.default}' is not one of {', '.join(self.codes)}")

    @property
    def codes(self) -> tuple[str, ...]:
        """Every configured language (built or not)."""
        return tuple(lang.code for lang in self.languages)

    @property
    def built(self) -> tuple[str, ...]:
        """The published languages, default included."""
        return tuple(lang.code for lang in self.languages if lang.build)

    @property
    def published(self) -> tuple[SiteLanguage, ...]:
        """The published languages with their names and links."""
        built = set(self.built)
        return tuple(lang for lang in self.languages if lang.code in built)

    @property
    def fallback(self) -> str:
        """Language shown where a translation is missing: the default language."""
        return self.default

    @property
    def translations(self) -> tuple[str, ...]:
        """Configured languages other than the default: what translators work on."""
        return tuple(code for code in self.codes if code != self.default)

    def name(self, code: str) -> str:
        """The language's own name (the code when it has none)."""
        return next((lang.name for lang in self.languages if lang.code == code and lang.name), code)

    def split(self, file_name: str) -> tuple[str, str | None]:
        """:func:`split_language` with this site's languages."""
        return split_language(file_name, self.codes)


class UnknownLanguage(ValueError):
    """A file name ends in a language suffix that is not a language of the site."""

    def __init__(self, file_name: str, suffix: str, expected: Iterable[str]) -> None:
        self.file_name, self.suffix, self.expected = file_name, suffix, tuple(expected)
        super().__init__(f"{file_name}: unknown language '{suffix}' in the file name; "
                         f"expected one of {', '.join(self.expected)}")


def language_suffix(file_name: str) -> str | None:
    """The language suffix of ``file_name`` as written (``page.en.md`` → ``en``), unchecked; None without one."""
    stem = file_name.rsplit(".", 1)[0] if "." in file_name else file_name
    return stem.rpartition(".")[2] if "." in stem else None


def split_language(file_name: str, codes: Collection[str]) -> tuple[str, str | None]:
    """``page.en.md`` → ``("page", "en")``; ``page.md`` → ``("page", None)``.

    ``file_name`` is a bare name (no folder). The language is the part between
    the last two dots; any such part must be one of ``codes`` (the site's
    configured languages), else :class:`UnknownLanguage` is raised: a stray
    ``page.fr.md`` or ``page.khm.md`` is a mistake to report, never a page to
    publish or drop silently (so is ``bao-cao.2024.md``: a dot in a name reads
    as a language suffix; use hyphens).
    """
    stem = file_name.rsplit(".", 1)[0] if "." in file_name else file_name
    base, dot, suffix = stem.rpartition(".")
    if not dot:
        return stem, None
    if suffix not in codes:
        raise UnknownLanguage(file_name, suffix, codes)
    return base, suffix


def shown_language(page_html: str) -> str | None:
    """The language a built page falls back to, or None if it is in its own language.

    A fallback page is a copy of its original (the same page in that language):
    search engines, the sitemap and the ZIM index count the original only.
    """
    match = _FALLBACK_CONTENT.search(page_html)
    return match[1] if match else None

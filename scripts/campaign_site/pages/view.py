"""Per-language helpers handed to the collection templates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import ClassVar

from babel import localedata
from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup

from ..content.labels import Labels
from ..content.loader import SiteContent
from ..content.models import DayOrMonth, Localized


@dataclass(frozen=True)
class LanguageView:
    """Labels, translated text, dates and sizes for readers of one language."""

    lang: str
    default: str
    labels: Labels
    content: SiteContent
    #: whether the template is rendered without the language code (``code_withheld.WithheldView``):
    #: a key that tells fragments of the two renderings apart without reading the code
    code_withheld: ClassVar[bool] = False

    @property
    def babel_locale(self) -> str:
        """Locale for dates and numbers: our language if Babel knows it, else the default."""
        return self.lang if self.labels.is_own and localedata.exists(self.lang) else self.default

    def t(self, key: str, **values: object) -> str:
        """Label ``key`` in this language (default language when untranslated)."""
        text = str(self.labels.get(key, key))
        return text.format(**values) if values else text

    def t_html(self, key: str, **values: object) -> Markup:
        """Label ``key`` as HTML: the label and plain values escaped, :class:`Markup` values
        (such as :meth:`time`) kept."""
        return Markup(escape(str(self.labels.get(key, key)))).format(**values)

    def time(self, value: dt.date | dt.datetime | DayOrMonth) -> Markup:
        """``<time datetime="2022-11-15">15/11/2022</time>``: machine-readable and as people write it."""
        return Markup('<time datetime="{}">{}</time>').format(value.isoformat(), self.date(value))

    def label_lang(self, key: str) -> str:
        """Language of label ``key`` as shown (the default's when this language lacks it)."""
        return self.labels.language_of(key)

    def text(self, value: Localized | None, around: str | None = None) -> Markup:
        """Translated text, marked with its language when that differs from the
        language ``around`` it (default: the page's), e.g. when it had to fall back."""
        if not value:
            return Markup("")
        shown = value.language_of(self.lang, self.default)
        text = escape(value.text(self.lang, self.default))
        return Markup(text if shown == (around or self.lang) else f'<span lang="{shown}">{text}</span>')

    def plain(self, value: Localized | None) -> str:
        """Translated text without markup (for attributes and data)."""
        return value.text(self.lang, self.default) if value else ""

    def date(self, value: dt.date | dt.datetime | DayOrMonth) -> str:
        """A date the way readers of this language write it ("tháng 3/2022" when the day is unknown).

        Each (locale, label, date) is formatted once per process (:func:`_date_text`): collection
        pages show the same dates many times, and Babel takes tens of microseconds for each."""
        month_label = (str(self.labels.get("dates.month", "dates.month"))
                       if isinstance(value, DayOrMonth) and value.day is None else "")
        return _date_text(self.babel_locale, month_label, type(value), value.isoformat(), value)

    def area_name(self, key: str) -> Markup:
        """Name of an area key (or 'national')."""
        if key == "national":
            return Markup(escape(self.t("common.national")))
        return self.text(self.content.areas[key].name)

    def area_label(self, key: str) -> str:
        """Name of an area key as plain text (form options, attributes)."""
        return self.t("common.national") if key == "national" else self.plain(self.content.areas[key].name)

    def language_name(self, code: str) -> str:
        """Native name of a material language (as its speakers write it)."""
        return self.content.material_languages.get(code, code)

    def file_size(self, path: Path) -> str:
        """'PDF, 1,2 MB' — format and size of a downloadable file."""
        size = path.stat().st_size
        for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
            if size >= factor:
                number = format_decimal(round(size / factor, 1), locale=self.babel_locale)
                break
        else:
            unit, number = "B", str(size)
        return self.t("common.file_size", format=path.suffix.lstrip(".").upper(), size=f"{number} {unit}")


@lru_cache(maxsize=8192)
def _date_text(locale: str, month_label: str, kind: type, iso: str, value: dt.date | dt.datetime | DayOrMonth) -> str:
    """:meth:`LanguageView.date` of ``value`` in Babel's ``locale``; ``month_label`` is the
    language's ``dates.month`` label for a month without its day. ``kind`` and ``iso`` (its type
    and ISO text, time zone included) keep apart values that compare equal but read differently."""
    if isinstance(value, DayOrMonth):
        if value.day is None:
            return month_label.format(month=value.month, year=value.year,
                                      month_name=format_date(value.as_date(), format="LLLL", locale=locale))
        value = value.as_date()
    day = value.date() if isinstance(value, dt.datetime) else value
    text = format_date(day, format="long" if locale == "en" else "dd/MM/yyyy", locale=locale)
    if isinstance(value, dt.datetime):
        text += value.strftime(" %H:%M")
    return text

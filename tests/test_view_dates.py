"""Dates as readers write them (pages/view.py ``LanguageView.date``), formatted once per value:
the same text as formatting every time (the former code is the oracle), over days, months
without a day, times with and without a time zone (equal instants that read differently),
and languages with their own Babel locale, with one Babel lacks, and with labels of their own."""

from __future__ import annotations

import datetime as dt

import pytest
from babel import localedata
from babel.dates import format_date

from campaign_site.content.labels import load_labels
from campaign_site.content.models import DayOrMonth
from campaign_site.pages.view import LanguageView
from conftest import REPO

LANGUAGES = ["vi", "en", "rad"]
UTC, HANOI = dt.timezone.utc, dt.timezone(dt.timedelta(hours=7))
VALUES = [
    dt.date(2022, 11, 15), dt.date(2024, 2, 29), DayOrMonth(2022, 3), DayOrMonth(2022, 12),
    DayOrMonth(2022, 3, 9), dt.datetime(2022, 11, 25, 7, 30), dt.datetime(2022, 11, 25, 7, 30, tzinfo=UTC),
    dt.datetime(2022, 11, 25, 14, 30, tzinfo=HANOI),  # the same instant as the one before
    dt.datetime(2022, 11, 25),
]


def formatted_every_time(view: LanguageView, value: object) -> str:
    """The former LanguageView.date (the oracle)."""
    if isinstance(value, DayOrMonth):
        if value.day is None:
            return view.t("dates.month", month=value.month, year=value.year,
                          month_name=format_date(value.as_date(), format="LLLL", locale=view.babel_locale))
        value = value.as_date()
    day = value.date() if isinstance(value, dt.datetime) else value
    text = format_date(day, format="long" if view.babel_locale == "en" else "dd/MM/yyyy", locale=view.babel_locale)
    if isinstance(value, dt.datetime):
        text += value.strftime(" %H:%M")
    return text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dates_formatted_once_read_as_formatted_every_time(lang: str) -> None:
    labels = load_labels(REPO / "content/i18n", LANGUAGES, "vi")
    view = LanguageView(lang, "vi", labels[lang], None)  # type: ignore[arg-type]
    assert lang != "rad" or not localedata.exists("rad") or not labels["rad"].is_own
    for _ in range(2):  # the second round from the cache
        assert [view.date(value) for value in VALUES] == [formatted_every_time(view, value) for value in VALUES]
    assert view.date(VALUES[6]) != view.date(VALUES[7])  # equal values, different text: not confused


def test_a_language_with_its_own_month_label_gets_it() -> None:
    """The month label is part of what is kept: two languages with different labels, same locale."""
    labels = load_labels(REPO / "content/i18n", LANGUAGES, "vi")
    vi, en = (LanguageView(code, "vi", labels[code], None) for code in ("vi", "en"))  # type: ignore[arg-type]
    month = DayOrMonth(2022, 3)
    assert vi.date(month) == formatted_every_time(vi, month) and en.date(month) == formatted_every_time(en, month)
    assert vi.date(month) != en.date(month)

"""Calendars as calendar apps read them: two parsers nobody here wrote (vobject, ics-py).

Times must reach the same instant whatever the reader (local time with its
VTIMEZONE), all-day events stay dates, each language has its own calendars,
linked from its own pages, and no raw control character reaches a TEXT value.
"""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import ics
import pytest
import vobject
from icalendar import Calendar

from campaign_site.content.loader import SiteContent, load_content
from campaign_site.exports.calendar import NAMESPACE, campaign_calendar, clean_text, event_calendar
from conftest import REPO, BuiltSite

LANGS = ["vi", "en", "rad", "jra", "mng"]
STAMP = dt.datetime(2022, 11, 20, tzinfo=dt.timezone.utc)
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = dt.timezone.utc
EVENT = """\
title:
  vi: Hội thảo có giờ
  en: Timed workshop
start: {start}
{end}area: lak
organiser: Ủy ban nhân dân huyện (ví dụ)
description: "Dòng một\\nDòng hai; dấu phẩy, chấm phẩy"
campaign: 2022
status: example
"""
# start → the instant it means. Content gives local times (HH:MM, no zone: the
# models refuse offsets); times with an offset, which other producers of events
# may give, are converted.
TIMED = {
    "floating": ("2022-11-20 08:00", "end: 2022-11-20 10:30\n", dt.datetime(2022, 11, 20, 1, 0, tzinfo=UTC)),
    "dmy": ("21/11/2022 08:00", "", dt.datetime(2022, 11, 21, 1, 0, tzinfo=UTC)),
}
AWARE = {
    "offset": dt.datetime(2022, 11, 22, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))),
    "utc": dt.datetime(2022, 11, 23, 1, 0, tzinfo=UTC),
}


@pytest.fixture(scope="module")
def timed_content(tmp_path_factory: pytest.TempPathFactory) -> SiteContent:
    """The repository's content plus events with local times, and events with aware times."""
    root = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(REPO / "content", root)
    for name, (start, end, _) in TIMED.items():
        (root / "events" / f"gio-{name}.yaml").write_text(EVENT.format(start=start, end=end), encoding="utf-8")
    content = load_content(root, LANGS, "vi")
    assert not content.problems, content.problems
    floating = next(e for e in content.events if e.slug == "gio-floating")
    for name, start in AWARE.items():
        content.events.append(floating.model_copy(update={"slug": f"gio-{name}", "start": start, "end": None}))
        TIMED[name] = ("", "", start.astimezone(UTC))
    return content


def parse_all(data: bytes) -> tuple[Calendar, object, ics.Calendar]:
    """The same file read by icalendar, vobject and ics-py."""
    text = data.decode("utf-8")
    return Calendar.from_ical(data), vobject.readOne(text), ics.Calendar(text)


def by_uid(calendar: ics.Calendar) -> dict[str, ics.Event]:
    return {event.uid: event for event in calendar.events}


@pytest.mark.parametrize("lang", LANGS)
def test_timed_events_mean_the_same_instant_to_every_parser(timed_content: SiteContent, lang: str) -> None:
    events = timed_content.campaign_events(2022)
    data = campaign_calendar(timed_content, 2022, events, STAMP, lang)
    ours, vcal, icscal = parse_all(data)
    assert [tz["TZID"] for tz in ours.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    assert b"UTC+07:00" not in data
    ics_events = by_uid(icscal)
    vevents = {str(v.uid.value): v for v in vcal.vevent_list}
    for event in events:
        uid = f"{uuid.uuid5(NAMESPACE, event.slug)}@campaign-site"
        start_v = vevents[uid].dtstart.value
        start_i = ics_events[uid].begin
        if event.slug.startswith("gio-"):
            instant = TIMED[event.slug.removeprefix("gio-")][2]
            assert start_v.astimezone(UTC) == instant, "vobject"
            assert start_i.datetime.astimezone(UTC) == instant, "ics-py"
            assert start_v.tzinfo is not None and start_v.utcoffset() == dt.timedelta(hours=7)
            assert "TZID=Asia/Ho_Chi_Minh" in next(
                line for line in data.decode().splitlines() if line.startswith("DTSTART") and
                start_v.strftime("%Y%m%dT%H%M%S") in line)
        else:  # all-day
            assert type(start_v) is dt.date and start_v == event.start
            assert ics_events[uid].all_day
    floating = next(e for e in events if e.slug == "gio-floating")
    uid = f"{uuid.uuid5(NAMESPACE, floating.slug)}@campaign-site"
    assert vevents[uid].dtend.value - vevents[uid].dtstart.value == dt.timedelta(hours=2, minutes=30)
    assert floating.end is not None


def test_text_is_in_the_calendar_language_and_free_of_control_characters(timed_content: SiteContent) -> None:
    event = next(e for e in timed_content.events if e.slug == "gio-floating").model_copy(deep=True)
    # the content checks refuse control characters; the calendar drops any that get through
    event.title["vi"] = "Hội thảo\x07 có giờ"
    event.description["vi"] = "Dòng một\r\nDòng hai\x1b; dấu phẩy, chấm phẩy"
    for lang, summary, language in (("en", "Timed workshop", "en"), ("vi", "Hội thảo có giờ", "vi"),
                                    ("rad", "Hội thảo có giờ", "vi")):
        data = event_calendar(timed_content, event, STAMP, lang)
        ours, vcal, icscal = parse_all(data)
        vevent = ours.walk("VEVENT")[0]
        assert str(vevent["SUMMARY"]) == summary == next(iter(icscal.events)).name
        assert vevent["SUMMARY"].params["LANGUAGE"] == language
        assert vcal.vevent.summary.value == summary
        description = vcal.vevent.description.value
        assert description.startswith("[") and "Dòng một\nDòng hai; dấu phẩy, chấm phẩy" in description
        assert not any(ord(c) < 32 and c not in "\n\t" for c in description + vcal.vevent.summary.value)
    assert clean_text("a\r\nb\rc\x00d\x1b\x85e\tf") == "a\nb\ncd" + "e\tf"


def test_events_in_other_zones_are_converted(timed_content: SiteContent) -> None:
    data = campaign_calendar(timed_content, 2022, timed_content.campaign_events(2022), STAMP,
                             "vi", timezone="Europe/Paris")
    vcal = vobject.readOne(data.decode("utf-8"))
    starts = [v.dtstart.value for v in vcal.vevent_list if isinstance(v.dtstart.value, dt.datetime)]
    assert {s.tzinfo.tzname(s) for s in starts} <= {"CET"}  # noqa: the zone written, not UTC+07:00
    instants = {s.astimezone(UTC) for s in starts}
    assert dt.datetime(2022, 11, 22, 1, 0, tzinfo=UTC) in instants, "an offset keeps its instant"
    assert dt.datetime(2022, 11, 20, 7, 0, tzinfo=UTC) in instants, "a local time is the zone's (08:00 CET)"


def test_each_language_links_its_own_calendars(site: BuiltSite) -> None:
    for lang in site.languages:
        prefix = site.prefix(lang)
        page = site.page(f"{prefix}thang-hanh-dong.html")
        links = [a["href"] for a in page.select("a[href$='.ics']")]
        assert links, lang
        for href in links:
            target = (site.root / prefix / href).resolve()
            assert target.is_relative_to((site.root / prefix / "lich").resolve()), (lang, href)
            ours, vcal, icscal = parse_all(target.read_bytes())
            assert ours.walk("VEVENT") and list(icscal.events) and vcal.vevent_list
    english = Calendar.from_ical((site.root / "en" / "lich" / "thang-hanh-dong-2022.ics").read_bytes())
    vietnamese = Calendar.from_ical((site.root / "lich" / "thang-hanh-dong-2022.ics").read_bytes())
    assert str(english["X-WR-CALNAME"]).startswith("Action Month")
    assert {str(e["SUMMARY"]) for e in english.walk("VEVENT")} != {str(e["SUMMARY"]) for e in vietnamese.walk("VEVENT")}


def test_an_unknown_time_zone_is_a_clear_error(tmp_path: Path) -> None:
    from mkdocs.exceptions import PluginError

    from conftest import copy_project
    from campaign_site.publish.build import BuildFailed, build_site

    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      content_dir: content\n", "      content_dir: content\n      timezone: Asia/Saigonn\n"), encoding="utf-8")
    with pytest.raises((BuildFailed, PluginError), match="timezone: unknown time zone 'Asia/Saigonn'"):
        build_site(config, tmp_path / "site")
    assert not (tmp_path / "site").exists()

"""Typed, validated campaign content (pydantic v2).

The content reader (:mod:`.reader`) hands every value over as the text the
person typed; the types here turn text into typed values with our own messages:

- text (every ``str`` field and every language of a :data:`Text`): NFC, with
  no control, invisible or bidirectional-override character (the position is named);
- whole numbers: ASCII digits only; yes/no fields: ``true``/``false`` (also ``yes``/``no``);
- dates: ``15/11/2022`` or ``2022-11-15``; where a document's day is unknown,
  also ``3/2022`` or ``2022-03`` (:class:`DayOrMonth`, shown "tháng 3/2022");
- phone numbers: digits, spaces, dots, dashes, parentheses and a leading ``+`` only;
- sources: :class:`Citation` (title or publisher, address, date, date accessed).

Validation needs to know the site's languages, the province's areas and where
media lives; loaders pass them as pydantic *context* (see :class:`Context`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from pydantic_core import PydanticCustomError

from .file_safety import BLOCKED_TYPE, allowed_types, blocked_suffix
from .phones import InvalidPhone, display_phone, normalise_phone, tel_uri


@dataclass(frozen=True)
class Context:
    """What validation must know beyond the file itself."""

    site_languages: tuple[str, ...]
    default_language: str
    material_languages: frozenset[str] = frozenset()
    areas: frozenset[str] = frozenset()
    media_dir: Path = Path("content/media")
    slug: str = ""
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Input:
    """Marks how a value is typed in, for forms and templates: ``Annotated[…, Input("date")]``.

    ``kind`` is one of :data:`INPUT_KINDS`. An alias built on another keeps both
    marks; the last one (the most specific) counts.
    """

    kind: str


#: What a value may be typed as: one line of text, translatable text, a whole
#: number, yes/no, a date, a month or date, a date with an optional time, an
#: area key (``national`` allowed or not), a language code, a file in
#: content/media/, a web address, a phone number.
INPUT_KINDS = ("text", "translatable", "number", "yes_no", "date", "month_or_date", "date_or_time",
               "area", "local_area", "language", "media", "url", "phone")


def fail(msgid: str, **params: object) -> PydanticCustomError:
    """A validation error whose message the loader can translate (``msgid`` is English)."""
    return PydanticCustomError("campaign", msgid, {"msgid": msgid, **params})


def _ctx(info: ValidationInfo) -> Context:
    return info.context["campaign"]  # type: ignore[index]


# --- text ---------------------------------------------------------------------------

# Characters a reader cannot see or that reorder what they see: controls (line
# breaks and tabs apart), format characters (zero-width spaces and joiners,
# bidirectional embeddings, overrides and isolates, soft hyphen, BOM), line and
# paragraph separators, private-use, surrogate and unassigned code points.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"})
_ALLOWED_CONTROLS = frozenset("\n\t")
_ALLOWED_CONTROL = re.compile("[" + re.escape("".join(sorted(_ALLOWED_CONTROLS))) + "]")  # (split at them)


def hidden_character(text: str) -> tuple[int, str] | None:
    """(1-based position, ``U+XXXX NAME``) of the first hidden character of ``text``, if any."""
    if text.isprintable() or all(part.isprintable() for part in _ALLOWED_CONTROL.split(text)):
        # (no "Other" or "Separator" character but the space: none of the hidden categories;
        # checked in C, where the loop below reads most texts of a site character by character)
        return None
    for position, char in enumerate(text, start=1):
        if char not in _ALLOWED_CONTROLS and unicodedata.category(char) in _HIDDEN_CATEGORIES:
            name = unicodedata.name(char, "")
            return position, f"U+{ord(char):04X}{' ' + name if name else ''}"
    return None


def _check_plain(value: str) -> str:
    """Text as typed: NFC, trimmed, no hidden character (see :func:`hidden_character`)."""
    if not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFC", value).strip()
    if found := hidden_character(value):
        raise fail("found the invisible or direction-changing character {char} at character {position}; delete it (retype the text around it)",
                   char=found[1], position=found[0])
    return value


#: One line or paragraph of text, in one language.
Plain = Annotated[str, Input("text"), AfterValidator(_check_plain)]


class Localized(dict[str, str]):
    """Text in several languages: ``{vi: …, en: …}``; plain text means the default language."""

    def text(self, lang: str, default: str) -> str:
        """The text in ``lang``, else in the default language."""
        return self.get(lang) or self.get(default) or next(iter(self.values()), "")

    def language_of(self, lang: str, default: str) -> str:
        """Which language :meth:`text` will actually return for ``lang``."""
        return lang if self.get(lang) else default


def _to_localized(value: object, info: ValidationInfo) -> object:
    if isinstance(value, str):
        return {_ctx(info).default_language: value}
    return value


def _check_localized(value: dict[str, str], info: ValidationInfo) -> Localized:
    context = _ctx(info)
    # a language of the content (languages.yaml) not built on this site is kept, unused
    known = set(context.site_languages) | context.material_languages
    unknown = [code for code in value if code not in known]
    if unknown:
        raise fail("found language '{found}'; expected one of the site languages: {expected}",
                   found=unknown[0], expected=", ".join(context.site_languages))
    if not any(text.strip() for text in value.values()):
        raise fail("the text is empty; write the text or remove the field")
    return Localized({code: text for code, text in value.items()})


class Translatable:
    """Marks a type whose values translators translate (``Annotated[…, TRANSLATABLE]``).

    The content types (:mod:`.types`) read the mark to know which fields a
    translation file may hold, which ones ``translations`` fingerprints and
    which ones an editor shows in every language side by side.
    """

    def __repr__(self) -> str:
        return "TRANSLATABLE"


TRANSLATABLE = Translatable()

#: Translatable text: plain text (default language) or ``{vi: …, en: …}``.
Text = Annotated[dict[str, Plain], TRANSLATABLE, Input("translatable"), BeforeValidator(_to_localized), AfterValidator(_check_localized)]


# --- numbers and yes/no ----------------------------------------------------------------


def _to_whole(value: object) -> object:
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"[0-9]+", text):
            raise fail("found '{found}'; expected a whole number written with the digits 0-9, e.g. 2022", found=value)
        return int(text)
    return value


_TRUE, _FALSE = frozenset({"true", "yes"}), frozenset({"false", "no"})


def _to_yes_no(value: object) -> object:
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
        raise fail("found '{found}'; expected true or false", found=value)
    return value


Whole = Annotated[int, Input("number"), BeforeValidator(_to_whole)]
YesNo = Annotated[bool, Input("yes_no"), BeforeValidator(_to_yes_no)]


# --- dates --------------------------------------------------------------------

_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MY = re.compile(r"(\d{1,2})/(\d{4})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")


def _real_date(year: int, month: int, day: int, found: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise fail("found '{found}', which is not a real date (no such day in that month); check the day and the month",
                   found=found) from None


def parse_date(value: str) -> dt.date:
    """``15/11/2022`` or ``2022-11-15`` → a date; a :func:`fail` error naming the formats otherwise."""
    text = value.strip()
    if match := _DMY.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
        return _real_date(year, month, day, value)
    if match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
        return _real_date(year, month, day, value)
    raise fail("found '{found}'; write the date as DD/MM/YYYY or YYYY-MM-DD, e.g. 15/11/2026 or 2026-11-15", found=value)


def _to_date(value: object) -> object:
    return parse_date(value) if isinstance(value, str) else value


@functools.total_ordering
@dataclass(frozen=True)
class DayOrMonth:
    """A date whose day may be unknown: ``3/2022`` (March 2022) or ``15/3/2022``.

    ``isoformat()`` gives ``2022-03`` or ``2022-03-15`` (valid in ``<time datetime>``
    and schema.org); a month sorts before the days of that month.
    """

    year: int
    month: int
    day: int | None = None

    def isoformat(self) -> str:
        """``YYYY-MM`` or ``YYYY-MM-DD``."""
        month = f"{self.year:04d}-{self.month:02d}"
        return month if self.day is None else f"{month}-{self.day:02d}"

    def as_date(self) -> dt.date:
        """The date, or the first day of the month when the day is unknown."""
        return dt.date(self.year, self.month, self.day or 1)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, DayOrMonth):
            return NotImplemented
        return (self.year, self.month, self.day or 0) < (other.year, other.month, other.day or 0)

    def __str__(self) -> str:
        return self.isoformat()


def _to_day_or_month(value: object) -> object:
    if isinstance(value, dt.date):
        return DayOrMonth(value.year, value.month, value.day)
    if not isinstance(value, str):
        return value
    text = value.strip()
    match = _MY.fullmatch(text)
    if match is None and (iso := _ISO_MONTH.fullmatch(text)):
        match = iso
        year, month = (int(part) for part in iso.groups())
    elif match is not None:
        month, year = (int(part) for part in match.groups())
    if match is not None:
        if not 1 <= month <= 12:
            raise fail("found '{found}', which is not a real month; write the month as 1 to 12, e.g. 3/2022", found=value)
        return DayOrMonth(year, month)
    if _DMY.fullmatch(text) or _ISO.fullmatch(text):
        day = parse_date(text)
        return DayOrMonth(day.year, day.month, day.day)
    raise fail("found '{found}'; write the date as DD/MM/YYYY or YYYY-MM-DD, e.g. 15/11/2026, or only the month when the day is unknown: 3/2022 or 2022-03",
               found=value)


def _to_datetime(value: object) -> object:
    if not isinstance(value, str):
        return value
    text = value.strip()
    if "T" not in text and " " not in text:
        return parse_date(text)
    day, _, time = text.replace("T", " ").partition(" ")
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", time.strip())
    if match is None:
        raise fail("found '{found}'; expected a date and time such as 15/11/2026 08:00 or 2026-11-15 08:00", found=value)
    hour, minute = (int(part) for part in match.groups())
    if hour > 23 or minute > 59:
        raise fail("found '{found}', which is not a real time of day; write hours 0-23 and minutes 0-59, e.g. 08:00",
                   found=value)
    return dt.datetime.combine(parse_date(day), dt.time(hour, minute))


Date = Annotated[dt.date, Input("date"), BeforeValidator(_to_date)]
MonthOrDate = Annotated[DayOrMonth, Input("month_or_date"), BeforeValidator(_to_day_or_month)]
DateOrTime = Annotated[dt.datetime | dt.date, Input("date_or_time"), BeforeValidator(_to_datetime)]


# --- references to other data ---------------------------------------------------


def _check_area(value: str, info: ValidationInfo) -> str:
    context = _ctx(info)
    if value != "national" and value not in context.areas:
        raise fail("unknown area '{found}'; expected 'national' or a key of content/areas.yaml ({expected})",
                   found=value, expected=", ".join(sorted(context.areas)))
    return value


def _check_local_area(value: str, info: ValidationInfo) -> str:
    if value == "national":
        raise fail("found 'national'; expected a key of content/areas.yaml such as ea-kar")
    return _check_area(value, info)


def _check_material_language(value: str, info: ValidationInfo) -> str:
    known = _ctx(info).material_languages | set(_ctx(info).site_languages)
    if value not in known:
        raise fail("unknown language code '{found}'; expected one of {expected} (add new codes to content/languages.yaml)",
                   found=value, expected=", ".join(sorted(known)))
    return value


def _check_media(value: str, info: ValidationInfo) -> str:
    media = _ctx(info).media_dir
    path = (media / value).resolve()
    if not path.is_relative_to(media.resolve()):
        raise fail("'{found}' points outside content/media/; put the file in content/media/", found=value)
    if not path.is_file():
        raise fail("file 'content/media/{found}' does not exist; copy the file there or correct the name", found=value)
    if (suffix := blocked_suffix(value)) is not None:  # SVG, HTML…: could run script
        raise fail(BLOCKED_TYPE, found=suffix, expected=allowed_types())
    return value


# What a web address may contain (RFC 3986 characters, plus letters beyond
# ASCII as browsers show them): never white space, quotes or angle brackets.
_URL_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f\"<>\\^`{|}]")
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def _check_url(value: str) -> str:
    """An absolute http(s) address whose host is a domain name (parsed, not pattern-matched)."""
    try:
        parts = urlsplit(value)
        host = (parts.hostname or "").encode("idna").decode("ascii")
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except (ValueError, UnicodeError):
        host = ""
    labels = host.split(".")
    if (parts.scheme not in ("http", "https") or _URL_FORBIDDEN.search(value) or "@" in parts.netloc
            or len(labels) < 2 or not all(_HOST_LABEL.match(label) for label in labels)):
        raise fail("found '{found}', which is not a web address; expected an address starting with https://", found=value)
    return value


AreaKey = Annotated[Plain, Input("area"), AfterValidator(_check_area)]
LocalAreaKey = Annotated[Plain, Input("local_area"), AfterValidator(_check_local_area)]
MaterialLanguage = Annotated[Plain, Input("language"), AfterValidator(_check_material_language)]
MediaFile = Annotated[Plain, Input("media"), AfterValidator(_check_media)]
Url = Annotated[Plain, Input("url"), AfterValidator(_check_url)]
Status = Literal["verified", "example"]


class Fields(BaseModel):
    """A mapping of fields as a person writes them; ``key:`` with nothing after it counts as absent."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _empty_is_absent(cls, data: object) -> object:
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value is not None}
        return data


# --- sources --------------------------------------------------------------------------


class Citation(Fields):
    """Where a fact is published, so that a reader can open it and find the fact.

    ``title`` or ``publisher`` (at least one), ``url`` (the address; needs
    ``accessed``, the day it was opened), ``date`` (of the source; a month such as
    ``3/2022`` when its day is unknown). A document that is not online (a letter
    kept by the department) has no ``url``.
    """

    title: Plain | None = None
    publisher: Plain | None = None
    url: Url | None = None
    date: MonthOrDate | None = None
    accessed: Date | None = None

    @model_validator(mode="after")
    def _complete(self) -> "Citation":
        if not self.title and not self.publisher:
            raise fail("a source needs a 'title' or a 'publisher' (who published it)")
        if self.url and self.accessed is None:
            raise fail("a source with a 'url' needs 'accessed': the day you opened the address, e.g. 30/11/2026")
        return self


def _one_or_many(value: object) -> object:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, str):
        raise fail("found text; a source is written as fields: title or publisher, url, date, accessed (see 'campaign-site new')")
    return value


#: One citation or a list of them (always a list once validated).
Sources = Annotated[list[Citation], BeforeValidator(_one_or_many)]


class Entry(Fields):
    """Fields shared by every collection entry."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    slug: str = ""
    source_path: str = Field(default="", exclude=True)
    source_lines: dict[str, int] = Field(default_factory=dict, exclude=True)

    def line_of(self, key: str) -> int:
        """Line of ``key`` (``status``, ``phones[1].number``) in the entry's file (1 when absent)."""
        return self.source_lines.get(key, 1)

    @model_validator(mode="before")
    @classmethod
    def _slug_from_file(cls, data: object, info: ValidationInfo) -> object:
        if isinstance(data, dict) and not data.get("slug"):
            data = {**data, "slug": _ctx(info).slug}
        return data


# --- collections ---------------------------------------------------------------

ResourceKind = Literal[
    "poster", "leaflet", "video", "audio", "guide", "slides", "infographic", "law", "report", "other"
]
Audience = Literal[
    "public", "youth", "parents", "men_and_boys", "officials", "communicators",
    "people_with_disabilities", "ethnic_minorities",
]


class Resource(Entry):
    """An awareness resource: poster, leaflet, video, law text, report…

    ``published`` may be a month (``3/2022``) when the document gives no day.
    ``status: example`` marks a placeholder (badge on the page; no release).
    """

    title: Text
    kind: ResourceKind
    summary: Text
    languages: list[MaterialLanguage] = Field(min_length=1)
    audience: list[Audience] = Field(min_length=1)
    published: MonthOrDate
    file: MediaFile | None = None
    url: Url | None = None
    license: Plain | None = None
    source: Sources = []
    verified_on: Date | None = None
    status: Status = "verified"
    easy_read: YesNo = False
    tags: list[Plain] = []
    number: Plain | None = None  # official document number, for laws and reports
    body: dict[str, str] = Field(default_factory=Localized, exclude=True)

    @model_validator(mode="after")
    def _file_or_url(self) -> "Resource":
        if not self.file and not self.url:
            raise fail("a resource needs a 'file' (put it in content/media/) or a 'url'")
        return self


class Practice(Entry):
    """A local model practice (mô hình, điển hình tốt)."""

    title: Text
    area: LocalAreaKey
    commune: Text | None = None
    year: Annotated[Whole, Field(ge=1990, le=2100)]
    organisation: Text
    topics: list[Plain] = Field(min_length=1)
    summary: Text
    results: list[Text] = []
    contact: Text | None = None
    source: Sources = []
    verified_on: Date | None = None
    status: Status
    body: dict[str, str] = Field(default_factory=Localized, exclude=True)


ServiceKind = Literal[
    "hotline", "shelter", "one_stop_centre", "trusted_address", "social_work", "health",
    "police", "legal_aid", "counselling", "other",
]
Accessibility = Literal[
    "step_free_access", "sign_language", "easy_read", "minority_language_staff",
    "home_visits", "accessible_toilet", "phone_only",
]

# What a phone number may be typed with: digits, spaces, dots, dashes,
# parentheses, and a leading + (a letter O for a zero is refused, not "fixed").
_PHONE_CHARS = re.compile(r"[0-9 .()\-]")


def _check_phone_characters(value: object) -> object:
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFC", value).strip()
    for position, char in enumerate(text, start=1):
        if _PHONE_CHARS.fullmatch(char) or (char == "+" and position == 1):
            continue
        shown = repr(char)[1:-1] if unicodedata.category(char)[0] in "CZ" or char.isspace() else char
        raise fail("found '{char}' at character {position} of '{found}'; a phone number is written with digits 0-9, spaces, dots, dashes, parentheses and a leading +",
                   char=shown, position=position, found=text.encode("unicode_escape").decode("ascii") if hidden_character(text) else text)
    return text


class Phone(Fields):
    """A number to call, validated for Vietnam; ``number`` holds the dialling form."""

    number: Annotated[str, Input("phone")]
    label: Text | None = None
    hours: Text | None = None
    free: YesNo = False
    # where "free" is published: required for a 1900 number (the sources of the
    # shipped 1900 line state no cost; a cost claim needs a source of its own)
    free_source: Citation | None = None

    @model_validator(mode="after")
    def _sourced_cost(self) -> "Phone":
        if self.free and self.number.startswith("1900") and self.free_source is None:
            raise fail("'free: true' on a 1900 number needs 'free_source': the published source saying calls "
                       "to it are free (title or publisher, url, accessed); without one, delete 'free'")
        return self

    @field_validator("number", mode="before")
    @classmethod
    def _normalise(cls, value: object) -> str:
        value = _check_phone_characters(value)
        if not isinstance(value, str):
            raise fail("found '{found}'; expected a phone number in quotes, e.g. \"0262 3852 123\"", found=str(value))
        try:
            return normalise_phone(value)
        except InvalidPhone:
            raise fail("found '{found}', which is not a valid Vietnamese phone number; expected a 10-digit number starting with 0 (area code and number), a 1800/1900 number or a short code 111, 113, 114, 115",
                       found=value) from None

    @property
    def display(self) -> str:
        """The number grouped the Vietnamese way."""
        return display_phone(self.number)

    @property
    def tel(self) -> str:
        """The ``tel:`` link target."""
        return tel_uri(self.number)


class Service(Entry):
    """A support service: hotline, shelter, one-stop centre, trusted address…"""

    name: Text
    short_name: Text | None = None  # shown in the hotline strip on every page
    kind: ServiceKind
    organisation: Text
    description: Text
    area: AreaKey
    address: Text | None = None
    postal_code: Plain | None = None  # from the source, never guessed (needed for HSDS locations)
    phones: list[Phone] = []
    hours: Text | None = None
    languages: list[MaterialLanguage] = Field(default_factory=lambda: ["vi"])
    accessibility: list[Accessibility] = []
    cost: Text | None = None
    verified_on: Date | None = None
    source: Sources = []
    status: Status
    website: Url | None = None
    email: Plain | None = None


class Event(Entry):
    """An event of the Action Month (or any campaign)."""

    title: Text
    start: DateOrTime
    end: DateOrTime | None = None
    area: AreaKey
    venue: Text | None = None
    organiser: Text
    description: Text
    campaign: Whole
    source: Sources = []
    verified_on: Date | None = None
    status: Status = "example"

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: dt.date | dt.datetime | None, info: ValidationInfo) -> object:
        start = info.data.get("start")
        if end is not None and start is not None and _as_datetime(end) < _as_datetime(start):
            raise fail("found end {found}, which is before the start {start}; expected a date on or after the start",
                       found=str(end), start=str(start))
        return end


class Campaign(Entry):
    """One year's Action Month."""

    year: Annotated[Whole, Field(ge=2000, le=2100)]
    theme: Text
    start: Date
    end: Date
    key_messages: list[Text] = []
    kit: list[Plain] = []  # slugs of resources in the printable campaign kit
    source: Sources = []

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("start")
        if start is not None and end < start:
            raise fail("found end {found}, which is before the start {start}; expected a date on or after the start",
                       found=str(end), start=str(start))
        return end


AreaKind = Literal["province", "city", "town", "district", "commune", "ward"]


class Area(Fields):
    """An administrative unit: a district-level unit of 2022 (the seed's map), or on the
    map since 1 July 2025 the province and its communes and wards (no district level).

    ``parent``: key of the unit it belongs to (a commune's province). ``valid_until``:
    the last day the unit existed; a former unit keeps its key, so older entries (the
    2022 campaign) still read correctly, and the directory lists it only in its index
    of former districts. ``formerly``: keys of former units whose territory this one
    took, shown on its page (so search finds it by the old name). ``source``: where the
    unit, its dates and its former names are published.
    """

    key: Plain
    name: Text
    kind: AreaKind
    parent: Plain | None = None
    valid_until: Date | None = None
    formerly: list[Plain] = []
    source: Sources = []


def _as_datetime(value: dt.date | dt.datetime) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())

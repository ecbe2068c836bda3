"""Typed, validated campaign content (pydantic v2).

Validation needs to know the site's languages, the province's areas and where
media lives; loaders pass them as pydantic *context* (see :class:`Context`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

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


def fail(msgid: str, **params: object) -> PydanticCustomError:
    """A validation error whose message the loader can translate (``msgid`` is English)."""
    return PydanticCustomError("campaign", msgid, {"msgid": msgid, **params})


def _ctx(info: ValidationInfo) -> Context:
    return info.context["campaign"]  # type: ignore[index]


# --- translatable text --------------------------------------------------------


class Localized(dict[str, str]):
    """Text in several languages: ``{vi: …, en: …}``; plain text means the default language."""

    def text(self, lang: str, default: str) -> str:
        """The text in ``lang``, else in the default language."""
        return self.get(lang) or self.get(default) or next(iter(self.values()), "")

    def language_of(self, lang: str, default: str) -> str:
        """Which language :meth:`text` will actually return for ``lang``."""
        return lang if self.get(lang) else default


def _to_localized(value: object, info: ValidationInfo) -> object:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return {_ctx(info).default_language: str(value)}
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
    return Localized({code: text.strip() for code, text in value.items()})


Text = Annotated[dict[str, str], BeforeValidator(_to_localized), AfterValidator(_check_localized)]


# --- dates --------------------------------------------------------------------

_DMY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def _to_date(value: object) -> object:
    """Accept ISO ``2022-11-15`` and Vietnamese ``15/11/2022``."""
    if isinstance(value, str) and (match := _DMY.match(value)):
        day, month, year = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError as error:
            raise fail("found '{found}', which is not a real date; expected a date such as 15/11/2026",
                       found=value) from None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise fail("found '{found}', which is not a real date; expected YYYY-MM-DD or DD/MM/YYYY, e.g. 2026-11-15",
                       found=value) from None
    return value


def _to_datetime(value: object) -> object:
    if isinstance(value, str) and "T" not in value and " " not in value.strip():
        return _to_date(value)
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise fail("found '{found}', which is not a real date and time; expected YYYY-MM-DD HH:MM, e.g. 2026-11-15 08:00",
                       found=value) from None
    return value


Date = Annotated[dt.date, BeforeValidator(_to_date)]
DateOrTime = Annotated[dt.datetime | dt.date, BeforeValidator(_to_datetime)]


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
    return value


def _check_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/]+\.[^\s]+$", value):
        raise fail("found '{found}', which is not a web address; expected an address starting with https://", found=value)
    return value


AreaKey = Annotated[str, AfterValidator(_check_area)]
LocalAreaKey = Annotated[str, AfterValidator(_check_local_area)]
MaterialLanguage = Annotated[str, AfterValidator(_check_material_language)]
MediaFile = Annotated[str, AfterValidator(_check_media)]
Url = Annotated[str, AfterValidator(_check_url)]
Status = Literal["verified", "example"]


class Entry(BaseModel):
    """Fields shared by every collection entry."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    slug: str = ""
    source_path: str = Field(default="", exclude=True)
    source_lines: dict[str, int] = Field(default_factory=dict, exclude=True)

    def line_of(self, key: str) -> int:
        """Line of top-level ``key`` in the entry's file (1 when absent)."""
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
    """An awareness resource: poster, leaflet, video, law text, report…"""

    title: Text
    kind: ResourceKind
    summary: Text
    languages: list[MaterialLanguage] = Field(min_length=1)
    audience: list[Audience] = Field(min_length=1)
    published: Date
    file: MediaFile | None = None
    url: Url | None = None
    license: str | None = None
    source: Text | None = None
    easy_read: bool = False
    tags: list[str] = []
    number: str | None = None  # official document number, for laws and reports
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
    year: int = Field(ge=1990, le=2100)
    organisation: Text
    topics: list[str] = Field(min_length=1)
    summary: Text
    results: list[Text] = []
    contact: Text | None = None
    sources: list[Text] = []
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


class Phone(BaseModel):
    """A number to call, validated for Vietnam."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    number: str
    label: Text | None = None
    hours: Text | None = None
    free: bool = False

    @field_validator("number", mode="before")
    @classmethod
    def _normalise(cls, value: object) -> str:
        try:
            return normalise_phone(str(value))
        except InvalidPhone as error:
            raise fail("found '{found}', which is not a valid Vietnamese phone number; expected a 10-digit number starting with 0 (area code and number), a 1800/1900 number or a short code 111, 113, 114, 115",
                       found=str(value)) from None

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
    postal_code: str | None = None  # from the source, never guessed (needed for HSDS locations)
    phones: list[Phone] = []
    hours: Text | None = None
    languages: list[MaterialLanguage] = Field(default_factory=lambda: ["vi"])
    accessibility: list[Accessibility] = []
    cost: Text | None = None
    verified_on: Date | None = None
    source: Text | None = None
    status: Status
    website: Url | None = None
    email: str | None = None


class Event(Entry):
    """An event of the Action Month (or any campaign)."""

    title: Text
    start: DateOrTime
    end: DateOrTime | None = None
    area: AreaKey
    venue: Text | None = None
    organiser: Text
    description: Text
    campaign: int
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

    year: int = Field(ge=2000, le=2100)
    theme: Text
    start: Date
    end: Date
    key_messages: list[Text] = []
    kit: list[str] = []  # slugs of resources in the printable campaign kit
    source: Text | None = None

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("start")
        if start is not None and end < start:
            raise fail("found end {found}, which is before the start {start}; expected a date on or after the start",
                       found=str(end), start=str(start))
        return end


class Area(BaseModel):
    """A district-level unit of the province."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    name: Text
    kind: Literal["city", "town", "district"]


def _as_datetime(value: dt.date | dt.datetime) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())

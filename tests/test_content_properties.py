"""Property: whatever a person types, unquoted, into any field of any collection, either the
model holds exactly that (after the documented normalisation) or `check` names file:line:field.

Each field of each collection model (and of the phones and sources inside them) is found by
its type; random text of the kind people type for that type, plus the words YAML 1.1 would
have turned into numbers, booleans, dates or nulls, is written unquoted as the last field of
a valid entry. An independent oracle per type says what the model must then hold.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from pydantic import BaseModel

from campaign_site.content.loader import ContentLoader, validate
from campaign_site.content.models import Campaign, Citation, DayOrMonth, Event, Phone, Practice, Resource, Service
from campaign_site.content.reader import ReadError, parse_markdown, parse_yaml
from conftest import REPO

LANGUAGES = ["vi", "en", "rad", "jra", "mng"]

# A valid entry of each collection: the field under test replaces (or adds) one line.
BASES: dict[type[BaseModel], tuple[str, dict[str, str]]] = {
    Resource: ("md", {"title": "Tờ rơi", "kind": "leaflet", "summary": "Tóm tắt", "languages": "[vi]",
                      "audience": "[public]", "published": "15/11/2022", "url": "https://example.org/a.pdf"}),
    Practice: ("md", {"title": "Mô hình", "area": "ea-kar", "year": "2022", "organisation": "Hội",
                      "topics": "[schools]", "summary": "Tóm tắt", "status": "example"}),
    Service: ("yaml", {"name": "Dịch vụ", "kind": "hotline", "organisation": "Đơn vị", "description": "Mô tả",
                       "area": "national", "status": "example"}),
    Event: ("yaml", {"title": "Sự kiện", "start": "15/11/2022", "area": "lak", "organiser": "UBND",
                     "description": "Mô tả", "campaign": "2022"}),
    Campaign: ("yaml", {"year": "2022", "theme": "Chủ đề", "start": "15/11/2022", "end": "15/12/2022"}),
}
# Nested models: where they sit and a valid mapping around the field under test.
NESTED: dict[type[BaseModel], tuple[type[BaseModel], str, dict[str, str]]] = {
    Phone: (Service, "phones", {"number": '"111"'}),
    Citation: (Service, "source", {"publisher": "Báo", "url": "https://example.org/a", "accessed": "30/11/2026"}),
}
INTERNAL = {"slug", "body", "source_path", "source_lines"}

# Words YAML 1.1 resolves to other types, and what people type for each kind of value.
YAML_WORDS = ["no", "yes", "on", "off", "No", "TRUE", "y", "~", "null", "1e3", ".inf", "0x1F", "0o17",
              "1_000", "7:30", "2022-03", "2022-11-15", "0345123456", "01234567", "+12", "-0", "12.50"]
VIETNAMESE = "ăâđêôơưĂÂĐÊÔƠƯáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
HIDDEN = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00ad\ufeff\u2060\u0007"
# Characters with no YAML meaning inside a plain scalar (": ", " #", quotes and brackets excluded).
ALPHABET = st.sampled_from(list("abcxyzOoIlABC0123456789 .,/()+-:'" + VIETNAMESE + HIDDEN))
WORDS = st.text(ALPHABET, min_size=1, max_size=24)


def typed_text(extra: list[str] = ()) -> st.SearchStrategy[str]:
    return st.one_of(WORDS, st.sampled_from(YAML_WORDS + list(extra)))


def dates() -> st.SearchStrategy[str]:
    numbers = st.integers(0, 40).map(str)
    return st.one_of(
        typed_text(),
        st.builds(lambda d, m, y, sep: f"{d}{sep}{m}{sep}{y}", numbers, st.integers(0, 14).map(str),
                  st.integers(1990, 2031).map(str), st.sampled_from(["/", "-", "."])),
        st.builds(lambda y, m, d: f"{y}-{m:02d}-{d:02d}", st.integers(1990, 2031), st.integers(0, 13), st.integers(0, 32)),
        st.builds(lambda m, y: f"{m}/{y}", st.integers(0, 14), st.integers(1990, 2031)),
        st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(1990, 2031), st.integers(0, 13)),
    )


def phones() -> st.SearchStrategy[str]:
    digits = st.text(st.sampled_from(list("0123456789 .-()O") + list(HIDDEN[:4])), min_size=3, max_size=16)
    return st.one_of(digits, st.sampled_from(["111", "113", "1900 969 680", "0262 3852 123", "0262 3852 I23",
                                              "+84 262 3852 123", "0345123456", "01234567", "(0262) 385.2123"]),
                     typed_text())


# --- what the model must hold, by type ----------------------------------------------------------


def kind_of(annotation: Any, metadata: list[Any] = ()) -> str:
    described = repr(annotation) + repr(list(metadata))
    for marker, kind in (("_check_localized", "text"), ("_to_whole", "whole"), ("_to_yes_no", "yesno"),
                         ("_to_day_or_month", "month"), ("_to_datetime", "datetime"), ("_to_date", "date"),
                         ("_check_url", "url"), ("_check_media", "media"), ("_check_local_area", "area"),
                         ("_check_area", "area"), ("_check_material_language", "language"),
                         ("Literal", "enum"), ("_check_plain", "plain")):
        if marker in described:
            return kind
    raise AssertionError(f"no oracle for {described}")


def is_list(annotation: Any) -> bool:
    return get_origin(annotation) is list or any(get_origin(a) is list for a in get_args(annotation))


def nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((m for a in get_args(annotation) if (m := nested_model(a)) is not None), None)


def strategy(kind: str) -> st.SearchStrategy[str]:
    return {
        "whole": st.one_of(st.integers(0, 3000).map(str), typed_text(["٢٠٢٢", "2022.0", "2_022", " 2022"])),
        "yesno": typed_text(["true", "false", "True", "FALSE", "yes", "No"]),
        "month": dates(), "date": dates(),
        "datetime": st.one_of(dates(), st.builds(lambda d, h, m: f"{d} {h}:{m:02d}", dates(), st.integers(0, 30),
                                                 st.integers(0, 70))),
        "url": st.one_of(typed_text(), st.sampled_from(["https://example.org/a", "http://x.vn/b?c=d"])),
        "area": st.one_of(typed_text(), st.sampled_from(["national", "ea-kar", "lak", "ha-noi"])),
        "language": st.one_of(typed_text(), st.sampled_from(["vi", "rad", "xx"])),
        "enum": st.one_of(typed_text(), st.sampled_from(["verified", "example", "hotline", "poster", "public",
                                                         "sign_language", "city"])),
    }.get(kind, typed_text())


_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def oracle_date(text: str) -> dt.date | None:
    for pattern, order in ((_DMY, (2, 0, 1)), (_ISO, (0, 1, 2))):
        if match := pattern.fullmatch(text):
            parts = [int(p) for p in match.groups()]
            try:
                return dt.date(parts[order[0]], parts[order[1]], parts[order[2]])
            except ValueError:
                return None
    return None


def holds(kind: str, value: Any, typed: str, default: str = "vi") -> bool:
    """Whether the model's ``value`` is exactly what ``typed`` means for a field of ``kind``."""
    text = unicodedata.normalize("NFC", typed).strip()
    if kind == "text":
        return dict(value) == {default: text}
    if kind in ("plain", "url", "area", "language", "enum", "media"):
        return value == text
    if kind == "whole":
        return re.fullmatch(r"[0-9]+", text) is not None and value == int(text)
    if kind == "yesno":
        return value is {"true": True, "yes": True, "false": False, "no": False}.get(text.lower(), not value)
    if kind == "date":
        return value == oracle_date(text)
    if kind == "month":
        if match := re.fullmatch(r"(\d{1,2})/(\d{4})|(\d{4})-(\d{2})", text):
            month, year = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
            return value == DayOrMonth(int(year), int(month))
        day = oracle_date(text)
        return day is not None and value == DayOrMonth(day.year, day.month, day.day)
    if kind == "datetime":
        if isinstance(value, dt.datetime):
            day, _, time = text.partition(" ")
            hour, minute = (int(p) for p in time.split(":"))
            return value == dt.datetime.combine(oracle_date(day), dt.time(hour, minute))
        return value == oracle_date(text)
    raise AssertionError(kind)


def phone_holds(phone: Phone, typed: str) -> bool:
    """A phone number is held when it dials the digits typed (nothing dropped, nothing added)."""
    text = unicodedata.normalize("NFC", typed).strip()
    if not re.fullmatch(r"\+?[0-9 .()\-]+", text):
        return False
    typed_digits = re.sub(r"\D", "", text)
    shown_digits = re.sub(r"\D", "", phone.display)
    return shown_digits == typed_digits or ("+" + typed_digits == phone.number) or \
        (typed_digits.startswith("84") and "0" + typed_digits[2:] == shown_digits)


# --- harness ------------------------------------------------------------------------------------


@cache
def loader() -> ContentLoader:
    content_loader = ContentLoader(REPO / "content", LANGUAGES, "vi")
    content_loader.load_reference_data()
    return content_loader


def document(model: type[BaseModel], field: str, line: str) -> tuple[str, str, int]:
    """(text, extension, line of the field) of a valid entry whose last field is ``line``."""
    if model in NESTED:
        parent, key, around = NESTED[model]
        extension, base = BASES[parent]
        fields = "".join(f"{k}: {v}\n" for k, v in base.items())
        inner = "".join(f"    {k}: {v}\n" for k, v in around.items() if k != field)
        fields += f"{key}:\n  - {inner.lstrip()}    {line}\n"
    else:
        extension, base = BASES[model]
        fields = "".join(f"{k}: {v}\n" for k, v in base.items() if k != field) + line + "\n"
    last = fields.count("\n")
    if extension == "md":
        return f"---\n{fields}---\nThân bài.\n", extension, last + 1
    return fields, extension, last


def check(model: type[BaseModel], field: str, kind: str, many: bool, typed: str) -> None:
    written = f"[{typed}]" if many else typed
    text, extension, line = document(model, field, f"{field}: {written}")
    parent = NESTED[model][0] if model in NESTED else model
    path = Path(f"content/x/thu.{extension}")
    try:
        source = (parse_markdown if extension == "md" else parse_yaml)(text, path)
    except ReadError as error:
        assert error.problem.line in (line, line + 1), (typed, str(error.problem))
        return
    entry, problems = validate(parent, source, loader()._context("thu"))
    if entry is None:
        named = [p for p in problems if p.line == line and field in p.field]
        assert named, (typed, [str(p) for p in problems])
        assert all(p.path == str(path) for p in problems)
        return
    holder: Any = entry
    if model in NESTED:
        holder = getattr(entry, NESTED[model][1])[0]
    value = getattr(holder, field)
    if model is Phone and field == "number":
        assert phone_holds(holder, typed), (typed, holder.number, holder.display)
        return
    if many:
        assert value is not None and len(value) == 1 and holds(kind, value[0], typed), (typed, value)
    elif not unicodedata.normalize("NFC", typed).strip():
        assert value in (None, [], False) or value == model.model_fields[field].default, (typed, value)
    else:
        assert holds(kind, value, typed), (typed, value)


def fields() -> list[tuple[type[BaseModel], str]]:
    found = []
    for model in [*BASES, *NESTED]:
        for name, info in model.model_fields.items():
            if name in INTERNAL or nested_model(info.annotation) is not None:
                continue
            found.append((model, name))
    return found


@pytest.mark.parametrize(("model", "field"), fields(), ids=lambda x: getattr(x, "__name__", x))
def test_every_field_holds_what_was_typed_or_names_its_line(model: type[BaseModel], field: str) -> None:
    info = model.model_fields[field]
    kind = "phone" if (model, field) == (Phone, "number") else kind_of(info.annotation, info.metadata)
    many = is_list(info.annotation)
    typed = phones() if (model, field) == (Phone, "number") else strategy(kind)

    @settings(max_examples=40, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(typed)
    def run(value: str) -> None:
        check(model, field, kind, many, value)

    run()


def test_every_collection_and_nested_model_is_covered() -> None:
    """A new collection or field type fails here until the property covers it."""
    from campaign_site.content import models

    collections = {cls for cls in vars(models).values()
                   if isinstance(cls, type) and issubclass(cls, models.Entry) and cls is not models.Entry}
    assert collections == set(BASES)
    for model in [*BASES, *NESTED]:
        for name, info in model.model_fields.items():
            nested = nested_model(info.annotation)
            if name not in INTERNAL and nested is not None:
                assert nested in NESTED, f"{model.__name__}.{name}: add {nested.__name__} to NESTED"
            elif name not in INTERNAL and (model, name) != (Phone, "number"):
                kind_of(info.annotation, info.metadata)


@pytest.mark.parametrize(("typed", "shown"), [
    ("0262 3852 I23", None), ("0262 3852 O23", None), ("1900 969 68O", None), ("0262\u200b3852123", None),
    ("0345123456", "0345 123 456"), ("1900 969 680", "1900 969 680"), ("111", "111"),
])
def test_phone_letters_and_invisible_characters_are_refused(typed: str, shown: str | None) -> None:
    text, _, line = document(Phone, "number", f"number: {typed}")
    source = parse_yaml(text, Path("content/services/thu.yaml"))
    entry, problems = validate(Service, source, loader()._context("thu"))
    if shown is None:
        assert entry is None and any(p.line == line and p.field == "phones[0].number" and "character" in p.message
                                     for p in problems), [str(p) for p in problems]
    else:
        assert entry is not None and entry.phones[0].display == shown


def test_hidden_character_position_is_named() -> None:
    text, _, line = document(Service, "description", "description: Gọi\u202engay")
    entry, problems = validate(Service, parse_yaml(text, Path("s.yaml")), loader()._context("thu"))
    assert entry is None
    assert [p.message for p in problems if p.line == line] == [
        "found the invisible or direction-changing character U+202E RIGHT-TO-LEFT OVERRIDE at character 4; "
        "delete it (retype the text around it)"]


def test_hidden_character_is_its_definition_for_every_code_point() -> None:
    """The check's fast path (str.isprintable, per line) answers as the definition does (a
    control but a line break or tab, a format, separator-line or -paragraph, private-use,
    surrogate or unassigned code point) for every code point, alone and within a text."""
    from campaign_site.content.models import _ALLOWED_CONTROLS, _HIDDEN_CATEGORIES, hidden_character

    def definition(text: str):
        for position, char in enumerate(text, start=1):
            if char not in _ALLOWED_CONTROLS and unicodedata.category(char) in _HIDDEN_CATEGORIES:
                name = unicodedata.name(char, "")
                return position, f"U+{ord(char):04X}{' ' + name if name else ''}"
        return None

    for code in range(0x110000):
        text = f"Đắk\t{chr(code)}\n Lắk"
        assert hidden_character(text) == definition(text), hex(code)
    assert hidden_character("Bình đẳng\u00a0giới") is None and hidden_character("a\u200bb") == (2, "U+200B ZERO WIDTH SPACE")


def test_a_document_is_parsed_once_and_each_reader_gets_its_own_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader and the text checks both read every file: the same text of the same file is
    parsed once, and what one reader changes in its data is not what the other reads."""
    from campaign_site.content import reader

    calls = []
    real = reader._parse_yaml
    monkeypatch.setattr(reader, "_parse_yaml", lambda *args: calls.append(args) or real(*args))
    text = "title: Tờ rơi\nphones:\n  - number: '0262 3852 600'\n"
    first = reader.parse_yaml(text, Path("content/x/to-roi-parsed-once.yaml"))
    first.data["phones"][0]["number"] = "changed"
    first.lines.clear()
    second = reader.parse_yaml(text, Path("content/x/to-roi-parsed-once.yaml"))
    assert len(calls) == 1
    assert second.data == {"title": "Tờ rơi", "phones": [{"number": "0262 3852 600"}]}
    assert second.lines[("phones", 0, "number")] == 3
    reader.parse_yaml(text + "\n", Path("content/x/to-roi-parsed-once.yaml"))
    reader.parse_yaml(text, Path("content/x/other.yaml"))
    assert len(calls) == 3  # another text, another file: parsed

"""The writer saves what the reader reads back, and keeps what a person wrote around it."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import yaml

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaign_site.content.reader import parse_markdown, parse_yaml
from campaign_site.content.writer import DELETE, as_read, write_fields
from campaign_site.scaffold.create import new_file_text
from campaign_site.scaffold.kinds import kinds
from conftest import REPO


def new_file(kind: str) -> str:
    """The file ``campaign-site new KIND "Tên (ví dụ)"`` writes in the seed project."""
    return new_file_text(kinds()[kind], "Tên (ví dụ)", "ten-vi-du", REPO / "content", "vi", dt.date(2026, 11, 30))


SERVICE = new_file("service")

# what a person can type in a form field: any printable text, line breaks and tabs
_CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Co", "Cf", "Zl", "Zp"), blacklist_characters="\x85")
TEXT = st.text(st.one_of(_CHARS, st.sampled_from("\n\t :#-'\"[]{}&*!|>%@`")), max_size=40).map(
    lambda text: unicodedata.normalize("NFC", text))
SPECIAL = st.sampled_from(["0345123456", "7:30", "no", "yes", "on", "null", "~", "2022-11-15", "2022-11-15 08:00",
                           "1e3", "0x1F", "0o17", "+84 262 3852 123", "- item", "? x", "", " lead", "trail ",
                           "a\n", "a\n\n", "\nb", "  indented\nline", "2026", "007", "true", "FALSE", "#hash"])
SCALAR = st.one_of(TEXT, SPECIAL, st.booleans(), st.none())
VALUE = st.one_of(SCALAR, st.lists(st.one_of(TEXT, SPECIAL), max_size=4),
                  st.dictionaries(st.sampled_from(["vi", "en", "rad"]), st.one_of(TEXT, SPECIAL), min_size=1, max_size=3),
                  st.lists(st.fixed_dictionaries({"number": st.one_of(TEXT, SPECIAL), "label": st.one_of(TEXT, st.none()),
                                                  "free": st.booleans()}), max_size=3))
FIELDS = st.dictionaries(st.sampled_from(["name", "kind", "description", "phones", "hours", "languages", "cost",
                                          "area", "extra_field", "status"]), VALUE, max_size=6)


def as_text(value: object) -> object:
    """What a YAML 1.1 reader (PyYAML) loaded, as text: whole numbers and true/false, which the
    writer leaves plain, become their text again; anything else it resolved stays different."""
    if isinstance(value, dict):
        return {key: as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_text(item) for item in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, int) else value


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FIELDS)
def test_what_is_written_reads_back_the_same(fields: dict) -> None:
    """By our reader and by a YAML 1.1 reader ("no", "7:30", "0345123456" stay text)."""
    for start in ("", SERVICE):
        written = write_fields(start, fields, markdown=False)
        data = parse_yaml(written, Path("x.yaml")).data
        yaml11 = yaml.safe_load(written)
        for key, value in fields.items():
            assert data[key] == as_read(value), (key, value)
            assert as_text(yaml11[key]) == as_read(value), (key, value, written)


@settings(max_examples=60, deadline=None)
@given(FIELDS, TEXT)
def test_front_matter_and_body_read_back_the_same(fields: dict, body: str) -> None:
    source = parse_markdown(write_fields(new_file("resource"), fields, markdown=True, body=body), Path("x.md"))
    for key, value in fields.items():
        assert source.data[key] == as_read(value)
    assert source.body.rstrip("\n") == body.rstrip("\n")


def comment_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


def test_comments_and_field_order_are_kept() -> None:
    values = {"kind": "counselling", "organisation": "Trung tâm (ví dụ)",
              "description": {"vi": "Tư vấn\nmiễn phí", "en": "Free counselling"}, "area": "krong-ana",
              "phones": [{"number": "0262 3852 123", "label": None, "hours": "24/7", "free": True},
                         {"number": "111", "label": "Tổng đài", "hours": None, "free": False}],
              "languages": ["vi", "rad"], "source": [{"title": "Trang (ví dụ)", "accessed": "30/11/2026"}]}
    written = write_fields(SERVICE, values, markdown=False)
    assert comment_lines(written) == comment_lines(SERVICE)
    order = [line.split(":")[0] for line in written.splitlines() if line[:1].isalpha()]
    assert order == [line.split(":")[0] for line in SERVICE.splitlines() if line[:1].isalpha()]
    # each field's explanation still sits right above it
    lines = written.splitlines()
    assert lines[lines.index("area: krong-ana") - 1].startswith("#   "), written
    assert "languages: [vi, rad]" in lines  # a list written inline stays inline
    # what is unchanged is left exactly as written
    assert write_fields(written, values, markdown=False) == written


def test_other_fields_and_layout_are_left_alone() -> None:
    text = "# my notes\nname:   Tên\nphones:\n- number: '111'\n  free: yes   # free call\ntranslated_from: abc\n"
    written = write_fields(text, {"name": "Tên", "phones": [{"number": "111", "free": "yes"}]}, markdown=False)
    assert written == text
    written = write_fields(text, {"name": "Tên mới"}, markdown=False)
    assert written == text.replace("name:   Tên", "name: Tên mới")


def test_delete_takes_the_explanation_above_the_field() -> None:
    written = write_fields(SERVICE, {"website": DELETE}, markdown=False)
    assert "website" not in written
    assert "# Trang web của dịch vụ" not in written
    assert "# Thư điện tử (không bắt buộc).\nemail:" in written


def test_a_quoted_field_stays_quoted() -> None:
    written = write_fields(SERVICE, {"phones": [{"number": "111", "label": None, "hours": None, "free": True}]},
                           markdown=False)
    assert '  - number: "111"' in written.splitlines()
    text = "phones:\n- number: '111'\n"
    assert write_fields(text, {"phones": [{"number": "112"}]}, markdown=False) == text.replace("111", "112")

"""The registry of content types: every tool reads it, and a new type is one registration."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import Field

from campaign_site.cli import main
from campaign_site.content.loader import SiteContent, load_content
from campaign_site.content.models import INPUT_KINDS, AreaKey, Date, Entry, Localized, Status, Text
from campaign_site.content.reader import parse_markdown
from campaign_site.content.types import (
    COMMON_FIELDS, ContentType, FieldSpec, FieldText, collections, content_type, content_types, register,
    unregister,
)
from campaign_site.messages import catalog
from campaign_site.pages.spec import GeneratedPage
from conftest import REPO, BuiltSite, build_project, copy_project

FORM_INPUTS = set(INPUT_KINDS) | {"choice", "group", "markdown"}


def all_specs(specs: tuple[FieldSpec, ...]) -> Iterator[FieldSpec]:
    for spec in specs:
        yield spec
        yield from all_specs(spec.fields)


@pytest.mark.parametrize("kind", [t for t in content_types() if t.model], ids=lambda t: t.name)
def test_every_field_has_a_label_help_and_input_in_both_languages(kind: ContentType) -> None:
    """What a form needs for every field, nested ones included: a label and a help text
    (Vietnamese in the catalog), a known input, the allowed values of a choice."""
    vi = catalog("vi")
    specs = list(all_specs(kind.field_specs()))
    assert len(specs) > 5
    for spec in specs:
        assert spec.label != spec.name or spec.name == spec.label.lower(), f"{kind.name}.{spec.name}: no label"
        assert spec.help, f"{kind.name}.{spec.name}: no help"
        assert spec.label in vi and spec.help in vi, f"{kind.name}.{spec.name}: not in Vietnamese"
        assert spec.input in FORM_INPUTS, f"{kind.name}.{spec.name}: input {spec.input}"
        assert (spec.input == "choice") == bool(spec.choices)
        assert (spec.input == "group") == bool(spec.fields)
    assert kind.label in vi


def test_field_specs_read_the_types() -> None:
    service = {spec.name: spec for spec in content_type("service").field_specs()}
    assert service["name"].required and service["name"].translatable and service["name"].input == "translatable"
    assert service["kind"].input == "choice" and "hotline" in service["kind"].choices
    assert service["kind"].choice_labels == "service_kinds" and service["status"].choice_labels is None
    assert service["area"].input == "area" and service["verified_on"].input == "date"
    assert service["languages"].input == "language" and service["languages"].many
    phones = {spec.name: spec for spec in service["phones"].fields}
    assert service["phones"].many and phones["number"].input == "phone" and phones["free"].input == "yes_no"
    source = {spec.name: spec for spec in service["source"].fields}
    assert source["date"].input == "month_or_date" and source["url"].input == "url"
    practice = {spec.name: spec for spec in content_type("practice").field_specs()}
    assert practice["area"].input == "local_area" and practice["year"].input == "number"
    assert practice["results"].translatable and practice["results"].many
    assert practice["body"].input == "markdown" and practice["body"].translatable
    event = {spec.name: spec for spec in content_type("event").field_specs()}
    assert event["start"].input == "date_or_time" and not event["end"].required


def test_translatable_fields_are_the_marked_ones() -> None:
    assert content_type("resource").translatable_fields() == ({"title", "summary"}, set())
    assert content_type("practice").translatable_fields() == (
        {"title", "commune", "organisation", "summary", "contact"}, {"results"})


def test_templates_named_by_types_exist() -> None:
    package_templates = REPO / "scripts" / "campaign_site" / "templates"
    for kind in content_types():
        for template in [*kind.page_templates.values(), *kind.lists.values()]:
            assert (REPO / "overrides" / template).is_file(), f"{kind.name}: {template}"
        if kind.scaffold:
            assert (package_templates / kind.scaffold).is_file(), kind.scaffold
    assert set(COMMON_FIELDS) >= {"source", "status", "verified_on"}


def test_a_type_is_registered_once() -> None:
    with pytest.raises(ValueError, match="clashes"):
        register(ContentType("resource", "elsewhere", None, "yaml", "x"))
    with pytest.raises(ValueError, match="clashes"):
        register(ContentType("other", "resources", None, "yaml", "x"))
    with pytest.raises(KeyError, match="expected one of resource, practice"):
        content_type("nothing")


# --- a new type, registered in one place -----------------------------------------------------------


class Notice(Entry):
    """A toy type for the test: a dated notice with a text."""

    title: Text
    date: Date
    area: AreaKey
    status: Status = "example"
    body: dict[str, str] = Field(default_factory=Localized, exclude=True)


def notice_pages(content: SiteContent) -> Iterator[GeneratedPage]:
    for notice in content.of("notice"):
        yield GeneratedPage(neutral_uri=f"thong-bao/{notice.slug}.md", title=notice.title,
                            description=notice.title, template="campaign/notice.html",
                            context={"notice": notice}, body=Localized(notice.body))


def write_notices(content: SiteContent, site_dir: Path, site_url: str | None, stamp: dt.datetime) -> list[Path]:
    path = site_dir / "data" / "notices.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([{"slug": n.slug, "date": n.date.isoformat()} for n in content.of("notice")]),
                    encoding="utf-8")
    return [path]


NOTICE = ContentType(
    name="notice", folder="notices", model=Notice, file_format="markdown", label="Notices",
    fields={"title": FieldText("Title", "name of the notice"), "date": FieldText("Date", "day of the notice")},
    page_templates={"entry": "campaign/notice.html"}, lists={"notices": "campaign/list_notices.html"},
    pages=(notice_pages,), exports=(write_notices,),
)
NOTICE_FILE = """---
title: Họp bàn về Tháng hành động
date: 10/11/2022
area: lak
---
Các đơn vị họp tại hội trường.
"""
NOTICE_TRANSLATION = """---
title: Meeting on the Action Month
---
The units meet in the hall.
"""


@pytest.fixture(scope="module")
def notice_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The repository's project plus notices, with the notice type registered (and only then)."""
    project = copy_project(tmp_path_factory.mktemp("notices"))
    (project / "content" / "notices").mkdir()
    (project / "content" / "notices" / "hop-ban.md").write_text(NOTICE_FILE, encoding="utf-8")
    (project / "content" / "notices" / "hop-ban.en.md").write_text(NOTICE_TRANSLATION, encoding="utf-8")
    (project / "overrides" / "campaign" / "notice.html").write_text(
        '<p class="notice-date">{{ notice.date.isoformat() }}</p>\n', encoding="utf-8")
    (project / "overrides" / "campaign" / "list_notices.html").write_text(
        '<ul class="notices">{% for n in content.of("notice") %}<li>{{ n.title.text(lang, v.default) }}</li>'
        '{% endfor %}</ul>\n', encoding="utf-8")
    (project / "docs" / "thong-bao.md").write_text(
        "---\ndescription: Các thông báo.\ncampaign_list: notices\n---\n# Thông báo\n", encoding="utf-8")
    register(NOTICE)
    try:
        yield project
    finally:
        unregister("notice")


def run(project: Path, *args: str) -> int:
    return main([*args, "-f", str(project / "mkdocs.yml")])


def test_new_type_is_loaded_with_its_translation(notice_project: Path) -> None:
    assert NOTICE in collections()
    content = load_content(notice_project / "content", ["vi", "en", "rad", "jra", "mng"], "vi")
    assert content.problems == []
    (notice,) = content.of("notice")
    assert notice.title == {"vi": "Họp bàn về Tháng hành động", "en": "Meeting on the Action Month"}
    assert notice.date == dt.date(2022, 11, 10) and notice.body["en"] == "The units meet in the hall."


def test_new_type_problems_name_file_line_and_field(notice_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = notice_project / "content" / "notices" / "sai.md"
    bad.write_text("---\ntitle: Sai\ndate: 31/02/2022\narea: lak\nmau: do\n---\n", encoding="utf-8")
    try:
        assert run(notice_project, "check", "--lang", "vi") == 1
        out = capsys.readouterr().out
        assert "content/notices/sai.md:3: date:" in out and "content/notices/sai.md:5: mau:" in out
    finally:
        bad.unlink()
    # check builds the site: in this process (-j 1), where the toy type is registered (a type
    # registered after import is unknown to the processes of a parallel build)
    assert run(notice_project, "check", "--lang", "en", "-j", "1") == 0
    assert "Notices: 1" in capsys.readouterr().out


def test_new_writes_a_template_made_from_the_fields(notice_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(notice_project, "new", "notice", "Thông báo họp") == 0
    path = notice_project / "content" / "notices" / "thong-bao-hop.md"
    try:
        text = path.read_text(encoding="utf-8")
        assert sorted(parse_markdown(text, path).data) == sorted(NOTICE.written_fields())
        assert "# Date (bắt buộc): day of the notice" in text and "title: \"Thông báo họp\"" in text
        assert "hop-ban" not in text and "{{" not in text
        content = load_content(notice_project / "content", ["vi", "en"], "vi")
        assert {p.field for p in content.problems if p.path.endswith("thong-bao-hop.md")} == {"date", "area"}
    finally:
        path.unlink()


def test_translations_report_the_new_type(notice_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(notice_project, "translations", "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    row = next(f for f in report["files"] if f["source"] == "content/notices/hop-ban.md")
    assert row["translations"]["en"]["status"] == "unknown" and row["translations"]["rad"]["status"] == "missing"


@pytest.fixture(scope="module")
def notice_site(notice_project: Path) -> BuiltSite:
    # one process: a type registered by a test does not reach spawned language processes
    return build_project(notice_project, notice_project / "site", jobs=1)


def test_new_type_gets_pages_lists_and_exports(notice_site: BuiltSite) -> None:
    assert notice_site.warnings == []
    vi, en = notice_site.page("thong-bao/hop-ban.html"), notice_site.page("en/thong-bao/hop-ban.html")
    assert vi.h1.get_text(strip=True) == "Họp bàn về Tháng hành động"
    assert en.h1.get_text(strip=True) == "Meeting on the Action Month"
    assert vi.select_one(".notice-date").get_text() == "2022-11-10"
    assert "The units meet in the hall." in en.get_text()
    assert (notice_site.root / "rad" / "thong-bao" / "hop-ban.html").is_file()  # falls back
    listing = notice_site.page("en/thong-bao.html").select(".notices li")
    assert [li.get_text() for li in listing] == ["Meeting on the Action Month"]
    assert json.loads((notice_site.root / "data" / "notices.json").read_text(encoding="utf-8")) == [
        {"slug": "hop-ban", "date": "2022-11-10"}]


@pytest.mark.parametrize("kind", [t for t in content_types() if t.choice_labels], ids=lambda t: t.name)
def test_site_labels_name_every_choice(kind: ContentType) -> None:
    """A form shows each allowed value by its name in the site's default language."""
    content = load_content(REPO / "content", ["vi", "en"], "vi")
    for spec in kind.field_specs():
        if spec.choice_labels:
            group = content.labels["vi"].get(spec.choice_labels)
            assert isinstance(group, dict), spec.choice_labels
            assert [value for value in spec.choices if not group.get(value)] == [], f"{kind.name}.{spec.name}"

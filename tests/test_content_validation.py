"""Each kind of bad input is reported with its file, line, field and a plain message."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from campaign_site.content.checks import release_problems
from campaign_site.content.loader import load_content
from conftest import REPO

LANGUAGES = ["vi", "en", "rad", "jra", "mng"]

GOOD_SERVICE = """\
name: {vi: Đường dây nóng (thử), en: Hotline (test)}
kind: hotline
organisation: Tổ chức thử
description: Mô tả thử.
area: national
phones:
  - number: "1900 969 680"
    hours: "24/7"
status: example
"""


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """An empty content folder with the real areas, languages and labels."""
    root = tmp_path / "content"
    root.mkdir()
    for name in ("areas.yaml", "languages.yaml"):
        shutil.copy(REPO / "content" / name, root / name)
    shutil.copytree(REPO / "content" / "i18n", root / "i18n")
    for folder in ("resources", "practices", "services", "events", "campaigns", "media"):
        (root / folder).mkdir()
    return root


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(root: Path) -> list[str]:
    return [str(p) for p in load_content(root, LANGUAGES, "vi").problems]


def test_valid_service_loads(content_dir: Path) -> None:
    write(content_dir, "services/thu.yaml", GOOD_SERVICE)
    content = load_content(content_dir, LANGUAGES, "vi")
    assert content.problems == []
    phone = content.services[0].phones[0]
    assert (phone.display, phone.tel) == ("1900 969 680", "tel:1900969680")


def test_yaml_syntax_error_names_line(content_dir: Path) -> None:
    write(content_dir, "services/hong.yaml", "name: a\nkind: [hotline\narea: national\n")
    [message] = problems(content_dir)
    assert message.startswith("content/services/hong.yaml:") or "hong.yaml:" in message
    assert ": (yaml): YAML syntax error" in message
    assert ":3:" in message or ":4:" in message


def test_missing_required_field(content_dir: Path) -> None:
    write(content_dir, "services/thieu.yaml", GOOD_SERVICE.replace("kind: hotline\n", ""))
    [message] = problems(content_dir)
    assert "thieu.yaml:1: kind: required field is missing; add it" in message


def test_unknown_enum_value_on_its_line(content_dir: Path) -> None:
    write(content_dir, "services/loai.yaml", GOOD_SERVICE.replace("kind: hotline", "kind: hotlne"))
    [message] = problems(content_dir)
    assert message.endswith(
        "loai.yaml:2: kind: found 'hotlne'; expected one of 'hotline', 'shelter', 'one_stop_centre', "
        "'trusted_address', 'social_work', 'health', 'police', 'legal_aid', 'counselling', 'other'"
    )


def test_unknown_area(content_dir: Path) -> None:
    write(content_dir, "services/vung.yaml", GOOD_SERVICE.replace("area: national", "area: ha-noi"))
    [message] = problems(content_dir)
    assert "vung.yaml:5: area: unknown area 'ha-noi'; expected 'national' or a key of content/areas.yaml" in message


def test_invalid_phone_number_on_its_line(content_dir: Path) -> None:
    write(content_dir, "services/so.yaml", GOOD_SERVICE.replace('"1900 969 680"', '"12345"'))
    [message] = problems(content_dir)
    assert "so.yaml:7: phones[0].number: found '12345', which is not a valid Vietnamese phone number" in message


@pytest.mark.parametrize("number", ["111", "113", "114", "115", "1800 1567", "0262 3852 123", "0912 345 678"])
def test_allowed_phone_numbers(content_dir: Path, number: str) -> None:
    write(content_dir, "services/ok.yaml", GOOD_SERVICE.replace('"1900 969 680"', f'"{number}"'))
    assert problems(content_dir) == []


def test_a_free_1900_number_needs_its_own_source(content_dir: Path) -> None:
    """A cost claim on a 1900 number is shown only with a source saying so (its line and field named)."""
    free = GOOD_SERVICE.replace('    hours: "24/7"\n', "    free: true\n")
    write(content_dir, "services/mien-phi.yaml", free)
    [message] = problems(content_dir)
    assert "mien-phi.yaml:7: phones[0]: 'free: true' on a 1900 number needs 'free_source'" in message
    sourced = free.replace("    free: true\n", "    free: true\n    free_source: {publisher: Báo thử, url: "
                           "'https://example.org/mien-phi', accessed: 30/11/2026}\n")
    write(content_dir, "services/mien-phi.yaml", sourced)
    assert problems(content_dir) == []
    write(content_dir, "services/mien-phi.yaml", free.replace('"1900 969 680"', '"111"'))
    assert problems(content_dir) == []  # (the entry's own source covers other numbers)


def test_impossible_date_and_end_before_start(content_dir: Path) -> None:
    write(content_dir, "campaigns/2022.yaml", """\
        year: 2022
        theme: Chủ đề
        start: 2022-11-15
        end: 2022-11-01
        """)
    write(content_dir, "events/ngay.yaml", """\
        title: Sự kiện
        start: 2022-02-30
        area: ea-kar
        organiser: Ai đó
        description: Mô tả
        campaign: 2022
        """)
    found = problems(content_dir)
    assert any("2022.yaml:4: end: found end 2022-11-01, which is before the start 2022-11-15" in m for m in found), found
    assert any("ngay.yaml:2: start: found '2022-02-30', which is not a real date" in m for m in found), found


def test_unknown_language_code(content_dir: Path) -> None:
    write(content_dir, "services/ngu.yaml", GOOD_SERVICE + "languages: [vi, xx]\n")
    [message] = problems(content_dir)
    assert "ngu.yaml:10: languages[1]: unknown language code 'xx'" in message


def test_missing_media_file(content_dir: Path) -> None:
    write(content_dir, "resources/to-roi.md", """\
        ---
        title: Tờ rơi
        kind: leaflet
        summary: Tóm tắt
        languages: [vi]
        audience: [public]
        published: 2022-11-15
        file: khong-co.pdf
        ---
        Nội dung.
        """)
    [message] = problems(content_dir)
    assert "to-roi.md:8: file: file 'content/media/khong-co.pdf' does not exist" in message


def test_duplicate_slugs(content_dir: Path) -> None:
    write(content_dir, "services/mot.yaml", GOOD_SERVICE)
    write(content_dir, "services/hai.yaml", "slug: mot\n" + GOOD_SERVICE)
    found = problems(content_dir)
    assert any(": slug: duplicate slug 'mot', also used by" in m for m in found), found


def test_all_problems_reported_in_one_run(content_dir: Path) -> None:
    write(content_dir, "services/a.yaml", GOOD_SERVICE.replace("kind: hotline", "kind: x"))
    write(content_dir, "services/b.yaml", GOOD_SERVICE.replace("area: national", "area: y"))
    write(content_dir, "services/c.yaml", "name: [\n")
    assert len(problems(content_dir)) == 3


def test_release_rejects_examples_stale_and_unsourced(content_dir: Path) -> None:
    import datetime as dt

    write(content_dir, "services/cu.yaml", GOOD_SERVICE + "verified_on: 2020-01-01\n")
    content = load_content(content_dir, LANGUAGES, "vi")
    found = [str(p) for p in release_problems(content, dt.date(2026, 11, 27))]
    assert any("cu.yaml:9: status: found 'example'" in m for m in found), found
    write(content_dir, "services/cu.yaml", GOOD_SERVICE.replace("status: example", "status: verified") + "verified_on: 2020-01-01\n")
    content = load_content(content_dir, LANGUAGES, "vi")
    found = [str(p) for p in release_problems(content, dt.date(2026, 11, 27))]
    assert any("cu.yaml:10: verified_on: found 2020-01-01" in m for m in found), found
    assert any("cu.yaml:1: source: missing" in m for m in found), found


PRACTICE = """\
---
title: Mô hình thử
area: ea-kar
year: 2022
organisation: Hội phụ nữ (ví dụ)
topics: [schools]
summary: Tóm tắt
results: [Kết quả một, Kết quả hai]
status: example
---
Câu chuyện.
"""


def test_translation_merges_texts_and_lists(content_dir: Path) -> None:
    write(content_dir, "practices/thu.md", PRACTICE)
    write(content_dir, "practices/thu.en.md", "---\ntitle: Test practice\nresults: [Result one, Result two]\n---\nStory.\n")
    content = load_content(content_dir, LANGUAGES, "vi")
    assert content.problems == []
    practice = content.practices[0]
    assert practice.title.text("en", "vi") == "Test practice"
    assert [r.text("en", "vi") for r in practice.results] == ["Result one", "Result two"]
    assert practice.body["en"] == "Story."


def test_translation_of_untranslatable_field_is_reported(content_dir: Path) -> None:
    write(content_dir, "practices/thu.md", PRACTICE)
    write(content_dir, "practices/thu.en.md", "---\ntitle: Test\narea: lak\nresults: [Only one]\n---\n")
    found = problems(content_dir)
    assert any("thu.en.md:3: area: 'area' cannot be translated" in m for m in found), found
    assert any("thu.en.md:4: results: expected a list of 2 texts" in m for m in found), found


def test_default_language_suffix_is_reported(content_dir: Path) -> None:
    write(content_dir, "practices/thu.vi.md", PRACTICE)
    assert any("thu.vi.md:1: (file name): the original must be named 'thu.md'" in m for m in problems(content_dir))


def test_practice_topics_need_a_name_in_the_labels(content_dir: Path) -> None:
    """Pages show a topic by its name in the reader's language: a topic without one is refused
    at its line, naming the labels file and the topics that have names."""
    write(content_dir, "practices/thu.md", PRACTICE.replace("topics: [schools]", "topics:\n  - schools\n  - trusted_address"))
    found = problems(content_dir)
    assert len(found) == 1 and found[0].endswith(
        "practices/thu.md:8: topics[1]: topic 'trusted_address' has no name in content/i18n/vi.yaml "
        "(under practice_topics); add a line 'trusted_address: <name>' there, or use one of: "
        "communication, domestic-violence, men-and-boys, minority-languages, schools, trusted-address, youth"), found

"""The one YAML reader: every value as typed, refusals with file:line, any saved encoding handled."""

from __future__ import annotations

import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from campaign_site.content.loader import load_content
from campaign_site.content.reader import ALIAS_LIMIT, ReadError, parse_markdown, parse_yaml, read_markdown, read_yaml
from conftest import REPO, copy_project

HERE = Path("content/services/thu.yaml")


def read(text: str):
    return parse_yaml(text, HERE).data


@pytest.mark.parametrize("typed", [
    "0345123456",  # YAML 1.1: an octal integer
    "01234567",
    "7:30",  # sexagesimal: 450
    "no", "yes", "on", "off", "No", "TRUE", "y", "n",
    "1e3", ".inf", "-.inf", ".nan", "0x1F", "0o17", "1_000", "+12", "-0", "12.50",
    "2022-03", "2022-11-15", "2022-11-15 08:00", "2001-12-14t21:59:43.10-05:00",
    "~", "null", "Null", "NULL",
    "=", "<<",
])
def test_every_scalar_stays_the_text_typed(typed: str) -> None:
    data = read(f"value: {typed}\nnested:\n  - {typed}\n  - {typed}: {typed}\n")
    assert data == {"value": typed, "nested": [typed, {typed: typed}]}
    if ":" not in typed:  # libyaml reads ':' in a flow collection as a key separator
        assert read(f"items: [{typed}, x]\nmap: {{{typed}: {typed}}}\n") == {"items": [typed, "x"], "map": {typed: typed}}


def test_quoted_and_block_scalars_are_text_too() -> None:
    assert read('a: "0345"\nb: \'no\'\nc: |\n  dòng 1\n  dòng 2\n') == {"a": "0345", "b": "no", "c": "dòng 1\ndòng 2\n"}


def test_a_key_with_nothing_after_it_is_absent() -> None:
    assert read("url:\ntitle: ''\n") == {"url": None, "title": ""}


def test_lines_of_keys_and_items() -> None:
    source = parse_yaml("name: x\nphones:\n  - number: '111'\n  - number: '113'\n    hours: 24\n", HERE)
    assert source.lines[("name",)] == 1
    assert source.lines[("phones", 1)] == 4
    assert source.lines[("phones", 1, "hours")] == 5
    assert source.line_of(("phones", 1, "hours", "vi")) == 5


def test_repeated_key_names_both_lines() -> None:
    with pytest.raises(ReadError) as caught:
        read("status: example\nname: x\nstatus: verified\n")
    problem = caught.value.problem
    assert (problem.path, problem.line, problem.field) == (str(HERE), 3, "status")
    assert "lines 1 and 3" in problem.message


def test_repeated_key_in_a_nested_mapping() -> None:
    with pytest.raises(ReadError) as caught:
        read("phones:\n  - number: '111'\n    free: true\n    free: false\n")
    assert (caught.value.problem.line, caught.value.problem.field) == (4, "phones[0].free")


@pytest.mark.parametrize(("text", "tag"), [
    ("year: !!int 2022\n", "tag:yaml.org,2002:int"),
    ("ok: !!bool yes\n", "tag:yaml.org,2002:bool"),
    ("x: !custom value\n", "!custom"),
    ("x: !!python/object:os.system ls\n", "tag:yaml.org,2002:python/object:os.system"),
    ("x: !!set {a, b}\n", "tag:yaml.org,2002:set"),
])
def test_unknown_tags_are_refused(text: str, tag: str) -> None:
    with pytest.raises(ReadError) as caught:
        read(text)
    assert caught.value.problem.line == 1
    assert f"unknown tag '{tag}'" in caught.value.problem.message


def test_explicit_string_tag_is_allowed() -> None:
    assert read("number: !!str 0345123456\n") == {"number": "0345123456"}


def test_small_aliases_work() -> None:
    assert read("a: &x [vi, en]\nb: *x\n") == {"a": ["vi", "en"], "b": ["vi", "en"]}


def test_alias_bomb_fails_fast_with_its_line() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [{', '.join(['*' + previous] * 9)}]")
    started = time.perf_counter()
    with pytest.raises(ReadError) as caught:
        read("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 0.5
    assert str(ALIAS_LIMIT) in caught.value.problem.message
    assert caught.value.problem.line > 1


def test_self_referencing_alias_is_refused() -> None:
    with pytest.raises(ReadError):
        read("a: &a [*a]\n")


@pytest.mark.parametrize("text", ["a: [1, 2\n", "a: b: c\n", "- x\ny: 1\n", "a: 'open\n", "\tname: x\n"])
def test_syntax_errors_name_a_line(text: str) -> None:
    with pytest.raises(ReadError) as caught:
        read(text)
    assert caught.value.problem.field == "(yaml)" and caught.value.problem.line >= 1
    assert "YAML syntax error" in caught.value.problem.message


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    yaml_file = tmp_path / "a.yaml"
    yaml_file.write_bytes("\ufeffname: Đắk Lắk\r\nphones:\r\n  - number: '111'\r\n".encode("utf-8"))
    source = read_yaml(yaml_file)
    assert source.data == {"name": "Đắk Lắk", "phones": [{"number": "111"}]}
    assert source.lines[("phones", 0, "number")] == 3
    page = tmp_path / "a.md"
    page.write_bytes("\ufeff---\r\ntitle: Tiêu đề\r\nstatus: example\r\n---\r\nThân bài\r\n".encode("utf-8"))
    source = read_markdown(page)
    assert source.data == {"title": "Tiêu đề", "status": "example"}
    assert source.lines[("status",)] == 3 and source.body == "Thân bài\n"


@pytest.mark.parametrize(("raw", "line", "words"), [
    ("name: Đắk Lắk\nmô: tả\n".encode("cp1258", "replace"), 1, "UTF-8"),
    ("name: x\ncity: Hà Nội\n".encode("latin-1", "replace"), 2, "UTF-8"),
    ("name: Đắk Lắk\n".encode("utf-16"), 1, "UTF-16"),
])
def test_other_encodings_are_a_problem_with_a_line(tmp_path: Path, raw: bytes, line: int, words: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(raw)
    with pytest.raises(ReadError) as caught:
        read_yaml(path)
    assert caught.value.problem.line == line
    assert words in caught.value.problem.message and "UTF-8" in caught.value.problem.message


def test_text_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Đắk Lắk")
    data = read(f"{decomposed}: {decomposed}\nlist: [{decomposed}]\n")
    assert data == {"Đắk Lắk": "Đắk Lắk", "list": ["Đắk Lắk"]}


def test_front_matter_never_closed_and_not_a_mapping() -> None:
    with pytest.raises(ReadError) as caught:
        parse_markdown("---\ntitle: x\n", Path("a.md"))
    assert "never closed" in caught.value.problem.message
    with pytest.raises(ReadError):
        parse_markdown("---\n- a\n- b\n---\nBody\n", Path("a.md"))
    assert parse_markdown("No front matter: here\n", Path("a.md")).data == {}


def test_duplicate_key_in_a_page_fails_the_build(tmp_path: Path) -> None:
    """docs/*.md front matter goes through the same reader (check and build alike)."""
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "lich-bao-cao.md"
    page.write_text(page.read_text(encoding="utf-8").replace("---\n", "---\ndescription: x\n", 1), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "campaign_site.cli", "check", "--lang", "en",
                             "-f", str(project / "mkdocs.yml")], capture_output=True, text=True, cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "docs/lich-bao-cao.md:3: description: the key 'description' is written twice (lines 2 and 3)" in result.stdout
    assert "Traceback" not in result.stderr


def test_check_reports_a_windows_encoded_file_without_traceback(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "content" / "services" / "ansi.yaml").write_bytes(
        "name: Đường dây nóng\nkind: hotline\n".encode("cp1258", "replace"))
    (project / "content" / "i18n" / "en.yaml").write_bytes(b"\xff\xfec\x00o\x00")
    result = subprocess.run([sys.executable, "-m", "campaign_site.cli", "check", "--lang", "vi",
                             "-f", str(project / "mkdocs.yml")], capture_output=True, text=True, cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "content/services/ansi.yaml:1: (file):" in result.stdout and "UTF-8" in result.stdout
    assert "content/i18n/en.yaml:1: (file):" in result.stdout and "UTF-16" in result.stdout


def test_repeated_status_is_never_published_as_verified(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    path = project / "content" / "services" / "tong-dai-111.yaml"
    path.write_text("status: example\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    content = load_content(project / "content", ["vi", "en"], "vi")
    assert "tong-dai-111" not in {service.slug for service in content.services}
    assert any(p.path.endswith("tong-dai-111.yaml") and p.field == "status" for p in content.problems)


def test_repository_content_reads_cleanly() -> None:
    for path in sorted((REPO / "content").rglob("*.y*ml")):
        read_yaml(path)
    for path in sorted([*(REPO / "content").rglob("*.md"), *(REPO / "docs").rglob("*.md")]):
        read_markdown(path)

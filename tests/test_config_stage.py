"""A parallel build's own process before and beside its language processes: the content
loaded from the build cache when nothing changed (the same content, problems included),
each page of docs/ read once and read again when edited, and the glyph and
unsafe-Markdown checks running while the languages build, refusing as before."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
from pathlib import Path

import pytest

from campaign_site import work_log
from campaign_site.content import load_cache
from campaign_site.content.checks import TextChecks
from campaign_site.content.loader import SiteContent, load_content
from campaign_site.pages.build_cache import BuildCache
from campaign_site.plugins.campaign import CampaignPlugin
from campaign_site.project import open_project
from campaign_site.publish.build import BuildFailed, build_site
from conftest import REPO, build_project, copy_project
from test_build_cache import entries


def child_processes() -> list[int]:
    """Processes whose parent is this one (from /proc), zombies included."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():
            found.append(int(stat.parent.name))
    return found


def as_seen(content: SiteContent) -> tuple[object, ...]:
    """Everything a load gives, problems with their message ids and parameters."""
    return (content, [(problem, problem.msgid, problem.params) for problem in content.problems])


# --- content from the build cache ---------------------------------------------------------


@pytest.fixture(scope="module")
def languages() -> tuple[list[str], str]:
    project = open_project(REPO / "mkdocs.yml")
    return list(project.languages), project.default_language


def test_content_from_the_cache_is_the_loaded_content(tmp_path: Path, languages: tuple[list[str], str]) -> None:
    """Cold, warm and deleted cache: the same content as a plain load; the warm load reads it back."""
    codes, default = languages
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    cache = BuildCache(tmp_path / "cache")
    plain = as_seen(load_content(root, codes, default))
    assert as_seen(load_cache.load_content_cached(root, codes, default, cache)) == plain  # cold
    stored = entries(tmp_path / "cache", "content")
    assert len(stored) == 1
    log = tmp_path / "work.log"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(work_log.VARIABLE, str(log))
        assert as_seen(load_cache.load_content_cached(root, codes, default, cache)) == plain  # warm
    assert not log.exists(), "the warm load loaded the folder again"
    assert entries(tmp_path / "cache", "content") == stored
    shutil.rmtree(tmp_path / "cache")
    assert as_seen(load_cache.load_content_cached(root, codes, default, cache)) == plain  # deleted


def test_a_file_saved_while_the_content_loads_is_not_kept_under_the_old_key(
        tmp_path: Path, languages: tuple[list[str], str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A service saved (B) after the key was taken (A) but before the loader read it, then the
    save undone (A again): the next load is A's content, not B's kept under A's key."""
    codes, default = languages
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    service = root / "services" / "tong-dai-111.yaml"
    before = service.read_text(encoding="utf-8")
    assert "Tổng đài điện thoại quốc gia về bảo vệ trẻ em." in before
    plain = as_seen(load_content(root, codes, default))
    cache = BuildCache(tmp_path / "cache")
    real_load = load_cache.load_content

    def saved_meanwhile(*args, **kwargs):
        service.write_text(before.replace("Tổng đài điện thoại quốc gia về bảo vệ trẻ em.", "Đã sửa."), encoding="utf-8")
        return real_load(*args, **kwargs)

    monkeypatch.setattr(load_cache, "load_content", saved_meanwhile)
    load_cache.load_content_cached(root, codes, default, cache)
    monkeypatch.setattr(load_cache, "load_content", real_load)
    service.write_text(before, encoding="utf-8")  # undone
    assert as_seen(load_cache.load_content_cached(root, codes, default, cache)) == plain


def _edit_service(root: Path, patch: pytest.MonkeyPatch) -> None:
    service = sorted((root / "services").glob("*.yaml"))[0]
    service.write_text(service.read_text(encoding="utf-8").replace("name:", "name: Sửa", 1), encoding="utf-8")


def _add_media(root: Path, patch: pytest.MonkeyPatch) -> None:
    (root / "media" / "moi.pdf").write_bytes(b"%PDF-1.4 new file")


def _remove_resource(root: Path, patch: pytest.MonkeyPatch) -> None:
    sorted((root / "resources").glob("*.md"))[-1].unlink()


def _relink(root: Path, patch: pytest.MonkeyPatch) -> None:
    (root / "media" / "lien-ket.pdf").unlink()
    (root / "media" / "lien-ket.pdf").symlink_to(root.parent / "ngoai" / "b.pdf")


def _other_code(root: Path, patch: pytest.MonkeyPatch) -> None:
    fingerprint = load_cache.code_fingerprint()  # as if a module of the package had changed
    patch.setattr(load_cache, "code_fingerprint", lambda: fingerprint + "-changed")


# every input a load depends on: changed, the load is made again, equal to a plain load
CHANGES = {
    "a file's bytes": _edit_service,
    "a new file": _add_media,
    "a removed file": _remove_resource,
    "where a link points": _relink,
    "the package's code": _other_code,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_input_of_the_content_is_in_its_key(tmp_path: Path, languages: tuple[list[str], str],
                                                  monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    codes, default = languages
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    (tmp_path / "ngoai").mkdir()
    for name in ("a.pdf", "b.pdf"):
        (tmp_path / "ngoai" / name).write_bytes(b"%PDF-1.4 " + name.encode())
    (root / "media" / "lien-ket.pdf").symlink_to(tmp_path / "ngoai" / "a.pdf")
    cache = BuildCache(tmp_path / "cache")
    load_cache.load_content_cached(root, codes, default, cache)
    CHANGES[change](root, monkeypatch)
    log = tmp_path / "work.log"
    monkeypatch.setenv(work_log.VARIABLE, str(log))
    again = load_cache.load_content_cached(root, codes, default, cache)
    assert log.read_text(encoding="utf-8").count("load-content") == 1, "an old load was read back"
    monkeypatch.delenv(work_log.VARIABLE)
    assert as_seen(again) == as_seen(load_content(root, codes, default))


def test_languages_and_working_folder_are_in_the_key(tmp_path: Path, languages: tuple[list[str], str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Problems name files relative to the working folder; entries depend on the languages."""
    codes, default = languages
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    cache = BuildCache(tmp_path / "cache")
    log = tmp_path / "work.log"
    monkeypatch.setenv(work_log.VARIABLE, str(log))
    load_cache.load_content_cached(root, codes, default, cache)
    load_cache.load_content_cached(root, codes[:2], default, cache)
    monkeypatch.chdir(tmp_path)
    load_cache.load_content_cached(root, codes, default, cache)
    assert log.read_text(encoding="utf-8").count("load-content") == 3


def test_a_load_with_problems_is_never_kept(tmp_path: Path, languages: tuple[list[str], str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Content with problems is loaded every time: the problems are always the files' own."""
    codes, default = languages
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    service = sorted((root / "services").glob("*.yaml"))[0]
    service.write_text(service.read_text(encoding="utf-8") + "truong_la: 1\nname: again\n", encoding="utf-8")
    cache = BuildCache(tmp_path / "cache")
    plain = as_seen(load_content(root, codes, default))
    assert plain[1], "the planted problem was not found"
    log = tmp_path / "work.log"
    monkeypatch.setenv(work_log.VARIABLE, str(log))
    for _ in range(2):
        assert as_seen(load_cache.load_content_cached(root, codes, default, cache)) == plain
    assert log.read_text(encoding="utf-8").count("load-content") == 2
    assert not entries(tmp_path / "cache", "content")


def test_a_pickled_load_is_whole() -> None:
    """What the cache keeps is what the loader made: every field survives pickling."""
    project = open_project(REPO / "mkdocs.yml")
    content = load_content(project.content_dir, list(project.languages), project.default_language)
    assert as_seen(pickle.loads(pickle.dumps(content))) == as_seen(content)


# --- docs pages: read once per build, again when edited ------------------------------------


def test_a_page_edited_between_builds_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two parallel builds in one process: the second reads only the page edited in between,
    and its new front matter shows in every language showing that page."""
    project = copy_project(tmp_path / "project")
    build_project(project, tmp_path / "first", jobs=2)
    page = project / "docs" / "lich-bao-cao.md"
    old = "description: Thời hạn gửi báo cáo 6 tháng"
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, "description: Mô tả mới của lịch báo cáo, hạn gửi báo cáo 6 tháng"),
                    encoding="utf-8")
    log = tmp_path / "work.log"
    monkeypatch.setenv(work_log.VARIABLE, str(log))
    second = build_project(project, tmp_path / "second", jobs=2)
    monkeypatch.delenv(work_log.VARIABLE)
    read = [line.split(" ", 1)[1] for line in log.read_text(encoding="utf-8").splitlines()
            if line.startswith("read-page ")]
    assert read == [str(page)]
    for language in second.languages:
        if (project / "docs" / f"lich-bao-cao.{language}.md").exists():
            continue  # translated: its own description
        html = (second.root / second.prefix(language) / "lich-bao-cao.html").read_text(encoding="utf-8")
        assert "Mô tả mới của lịch báo cáo" in html, language


# --- text checks beside the language processes ----------------------------------------------


def test_a_parallel_build_refused_by_the_text_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unsafe Markdown in one page, a character the font lacks in another: the checks run
    while the language processes build (they have started), and the build fails with the
    same message and problems as when the checks ran before them; nothing is published,
    no work folder or process is left behind."""
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "lich-bao-cao.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n<iframe src="https://x.example"></iframe>\n',
                    encoding="utf-8")
    other = project / "docs" / "noi-dung-trong-tam.md"
    other.write_text(other.read_text(encoding="utf-8") + "\nKý tự lạ: 漢\n", encoding="utf-8")
    running: list[int] = []
    checks = TextChecks.start  # (what TextChecks.problems runs too)

    def watched(self: TextChecks, docs_dir: Path, content_dir: Path):
        running.append(len(multiprocessing.active_children()))
        return checks(self, docs_dir, content_dir)

    monkeypatch.setattr(TextChecks, "start", watched)

    def refusal(out: Path) -> BuildFailed:
        others = set(child_processes())  # (a browser the session started…)
        with pytest.raises(BuildFailed) as failed:
            build_site(project / "mkdocs.yml", out, jobs=2)
        assert not out.exists() and sorted(out.parent.iterdir()) == [project]
        assert multiprocessing.active_children() == [] and set(child_processes()) <= others
        return failed.value

    beside = refusal(tmp_path / "site")
    assert running and running[0] > 0, "the text checks ran before the language processes started"
    running.clear()
    # the same build with the checks in the `config` event, before any language process
    monkeypatch.setattr(CampaignPlugin, "defer_text_checks", property(lambda self: False, lambda self, value: None),
                        raising=False)
    before = refusal(tmp_path / "site")
    assert running == [0]
    assert str(beside) == str(before)
    assert [(p, p.msgid, p.params) for p in beside.problems] == [(p, p.msgid, p.params) for p in before.problems]
    fields = {(Path(p.path).name, p.field) for p in beside.problems}
    assert fields == {("lich-bao-cao.md", "(html)"), ("noi-dung-trong-tam.md", "(text)")}, beside.problems


def test_a_generated_page_is_parsed_once_per_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Languages showing the same text give the same generated Markdown: parsed once in a
    process, each page getting its own fields and its own path; refused text is never kept."""
    from campaign_site.content import reader
    from campaign_site.content.reader import ReadError
    from campaign_site.plugins import process_shared

    monkeypatch.setattr(process_shared, "_generated", {})
    parsed: list[Path] = []
    parse = reader.parse_markdown

    def counted(text: str, path: Path) -> reader.Source:
        parsed.append(path)
        return parse(text, path)

    monkeypatch.setattr(process_shared, "parse_markdown", counted)
    text = '---\ntitle: "Nhà tạm lánh"\ndescription: ""\n---\n\n# Nhà tạm lánh\n\nNội dung.\n'
    first = process_shared.shared_generated_page(text, Path("danh-ba/a.md"))
    second = process_shared.shared_generated_page(text, Path("rad/danh-ba/a.md"))
    expected = reader.parse_markdown(reader.decode(text.encode("utf-8"), Path("x.md")), Path("x.md"))
    for source, path in ((first, "danh-ba/a.md"), (second, "rad/danh-ba/a.md")):
        assert (source.data, source.body, source.body_line, source.lines, source.path) == (
            expected.data, expected.body, expected.body_line, expected.lines, Path(path))
    assert parsed == [Path("danh-ba/a.md")]
    first.data["title"] = "changed"
    assert second.data["title"] == "Nhà tạm lánh"
    refused = '---\ntitle: "a"\ntitle: "b"\n---\n'
    for path in ("danh-ba/b.md", "en/danh-ba/b.md"):
        with pytest.raises(ReadError) as error:
            process_shared.shared_generated_page(refused, Path(path))
        assert error.value.problem.path == path

"""Translators' round trip: export PO files, translate them (polib, as a PO editor would), import, build.

The translations are obviously fake marked strings ("[rad] …"), in temp projects only:
no Ê Đê text is written anywhere. One project is exported, translated, imported and
built once for the module; the refusals (stale, broken) each use a fresh copy.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from openpyxl import load_workbook

from campaign_site.cli import main
from conftest import REPO, BuiltSite, build_project, copy_project

PAGE = "docs/lich-bao-cao.po"
PARTIAL = "docs/index.po"
SERVICE = "content/services/tong-dai-111.po"
LABELS = "content/i18n/labels.po"
AREAS = "content/areas.po"
UNTRANSLATED_LABEL = "partial_translation.title"
#: the caption of the table in docs/lich-bao-cao.md
CAPTION = "Bảng. Thời hạn và nơi nhận các báo cáo về công tác bình đẳng giới."
#: labels left untranslated: the labels file is translated in part
KEPT_LABELS = {UNTRANSLATED_LABEL, "partial_translation.notice", "fallback.notice", "resources.title", "safety.exit_end"}


def fake(text: str) -> str:
    """A marked stand-in for a translation: every link, number and placeholder kept."""
    return f"[rad] {text}"


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def cli(capsys: pytest.CaptureFixture[str], project: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["translations", *args, "-f", str(project / "mkdocs.yml")])
    out, err = capsys.readouterr()
    return code, out, err


def new_project(target: Path) -> Path:
    """A copy of the repository's project that builds vi, en and rad only, committed in git."""
    root = copy_project(target)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for name in ("J'rai", "M'nông"):
        text = text.replace(f"name: {name}\n          build: true", f"name: {name}\n          build: false")
    config.write_text(text, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", "seed")
    return root


def export(capsys: pytest.CaptureFixture[str], project: Path, out: Path, *args: str) -> None:
    code, stdout, stderr = cli(capsys, project, "export", "--lang", "rad", "--out", str(out), *args)
    assert code == 0, stderr
    assert stdout.strip().splitlines()[-1].endswith("files")


def msgid_line(path: Path, start: str) -> int:
    """The line of the msgid starting with ``start``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(f'msgid "{start}'))


def translate_file(path: Path, keep: set[str] = frozenset(), limit: int | None = None) -> polib.POFile:
    """Fill every msgstr (the first ``limit`` only), except the contexts in ``keep``."""
    catalog = polib.pofile(str(path), wrapwidth=0)
    for index, entry in enumerate(catalog):
        if entry.msgctxt not in keep and (limit is None or index < limit):
            entry.msgstr = fake(entry.msgid)
    catalog.save(str(path))
    return catalog


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, BuiltSite]:
    """A project with a page, half a page, a service, most labels and one area's name imported into rad, built."""
    root = new_project(tmp_path_factory.mktemp("exchange") / "project")
    out = tmp_path_factory.mktemp("po")
    assert main(["translations", "export", "--lang", "rad", "--out", str(out), "-q",
                 "-f", str(root / "mkdocs.yml")]) == 0
    kept = out.parent / "kept"
    shutil.copytree(out, kept)
    translate_file(out / PAGE)
    translate_file(out / PARTIAL, limit=2)
    translate_file(out / SERVICE)
    translate_file(out / LABELS, keep=KEPT_LABELS)
    translate_file(out / AREAS, limit=1)  # the first area's name only
    for path in out.rglob("*.po"):
        if path.relative_to(out).as_posix() not in (PAGE, PARTIAL, SERVICE, LABELS, AREAS):
            path.unlink()  # not translated: nothing to import
    assert main(["translations", "import", str(out), "-q", "-f", str(root / "mkdocs.yml")]) == 0
    site = build_project(root, tmp_path_factory.mktemp("built") / "site")
    return root, kept, site


def test_export_writes_po_files_with_context(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = new_project(tmp_path / "project")
    export(capsys, project, tmp_path / "po")
    page = polib.pofile(str(tmp_path / "po" / PAGE))
    assert page.metadata["Language"] == "rad" and page.metadata["X-Source-File"] == "docs/lich-bao-cao.md"
    assert page.metadata["X-Translation-File"] == "docs/lich-bao-cao.rad.md"
    msgids = [entry.msgid for entry in page]
    # segmented by heading, paragraph and table cell; no Markdown structure in the strings
    assert "Lịch báo cáo" in msgids and "Trước ngày 20/5" in msgids and "Báo cáo 6 tháng" in msgids
    assert not any(m.startswith(("#", "|", "- ")) or "| ---" in m for m in msgids)
    heading = next(entry for entry in page if entry.msgid == "Lịch báo cáo")
    assert heading.comment == "English: Reporting calendar" and heading.msgstr == ""
    service = polib.pofile(str(tmp_path / "po" / SERVICE))
    assert [e.msgctxt for e in service][:2] == ["name", "short_name"]
    labels = polib.pofile(str(tmp_path / "po" / LABELS))
    notice = next(entry for entry in labels if entry.msgctxt == "fallback.notice")
    assert "{language}" in notice.msgid
    toc = next(entry for entry in labels if entry.msgctxt == "theme.toc")
    assert toc.msgid == "Mục lục" and toc.comment.startswith("English: Table of contents\n")
    assert "used once every theme.* string is translated" in toc.comment
    # English is complete: nothing to export without --all; with --all, translations are filled in
    code, out, _ = cli(capsys, project, "export", "--lang", "en", "--out", str(tmp_path / "en"))
    assert code == 0 and not any((tmp_path / "en").rglob("*.po"))
    export_all = cli(capsys, project, "export", "--lang", "en", "--all", "--out", str(tmp_path / "en-all"))
    assert export_all[0] == 0
    english = polib.pofile(str(tmp_path / "en-all" / SERVICE))
    assert english.percent_translated() == 100
    # an export never overwrites a translator's files
    code, _, err = cli(capsys, project, "export", "--lang", "rad", "--out", str(tmp_path / "po"))
    assert code == 2 and "already exists" in err


def test_import_writes_translations(translated: tuple[Path, Path, BuiltSite], capsys: pytest.CaptureFixture[str]) -> None:
    root, _, _ = translated
    page = (root / "docs/lich-bao-cao.rad.md").read_text(encoding="utf-8")
    assert "# [rad] Lịch báo cáo\n" in page and "| [rad] Báo cáo 6 tháng | [rad] Trước ngày 20/5 |" in page
    assert "[Năm nội dung trọng tâm năm 2022](noi-dung-trong-tam.md)" in page
    assert re.search(r"^translated_from: ['\"]?[0-9a-f]{12}", page, re.M)
    service = (root / "content/services/tong-dai-111.yaml").read_text(encoding="utf-8")
    assert "  rad: '[rad] Tổng đài điện thoại quốc gia bảo vệ trẻ em 111'" in service
    assert 'hours: {vi: "24/7", en: "24/7", rad: \'[rad] 24/7\'}' in service  # flow style kept
    # only the rad lines added: comments, order and the other lines unchanged
    original = (REPO / "content/services/tong-dai-111.yaml").read_text(encoding="utf-8").splitlines()
    kept = [line for line in service.splitlines() if not line.startswith("  rad: ")]
    assert [line for line in kept if "{vi:" not in line] == [line for line in original if "{vi:" not in line]
    labels = (root / "content/i18n/rad.yaml").read_text(encoding="utf-8")
    assert "  title: '[rad] Chưa có bản dịch'" in labels and "partial_translation:" not in labels
    # Material's keys (dots in them) kept whole under theme:
    assert "\ntheme:\n  header: '[rad] Đầu trang'\n" in labels
    assert "  search.result.other: '[rad] # tài liệu liên quan'\n" in labels
    code, out, _ = cli(capsys, root, "--lang", "rad", "--format", "json")
    data = {f["source"]: f["translations"]["rad"] for f in json.loads(out)["files"]}
    assert data["docs/lich-bao-cao.md"]["status"] == "current"
    assert data["content/services/tong-dai-111.yaml"]["status"] == "current"
    assert data["content/i18n/vi.yaml"]["status"] == "partial"
    assert data["docs/truy-cap-an-toan.md"]["status"] == "missing"
    code, out, _ = cli(capsys, root.parent / "project", "--lang", "rad")
    assert code == 0


def test_translated_page_in_its_language(translated: tuple[Path, Path, BuiltSite], browser) -> None:
    _, _, site = translated
    page = browser.new_page()
    try:
        page.goto((site.root / "rad/lich-bao-cao.html").as_uri())
        heading = page.locator("article h1")
        assert heading.inner_text() == "[rad] Lịch báo cáo"
        assert heading.evaluate("node => node.closest('[lang]').lang") == "rad"
        cell = page.locator("article td", has_text="[rad] Trước ngày 20/5")
        assert cell.evaluate("node => node.closest('[lang]').lang") == "rad"
        assert page.locator(".campaign-fallback").count() == 0  # no "not translated" notice
        # interface labels: translated ones in the page's language, the one left out in Vietnamese
        closest = "node => node.closest('[lang]').lang"
        assert page.locator(".campaign-exit__label").first.evaluate(closest) == "rad"
        assert page.locator(".campaign-exit__label").first.inner_text().startswith("[rad] ")
        end = page.locator(".campaign-exit-end span")
        assert end.inner_text() == "Thoát nhanh khỏi trang này" and end.evaluate(closest) == "vi"
        # Material's strings (all translated): the table of contents' title
        assert page.locator("nav.md-nav--secondary label.md-nav__title").first.evaluate(
            "node => [node.textContent.trim(), node.closest('[lang]').lang]") == ["[rad] Mục lục", "rad"]
        # a page without a translation keeps the Vietnamese under a notice, marked lang="vi"
        page.goto((site.root / "rad/truy-cap-an-toan.html").as_uri())
        assert page.locator(".campaign-fallback-content").get_attribute("lang") == "vi"
        # the notice's message is not translated (fallback.notice kept): the notice is Vietnamese only
        languages = page.locator(".campaign-fallback [lang]").evaluate_all("nodes => nodes.map(n => n.lang)")
        assert languages and set(languages) == {"vi"}
    finally:
        page.close()


def test_partly_translated_page_says_what_is_vietnamese(translated: tuple[Path, Path, BuiltSite]) -> None:
    _, _, site = translated
    html = site.page("rad/index.html")
    article = html.select_one("article")
    notice = article.select_one(".campaign-partial")
    assert notice is not None and notice.get("lang") == "vi"  # its label is not translated: Vietnamese
    untranslated = article.select(".campaign-untranslated")
    assert untranslated and all(node.get("lang") == "vi" for node in untranslated)
    assert all(not node.get_text().startswith("[rad]") for node in untranslated)
    translated_blocks = [n for n in article.select("h1, p") if n.get_text().startswith("[rad]")]
    assert translated_blocks and all(n.get("lang") is None for n in translated_blocks)
    count, total = re.search(r"(\d+)/(\d+)", notice.get_text()).groups()
    assert int(count) == len(untranslated) and int(total) > int(count)
    assert site.page("rad/lich-bao-cao.html").select_one(".campaign-partial") is None
    # English pages are fully translated: never marked
    assert not site.page("en/index.html").select(".campaign-untranslated, .campaign-partial")


def test_titles_made_of_labels_need_every_part(translated: tuple[Path, Path, BuiltSite]) -> None:
    """A generated page's title made of labels (and an area's name) is in the page's language only
    when every part is translated; else it is the Vietnamese title, marked lang="vi"."""
    _, _, site = translated
    # resources.title is not translated: the filter pages keep the Vietnamese title;
    # directory.in_area is translated, the second area's name is not: the Vietnamese title
    for url, title in (("rad/tai-lieu/nhom/loai-poster.html", "Thư viện tài liệu: Áp phích"),
                       ("rad/danh-ba/buon-ho.html", "Dịch vụ tại địa bàn Thị xã Buôn Hồ")):
        heading = site.page(url).select_one("article h1")
        assert heading.get_text(strip=True) == title, url
        assert heading.find_parent(lang=True)["lang"] == "vi", url
    # the label and the first area's name translated: the title is in the page's language
    heading = site.page("rad/danh-ba/buon-ma-thuot.html").select_one("article h1")
    assert heading.get_text(strip=True) == "[rad] Dịch vụ tại địa bàn [rad] Thành phố Buôn Ma Thuột"
    assert heading.find_parent(lang=True)["lang"] == "rad"


def material_strings(code: str) -> dict[str, str]:
    """Material's interface strings for ``code`` (key → text), as its templates show them."""
    import material
    from jinja2 import Environment, FileSystemLoader, nodes

    env = Environment(loader=FileSystemLoader(Path(material.__file__).parent / "templates"))
    name = f"partials/languages/{code}.html"
    source = env.loader.get_source(env, name)[0]
    keys = [node.key.value for node in env.parse(source).find_all(nodes.Pair)]
    module = env.get_template(name).module
    return {key: str(module.t(key)) for key in keys if key not in ("language", "direction", "search.config.lang")}


def test_interface_strings_in_the_pages_language(translated: tuple[Path, Path, BuiltSite]) -> None:
    """Every theme string translated: no rad page shows any of Material's Vietnamese strings
    (text or naming attribute) outside content still in Vietnamese."""
    root, _, site = translated
    vietnamese = set(material_strings("vi").values())
    own = {f"[rad] {text}" for text in material_strings("vi").values()}
    shown = set()
    for path in sorted((site.root / "rad").rglob("*.html")):
        html = site.page(path.relative_to(site.root).as_posix())
        for node in html.select('article, [lang="vi"], script, style'):
            node.decompose()
        texts = {" ".join(text.split()) for text in html.stripped_strings}
        texts |= {str(value) for tag in html.find_all(True) for name, value in tag.attrs.items()
                  if name in ("aria-label", "title", "placeholder") or name.startswith("data-")}
        assert not texts & vietnamese, (path, texts & vietnamese)
        shown |= texts & own
    assert {"[rad] Mục lục", "[rad] Tìm kiếm", "[rad] # tài liệu liên quan"} <= shown
    # the skip link says where it leads in the site's own words (skip.link), not Material's "Bỏ qua"
    skip = site.page("rad/index.html").select_one("a.md-skip").get_text(" ", strip=True)
    assert skip == "[rad] Bỏ qua menu, đến nội dung chính"


def test_stale_import_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = new_project(tmp_path / "project")
    out = tmp_path / "po"
    export(capsys, project, out)
    translate_file(out / PAGE)
    translate_file(out / SERVICE)
    # the sources change after the export
    source = project / "docs/lich-bao-cao.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Trước ngày 20/5", "Trước ngày 25/5"), encoding="utf-8")
    service = project / "content/services/tong-dai-111.yaml"
    before = service.read_bytes()
    service.write_text(service.read_text(encoding="utf-8").replace("Gọi khi", "Hãy gọi khi"), encoding="utf-8")
    changed = service.read_bytes()
    code, _, err = cli(capsys, project, "import", str(out))
    assert code == 1 and "Nothing was imported" in err
    line = msgid_line(out / PAGE, "Trước ngày 20/5")
    assert f"{out / PAGE}:{line}: body: the source docs/lich-bao-cao.md changed since this file was exported" in err
    line = msgid_line(out / SERVICE, "Tổng đài điện thoại quốc gia về bảo vệ trẻ em. Gọi khi")
    assert f"{out / SERVICE}:{line}: description: the source content/services/tong-dai-111.yaml changed" in err
    assert not (project / "docs/lich-bao-cao.rad.md").exists() and service.read_bytes() == changed != before


def test_broken_translations_are_refused_with_their_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = new_project(tmp_path / "project")
    out = tmp_path / "po"
    export(capsys, project, out)
    catalog = translate_file(out / PAGE)
    broken = {
        "Trước ngày 20/5": ("[rad] Trước ngày 21/5", "keep every number"),
        "Nội dung cần thực hiện trong năm được trình bày ở trang [Năm nội dung trọng tâm năm 2022](noi-dung-trong-tam.md).":
            ("[rad] [Năm nội dung trọng tâm năm 2022](index.md).", "keep every link address"),
        CAPTION: ("[rad] Thời hạn và nơi nhận các báo cáo về công tác bình đẳng giới.",
                  r"this text is a table's caption: start it with 'Bảng\.' \(the word for Table that the site "
                  r"knows: Bảng, Table; your language's own once tables\.caption_prefix is translated\)"),
    }
    for entry in catalog:
        if entry.msgid in broken:
            entry.msgstr = broken[entry.msgid][0]
    catalog.save(str(out / PAGE))
    labels = polib.pofile(str(out / LABELS), wrapwidth=0)
    notice = next(entry for entry in labels if entry.msgctxt == "fallback.notice")
    notice.msgstr = "[rad] {langue}"
    count = next(entry for entry in labels if entry.msgctxt == "theme.search.result.other")
    count.msgstr = "[rad] 2 tài liệu"  # Material's '#' lost (and a number added)
    labels.save(str(out / LABELS))
    code, _, err = cli(capsys, project, "import", str(out))
    assert code == 1
    text = (out / PAGE).read_text(encoding="utf-8").splitlines()
    for msgstr, message in broken.values():
        line = next(n for n, line in enumerate(text, 1) if line == f'msgstr "{msgstr}"')
        assert re.search(rf"lich-bao-cao\.po:{line}: body: {message}", err), err
    label_lines = (out / LABELS).read_text(encoding="utf-8").splitlines()
    line = next(n for n, line in enumerate(label_lines, 1) if line == 'msgstr "[rad] {langue}"')
    assert re.search(rf"labels\.po:{line}: fallback\.notice: keep every placeholder", err), err
    line = next(n for n, line in enumerate(label_lines, 1) if line == 'msgstr "[rad] 2 tài liệu"')
    assert re.search(rf"labels\.po:{line}: theme\.search\.result\.other: keep every placeholder .*expected #, found —",
                     err), err
    assert not (project / "docs/lich-bao-cao.rad.md").exists() and not (project / "content/i18n/rad.yaml").exists()

    # a file a PO editor cannot read: its line
    (out / PAGE).write_text((out / PAGE).read_text(encoding="utf-8") + 'msgid "x" oops\n', encoding="utf-8")
    code, _, err = cli(capsys, project, "import", str(out / PAGE))
    assert code == 1 and re.search(rf"lich-bao-cao\.po:{len(text) + 1}: \(file\): this is not a valid PO file", err)


@pytest.mark.parametrize("caption", ["Bảng. [rad] Thời hạn", "[rad] Bảng. Thời hạn"])
def test_a_caption_keeps_a_word_for_table_the_site_knows(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         caption: str) -> None:
    """Kept "Bảng" (the label not translated yet), or the translated label imported in the same run."""
    project = new_project(tmp_path / "project")
    out = tmp_path / "po"
    export(capsys, project, out)
    catalog = translate_file(out / PAGE)
    next(entry for entry in catalog if entry.msgid == CAPTION).msgstr = caption
    catalog.save(str(out / PAGE))
    paths = [str(out / PAGE)]
    if caption.startswith("[rad] Bảng"):
        labels = polib.pofile(str(out / LABELS), wrapwidth=0)
        next(entry for entry in labels if entry.msgctxt == "tables.caption_prefix").msgstr = "[rad] Bảng"
        labels.save(str(out / LABELS))
        paths.append(str(out / LABELS))
    code, _, err = cli(capsys, project, "import", *paths)
    assert code == 0, err
    assert f"\n{caption}\n" in (project / "docs/lich-bao-cao.rad.md").read_text(encoding="utf-8")


def test_spreadsheet_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = new_project(tmp_path / "project")
    sheet = tmp_path / "rad.xlsx"
    code, _, err = cli(capsys, project, "export", "--lang", "rad", "--format", "xlsx", "--out", str(sheet))
    assert code == 0, err
    book = load_workbook(sheet)
    rows = book.worksheets[0]
    header = [cell.value for cell in rows[1]]
    assert header[2].startswith("Tiếng Việt") and header[3].startswith("Bản dịch")
    wanted = None
    for row in rows.iter_rows(min_row=2):
        if row[0].value == SERVICE and row[1].value == "description":
            row[3].value = fake(row[2].value)
            wanted = row[3].value
        if row[0].value == SERVICE and row[1].value == "cost":
            row[3].value = "=1+1"  # a formula is text here, and changes no number it must keep… but adds some
            bad_row = row[0].row
    book.save(sheet)
    code, _, err = cli(capsys, project, "import", str(sheet))
    assert code == 1 and f"rad.xlsx:{bad_row}: cost: keep every number" in err
    book = load_workbook(sheet)
    book.worksheets[0].cell(row=bad_row, column=4).value = None
    book.save(sheet)
    code, out, err = cli(capsys, project, "import", str(sheet))
    assert code == 0, err
    service = (project / "content/services/tong-dai-111.yaml").read_text(encoding="utf-8")
    assert f"rad: '{wanted}'" in service


@pytest.mark.parametrize(("block", "marked"), [
    ("<p>Báo cáo 6 tháng</p>", True),
    ("<td>Đắk Lắk</td>", True),
    ("<li>Trước ngày 20/5</li>", True),
    ("<td>1790/QĐ-TTg</td>", False),  # document numbers are the same in every language
    ("<td>418/LĐTBXH-BĐG</td>", False),
    ("<td>20/5/2022</td>", False),
    ("<td>1900 969 680</td>", False),
])
def test_only_text_still_in_the_source_language_is_marked(block: str, marked: bool) -> None:
    from campaign_site.pages.partial import mark_untranslated

    if block.startswith("<td>"):
        block = f"<table><tr>{block}</tr></table>"
    elif block.startswith("<li>"):
        block = f"<ul>{block}</ul>"
    result = mark_untranslated(f"<p>[rad] x</p>{block}", f"<p>x</p>{block}", "vi")
    assert (result.untranslated == 1) == marked and ('lang="vi"' in result.html) == marked

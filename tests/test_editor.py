"""campaign-site edit: Decap CMS on our backend, forms from the registry, saved as check validates.

One editor (with its live preview) runs for the whole module, on a copy of the project.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from campaign_site.content.loader import load_content
from campaign_site.content.types import collections
from conftest import block_other_hosts, copy_project
from test_serve import fetch, free_port, wait_for

ASSETS = Path(__file__).resolve().parents[1] / ".editor-assets" / "decap-cms"
pytestmark = pytest.mark.skipif(not (ASSETS / "decap-cms.js").is_file(),
                                reason="run 'make editor-assets' (part of make install-test)")


@dataclass
class Editor:
    project: Path
    base: str
    preview: str
    log: Path

    def post(self, action: str, params: dict, headers: dict | None = None) -> tuple[int, object]:
        request = urllib.request.Request(self.base + "api/v1", method="POST",
                                         data=json.dumps({"action": action, "params": params}).encode(),
                                         headers={"Content-Type": "application/json", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            body = error.read()
            return error.code, json.loads(body) if body else None


def vietnamese() -> dict[str, str]:
    """The environment of a person whose computer speaks Vietnamese."""
    env = {key: value for key, value in os.environ.items() if key not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    return env | {"LANG": "vi_VN.UTF-8", "NO_MKDOCS_2_WARNING": "1"}


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editor]:
    folder = tmp_path_factory.mktemp("editor")
    project = copy_project(folder / "project")
    port, preview_port = free_port(), free_port()
    log = folder / "edit.log"
    with log.open("w") as output:
        server = subprocess.Popen([sys.executable, "-m", "campaign_site.cli", "edit", "--no-browser", "--port",
                                   str(port), "--preview-port", str(preview_port)], cwd=project, env=vietnamese(),
                                  stdout=output, stderr=subprocess.STDOUT)
    running = Editor(project, f"http://127.0.0.1:{port}/", f"http://127.0.0.1:{preview_port}/", log)
    try:
        assert wait_for(lambda: "decap-cms.js" in fetch(running.base), 60), log.read_text()
        yield running
    finally:
        server.terminate()
        server.wait(timeout=30)


def entry_files(project: Path) -> dict[str, bytes]:
    return {str(path.relative_to(project)): path.read_bytes()
            for folder in ("content", "docs") for path in (project / folder).rglob("*") if path.is_file()}


def test_forms_are_made_from_the_registry(editor: Editor) -> None:
    config = json.loads(fetch(editor.base + "config.yml"))
    forms = {collection["name"]: collection for collection in config["collections"]}
    assert config["locale"] == "vi" and config["backend"]["proxy_url"] == editor.base + "api/v1"
    for kind in collections():
        form = forms[kind.name]
        assert form["folder"] == f"content/{kind.folder}" and form["create"] == kind.creatable
        fields = {field["name"]: field for field in form["fields"]}
        assert list(fields) == [spec.name for spec in kind.field_specs()]
        for spec in kind.field_specs():  # every field: required, choices, a widget for its kind of value
            field = fields[spec.name]
            assert field["required"] == spec.required, (kind.name, spec.name)
            if spec.choices:
                assert [option["value"] for option in field["options"]] == list(spec.choices)
            if spec.translatable and not spec.many:  # every site language side by side
                assert [sub["name"] for sub in field["fields"]] == ["vi", "en", "rad", "jra", "mng"]
            widget = {"yes_no": "boolean", "date": "datetime", "media": "file", "number": "number",
                      "choice": "select", "area": "select", "local_area": "select"}.get(spec.input)
            if widget and not (spec.many and spec.input not in ("choice", "language")):
                assert field["widget"] == widget, (kind.name, spec.name)
    assert forms["page"]["folder"] == "docs"
    labels = [form["label"] for form in config["collections"]]
    assert labels == ["Tài liệu", "Mô hình", "Dịch vụ", "Sự kiện", "Chiến dịch", "Trang"]


def test_saving_an_unchanged_entry_leaves_its_file_as_it_was(editor: Editor) -> None:
    """Every entry of every collection, read into its form and saved: comments, order, quoting kept."""
    before = entry_files(editor.project)
    config = json.loads(fetch(editor.base + "config.yml"))
    count = 0
    for collection in config["collections"]:
        status, entries = editor.post("entriesByFolder", {"folder": collection["folder"],
                                                          "extension": collection["extension"], "depth": 1})
        assert status == 200 and entries
        for entry in entries:
            status, answer = editor.post("persistEntry", {"entry": {"path": entry["file"]["path"],
                                                                    "raw": entry["data"], "slug": ""},
                                                          "assets": [], "options": {}})
            assert status == 200, (entry["file"]["path"], answer)
            count += 1
    assert count > 20
    assert entry_files(editor.project) == before


def test_an_invalid_entry_is_refused_in_vietnamese_and_nothing_is_written(editor: Editor) -> None:
    before = entry_files(editor.project)
    form = {"name": {"vi": "Dịch vụ lỗi (ví dụ)"}, "kind": "counselling", "organisation": {"vi": "Hội"},
            "area": "ea-kar", "phones": [{"number": "0262 3852 12"}], "status": "example"}
    status, answer = editor.post("persistEntry", {"entry": {"path": "content/services/dich-vu-loi.yaml",
                                                            "raw": json.dumps(form)}, "assets": [], "options": {}})
    assert status == 422
    message = answer["error"]
    assert message.startswith("Chưa lưu: có 2 lỗi")
    assert "Số điện thoại (phones[0].number): '0262 3852 12' không phải số điện thoại hợp lệ" in message
    assert "Mô tả (description): thiếu trường bắt buộc" in message
    # each problem also by the path of its field, for the form to show it there
    starts = {"description": "thiếu trường bắt buộc", "phones[0].number": "'0262 3852 12' không phải"}
    assert {found["field"]: found["message"][: len(starts.get(found["field"], ""))]
            for found in answer["problems"]} == starts
    assert answer["summary"].startswith("Chưa lưu: có 2 lỗi, mỗi lỗi ghi màu đỏ ngay trên trường của nó")
    assert entry_files(editor.project) == before


def test_media_uploads_are_checked_and_nothing_is_deleted(editor: Editor) -> None:
    def upload(name: str, data: bytes) -> tuple[int, object]:
        return editor.post("persistMedia", {"asset": {"path": f"content/media/{name}", "encoding": "base64",
                                                      "content": base64.b64encode(data).decode()}})

    status, answer = upload("ve.svg", b"<svg onload='alert(1)'/>")
    assert status == 422 and "không đăng tệp loại '.svg'" in answer["error"]
    assert not (editor.project / "content" / "media" / "ve.svg").exists()
    seed = sorted((editor.project / "content" / "media").iterdir())[0]
    status, answer = upload(seed.name, b"other bytes")
    assert status == 422 and "đã có" in answer["error"] and seed.read_bytes() != b"other bytes"
    status, answer = upload("../../mkdocs.yml", b"x")
    assert status in (403, 422)
    status, answer = upload("bao-cao.pdf", b"%PDF-1.4\n%%EOF\n")
    assert status == 200 and (editor.project / "content" / "media" / "bao-cao.pdf").read_bytes().startswith(b"%PDF")
    status, _ = editor.post("deleteFile", {"path": f"content/media/{seed.name}"})
    assert status == 403 and seed.exists()
    assert editor.post("deleteFile", {"path": "content/media/bao-cao.pdf"})[0] == 200  # made here: may go


def test_only_this_computer_and_this_page_are_answered(editor: Editor) -> None:
    status, _ = editor.post("info", {}, headers={"Origin": "http://evil.example"})
    assert status == 403
    status, _ = editor.post("info", {}, headers={"Host": "evil.example"})
    assert status == 403
    assert editor.post("info", {}, headers={"Origin": editor.base.rstrip("/")})[0] == 200


FIND_INPUT = """([top, sub]) => {
  const name = label => label.textContent.trim().replace(/\\s*\\(.*\\)$/, '').toLowerCase();
  const labels = [...document.querySelectorAll('label[for]')].filter(label => label.offsetParent !== null);
  const at = labels.findIndex(label => name(label) === top.toLowerCase());
  if (at < 0) return null;
  const found = sub ? labels.slice(at + 1).find(label => name(label) === sub.toLowerCase()) : labels[at];
  return found ? document.getElementById(found.htmlFor) : null;
}"""


#: Where an error message ``li`` sits: the smallest element around it holding a label and the
#: input that label names (Decap CMS's ControlContainer of one field) must be the given input's
#: and hold no other field's label.
ERROR_PLACE = """([text, inputId]) => {
  const items = [...document.querySelectorAll('ul > li')].filter(item => item.textContent.includes(text));
  if (items.length !== 1) return 'found ' + items.length + ' messages';
  let container = items[0];
  const complete = element => [...element.querySelectorAll('label[for]')].some(
    label => element.contains(document.getElementById(label.htmlFor)));
  while (container && !complete(container)) container = container.parentElement;
  if (!container) return 'no field around the message';
  const labels = [...container.querySelectorAll('label[for]')].map(label => label.htmlFor);
  return labels.length === 1 && labels[0] === inputId ? 'inside' : 'outside: ' + labels.join(' ');
}"""


class Form:
    """The entry form of Decap CMS, its fields found by their labels (as a person finds them)."""

    def __init__(self, page) -> None:
        self.page = page

    def box(self, label: str, sub: str | None = None):
        """The input labelled ``label`` (its ``sub`` part: a language, a group's field)."""
        return self.page.wait_for_function(FIND_INPUT, arg=[label, sub], timeout=20_000).as_element()

    def _retry(self, action) -> None:
        """Run ``action``; again when Decap CMS re-rendered the form under it (a new entry's
        form is drawn twice as its draft is set up)."""
        from playwright.sync_api import Error

        for attempt in range(5):
            try:
                return action()
            except Error as error:
                if "not attached" not in str(error) or attempt == 4:
                    raise

    def fill(self, label: str, value: str, sub: str | None = None) -> None:
        def action() -> None:
            box = self.box(label, sub)
            box.click()
            box.press("Control+a")
            box.press("Delete")
            box.type(value)
            assert box.input_value() == value
        self._retry(action)

    def choose(self, label: str, *texts: str) -> None:
        for text in texts:
            def action() -> None:
                self.box(label).click()
                self.page.keyboard.type(text)
                self.page.keyboard.press("Enter")
            self._retry(action)

    def error_place(self, text: str, label: str, sub: str | None = None) -> str:
        """Where the message containing ``text`` is shown: "inside" the container of the field
        labelled ``label`` (``sub``) and of no other field, or what else."""
        self.page.get_by_text(text).first.wait_for(timeout=60_000)
        return self.page.evaluate(ERROR_PLACE, [text, self.box(label, sub).get_attribute("id")])

    def publish(self) -> None:
        self.page.get_by_role("button", name="Công bố").click()
        self.page.get_by_text("Công bố ngay").click()

    def publish_and_wait(self, slug: str) -> None:
        """Publish, wait for the backend's answer (playwright keeps serving the page meanwhile)
        and for Decap CMS to show the saved entry ``slug``."""
        with self.page.expect_response(lambda response: "/api/v1" in response.url and
                                       "persistEntry" in (response.request.post_data or ""), timeout=90_000):
            self.publish()
        self.page.wait_for_url(f"**/entries/{slug}")


def test_a_communicator_creates_entries_through_the_forms(editor: Editor, browser) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    requests: list[str] = []
    block_other_hosts(context, requests)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "leave this page?" after a save
    project = editor.project
    try:
        page.goto(editor.base)
        page.get_by_role("button", name="Đăng nhập").click()
        assert page.get_by_text("Dịch vụ").first.is_visible()

        # a service: a wrong phone number is shown next to its field, fixed, then saved
        page.goto(editor.base + "#/collections/service/new")
        page.wait_for_selector("label[for]")
        form = Form(page)
        # a translatable text: its languages side by side, on one row
        vi, en = form.box("Tên", "tiếng Việt").bounding_box(), form.box("Tên", "tiếng Anh").bounding_box()
        assert abs(vi["y"] - en["y"]) < 2 and en["x"] >= vi["x"] + vi["width"], (vi, en)
        form.fill("Tên", "Tư vấn thử nghiệm (ví dụ)", "tiếng Việt")
        form.choose("Loại dịch vụ", "counselling")
        form.fill("Đơn vị", "Hội Phụ nữ xã (ví dụ)", "tiếng Việt")
        form.fill("Mô tả", "Tư vấn miễn phí (ví dụ)", "tiếng Việt")
        form.fill("Mô tả", "Free counselling (example)", "tiếng Anh")
        form.choose("Địa bàn", "ea-kar")
        form.fill("Số điện thoại", "0262 38x", "Số điện thoại")
        form.choose("Trạng thái", "example")
        form.publish()
        error = page.get_by_text("không khớp với mẫu: chữ số 0-9")
        error.wait_for()
        field = form.box("Số điện thoại", "Số điện thoại")
        # the message sits with the phone number's own input
        assert abs(error.bounding_box()["y"] - field.bounding_box()["y"]) < 120
        service = project / "content" / "services" / "tu-van-thu-nghiem-vi-du.yaml"
        assert not service.exists()
        # a number of the right characters that is no Vietnamese number: the backend's rule (the
        # model's), shown inside the number's own container, not only in a notification
        form.fill("Số điện thoại", "123", "Số điện thoại")
        form.publish()
        assert form.error_place("'123' không phải số điện thoại hợp lệ", "Số điện thoại", "Số điện thoại") == "inside"
        assert page.get_by_text("mỗi lỗi ghi màu đỏ ngay trên trường của nó").first.is_visible()
        assert "API_ERROR" not in page.inner_text("body")  # Decap CMS's name for the error, not for people
        assert not service.exists()
        form.fill("Số điện thoại", "0262 3852 123", "Số điện thoại")
        form.publish_and_wait(service.stem)
        assert service.exists()

        # an event
        page.goto(editor.base + "#/collections/event/new")
        form.box("Ngày bắt đầu")  # the event's form has replaced the service's
        form.fill("Tên", "Mít tinh thử (ví dụ)", "tiếng Việt")
        form.fill("Ngày bắt đầu", "15/11/2022 08:00")
        form.choose("Địa bàn", "ea-kar")
        form.fill("Đơn vị tổ chức", "Hội Phụ nữ xã (ví dụ)", "tiếng Việt")
        form.fill("Mô tả", "Mít tinh hưởng ứng (ví dụ)", "tiếng Việt")
        form.fill("Năm của Tháng hành động", "2031")  # a year with no campaign: unknown to the project
        form.choose("Trạng thái", "example")
        event = project / "content" / "events" / "mit-tinh-thu-vi-du.yaml"
        # an end before the start: a rule between two fields of the model, shown at the end's field
        form.fill("Ngày kết thúc", "10/11/2022")
        form.publish()
        assert form.error_place("ngày kết thúc phải bằng hoặc sau ngày bắt đầu", "Ngày kết thúc") == "inside"
        form.fill("Ngày kết thúc", "16/11/2022")
        # the year of no campaign: a value unknown to the project (a check across entries, run once
        # the entry itself is valid), shown at its field
        form.publish()
        assert form.error_place("chưa có chiến dịch năm đó", "Năm của Tháng hành động") == "inside"
        assert page.get_by_text("ngày kết thúc phải bằng").count() == 0  # the fixed problem is gone
        assert not event.exists()
        form.fill("Năm của Tháng hành động", "2022")
        form.publish_and_wait(event.stem)
        assert event.exists()

        # a resource with a PDF uploaded into content/media/
        pdf = editor.project.parent / "to-roi.pdf"
        pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
        page.goto(editor.base + "#/collections/resource/new")
        form.box("Loại tài liệu")
        form.fill("Tên", "Tờ rơi thử (ví dụ)", "tiếng Việt")
        form.choose("Loại tài liệu", "leaflet")
        form.fill("Tóm tắt", "Tóm tắt thử (ví dụ)", "tiếng Việt")
        form.choose("Ngôn ngữ của tài liệu", "(vi)")
        form.choose("Đối tượng", "public")
        form.fill("Ngày ban hành", "3/2022")
        page.get_by_role("button", name="Chọn một tập tin").click()
        page.set_input_files("input[type=file]", str(pdf))
        page.get_by_role("button", name="Lấy những cái đã chọn").click()
        form.choose("Trạng thái", "example")
        resource = project / "content" / "resources" / "to-roi-thu-vi-du.md"
        form.publish_and_wait(resource.stem)
        assert resource.exists()
    finally:
        context.close()
    assert (project / "content" / "media" / "to-roi.pdf").read_bytes() == pdf.read_bytes()

    # the files are those `new` writes, filled in, and check accepts them
    text = service.read_text(encoding="utf-8")
    assert "# Tên dịch vụ (bắt buộc)." in text and 'number: "0262 3852 123"' in text
    assert "description:\n  vi: Tư vấn miễn phí (ví dụ)\n  en: Free counselling (example)\n" in text
    assert "file: to-roi.pdf" in resource.read_text(encoding="utf-8")
    content = load_content(project / "content", ["vi", "en", "rad", "jra", "mng"], "vi")
    assert [str(found) for found in content.problems] == []
    # check, the command a communicator runs (every check build runs), passes on the project
    checked = subprocess.run([sys.executable, "-m", "campaign_site.cli", "check"], cwd=project, env=vietnamese(),
                             capture_output=True, text=True, timeout=600)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Dịch vụ: 13, Sự kiện: 5" in checked.stdout, checked.stdout
    # the preview shows them (it rebuilds after each save)
    assert wait_for(lambda: "Tư vấn thử nghiệm (ví dụ)" in fetch(editor.preview + "danh-ba/ea-kar.html"), 180), \
        editor.log.read_text()
    assert wait_for(lambda: "Tờ rơi thử (ví dụ)" in fetch(editor.preview + "tai-lieu/to-roi-thu-vi-du.html"), 180)
    assert wait_for(lambda: "Mít tinh thử (ví dụ)" in fetch(editor.preview + "thang-hanh-dong.html"), 180)
    # nothing left this computer
    assert [url for url in requests if not url.startswith(("http://127.0.0.1", "data:", "blob:"))] == []


#: Every phrase of a Decap CMS locale as {"key.path": text}.
PHRASES = """(lang) => {
  const flat = (node, prefix) => Object.entries(node).flatMap(([key, value]) =>
    value && typeof value === 'object' ? flat(value, prefix + key + '.') : [[prefix + key, String(value)]]);
  return Object.fromEntries(flat(CMS.getLocale(lang), ''));
}"""
#: What a person sees: the page's text and the names and hints of its visible elements.
VISIBLE_TEXT = """() => [document.body.innerText, ...[...document.querySelectorAll('[title], [aria-label], [placeholder]')]
  .filter(element => element.offsetParent !== null)
  .flatMap(element => ['title', 'aria-label', 'placeholder'].map(name => element.getAttribute(name) || ''))].join('\\n')"""


def english_words(phrase: str) -> list[str]:
    """The parts of an English phrase a person would read as English (placeholders removed)."""
    parts = [part.strip(" .,:;!?…＋+()'\"\n") for part in re.split(r"%\{\w+\}", phrase)]
    return [part for part in parts if re.search(r"[A-Za-z]{3,}", part)]


def test_decap_speaks_vietnamese(editor: Editor, browser) -> None:
    """Decap CMS's own words (buttons, list "add", collection list) are Vietnamese: no phrase of its
    English locale shows on the pages a communicator visits, and every phrase has a translation."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    requests: list[str] = []
    block_other_hosts(context, requests)
    page = context.new_page()
    seen = []
    try:
        page.goto(editor.base)
        page.get_by_role("button", name="Đăng nhập").click()
        page.goto(editor.base + "#/collections/service")  # a collection's list
        page.get_by_text("Ngôi nhà Bình yên").first.wait_for()
        seen.append(page.evaluate(VISIBLE_TEXT))
        page.goto(editor.base + "#/collections/service/entries/ngoi-nha-binh-yen")  # an entry's form
        Form(page).box("Tên", "tiếng Việt")
        add = page.get_by_role("button", name=re.compile("nguồn$"))  # "add" in whatever language
        page.wait_for_function("() => [...document.querySelectorAll('iframe')].some(frame =>"
                               " frame.contentDocument && frame.contentDocument.querySelector('.campaign-preview-note'))")
        # the form, and Decap's preview pane (a frame of its own) around the site's page
        seen += [frame.evaluate(VISIBLE_TEXT) for frame in page.frames if not frame.url.startswith(editor.preview)]
        add.click()  # a list's "add": a new item with its own buttons
        page.get_by_text("2 nguồn").first.wait_for()
        seen.append(page.evaluate(VISIBLE_TEXT))
        english, vietnamese = page.evaluate(PHRASES, "en"), page.evaluate(PHRASES, "vi")
    finally:
        context.close()
    assert sorted(set(english) - set(vietnamese)) == []  # no phrase falls back to English
    text = "\n".join(seen)
    shown = {key: phrase for key, phrase in english.items() for words in english_words(phrase) if re.search(rf"(?<![\w]){re.escape(words)}(?![\w])", text, re.I)}
    assert shown == {}
    assert len(english) > 200 and "Thêm nguồn" in text
    # the editor's own words too: the note over the preview is the person's language only
    assert "Trang như người đọc sẽ thấy, sau khi lưu:" in text and "readers" not in text
    # nor Decap's names of its widgets ("Trường string" read out for every input)
    widgets = {json.loads(fetch(editor.base + "config.yml"))["collections"][0]["fields"][0]["widget"],
               "string", "select", "datetime", "boolean", "object", "list", "number"}
    assert [name for name in sorted(widgets) if re.search(rf"\b{name}\b", text)] == []
    assert [url for url in requests if not url.startswith(("http://127.0.0.1", "data:", "blob:"))] == []


def test_each_content_type_tells_the_preview_where_its_entries_show() -> None:
    """The page beside an entry's form comes from the registry (ContentType.entry_page): a new
    content type registered with its entry page gets its preview with no change to the editor."""
    from campaign_site.content.types import ContentType, register, unregister
    from campaign_site.editor.server import preview_paths

    assert preview_paths(False) == {"resource": "tai-lieu/{slug}.html", "practice": "mo-hinh/{slug}.html",
                                    "service": "danh-ba/{area}.html", "page": "{slug}.html"}
    assert preview_paths(True)["service"] == "danh-ba/{area}/"
    register(ContentType(name="story", folder="stories", model=None, file_format="markdown", label="Stories",
                         entry_page=lambda story: f"cau-chuyen/{story.year}/{story.slug}.md"))
    try:
        assert preview_paths(False)["story"] == "cau-chuyen/{year}/{slug}.html"
    finally:
        unregister("story")
    assert "story" not in preview_paths(False)


def test_the_editor_is_never_part_of_the_site(site) -> None:
    names = [path for path in site.root.rglob("*") if "decap" in path.name.lower() or path.name in
             ("config.yml", "editor.js", "editor.css")]
    assert names == []
    for path in site.root.rglob("*"):
        if path.suffix in (".html", ".js", ".json", ".xml", ".css"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "decap-cms" not in text and "/api/v1" not in text, path

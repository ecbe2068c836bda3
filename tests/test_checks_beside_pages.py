"""A parallel build's text checks convert no Markdown body a language process showed clean.

The language processes convert every page anyway and check what it renders to with the
content rules (``content_findings``); a page whose HTML breaks none notes its body
(``process_shared.note_clean_body``), and the build's own process converts only the bodies no
page noted (``content.checks.UnconvertedBodies.finish``). That is as strong as converting
them all only if a page's HTML breaks exactly the rules the text checks' own conversion of
the same file breaks: this is tested here with the old conversion as the oracle, for every
Markdown file of the site and a corpus of hostile bodies, each as a page, as a translated
English page and as a collection entry's body. A build with unsafe bodies planted still
fails with the message the checks gave when they converted every body themselves.
"""

from __future__ import annotations

import multiprocessing
import re
from pathlib import Path

import pytest

from campaign_site.content.checks import TextChecks, rendered_body_digests, source_files
from campaign_site.content.reader import read_markdown
from campaign_site.plugins import campaign, process_shared
from campaign_site.plugins.campaign import CampaignPlugin
from campaign_site.postprocess import html_policy
from campaign_site.publish.build import BuildFailed, build_site
from conftest import copy_project

HOSTILE = Path(__file__).with_name("hostile")
LONG = "Chữ " * 4_000  # a 16,000-character line (refused only above 20,000)

# Bodies that try every way to get past the rules, or to come out differently as a page
# (MkDocs rewrites the relative links of a page: a href and img src without a scheme).
CORPUS = [
    "<script>alert(1)</script>\n",
    "Đoạn văn.\n\n<div onclick=\"x()\">khối</div>\n",
    "[liên kết](javascript:alert(1))\n",
    "[liên kết](JaVaScRiPt:alert(1))\n",
    "[liên kết]( javascript:alert(1))\n",
    "[tải](&#106;avascript:alert(1))\n",
    "<a href=\"java&#x09;script:alert(1)\">a</a>\n",
    "<a href=\"&#x6A;avascript:alert(1)\">a</a>\n",
    "[trang](index.md){: onmouseover=\"x()\" }\n",
    "[trang](index.md){: style=\"background:url(https://attacker.example/x)\" }\n",
    "![ảnh](../assets/images/favicon.png){: onerror=\"x()\" }\n",
    "# Tiêu đề {: onclick=\"x()\" }\n",
    "Đoạn {: data-x=\"1\" }\n",
    "![ảnh](https://attacker.example/a.png)\n",
    "![ảnh](//attacker.example/a.png)\n",
    "![ảnh](\\\\attacker.example\\a.png)\n",
    "![ảnh](/\\attacker.example/a.png)\n",
    "![ảnh](/assets/images/favicon.png)\n",
    "![ảnh](../assets/images/favicon.png)\n",
    "![](../assets/images/favicon.png)\n",
    "![ảnh](data:image/png;base64,AAAA)\n",
    "![ảnh][r]\n\n[r]: https://attacker.example/r.png\n",
    "[a][r]\n\n[r]: javascript:alert(1)\n",
    "[trang chủ](index.md) [tiếng Anh](index.en.md) [thư mục](tai-lieu/) [neo](#neo) [không có](khong-co.md)\n",
    "[tệp](javascript:x.md) [tệp](./javascript:x.md) [tệp](../index.md#neo)\n",
    "<img src=\"../assets/images/favicon.png\">\n",
    "<img src=\"x.png\" alt=\"\">\n",
    "<img srcset=\"https://attacker.example/a.png 1x, b.png 2x\" alt=\"a\">\n",
    "<video poster=\"https://attacker.example/p.png\" src=\"v.mp4\"></video>\n",
    "<audio src=\"https://attacker.example/a.mp3\"></audio>\n",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>\n",
    "<math><mi>x</mi></math>\n",
    "<template><img src=x onerror=alert(1)></template>\n",
    "<details open><summary>Tóm tắt</summary>\n\nNội dung\n\n</details>\n",
    "<iframe src=\"https://attacker.example\"></iframe>\n",
    "<object data=\"x.swf\"></object>\n",
    "<form action=\"https://attacker.example\"><input></form>\n",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://attacker.example\">\n",
    "<link rel=\"stylesheet\" href=\"https://attacker.example/s.css\">\n",
    "<style>@import url(https://attacker.example/s.css);</style>\n",
    "<p style=\"color:red\">đỏ</p>\n",
    "<span title=\"x\" lang=\"vi\" aria-label=\"y\">ok</span> <abbr title=\"t\">T</abbr>\n",
    "<body onload=\"x()\">\n",
    "<html lang=\"vi\"><body>x</body></html>\n",
    "<!-- <script>alert(1)</script> -->\n",
    "<![CDATA[<script>alert(1)</script>]]>\n",
    "<img src=x\nonerror=alert(1)>\n",
    "<a href=\"mailto:a@b.vn\">thư</a> <a href=\"tel:0262\">gọi</a> <a href=\"ftp://x\">ftp</a>\n",
    "[thư](mailto:a@b.vn) [gọi](tel:1800599920) [web](https://example.org) [ftp](ftp://example.org)\n",
    "<https://attacker.example/x> <a@b.vn>\n",
    "```html\n<script>alert(1)</script>\n```\n",
    "```html\n<script>alert(1)</script>\n",
    "~~~\n<script>\n~~~\n<script>alert(1)</script>\n",
    "    <script>alert(1)</script>\n",
    "\n\n    <b onclick=\"x()\">mã</b>\n\nĐoạn văn.\n",
    "   <b onclick=\"x()\">ba dấu cách</b>\n",
    "Đoạn văn\n    <b onclick=\"x()\">tiếp</b>\n",
    "`<script>` và ``<img onerror=x>``\n",
    "\\<script>alert(1)\\</script>\n",
    "&lt;script&gt; &amp;lt; &#60;script&#62;\n",
    "!!! note \"<img src=x onerror=alert(1)>\"\n    Nội dung <b onclick=\"x()\">b</b>\n",
    "!!! warning\n    [a](javascript:alert(1))\n",
    "??? note\n    x\n",
    "| A | B |\n|:--|--:|\n| <span onclick=\"x()\">1</span> | 2 |\n",
    "Bảng 1. Số liệu.\n\n| A | B |\n|---|:-:|\n| 1 | 2 |\n",
    "| A |\n|---|\n| <td style=\"text-align: left;\">x</td> |\n",
    "Chú thích[^1].\n\n[^1]: <script>alert(1)</script>\n",
    "*[HTML]: <img src=x onerror=alert(1)>\n\nHTML\n",
    "<div markdown=\"1\">\n[a](javascript:alert(1))\n</div>\n",
    "<div>\n[a](javascript:alert(1))\n</div>\n",
    "<div\n  onclick=\"x()\">tách dòng</div>\n",
    "<b>không đóng\n\n<i onclick=x>\n",
    "<a href=\"https://attacker.example\" ping=\"https://attacker.example/p\">p</a>\n",
    "<a href=\"x\" target=\"_blank\" rel=\"noopener\" download>x</a>\n",
    "<time datetime=\"2026-12-01\">1/12</time> <ol start=\"3\"><li value=\"4\">x</li></ol>\n",
    "<table><tr><td style=\"text-align: center;\">x</td><td style=\"text-align: center\">y</td></tr></table>\n",
    "<x-widget>tự đặt</x-widget> <blink>nháy</blink>\n",
    "<base href=\"https://attacker.example/\">\n",
    f"{LONG}\n\n[a](javascript:alert(1))\n",
    f"<b onclick=\"x()\">{LONG}</b>\n",
    "<" * 2_000 + "\n",
    "[" * 2_000 + "\n",
    "Cuối văn bản không xuống dòng <script>",
    "\n\n\nCó dòng trống ở đầu.\n\n\n\n",
    "",
    "   \n\n",
]


def corpus_bodies() -> list[str]:
    """The corpus and the hostile vectors' pages (tests/hostile/*.md)."""
    return CORPUS + [read_markdown(path).body for path in sorted(HOSTILE.glob("*.md"))]


ENTRY_HEAD = """---
title: "Văn bản thử {number}"
kind: other
summary: "Văn bản thử."
languages: [vi]
audience: [officials]
published: 2022-02-25
file: ke-hoach-41-kh-ubnd-2022.txt
source:
  publisher: Sở Lao động – Thương binh và Xã hội tỉnh Đắk Lắk
  title: Văn bản thử
  date: 3/2022
verified_on: 30/11/2026
---
"""


class Pages:
    """What a build with every gate open converted: each page's HTML and what it noted as clean."""

    def __init__(self) -> None:
        self.html: dict[tuple[int, str], str] = {}  # (build, src_uri) → the body's HTML
        self.noted: dict[str, list[tuple[int, str]]] = {}  # clean-body digest → pages noting it
        self.current: tuple[int, str] | None = None
        self.build = 0


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Pages, TextChecks]:
    """The site with the corpus added (each body a page, an English page, an entry's body),
    built in this process as a language process of a parallel build converts pages, every
    content rule switched off so that every page is converted and recorded."""
    project = copy_project(tmp_path_factory.mktemp("corpus"))
    bodies = corpus_bodies()
    for number, body in enumerate(bodies):
        (project / "docs" / f"thu-{number:03}.md").write_text(body, encoding="utf-8")
        (project / "docs" / f"thu-{number:03}.en.md").write_text(body, encoding="utf-8")
        (project / "content" / "resources" / f"thu-{number:03}.md").write_text(
            ENTRY_HEAD.format(number=number) + body, encoding="utf-8")
    pages = Pages()
    real_content = CampaignPlugin.on_page_content
    real_note = campaign.note_clean_body

    def on_page_content(self: CampaignPlugin, html: str, page, config, **kwargs) -> str:
        pages.current = (pages.build, page.file.src_uri)
        pages.html[pages.current] = html
        return real_content(self, html, page=page, config=config, **kwargs)

    def note(digest: str) -> None:
        assert pages.current is not None
        pages.noted.setdefault(digest, []).append(pages.current)
        real_note(digest)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(process_shared, "_checks_elsewhere", True)  # as in a language process
        patch.setattr(CampaignPlugin, "on_page_content", on_page_content)
        patch.setattr(campaign, "note_clean_body", note)
        patch.setattr(campaign, "content_findings_once", lambda html, cache: [])
        patch.setattr(campaign, "review_page", lambda *args, **kwargs: [])
        patch.setattr(campaign, "PageReviews", lambda *args, **kwargs: None)
        try:
            build_site(project / "mkdocs.yml", project / "site", jobs=1)
        except BuildFailed:
            pass  # (links to missing pages: every page was converted before the build stops)
    assert process_shared._checks is not None
    return project, pages, process_shared._checks[1]


def test_a_page_noting_a_body_clean_found_what_the_checks_find(converted: tuple[Path, Pages, TextChecks]) -> None:
    """Every Markdown file of the site and of the corpus: each page that noted its body found
    exactly the findings (rule, what, in document order) of the text checks' own conversion;
    every file is noted by some page but an entry whose first line is indented (its page
    shows it stripped: the checks convert that one themselves)."""
    project, pages, checks = converted
    assert checks.markdown is not None and pages.noted
    markdown, _ = source_files(project / "docs", project / "content")
    compared = uncovered = 0
    for path in markdown:
        body = read_markdown(path).body
        noting = {page for digest in rendered_body_digests(checks.markdown_key, body)
                  for page in pages.noted.get(digest, [])}
        if not noting:  # white space only, or an entry's body with its first line indented (shown stripped)
            uncovered += 1
            assert not body.strip() or (path.parent.name == "resources" and re.match(r"\s*?[ \t]", body)), path
            continue
        expected = html_policy.content_findings(checks.markdown.reset().convert(body))
        for page in noting:
            assert html_policy.content_findings(pages.html[page]) == expected, (path, page)
            compared += 1
    assert uncovered <= 9 and compared >= 6 * len(corpus_bodies())


def test_an_entry_body_with_an_indented_first_line_is_left_to_the_checks(
        converted: tuple[Path, Pages, TextChecks]) -> None:
    """A page notes the body it converted; the checks take only what they would convert alike.
    An entry's page shows its body stripped: with its first line indented (code, for the checks),
    what the page converted is another text, with other findings; the checks convert it themselves."""
    project, pages, checks = converted
    markdown, _ = source_files(project / "docs", project / "content")
    known = {digest for path in markdown
             for digest in rendered_body_digests(checks.markdown_key, read_markdown(path).body)}
    unknown = sorted({page for digest in set(pages.noted) - known for page in pages.noted[digest]})
    indented = [number for number, body in enumerate(corpus_bodies()) if re.match(r"\s*?[ \t]+\S", body)]
    assert unknown and {uri.rsplit("/", 1)[-1] for _, uri in unknown} <= {f"thu-{number:03}.md" for number in indented}
    assert all("/" in uri for _, uri in unknown)  # entries' pages (tai-lieu/…), not pages of docs/
    code = [number for number in indented if re.match(r"\s*?    ", corpus_bodies()[number])]
    assert code
    for number in code:
        body = read_markdown(project / "content" / "resources" / f"thu-{number:03}.md").body
        page = pages.html[(0, f"tai-lieu/thu-{number:03}.md")]
        assert html_policy.content_findings(page) != html_policy.content_findings(
            checks.markdown.reset().convert(body)), number


# --- builds with unsafe bodies planted -------------------------------------------------------


PLANTED = {
    "docs/lich-bao-cao.md": '\n<iframe src="https://attacker.example"></iframe>\n',
    "docs/noi-dung-trong-tam.en.md": "\n[Tải về](javascript:alert(1))\n",
    "content/resources/ke-hoach-41-kh-ubnd-2022.md": '\n<img src="https://attacker.example/x.png" alt="x">\n',
}


def refusal(project: Path, out: Path, jobs: int) -> BuildFailed:
    with pytest.raises(BuildFailed) as failed:
        build_site(project / "mkdocs.yml", out, jobs=jobs)
    assert not out.exists() and multiprocessing.active_children() == []
    return failed.value


@pytest.mark.parametrize("target", sorted(PLANTED))
def test_an_unsafe_body_refuses_a_parallel_build_as_before(target: str, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """An unsafe body in a Vietnamese page, a translated English page, a collection entry: the
    parallel build (its language processes find it first) fails with the message and the
    problems (file:line, field, message id, parameters) of the checks run before any language
    process, where they convert every body; nothing is published."""
    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(project)  # (files named as the person knows them: content/…)
    file = project / target
    file.write_text(file.read_text(encoding="utf-8") + PLANTED[target], encoding="utf-8")
    beside = refusal(project, tmp_path / "site", jobs=2)
    monkeypatch.setattr(CampaignPlugin, "defer_text_checks", property(lambda self: False, lambda self, value: None),
                        raising=False)
    before = refusal(project, tmp_path / "site", jobs=2)
    assert str(beside) == str(before)
    assert [(p, p.msgid, p.params) for p in beside.problems] == [(p, p.msgid, p.params) for p in before.problems]
    assert [p.path for p in beside.problems] == [target], beside.problems
    line = file.read_text(encoding="utf-8").splitlines().index(PLANTED[target].strip()) + 1
    assert beside.problems[0].line == line
    assert "problem(s) in the content; nothing was published" in str(beside)


def test_a_text_made_to_convert_for_minutes_stops_a_parallel_build_in_seconds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A line of 19,999 '[' takes Python-Markdown minutes to convert. The checks give a file
    MAX_SECONDS (here 1 s); a language process converting it for a page gives it as long, then
    stops: the build fails with the checks' message (its longest line), as when they ran first,
    and the language processes used seconds of CPU, not minutes."""
    import resource

    from campaign_site.content import html_safety

    monkeypatch.setattr(html_safety, "MAX_SECONDS", 1.0)
    monkeypatch.setattr(campaign, "MAX_SECONDS", 1.0)
    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(project)
    page = project / "docs" / "lich-bao-cao.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n" + "[" * 19_999 + "\n", encoding="utf-8")
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    beside = refusal(project, tmp_path / "site", jobs=2)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime < 60
    monkeypatch.setattr(CampaignPlugin, "defer_text_checks", property(lambda self: False, lambda self, value: None),
                        raising=False)
    before = refusal(project, tmp_path / "site", jobs=2)
    assert str(beside) == str(before)
    assert [(p, p.msgid, p.params) for p in beside.problems] == [(p, p.msgid, p.params) for p in before.problems]
    assert [(p.path, p.line, p.msgid) for p in beside.problems] == [
        ("docs/lich-bao-cao.md", len(page.read_text(encoding="utf-8").splitlines()), html_safety.TOO_SLOW)]


# --- what a page notes ---------------------------------------------------------------------


@pytest.mark.parametrize("change, noted", [
    ({}, True),
    ({"seconds": 5.0}, False),  # as slow as the checks allow: they convert it (and say it is too slow)
    ({"markdown": "Khác.\n"}, False),  # another plugin changed the Markdown
    ({"content": "<p>khác</p>"}, False),  # another plugin changed the HTML before ours saw it
    ({"read": None}, False),  # not read by our reader (no body known)
])
def test_a_page_notes_only_a_body_converted_as_read_in_time(change: dict, noted: bool,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    body = "\n\nĐoạn văn [a](index.md).\n\n"
    found: list[str] = []
    monkeypatch.setattr(campaign, "note_clean_body", found.append)
    plugin = CampaignPlugin()
    plugin.generated, plugin._markdown_settings = {}, "settings"
    html = "<p>Đoạn văn <a href=\"index.html\">a</a>.</p>"
    page = SimpleNamespace(file=SimpleNamespace(src_uri="a.md"), markdown=change.get("markdown", body.strip("\n")),
                           content=change.get("content", html))
    if change.get("read", body) is not None:
        plugin._read_bodies["a.md"] = body
    plugin._render_seconds["a.md"] = change.get("seconds", 0.01)
    plugin._note_clean_body(page, html)
    assert found == ([rendered_body_digests("settings", body)[0]] if noted else [])
    assert plugin._read_bodies == {} and plugin._render_seconds == {}  # (nothing kept per page)


@pytest.mark.parametrize("title, noted", [("Văn bản *thử* <b>", True), ("Hai dòng\n~~~", False)])
def test_an_entry_page_notes_its_body_after_a_one_line_heading(title: str, noted: bool,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A generated page converts its title's heading, then its entry's body: noted as that body
    (what the checks take for the file's body stripped), only when the heading is one line (a
    title over two lines could open a block, a fence, taking the body in)."""
    from types import SimpleNamespace

    from campaign_site.content.models import Localized
    from campaign_site.pages.spec import GeneratedPage, markdown_text

    body = "Nội dung <b>đậm</b>."
    found: list[str] = []
    monkeypatch.setattr(campaign, "note_clean_body", found.append)
    plugin = CampaignPlugin()
    plugin.i18n = SimpleNamespace(site_languages=SimpleNamespace(default="vi"), language="vi")
    monkeypatch.setattr(CampaignPlugin, "language", property(lambda self: "vi"))
    spec = GeneratedPage("tai-lieu/a.md", Localized({"vi": title}), Localized({"vi": ""}), "t.html",
                         body=Localized({"vi": body}))
    plugin.generated, plugin._markdown_settings = {"tai-lieu/a.md": (spec, "vi")}, "settings"
    html = "<h1>x</h1><p>Nội dung <b>đậm</b>.</p>"
    page = SimpleNamespace(file=SimpleNamespace(src_uri="tai-lieu/a.md"), content=html,
                           markdown=f"# {markdown_text(title)}\n\n{body}")
    plugin._read_bodies["tai-lieu/a.md"] = "(the generated Markdown after its front matter)"
    plugin._render_seconds["tai-lieu/a.md"] = 0.01
    plugin._note_clean_body(page, html)
    assert found == ([rendered_body_digests("settings", f"\n{body}\n\n")[1]] if noted else [])

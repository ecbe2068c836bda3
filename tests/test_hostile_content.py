"""Hostile content: one file per vector in tests/hostile/, each refused by `check`
and `build` with its file and line, and inert in Chromium even behind the gates.

A vector is a Markdown page (``NAME.md``, placed as ``docs/hostile-NAME.md``) or
a change to a content file (``NAME.yaml``: ``file``, the ``line`` to replace, what
it ``becomes``, the ``page`` that shows it). Every vector tries to run script
(``window.__pwned``, the title), to leave for another host or to load from one.

- ``check`` names the file and the line of every vector, and ``build`` refuses
  the site (nothing is published);
- Chromium opens each vector's page in a site built with the content checks
  and the page gate switched off, so what is tested is the layer behind them
  (escaping in every template, the Content-Security-Policy of our own scripts):
  nothing runs, nothing is requested from another host, nobody is forwarded.
  Vectors that only the gate can stop say why in ``GATE_ONLY``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from campaign_site.publish.build import BuildFailed, build_site
from conftest import BuiltSite, build_project, copy_project

HOSTILE = Path(__file__).with_name("hostile")
# A <meta http-equiv="refresh"> typed into a page works wherever it is: no
# policy a page can set stops it, so the gate is what keeps it out.
GATE_ONLY = {"meta-refresh-body": "a refresh typed into the page itself is followed by any browser",
             # the model refuses the address: such a service is never published (escaping: test below)
             "service-website": "the address never reaches a page: the model refuses it"}


@dataclass(frozen=True)
class Vector:
    name: str
    target: str  # file changed in the project
    page: str  # site path of the page showing it
    text: str  # the target file's new text
    expected_line: int

    def apply(self, project: Path) -> None:
        (project / self.target).write_text(self.text, encoding="utf-8")


def load_vector(path: Path) -> Vector:
    if path.suffix == ".md":
        text = path.read_text(encoding="utf-8")
        return Vector(path.stem, f"docs/hostile-{path.stem}.md", f"hostile-{path.stem}.html", text,
                      _line_of_first_markup(text))
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    original = (copy_source := Path(__file__).resolve().parents[1] / spec["file"]).read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    index = next((i for i, line in enumerate(lines) if line.rstrip("\n") == spec["line"]), None)
    assert index is not None, f"{path.name}: line not found in {copy_source}: {spec['line']!r}"
    lines[index] = spec["becomes"] + "\n"
    text = "".join(lines)
    offset = next(i for i, line in enumerate(spec["becomes"].splitlines()) if "<" in line)
    return Vector(path.stem, spec["file"], spec["page"], text, index + 1 + offset)


def _line_of_first_markup(text: str) -> int:
    """The vector's line: the one marked with the comment-free marker text."""
    for number, line in enumerate(text.splitlines(), start=1):
        if any(mark in line for mark in ("attacker.example", "__pwned", "data:")):
            return number
    raise AssertionError("a vector must mention attacker.example, __pwned or a data: URL")


VECTORS = [load_vector(path) for path in sorted(HOSTILE.glob("*.*"))]
IDS = [vector.name for vector in VECTORS]


def run_check(project: Path) -> subprocess.CompletedProcess[str]:
    cli = Path(sys.executable).with_name("campaign-site")
    return subprocess.run([str(cli), "check", "--lang", "en"], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=120)


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project holding every vector (each changes a different file or line)."""
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    assert len({vector.target for vector in VECTORS if not vector.target.startswith("docs/")}) == \
        len([vector for vector in VECTORS if not vector.target.startswith("docs/")])
    for vector in VECTORS:
        vector.apply(project)
    return project


@pytest.fixture(scope="module")
def check_output(hostile_project: Path) -> str:
    done = run_check(hostile_project)
    assert done.returncode == 1, done.stdout + done.stderr
    return done.stdout


@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_check_names_file_and_line(vector: Vector, check_output: str) -> None:
    assert f"{vector.target}:{vector.expected_line}: " in check_output, check_output


def test_build_refuses_hostile_content(hostile_project: Path, tmp_path: Path) -> None:
    with pytest.raises(BuildFailed):
        build_site(hostile_project / "mkdocs.yml", tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_a_120_kb_line_of_unclosed_tags_is_refused_at_once(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "dai.md").write_text("# Dài\n\n" + "<a " * 40_000 + "\n", encoding="utf-8")
    done = run_check(project)  # (a timeout of 120 s fails the test; it takes about a second)
    assert done.returncode == 1
    assert "docs/dai.md:3: (text): line of 120001 characters" in done.stdout, done.stdout


@pytest.fixture(scope="module")
def behind_the_gates(hostile_project: Path, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The hostile site built with the content checks and the page gate switched off."""
    from campaign_site.content import checks
    from campaign_site.plugins import campaign

    real_review, real_load = campaign.review_page, campaign.load_content

    def lenient_load(*args, **kwargs):  # entries the models refuse are left out, not fatal
        content = real_load(*args, **kwargs)
        content.problems = []
        return content

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(campaign, "load_content", lenient_load)
        patch.setattr(checks.TextChecks, "problems", lambda self, docs, content: [])
        patch.setattr(campaign, "content_findings_once", lambda html, cache: [])
        patch.setattr(campaign, "review_page",
                      lambda html, path, policy, *rest: real_review(html, path, None, *rest))
        # (and the cache of reviews in front of it: nothing reviewed this way is kept)
        patch.setattr(campaign, "PageReviews", lambda *args, **kwargs: None)
        return build_project(hostile_project, tmp_path_factory.mktemp("behind") / "site", jobs=1)


@pytest.mark.browser
@pytest.mark.parametrize("vector", [v for v in VECTORS if v.name not in GATE_ONLY], ids=lambda v: v.name)
def test_nothing_runs_behind_the_gates(vector: Vector, behind_the_gates: BuiltSite, browser) -> None:
    page_file = behind_the_gates.root / vector.page
    assert page_file.is_file(), vector.page
    context = browser.new_context()
    requests: list[str] = []  # what got past the page's policy towards the network (answered here, locally)

    def away(route) -> None:
        requests.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>away</title>")

    context.route(lambda url: not url.startswith(("file://", "data:")), away)
    page = context.new_page()
    try:
        page.goto(page_file.as_uri(), wait_until="load")
        title = page.title()
        # every link and handler the vector may have planted: hover and click each link of the content
        for link in page.locator("article a[onmouseover]").all():
            link.hover()
        for link in page.locator("article a[href^='jav']").all():
            link.click(no_wait_after=True)
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        assert page.evaluate("() => window.__pwned") is None
        assert page.title() == title != "PWNED"
        assert page.url == page_file.as_uri()
        assert requests == []
    finally:
        context.close()

"""Shared fixtures: each site is built once per session and reused."""

from __future__ import annotations

import dataclasses
import fcntl
import json
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config

from campaign_site import work_log
from campaign_site.publish.build import ProblemLog, build_site
from campaign_site.plugins.campaign import find_i18n_plugin

REPO = Path(__file__).resolve().parents[1]
# Every build in the test session sees the same "today" (during Action Month 2022),
# so output never depends on the clock and parallel/sequential builds compare.
os.environ["CAMPAIGN_TODAY"] = "2022-11-20"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
PROJECT_PARTS = ("mkdocs.yml", "docs", "content", "overrides")
CHROMIUM = Path("/usr/bin/chromium")
WORK_LOG = "work.log"  # beside the session's site: campaign_site.work_log's lines of its build


# A public address for test builds (never requested): with the shipped placeholder
# (binhdanggioi.example) a build writes no QR code, canonical link, sitemap or
# Open Graph URL. example.net is reserved by RFC 2606 (nobody's real site) but is
# not under a reserved suffix, so campaign_site.urls.public_base_url accepts it.
PUBLIC_URL = "https://binh-dang-gioi.example.net/"  # (not containing the placeholder host)


def set_public_url(project: Path, url: str = PUBLIC_URL) -> Path:
    """Give the copied ``project`` a real-looking public address (its mkdocs.yml's default)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    placeholder = 'site_url: !ENV [SITE_URL, "https://binhdanggioi.example/"]'
    assert placeholder in text
    config.write_text(text.replace(placeholder, f'site_url: !ENV [SITE_URL, "{url}"]'), encoding="utf-8")
    return project


def copy_project(target: Path) -> Path:
    """Copy the site sources (config, pages, content, overrides) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    return target


@dataclass
class BuiltSite:
    """A site built from a project directory, with the warnings logged on the way."""

    project: Path
    root: Path
    warnings: list[str]
    languages: list[str]
    default_language: str

    def page(self, relative: str) -> BeautifulSoup:
        """Parsed HTML of ``relative`` (e.g. ``en/index.html``)."""
        return BeautifulSoup((self.root / relative).read_text(encoding="utf-8"), "html.parser")

    def prefix(self, language: str) -> str:
        """URL folder of ``language`` ('' for the default language)."""
        return "" if language == self.default_language else f"{language}/"


def build_project(project: Path, out: Path, jobs: int = 1, **overrides: object) -> BuiltSite:
    """Build ``project`` into ``out``, collecting every warning MkDocs logs (in this process)."""
    collector = ProblemLog()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        build_site(project / "mkdocs.yml", out, jobs=jobs, **overrides)
    finally:
        logger.removeHandler(collector)
    config = load_config(config_file=str(project / "mkdocs.yml"))
    languages = find_i18n_plugin(config).site_languages
    config.plugins.on_shutdown()
    return BuiltSite(project, out, collector.messages, list(languages.built), languages.default)


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str,
               build: Callable[[Path], BuiltSite]) -> BuiltSite:
    """``build(folder)`` run once per test run, even when pytest-xdist runs the suite in
    several worker processes (``make test``): the first worker to ask builds under a lock,
    the others wait for it and read the same site back (no site is built twice).

    ``folder`` is an empty folder for the project and its output; the result (paths,
    warnings, languages) is kept in ``folder/built.json``. Without xdist this is simply
    ``build(tmp_path_factory.mktemp(name))``.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return build(tmp_path_factory.mktemp(name))
    # every worker's base temp folder (pytest-N/popen-gwK) is in the run's own pytest-N
    shared = tmp_path_factory.getbasetemp().parent
    folder, record = shared / name, shared / name / "built.json"
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # (released when the file is closed)
        if not record.is_file():
            shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt left
            folder.mkdir()
            built = build(folder)
            fields = dataclasses.asdict(built)
            record.write_text(json.dumps({k: str(v) if isinstance(v, Path) else v for k, v in fields.items()}),
                              encoding="utf-8")
    fields = json.loads(record.read_text(encoding="utf-8"))
    return BuiltSite(**{**fields, "project": Path(fields["project"]), "root": Path(fields["root"])})


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The repository's own site, built once for the whole session (and once for all xdist
    workers), one process per language (as `campaign-site build` does by default)."""
    def build(folder: Path) -> BuiltSite:
        project = set_public_url(copy_project(folder / "project"))
        with pytest.MonkeyPatch.context() as patch:  # what each process did (test_build_cache)
            patch.setenv(work_log.VARIABLE, str(folder / "built" / WORK_LOG))
            return build_project(project, folder / "built" / "site", jobs=2)

    return built_once(tmp_path_factory, "site", build)


#: An earlier campaign year, for the Action Month archive (placeholder_site has it).
EARLIER_CAMPAIGN = """\
year: 2021
theme:
  vi: Chủ đề thử của năm 2021
  en: Test theme of 2021
start: 15/11/2021
end: 15/12/2021
"""


def small_project(target: Path) -> Path:
    """A copy of the repository's project publishing Vietnamese and English only, with an
    earlier campaign year (2021) added."""
    project = copy_project(target)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for name in ("Ê Đê", "J'rai", "M'nông"):
        text = text.replace(f"name: {name}\n          build: true", f"name: {name}\n          build: false")
    config.write_text(text, encoding="utf-8")
    (project / "content" / "campaigns" / "2021.yaml").write_text(EARLIER_CAMPAIGN, encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def placeholder_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """:func:`small_project` with its placeholder address (binhdanggioi.example, no SITE_URL),
    built "on" 30/11/2026: what a communicator gets before setting the address."""
    def build(folder: Path) -> BuiltSite:
        project = small_project(folder / "project")
        with pytest.MonkeyPatch.context() as patch:
            patch.delenv("SITE_URL", raising=False)
            patch.setenv("CAMPAIGN_TODAY", "2026-11-30")
            patch.setenv("SOURCE_DATE_EPOCH", "1795996800")
            return build_project(project, folder / "built" / "site", jobs=1)

    return built_once(tmp_path_factory, "placeholder", build)


@pytest.fixture(scope="session")
def public_site(site: BuiltSite) -> BuiltSite:
    """The repository's site built for a real public address (the session's site is)."""
    return site


@pytest.fixture(scope="session")
def sequential_site(site: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The same sources as ``site`` built again, in this process, one language after the other
    (for comparisons: the same bytes whatever the order or number of processes)."""
    return built_once(tmp_path_factory, "sequential",
                      lambda folder: build_project(site.project, folder / "site", jobs=1))


#: The screens the browser tests look at, in CSS pixels (playwright's viewport): a small phone, a laptop.
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture(params=list(VIEWPORTS))
def screen_page(browser, request):  # noqa: ANN001, ANN201 (playwright types are imported lazily)
    """A page in a fresh browser context, once for each screen of :data:`VIEWPORTS`; closed after the test."""
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Debian's chromium is required: apt-get install chromium"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def http_base(site: BuiltSite) -> Iterator[str]:
    """The built site served on 127.0.0.1 (a free port), for online behaviour."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(QuietHandler, directory=str(site.root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


NEUTRAL_SITE = "https://www.google.com/"


def block_other_hosts(context, requests: list[str]) -> None:
    """Record every request; answer the neutral exit site locally (no real traffic)."""
    context.on("request", lambda request: requests.append(request.url))
    context.route(
        lambda url: not url.startswith(("file://", "http://127.0.0.1", "data:", "blob:")),
        lambda route: route.fulfill(status=200, content_type="text/html", body="<title>neutral</title>"),
    )

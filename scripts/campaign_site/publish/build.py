"""Strict, atomic site builds: the output directory changes only on success.

The output folder is checked first (:mod:`.output_guard`: never the project, a
source folder or a folder the build did not make); the site is built in a
locked work folder beside it (:mod:`.workdirs`, which also removes what killed
builds left), language processes end with the build (:mod:`.lifeline`), and
the finished site is exchanged with the old one in one step (:mod:`.swap`).
"""

from __future__ import annotations

import dataclasses
import gc
import logging
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from .. import work_log
from ..content.errors import ContentProblem
from ..pages.build_cache import build_started, prune
from ..plugins.build_warnings import BuildWarnings
from ..languages import SiteLanguages, UnknownLanguage
from ..plugins.process_shared import (Loaded, adopt, clean_bodies, loaded, share_with, shared_role,
                                     signal_bodies_with, twin_role, twins_with, written_pages)
from ..plugins.twin_pages import Twin
from .lifeline import die_with_parent
from .output_guard import check_output, mark_output
from .schedule import Schedule, most_processes
from .swap import swap_in
from .workdirs import WorkFolder, remove_stale

if TYPE_CHECKING:
    from ..project import Project

# Material prints a banner about MkDocs 2 unless told not to (documented switch).
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

log = logging.getLogger("campaign_site.build")


class ProblemLog(logging.Handler):
    """Collects the warnings and errors MkDocs logs, to name them in the failure."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class BuildFailed(Exception):
    """The site could not be built; the previous output is untouched.

    ``problems``: what stopped it, each at a file and line (content problems,
    MkDocs' link and navigation checks), to show with ``render(lang)``; the
    message (``str``) also holds whatever else was logged.
    """

    def __init__(self, message: str, problems: list[ContentProblem] | None = None) -> None:
        super().__init__(message)
        self.problems = sorted(set(problems or []))

    def __reduce__(self):  # crosses process boundaries (parallel builds)
        return (BuildFailed, (str(self), self.problems))

    def render(self, lang: str) -> str:
        """Every problem in ``lang``, one per line; the raw message when none was recognised."""
        if not self.problems:
            return str(self)
        return "\n".join(problem.render(lang) for problem in self.problems)


@dataclass(frozen=True)
class BuildResult:
    """Where the site was written and how long it took (per language when parallel)."""

    site_dir: Path
    seconds: float
    languages: dict[str, float] = field(default_factory=dict)


class _Report:
    """What MkDocs logs while a step of a build runs (one or several steps of one
    configuration), and the :class:`BuildFailed` naming every problem when a step fails."""

    def __init__(self) -> None:
        self.problems = ProblemLog()
        self.warnings: BuildWarnings | None = None

    def start(self, config: MkDocsConfig, config_file: Path, source_of: Callable[[str], Path | None]) -> None:
        self.warnings = BuildWarnings(Path(config.docs_dir), config_file, source_of)

    @contextmanager
    def watching(self) -> Iterator[None]:
        """Run the ``with`` block collecting MkDocs' log; raise BuildFailed for what it raises."""
        assert self.warnings is not None
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.addHandler(self.problems)
        mkdocs_log.addHandler(self.warnings)
        try:
            yield
        except MkDocsException as error:
            raise BuildFailed("\n".join([*self.problems.messages, str(error)]),
                              self.warnings.problems + self.warnings.stopped_by(error)) from error
        except BuildFailed:
            raise
        except Exception as error:  # a template or plugin bug: say where, keep the old site
            raise BuildFailed(f"{error.__class__.__name__}: {error}") from error
        finally:
            mkdocs_log.removeHandler(self.problems)
            mkdocs_log.removeHandler(self.warnings)


def _run(config_file: Path, site_dir: Path, language: str | None, overrides: dict[str, object],
         step: Callable[[MkDocsConfig], object], report: _Report | None = None) -> float:
    """``step(config)`` (a build, one language or all) for ``site_dir``; raise BuildFailed naming every
    problem (``report``: where MkDocs' log is kept, to run a later step with it)."""
    from ..plugins.campaign import find_campaign_plugin
    from ..plugins.i18n import only_locale_options

    started = time.perf_counter()
    if language is not None:  # static-i18n's own option for building one language
        overrides = {**overrides, **only_locale_options(config_file, language)}
    config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True, **overrides)
    campaign = find_campaign_plugin(config)
    report = report or _Report()
    report.start(config, config_file, campaign.source_of)
    try:
        with report.watching():
            # (MkDocs gives every configuration of a process the same plugin instances)
            campaign.one_of_parallel_languages = language is not None
            step(config)
    finally:
        config.plugins.on_shutdown()
    return time.perf_counter() - started


def _build_into(config_file: Path, site_dir: Path, language: str | None, overrides: dict[str, object]) -> float:
    """Build (one language, or all) into ``site_dir``; raise BuildFailed naming every problem."""
    return _run(config_file, site_dir, language, overrides, mkdocs_build)


# the text checks of a parallel build (plugins.campaign.CampaignPlugin.pending_text_checks): run, they
# return what checks the Markdown bodies not among the digests it is given (all raise ProblemsFound)
TextChecksLater = Callable[[], Callable[[Collection[str]], None]]


def _load_once(config_file: Path, site_dir: Path, language: str, overrides: dict[str, object],
               report: _Report) -> tuple[Loaded, TextChecksLater | None]:
    """Load, validate and check the content in this process, as ``language``'s build does
    (MkDocs' ``config`` event: a problem raises BuildFailed, once for every language),
    for the language processes to adopt instead of each doing it again.

    The glyph and unsafe-Markdown checks are left for later when nothing else was found:
    returned, to run (with ``report``) while the language processes build; they then run none.
    Run, they return what converts the Markdown bodies no language process found clean.
    """
    from ..plugins.campaign import find_campaign_plugin

    pending: list[TextChecksLater | None] = [None]

    def config_event(config: MkDocsConfig) -> None:
        campaign = find_campaign_plugin(config)
        campaign.defer_text_checks = True
        try:
            config.plugins.on_config(config)
        finally:
            campaign.defer_text_checks = False
        pending[0] = campaign.pending_text_checks

    _run(config_file, site_dir, language, overrides, config_event, report)
    return dataclasses.replace(loaded(), checks_elsewhere=pending[0] is not None), pending[0]


def _import_hooks() -> None:
    """Import what every language build imports on first use: the content types' hooks
    (their generated pages and exports, named by module path: ``content.types.resolve``)."""
    from ..content.types import content_types, resolve

    for kind in content_types():
        for hook in kind.hooks:
            resolve(hook)


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the pool's processes now, not when their languages are built (their work is thrown away)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # (public only from Python 3.14)
    for process in processes:
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)
    for process in processes:
        process.join()


def _start_language_process(parent: int, state: Loaded, bodies_written: object, shared_written: object,
                            twins_done: object = None) -> None:
    """Process-pool initializer: end with the build, use what it loaded, say when the default
    language's bodies are written (``bodies_written``: a multiprocessing Event; .schedule), and
    when the collection bodies shared by the languages showing only the default's are
    (``shared_written``: :func:`_shared_roles`); hear when the twin languages' source ended
    (``twins_done``: :func:`_twins`)."""
    die_with_parent(parent)
    adopt(state)
    signal_bodies_with(bodies_written)
    share_with(shared_written)
    twins_with(twins_done)


def _language_worker(config_file: str, language: str, site_dir: str, overrides: dict[str, object],
                     role: str = "", twin: Twin | None = None) -> tuple[str, float, frozenset[str], dict[str, bool]]:
    """Process-pool entry point: build one language (``role``: its part in what the languages
    showing only the default's share, :func:`_shared_roles`; ``twin``: its part in making twin
    languages' pages, :func:`_twins`); (language, seconds, digests of the Markdown bodies it
    converted and found clean: ``process_shared.clean_bodies``, its pages' site paths → whether
    each is a fallback copy: ``process_shared.written_pages``)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    work_log.note("language-start", language)
    if work_log.enabled():  # (counting them walks the ~110,000 objects: ~10 ms)
        work_log.note("language-frozen-objects", f"{language} {gc.get_freeze_count()}")
    clean_bodies(), written_pages()  # (none of an earlier language's)
    shared_role(role)
    twin_role(twin)
    try:
        seconds = _build_into(Path(config_file), Path(site_dir), language, overrides)
    finally:
        shared_role("")
        twin_role(None)
    return language, seconds, clean_bodies(), written_pages()


def _shared_roles(state: Loaded, languages: list[str]) -> dict[str, str]:
    """Which languages (in the order they start) show only the default language's labels and texts
    (``pages/code_withheld.py``): the first of them renders the collection bodies and search texts
    they share (``"make"``), the others wait for them (``"read"``); none when fewer than two."""
    from ..pages.code_withheld import shows_only_default

    if state.content is None:
        return {}
    content = state.content[1]
    alike = [language for language in languages if shows_only_default(content, language)]
    if len(alike) < 2:
        return {}
    return {language: "make" if language == alike[0] else "read" for language in alike}


def _twins(project: Project, roles: Mapping[str, str], folder: Callable[[], Path]) -> dict[str, Twin]:
    """The twin languages (``plugins/twin_pages.py``) among those showing only the default's
    (``roles``: :func:`_shared_roles`): the first of them (its source) and each later one that has
    no page of its own in ``docs/`` and the same ``campaign-i18n`` settings as the source but
    for its code, name and default link; none when no later one is. ``folder()``: makes where
    the source's process writes its pages for them (only when there are twins)."""
    from ..pages.share import og_locale
    from ..plugins.campaign import find_i18n_plugin

    source = next((language for language, role in roles.items() if role == "make"), None)
    if source is None:
        return {}
    entries = {str(entry["locale"]): dict(entry) for entry in find_i18n_plugin(project.config).config.languages}

    def settings(code: str) -> dict[str, object] | None:
        entry = entries.get(code)
        if entry is None or entry.get("link") not in (None, f"/{code}/"):
            return None
        return {key: value for key, value in entry.items() if key not in ("locale", "name", "link")}

    own = _languages_with_pages(Path(project.config.docs_dir), project.site_languages)
    if settings(source) is None or source in own:
        return {}
    derived = [language for language, role in roles.items()
               if role == "read" and language not in own and settings(language) == settings(source)]
    if not derived:
        return {}
    locales = {code: og_locale(code) for code in [source, *derived]}
    where = folder()
    return {language: Twin("make" if language == source else "derive", language, source, where, locales)
            for language in [source, *derived]}


def _languages_with_pages(docs: Path, languages: SiteLanguages) -> set[str]:
    """The languages that have a file of their own in ``docs`` (``page.rad.md``, ``poster.rad.png``)."""
    found: set[str] = set()
    for path in docs.rglob("*"):
        try:
            _, language = languages.split(path.name)
        except UnknownLanguage:
            continue
        if language is not None:
            found.add(language)
    return found


#: the twin folders' names: this, the build process's id, a hyphen and a random part
TWIN_FOLDER_PREFIX = "campaign-twins-"


def _twin_folder() -> Path:
    """A new folder for the twin languages' source pages: in memory (``/dev/shm``) where there is
    one, named after this process. Such folders of builds whose process is gone (killed before
    removing theirs) are removed first: they would hold memory until the machine restarts."""
    shm = Path("/dev/shm")
    base = shm if shm.is_dir() and os.access(shm, os.W_OK) else Path(tempfile.gettempdir())
    for folder in base.glob(f"{TWIN_FOLDER_PREFIX}*"):
        pid = folder.name[len(TWIN_FOLDER_PREFIX):].partition("-")[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{TWIN_FOLDER_PREFIX}{os.getpid()}-", dir=base))


def _running(pid: int) -> bool:
    """Whether a process ``pid`` exists (one of another user counts: its folder is not ours to judge)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _merge_language(source: Path, target: Path, language: str, default: str) -> None:
    """Move a one-language build's own files (its folder, its search index) into ``target``."""
    from ..urls import language_prefix
    from ..search.index import index_path

    folder = language_prefix(language, default).rstrip("/")
    (source / folder).rename(target / folder)
    index = source / index_path(language)
    if index.exists():
        (target / index_path(language)).parent.mkdir(parents=True, exist_ok=True)
        index.rename(target / index_path(language))


def _finish_merged(site_dir: Path, parts: list[Path], project: Project, site_url: str | None,
                   written: Mapping[str, bool]) -> None:
    """What needs every language's pages: the sitemap (``written``: the pages the language
    processes wrote, by site path → whether each is a fallback copy) and the site's stylesheet."""
    from ..dates import build_date
    from ..exports.sitemap import write_sitemap
    from ..postprocess.stylesheets import collect_used_markup, write_site_stylesheet

    settings = project.campaign_config
    write_sitemap(site_dir, list(project.languages), project.default_language, site_url,
                  {settings.neutral_page}, build_date(settings.today), written)
    stylesheets = settings.stylesheets
    try:
        write_site_stylesheet(site_dir, stylesheets, collect_used_markup([site_dir, *parts]))
    except FileNotFoundError as error:
        raise BuildFailed(str(error)) from error


def _build_parallel(config_file: Path, work: WorkFolder, jobs: int, overrides: dict[str, object],
                    progress: Callable[[str, float], None] | None) -> dict[str, float]:
    """One process per language; the default language's build holds the shared files."""
    from ..project import open_project

    project = open_project(config_file)
    default, languages = project.default_language, list(project.languages)
    staging = work.path
    parts = {lang: work.part(lang) for lang in languages}
    timings: dict[str, float] = {}
    twin_folder: Path | None = None
    # Linux: the language processes start as copies of this one (fork), with the
    # content and every module already loaded; elsewhere fresh (spawn), given the
    # content pickled
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    try:
        report = _Report()
        state, text_checks = _load_once(config_file, parts[default], default, overrides, report)
        _import_hooks()  # (once here, not in each language process: icalendar's import alone is ~0.08 s)
        # what is loaded now lives as long as the build: out of the garbage collector's sight, so
        # that no process scans it again in each full collection (~0.4 s CPU of ~0.6 s at full size)
        gc.freeze()
        bodies_written, shared_written, twins_done = context.Event(), context.Event(), context.Event()
        roles = _shared_roles(state, languages)
        twins = _twins(project, roles, _twin_folder)
        twin_folder = next(iter(twins.values())).folder if twins else None

        def start(language: str):
            future = pool.submit(_language_worker, str(config_file), language, str(parts[language]), overrides,
                                 roles.get(language, ""), twins.get(language))
            if roles.get(language) == "make":  # (its readers wait no longer once it ended, built or failed)
                future.add_done_callback(lambda _: shared_written.set())
            if language in twins and twins[language].role == "make":  # (nor do its twins)
                future.add_done_callback(lambda _: twins_done.set())
            return future

        with ProcessPoolExecutor(max_workers=most_processes(jobs, len(languages)), mp_context=context,
                                 initializer=_start_language_process,
                                 initargs=(os.getpid(), state, bodies_written, shared_written, twins_done)) as pool:
            # the default language first, the others as .schedule says
            schedule = Schedule(languages, default, jobs, bodies_written, start)
            finish: Callable[[Collection[str]], None] | None = None
            try:
                if text_checks is not None:  # while the languages build (a cold build's checks take seconds)
                    with report.watching():
                        finish = text_checks()
            except BaseException:
                schedule.cancel()
                _stop(pool)
                raise
            finally:
                schedule.checks_done()
            failures: list[BuildFailed] = []
            clean: set[str] = set()  # Markdown bodies the language processes converted and found clean
            written: dict[str, bool] = {}  # their pages: site path -> whether a fallback copy
            try:
                for future in as_completed(schedule.futures()):
                    try:
                        language, seconds, bodies, pages = future.result()
                    except BuildFailed as failure:  # every language's problems are reported, not the first's
                        failures.append(failure)
                        if finish is not None:  # but first every problem the text checks find, as before
                            try:
                                with report.watching():
                                    finish(clean)
                            except BaseException:
                                schedule.cancel()
                                _stop(pool)
                                raise
                            finish = None
                        continue
                    clean.update(bodies)
                    written.update(pages)
                    timings[language] = seconds
                    if progress:
                        progress(language, seconds)
            except BaseException:
                schedule.cancel()
                raise
            if finish is not None:  # the bodies no language process showed clean: converted here
                with report.watching():
                    finish(clean)
            if failures:
                raise BuildFailed("\n".join(dict.fromkeys(str(failure) for failure in failures)),
                                  [found for failure in failures for found in failure.problems])
        parts[default].rename(staging)
        for language in languages:
            if language != default:
                _merge_language(parts[language], staging, language, default)
        _finish_merged(staging, [parts[lang] for lang in languages if lang != default],
                       project, str(overrides.get("site_url", project.config.site_url) or "") or None, written)
    finally:
        gc.unfreeze()  # (a long-lived process, the preview or a test, builds again: collected as before)
        if work_log.enabled():
            work_log.note("frozen-objects-after-build", str(gc.get_freeze_count()))
        for part in parts.values():
            shutil.rmtree(part, ignore_errors=True)
        if twin_folder is not None:
            shutil.rmtree(twin_folder, ignore_errors=True)
    return timings


def build_site(config_file: Path, out: Path | None = None, *, jobs: int = 1,
               progress: Callable[[str, float], None] | None = None, **overrides: object) -> BuildResult:
    """Build the site strictly into a temporary directory, then swap it into ``out``.

    ``jobs`` > 1 builds the languages in that many processes (same output as
    one process). ``overrides`` are MkDocs configuration keys. On any error or
    warning nothing under ``out`` changes and :class:`BuildFailed` is raised;
    :class:`.output_guard.OutputRefused` when ``out`` is not a folder a build
    may replace (then nothing at all is written).
    """
    from ..plugins.campaign import find_campaign_plugin

    config_file = config_file.resolve()
    started = time.perf_counter()
    config_probe = load_config(config_file=str(config_file))
    config_probe.plugins.on_shutdown()
    target = Path(out or config_probe.site_dir).resolve()
    settings = find_campaign_plugin(config_probe).config
    sources = [Path(config_probe.docs_dir), config_file.parent / settings.content_dir]
    # the build cache keeps what this build used, and a few times that of older entries
    cache = config_file.parent / settings.cache_dir if settings.enabled and settings.cache else None
    since = build_started()
    if config_probe.theme.custom_dir:
        sources.append(Path(config_probe.theme.custom_dir))
    check_output(target, config_file.parent, sources)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(target)
    with WorkFolder(target) as work:
        try:
            if jobs > 1:
                timings = _build_parallel(config_file, work, jobs, dict(overrides), progress)
            else:
                timings = {"*": _build_into(config_file, work.path, None, dict(overrides))}
        except BaseException as error:
            if isinstance(error, (BuildFailed, KeyboardInterrupt)) or not isinstance(error, Exception):
                raise
            raise BuildFailed(f"{error.__class__.__name__}: {error}") from error
        mark_output(work.path)
        swap_in(work.path, target)
    if cache is not None:
        prune(cache, since)
    return BuildResult(target, time.perf_counter() - started, timings)

"""When a parallel build starts its language processes (publish/schedule.py): the default
language first, the others once its bodies are written or a core is free, the last ones
together; never more than 2 × jobs − 1 at once.

The rule is a pure function (:func:`to_start`), tested over every state of small builds;
:class:`Schedule` is tested with futures this test completes itself (no processes), waiting
for conditions, never for fixed times. That the schedule changes no byte of the site is
tested by the builds' comparisons (test_build.py: parallel and sequential; test_build_cache.py:
cold and warm)."""

from __future__ import annotations

import itertools
import random
import threading
from concurrent.futures import Future

import pytest

from campaign_site.publish.schedule import Schedule, most_processes, to_start

from conftest import BuiltSite

LANGUAGES = ["vi", "en", "rad", "jra", "mng"]


@pytest.mark.parametrize(("waiting", "started", "running", "checking", "ready", "jobs", "expected"), [
    # the first round (jobs = 2): the second language waits while the text checks hold the other core…
    (["en", "rad"], 1, 1, True, False, 2, []),
    # … and starts when they end, or when the default language's bodies are written
    (["en", "rad"], 1, 1, False, False, 2, ["en"]),
    (["en", "rad"], 1, 1, True, True, 2, ["en"]),
    # later: a free core and the bodies written, one at a time while more wait than there are jobs
    (["rad", "jra", "mng"], 2, 1, False, True, 2, ["rad"]),
    (["rad", "jra", "mng"], 2, 1, False, False, 2, []),
    (["rad", "jra", "mng"], 2, 2, False, True, 2, []),
    (["rad", "jra", "mng"], 2, 1, True, True, 2, []),
    # the last ones together
    (["jra", "mng"], 3, 1, False, True, 2, ["jra", "mng"]),
    (["mng"], 4, 0, False, True, 2, ["mng"]),
    ([], 5, 0, False, True, 2, []),
    # four cores: the first round fills free cores without waiting for the bodies
    (["en", "rad", "jra", "mng"], 1, 1, True, False, 4, ["en"]),
    (["jra", "mng"], 3, 3, True, False, 4, []),
    (["jra", "mng"], 4, 2, False, True, 4, ["jra", "mng"]),
])
def test_rule(waiting, started, running, checking, ready, jobs, expected) -> None:
    assert to_start(waiting, started, running, checking, ready, jobs) == expected


def simulate(languages: list[str], jobs: int, seed: int) -> list[tuple[str, int, bool]]:
    """Start languages by :func:`to_start`, ending random running ones, the checks and the default
    language's bodies at random moments; (language, running when it started, bodies ready then)."""
    rng = random.Random(seed)
    waiting, running, log = list(languages[1:]), {languages[0]}, [(languages[0], 0, False)]
    checking, ready = True, False
    while waiting or running:
        for language in to_start(waiting, len(log), len(running), checking, ready, jobs):
            waiting.remove(language)
            log.append((language, len(running), ready))
            running.add(language)
        events = [*(["checks"] if checking else []), *(["bodies"] if not ready else []), *sorted(running)]
        event = rng.choice(events) if events else None
        if event == "checks":
            checking = False
        elif event == "bodies":
            ready = True
        elif event is not None:
            running.discard(event)
            ready = ready or event == languages[0]  # (its process ended)
        else:
            raise AssertionError(f"stuck with {waiting} waiting")
    return log


@pytest.mark.parametrize(("count", "jobs"), list(itertools.product(range(1, 7), range(2, 5))))
def test_every_order_of_events(count: int, jobs: int) -> None:
    """Every language starts once, the default first; no language after the first round starts
    before the default language's bodies are ready; never more than most_processes() at once."""
    languages = LANGUAGES[:count] + [f"x{n}" for n in range(count - len(LANGUAGES))]
    for seed in range(200):
        log = simulate(languages, jobs, seed)
        assert sorted(language for language, _, _ in log) == sorted(languages)
        assert log[0][0] == languages[0]
        assert all(ready for _, _, ready in log[jobs:]), log
        assert max(running + 1 for _, running, _ in log) <= most_processes(jobs, count)


class FakePool:
    """Futures this test completes itself, one per language started."""

    def __init__(self) -> None:
        self.futures: dict[str, Future] = {}
        self.changed = threading.Condition()

    def start(self, language: str) -> Future:
        with self.changed:
            future = self.futures[language] = Future()
            self.changed.notify_all()
        return future

    def wait_for(self, count: int) -> list[str]:
        with self.changed:
            assert self.changed.wait_for(lambda: len(self.futures) >= count, timeout=30), list(self.futures)
            return list(self.futures)

    def end(self, language: str) -> None:
        self.futures[language].set_result((language, 1.0))


def test_schedule_with_a_pool() -> None:
    pool, bodies = FakePool(), threading.Event()
    schedule = Schedule(LANGUAGES, "vi", 2, bodies, pool.start)
    assert list(pool.futures) == ["vi"]  # at once, from the caller's thread
    bodies.set()  # the Vietnamese process wrote its bodies (the checks still run)
    assert pool.wait_for(2) == ["vi", "en"]
    schedule.checks_done()
    pool.end("vi")
    assert pool.wait_for(3) == ["vi", "en", "rad"]
    pool.end("en")
    assert pool.wait_for(5) == LANGUAGES  # the last two together
    futures = schedule.futures()
    assert [future for future in futures] == [pool.futures[language] for language in LANGUAGES]


def test_the_others_start_when_the_default_language_fails() -> None:
    """Its bodies never written: the others start once its process ended (every language's
    problems are reported)."""
    pool, bodies = FakePool(), threading.Event()
    schedule = Schedule(LANGUAGES, "vi", 2, bodies, pool.start)
    schedule.checks_done()
    assert pool.wait_for(2) == ["vi", "en"]  # a free core
    pool.futures["vi"].set_exception(RuntimeError("failed"))
    assert pool.wait_for(3)[:3] == ["vi", "en", "rad"]
    pool.end("en")
    pool.end("rad")
    assert len(schedule.futures()) == len(LANGUAGES)


def test_cancel_starts_no_more() -> None:
    pool, bodies = FakePool(), threading.Event()
    schedule = Schedule(LANGUAGES, "vi", 2, bodies, pool.start)
    schedule.cancel()
    bodies.set()
    schedule.checks_done()
    assert [future for future in schedule.futures()] == [pool.futures["vi"]]


def test_the_default_language_must_be_built() -> None:
    with pytest.raises(ValueError, match="default language"):
        Schedule(["en"], "vi", 2, threading.Event(), FakePool().start)


def test_the_session_build_started_the_later_languages_after_the_bodies(site: BuiltSite) -> None:
    """The session's site (every language, two processes, a cold cache): the default language's
    process said once that its bodies are written, and the languages after the first two
    started after that (the rule is tested above; this, that the word is sent and heard)."""
    from conftest import WORK_LOG

    lines = (site.root.parent / WORK_LOG).read_text(encoding="utf-8").splitlines()
    written = [number for number, line in enumerate(lines) if line.startswith("bodies-written ")]
    assert [lines[number] for number in written] == [f"bodies-written {site.default_language}"]
    starts = [(number, line.split(" ", 1)[1]) for number, line in enumerate(lines) if line.startswith("language-start ")]
    assert sorted(language for _, language in starts) == sorted(site.languages)
    assert starts[0][1] == site.default_language
    assert len(site.languages) > 2 and all(number > written[0] for number, _ in starts[2:]), lines


def test_the_language_processes_inherit_the_loaded_content_out_of_the_collectors_sight(site: BuiltSite) -> None:
    """The build froze what it had loaded before starting the language processes (``gc.freeze``:
    no full collection of theirs scans it again), and unfroze it when done (a preview or test
    process that builds again collects as before)."""
    from conftest import WORK_LOG

    lines = (site.root.parent / WORK_LOG).read_text(encoding="utf-8").splitlines()
    frozen = dict(line.split(" ", 2)[1:] for line in lines if line.startswith("language-frozen-objects "))
    assert sorted(frozen) == sorted(site.languages)
    assert all(int(count) > 10_000 for count in frozen.values()), frozen
    assert [line for line in lines if line.startswith("frozen-objects-after-build ")] == ["frozen-objects-after-build 0"]


def test_the_content_types_hooks_are_imported_before_the_language_processes_start() -> None:
    """``_import_hooks`` (run by a parallel build before it forks) imports every hook module
    the content types name, so no language process imports them again (icalendar: ~0.08 s each)."""
    import subprocess
    import sys

    probe = ("import sys\n"
             "from campaign_site.content.types import content_types\n"
             "from campaign_site.publish.build import _import_hooks\n"
             "names = {h.partition(':')[0] for k in content_types() for h in k.hooks if isinstance(h, str)}\n"
             "before = names & set(sys.modules)\n"
             "_import_hooks()\n"
             "print(len(names), sorted(names - before), sorted(names - set(sys.modules)))\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split(" ", 1)
    assert int(out[0]) > 3 and "campaign_site.exports.calendar" in out[1]
    assert out[1].rstrip().endswith("[]"), out  # nothing named is left unimported

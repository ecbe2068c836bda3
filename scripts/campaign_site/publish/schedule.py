"""When the language processes of a parallel build start.

Two things decide a cold build's time besides the work itself:

- Every other language shows the default language's text where it has none of its
  own (static-i18n's fallback: English pages without a translation, and most Ê Đê,
  J'rai and M'nông pages), and reuses the default language's converted Markdown
  bodies, their search text and the source bodies that untranslated marks compare
  with, through the build cache (``plugins/page_bodies.py``) — once the default
  language's process has made them *and written them*. Started at the same moment, the
  English process converted some 200 Vietnamese bodies that the Vietnamese process
  was converting too, and 160 source bodies again for its marks.
- With ``jobs`` processes for more languages than that, the last language used to
  build alone while the other cores had nothing left to do (about 4 s of a 30 s
  build at 500 pages × 5 languages: one language's time on one core).

So :class:`Schedule` starts the default language's process first. The build's own
process runs the text checks meanwhile and counts as one of the ``jobs``: the next
language starts when they end or when the default language's process says its
bodies are written (:func:`..plugins.process_shared.bodies_written`, sent once MkDocs
has read and converted every page, before the templates), whichever comes first.
Languages after the first ``jobs`` start only after that word (or once the default
language's process ended, built or failed: every language's problems are still
reported), one as each language ends, except the last ones: when no more languages
wait than there are ``jobs``, they all start at once and share the cores, so all end
together. At most ``2 × jobs − 1`` processes build at the same time.

The languages that show only the default's labels and texts (``pages/code_withheld.py``) share
their collection bodies and search texts: the first of them to start makes them, the later ones
wait for them before their first collection page (``publish/build.py`` ``_shared_roles``); with
this order the first one usually started a language's time earlier, and waits are short.

Which process makes a body, and when, never changes a byte of the site: only how
often the same body is made (``tests/test_build.py`` compares parallel and
sequential builds, ``tests/test_build_cache.py`` cold and warm ones).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from typing import Any

#: how often the scheduling thread looks again when nothing it waits for happened (seconds)
POLL_S = 0.05


def most_processes(jobs: int, languages: int) -> int:
    """The most language processes a :class:`Schedule` runs at once for ``jobs`` and that many languages."""
    return max(1, min(languages, 2 * jobs - 1))


class Schedule:
    """Calls ``start(language)`` for every one of ``languages`` in their order (the default first),
    as the module's docstring says, from a thread of its own after the first.

    ``bodies_written``: the event the default language's process sets (a ``multiprocessing``
    Event, or anything with ``is_set()``). Call :meth:`checks_done` when the build's own
    process ended its text checks (at once when it has none); :meth:`futures` waits until
    every language started; :meth:`cancel` starts no more (a build failing meanwhile).
    """

    def __init__(self, languages: Sequence[str], default: str, jobs: int, bodies_written: Any,
                 start: Callable[[str], Future]) -> None:
        if default not in languages:
            raise ValueError(f"the default language {default!r} is not one of {list(languages)}")
        self.jobs = max(1, jobs)
        self._waiting = [language for language in languages if language != default]
        self._bodies_written = bodies_written
        self._start = start
        self._checks_done = threading.Event()
        self._changed = threading.Event()
        self._cancelled = False
        self._lock = threading.Lock()
        self._started: dict[str, Future] = {}
        # the first one from the caller's thread (a pool that forks its processes does it now)
        self._first = self._begin(default)
        self._thread = threading.Thread(target=self._run, name="campaign-schedule", daemon=True)
        self._thread.start()

    def _begin(self, language: str) -> Future:
        future = self._started[language] = self._start(language)
        return future

    def checks_done(self) -> None:
        """The build's own process ended its text checks: its core is free for a language."""
        self._checks_done.set()
        self._changed.set()

    def cancel(self) -> None:
        """Start no more languages."""
        with self._lock:
            self._cancelled = True
        self._changed.set()

    def futures(self) -> list[Future]:
        """Every language's future, in the order they started, once all started (or were cancelled)."""
        self._thread.join()
        return list(self._started.values())

    def _bodies_ready(self) -> bool:
        return self._bodies_written.is_set() or self._first.done()

    def _run(self) -> None:
        while True:
            with self._lock:
                if self._cancelled or not self._waiting:
                    return
                for language in self._next():
                    self._waiting.remove(language)
                    try:
                        self._begin(language)
                    except RuntimeError:  # the pool was shut down meanwhile (the build stopped)
                        self._cancelled = True
                        return
                if not self._waiting:
                    return
            running = [future for future in self._started.values() if not future.done()]
            self._changed.clear()
            if running:
                wait(running, timeout=POLL_S, return_when=FIRST_COMPLETED)
            else:
                self._changed.wait(POLL_S)

    def _next(self) -> list[str]:
        """The languages to start now (maybe none)."""
        running = sum(not future.done() for future in self._started.values())
        return to_start(self._waiting, len(self._started), running, not self._checks_done.is_set(),
                        self._bodies_ready(), self.jobs)


def to_start(waiting: Sequence[str], started: int, running: int, checking: bool, bodies_ready: bool,
             jobs: int) -> list[str]:
    """Which of ``waiting`` (in order) start now, as the module's docstring says.

    ``started``: languages started so far (the default language's first), ``running``: those
    still building; ``checking``: the build's own process still runs the text checks;
    ``bodies_ready``: the default language's bodies are written (or its process ended).
    """
    busy = running + (1 if checking else 0)
    if not waiting:
        return []
    if started < jobs:  # the first round: a free core, or the bodies
        return list(waiting[:1]) if busy < jobs or bodies_ready else []
    if busy >= jobs or not bodies_ready:
        return []
    if len(waiting) <= jobs:  # the last ones: together, no core waits for one of them
        return list(waiting)
    return list(waiting[:1])

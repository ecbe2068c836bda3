"""Content that could run script or load other sites, found in what it renders to.

Markdown is converted with the site's own extensions and the resulting HTML is
checked against the content policy (:func:`~..postprocess.html_policy.content_findings`):
the rules see what a browser would build, so nothing hides in a code fence
left open, a tag split over two lines, a reference-style link or an
entity-encoded scheme. Each finding is traced back to the line that produces
it by converting ever shorter beginnings of the file (a bisection: the first
line whose inclusion makes the finding appear).

Plain-text fields (every YAML value, every front-matter value) never become
markup – templates escape them – so HTML typed into one would be shown as
typed: :func:`plain_text_problems` says so, with the field's line.

Python-Markdown (through Python's ``html.parser``) takes quadratic time on some
inputs (long runs of ``<a``, ``[`` …): a line longer than :data:`MAX_LINE`
characters is refused before conversion, and a conversion taking longer than
:data:`MAX_SECONDS` is stopped, so ``check`` and ``build`` always finish (in a parallel
build, whose language processes convert the bodies the checks then leave unconverted, a page's
conversion too: :func:`deadline`, :func:`too_slow_problem`).
"""

from __future__ import annotations

import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ..messages import N_
from ..postprocess.html_policy import DOCUMENT_ELEMENTS, Finding, content_findings, elements, parse
from .errors import ContentProblem, problem
from .reader import Loc, Source, dotted

MAX_LINE = 20_000  # characters in one line of Markdown
MAX_SECONDS = 5.0  # of CPU time, to convert (and locate the findings of) one file

Render = Callable[[str], str]

LONG_LINE = N_("line of {found} characters; keep lines under 20,000 characters (start a new paragraph with an empty line)")
TOO_SLOW = N_("this text takes too long to convert (over {found} seconds): look for a long run of '<', '[' or '(' on this line")
MARKUP_IN_TEXT = N_("this field is plain text: the HTML <{found}> would be shown as typed; remove it")


class TooSlow(Exception):
    """Raised in a :func:`deadline` block that runs out of time."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Stop the block once this process has spent ``seconds`` of CPU time in it (user + system:
    ``ITIMER_PROF``), raising :class:`TooSlow`; main thread only, elsewhere no limit.

    CPU time, not time on the clock: a build sharing a busy machine gives a text as long as
    a quiet one would, so the same content never passes on one machine and fails on another.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise TooSlow

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def first_lines(lines: list[str], total: int, count: Callable[[int], int]) -> list[int]:
    """For each of ``total`` findings (in document order), the first line (1-based)
    whose inclusion makes it appear: ``count(k)`` is the number of findings in
    the first ``k`` lines. Bisects all findings at once (about total × log₂ lines conversions)."""
    result = [len(lines)] * total

    def split(low: int, high: int, found_low: int, found_high: int) -> None:
        if high - low == 1:
            for index in range(found_low, found_high):
                result[index] = high
            return
        middle = (low + high) // 2
        found = min(max(count(middle), found_low), found_high)
        if found > found_low:
            split(low, middle, found_low, found)
        if found_high > found:
            split(middle, high, found, found_high)

    if total and lines:
        split(0, len(lines), 0, total)
    return result


def locate(lines: list[str], findings: list[Finding], findings_of: Callable[[str], list[Finding]]) -> list[int]:
    """The line (1-based) each of ``findings`` (those of all ``lines``) comes from.

    A finding comes from the first line whose inclusion makes it appear: for a
    reference-style link, the line defining the reference. Findings are told
    apart by what they say; equal ones are numbered in document order.
    """
    seen: dict[int, Counter[Finding]] = {}

    def found_in_first(k: int) -> Counter[Finding]:
        if k not in seen:
            seen[k] = Counter(findings_of("".join(lines[:k])))
        return seen[k]

    result = [len(lines)] * len(findings)
    same: dict[Finding, list[int]] = {}
    for index, finding in enumerate(findings):
        same.setdefault(finding, []).append(index)
    for finding, indexes in same.items():
        numbers = first_lines(lines, len(indexes), lambda k: found_in_first(k)[finding])
        for index, number in zip(indexes, numbers):
            result[index] = number
    return result


def long_lines(text: str, first_line: int = 1) -> list[tuple[int, int]]:
    """(line number, length) of each line of Markdown ``text`` (its first line numbered
    ``first_line``) longer than :data:`MAX_LINE`: refused unconverted."""
    return [(number, len(line)) for number, line in enumerate(text.splitlines(keepends=True), start=first_line)
            if len(line) > MAX_LINE]


def markdown_problems(text: str, shown_path: str, render: Render, first_line: int = 1) -> list[ContentProblem]:
    """Problems in Markdown ``text`` whose first line is ``first_line`` of ``shown_path``."""
    lines = text.splitlines(keepends=True)
    long = long_lines(text, first_line)
    if long:
        return [problem(shown_path, number, "(text)", LONG_LINE, found=length) for number, length in long]
    try:
        with deadline(MAX_SECONDS):
            findings = content_findings(render(text))
            if not findings:
                return []
            numbers = locate(lines, findings, lambda prefix: content_findings(render(prefix)))
    except TooSlow:
        return [too_slow_problem(text, shown_path, first_line)]
    return [finding_problem(finding, shown_path, number + first_line - 1)
            for finding, number in zip(findings, numbers)]


def too_slow_problem(text: str, shown_path: str, first_line: int = 1) -> ContentProblem:
    """Markdown ``text`` (from ``first_line`` of ``shown_path``) took over :data:`MAX_SECONDS` to
    convert: the problem names its longest line."""
    lines = text.splitlines(keepends=True)
    longest = max(range(len(lines)), key=lambda i: len(lines[i])) if lines else 0
    return problem(shown_path, longest + first_line, "(text)", TOO_SLOW, found=int(MAX_SECONDS))


def finding_problem(finding: Finding, shown_path: str, line: int) -> ContentProblem:
    """A :class:`Finding` as a problem of ``shown_path`` at ``line``."""
    return problem(shown_path, line, finding.field, finding.msgid, found=finding.found)


def _strings(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*loc, index))
    elif isinstance(data, str):
        yield loc, data


def markup_in(text: str) -> str | None:
    """The first element HTML ``text`` would create (``script``), or None for plain text."""
    if "<" not in text:
        return None
    for node in elements(parse(text)):
        if node.tag not in DOCUMENT_ELEMENTS or node.attributes:
            return node.tag
    return None


def plain_text_problems(source: Source) -> list[ContentProblem]:
    """Values of a YAML file (or of a front matter) that contain HTML."""
    problems = []
    for loc, value in _strings(source.data):
        tag = markup_in(value)
        if tag is not None:
            problems.append(problem(source.shown_path, source.line_of(loc), dotted(loc), MARKUP_IN_TEXT, found=tag))
    return problems

"""MkDocs' own build checks, said as our problems: ``file:line: field: message``.

A strict build stops on every warning MkDocs logs while it builds: a link to a
page that does not exist, a link to an anchor no heading has, a ``nav:`` entry
naming a missing file. MkDocs says these in English, naming the page's path
inside ``docs/`` (or inside the generated pages) and no line. This module turns
each such log message into a :class:`~campaign_site.content.errors.ContentProblem`
with the file a communicator edits (a generated page is traced to its entry's
file in ``content/``), the line the link is written on, and a message from the
catalog; ``check``, ``build`` and the live preview all report them this way.

The message patterns are MkDocs 1.6's (``mkdocs/structure/pages.py`` and
``nav.py``); a message this module does not know is kept, word for word, as a
problem of ``mkdocs.yml`` so that nothing is ever dropped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

from mkdocs.exceptions import BuildError, PluginError

from ..content.errors import ContentProblem, display_path, problem
from ..messages import N_

_BUILD_LOGGER = "mkdocs.commands.build"
# what MkDocs logs as a warning that is no problem of the content: the live
# preview's "dirty" builds (only changed pages rendered again), on purpose
_NOT_PROBLEMS = ("A 'dirty' build is being performed",)

#: ``src_uri`` of a page → the file its text comes from (``None``: not known).
SourceOf = Callable[[str], "Path | None"]

_DOC = r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']+)', but "
_MISSING_TARGET = re.compile(_DOC + r"the target(?: '[^']+')? is not found among documentation files\."
                             r"(?: Did you mean '(?P<suggestion>[^']+)'\?)?$")
_MISSING_ANCHOR_HERE = re.compile(_DOC + r"there is no such anchor on this page\.")
_MISSING_ANCHOR_THERE = re.compile(_DOC + r"the doc '(?P<target>[^']+)' does not contain an anchor '#(?P<anchor>[^']+)'\.")
_NAV_MISSING = re.compile(r"A reference to '(?P<link>[^']+)' is included in the 'nav' configuration, "
                          r"which is not found in the documentation files\.")
_ABSOLUTE = re.compile(r"Doc file '(?P<page>[^']+)' contains an absolute link '(?P<link>[^']+)', it was left as is\.")
# our own plugin's warning (plugins/campaign.py)
_UNCAPTIONED = re.compile(r"(?P<page>.+?): (?P<count>\d+) table\(s\) without a caption; write a line such as "
                          r"'(?P<example>[^']+)' right above each table")
_UNRECOGNIZED = re.compile(r"Doc file '(?P<page>[^']+)' contains an unrecognized relative link '(?P<link>[^']+)', "
                           r"it was left as is\.(?: Did you mean '(?P<suggestion>[^']+)'\?)?")

MISSING_PAGE = N_("the link '{found}' leads to no page; expected the file name of a page in docs/ "
                  "(e.g. danh-ba/index.md) or of a file in content/media/, relative to this page")
MISSING_PAGE_SUGGESTION = N_("the link '{found}' leads to no page; did you mean '{expected}'?")
MISSING_ANCHOR_HERE = N_("the link '{found}' leads to no heading of this page; expected '#' and the "
                         "identifier of a heading on it, or remove the part after '#'")
MISSING_ANCHOR_THERE = N_("the link '{found}' leads to no heading of {target}; expected '#' and the "
                          "identifier of one of its headings, or remove the part after '#'")
NAV_MISSING = N_("the menu names '{found}', which is not a page in docs/; correct the file name or remove the line")
ABSOLUTE_LINK = N_("the link '{found}' starts with '/', which breaks on a USB copy; write it relative "
                   "to this page, e.g. danh-ba/index.md")
UNRECOGNIZED_LINK = N_("the link '{found}' names no file; expected the file name of a page, e.g. danh-ba/index.md")
UNCAPTIONED = N_("{count} table(s) without a caption; write a line such as '{example}' right above each table")
OTHER = N_("MkDocs reports: {detail}")


def _line_with(path: Path | None, needle: str, start: int = 1) -> int:
    """First line (1-based) of ``path`` at or after ``start`` mentioning ``needle`` (1 when none)."""
    if path is None or not path.is_file():
        return 1
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    for number, line in enumerate(lines, start=1):
        if number >= start and needle in line:
            return number
    return 1


def _nav_line(config_file: Path, link: str) -> int:
    """Line of the ``nav:`` entry naming ``link`` in ``mkdocs.yml``."""
    nav = _line_with(config_file, "nav:")
    return _line_with(config_file, link, nav)


def build_problem(message: str, docs_dir: Path, config_file: Path,
                  source_of: SourceOf | None = None) -> ContentProblem:
    """The problem MkDocs' log ``message`` reports, at the file and line to edit."""
    def page_file(page: str) -> Path:
        found = source_of(page) if source_of else None
        return found if found is not None else docs_dir / page

    for pattern, msgid in ((_MISSING_TARGET, MISSING_PAGE), (_MISSING_ANCHOR_HERE, MISSING_ANCHOR_HERE),
                           (_MISSING_ANCHOR_THERE, MISSING_ANCHOR_THERE), (_ABSOLUTE, ABSOLUTE_LINK),
                           (_UNRECOGNIZED, UNRECOGNIZED_LINK)):
        if match := pattern.match(message):
            path = page_file(match["page"])
            params: dict[str, object] = {"found": match["link"]}
            if msgid == MISSING_ANCHOR_THERE:
                params["target"] = match["target"]
            if match.groupdict().get("suggestion"):
                msgid = MISSING_PAGE_SUGGESTION
                params["expected"] = match["suggestion"]
            return problem(display_path(path), _line_with(path, match["link"]), "(link)", msgid, **params)
    if match := _UNCAPTIONED.match(message):
        path = page_file(match["page"])
        return problem(display_path(path), _line_with(path, "|"), "(table)", UNCAPTIONED,
                       count=int(match["count"]), example=match["example"])
    if match := _NAV_MISSING.match(message):
        return problem(display_path(config_file), _nav_line(config_file, match["link"]), "nav", NAV_MISSING,
                       found=match["link"])
    return problem(display_path(config_file), 1, "(build)", OTHER, detail=message)


class BuildWarnings(logging.Handler):
    """Collects what MkDocs logs at warning level or above during a build, as problems.

    Attach it to the ``mkdocs`` logger for the length of a build; ``source_of``
    traces a generated page to its entry's file (see ``CampaignPlugin.source_of``).
    Errors raised by our own plugin (content problems) are not logged here:
    they travel with the exception.
    """

    def __init__(self, docs_dir: Path, config_file: Path, source_of: SourceOf | None = None) -> None:
        super().__init__(logging.WARNING)
        self.docs_dir, self.config_file, self.source_of = docs_dir, config_file, source_of
        self.problems: list[ContentProblem] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == _BUILD_LOGGER and record.levelno >= logging.ERROR:
            return  # MkDocs repeating the error that stops the build: see stopped_by
        if record.getMessage().startswith(_NOT_PROBLEMS):
            return
        found = build_problem(record.getMessage(), self.docs_dir, self.config_file, self.source_of)
        if found not in self.problems:
            self.problems.append(found)

    def stopped_by(self, error: BaseException) -> list[ContentProblem]:
        """What the error that stopped the build says (MkDocs' ``Abort`` carries the
        plugin's error as its context); nothing for the count of the warnings above."""
        return stop_problems(error, self.config_file)


class ProblemsFound(PluginError):
    """Our plugin stops the build: the content has ``problems`` (each at a file and line)."""

    def __init__(self, message: str, problems: list[ContentProblem]) -> None:
        super().__init__(message)
        self.problems = sorted(problems)


def stop_problems(error: BaseException, config_file: Path) -> list[ContentProblem]:
    """The problems an exception from a build names: a plugin's :class:`ProblemsFound`
    (directly or as the context of MkDocs' ``Abort``), another build error as its text."""
    cause = error if isinstance(error, BuildError) else error.__context__
    if isinstance(cause, ProblemsFound):
        return list(cause.problems)
    if isinstance(cause, BuildError):
        return [problem(display_path(config_file), 1, "(build)", OTHER, detail=str(cause))]
    return []

"""Language suffixes in file names, as problems that ``check`` and ``build`` report.

The parsing itself is :func:`campaign_site.languages.split_language`; this
module turns a suffix that is not a language of the site into a problem naming
the file, in the person's language.
"""

from __future__ import annotations

from pathlib import Path

from ..languages import SiteLanguages, UnknownLanguage
from ..messages import N_
from .errors import ContentProblem, display_path, problem

UNKNOWN_LANGUAGE = N_("unknown language '{found}' in the file name; expected one of {expected} "
                      "(the languages of mkdocs.yml; to keep a language's files without publishing "
                      "them, list it there with 'build: false')")


def unknown_language_problem(path: Path, error: UnknownLanguage) -> ContentProblem:
    """The problem for ``path``, whose name ends in a suffix that is no language of the site."""
    return problem(display_path(path), 1, "(file name)", UNKNOWN_LANGUAGE,
                   found=error.suffix, expected=", ".join(error.expected))


def page_name_problems(docs_dir: Path, languages: SiteLanguages) -> list[ContentProblem]:
    """A problem for every page under ``docs_dir`` named ``page.<suffix>.md`` with an unknown suffix."""
    problems = []
    for path in sorted(docs_dir.rglob("*.md")):
        try:
            languages.split(path.name)
        except UnknownLanguage as error:
            problems.append(unknown_language_problem(path, error))
    return problems

"""Entries saved from field values: the files ``new`` would write, validated as ``check`` validates.

A :class:`Draft` is one entry as a form or a spreadsheet row gives it: its
content type, its file name (slug) and the values of its written fields, as
:mod:`campaign_site.content.reader` would read them back (text, lists,
mappings; a translatable field as text in the default language or
``{vi: …, en: …}``; ``body`` for the text of a Markdown entry, likewise).

:class:`EntryStore` turns drafts into file texts — an existing file is changed
in place by :mod:`campaign_site.content.writer` (comments, order and layout
kept), a new one starts from the template of ``campaign-site new``; a Markdown
entry's other languages go to its translation files ``slug.<lang>.md`` — and
validates them by loading the whole content folder as ``check`` does, with the
new texts in place of (or beside) the files on disk: same models, same checks
across entries (duplicate names, an event's campaign year), same messages.
Nothing is written unless every draft passes; then files are written
atomically, new ones never over a file that appeared meanwhile.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.errors import ContentProblem, display_path
from ..content.loader import load_content
from ..content.reader import ReadError, parse_markdown, parse_yaml
from ..content.types import ContentType
from ..content.writer import DELETE, write_fields
from ..scaffold.create import new_file_text, target_path


@dataclass
class Draft:
    """One entry to save: ``values`` of its written fields (see the module's docstring)."""

    kind: ContentType
    slug: str
    values: dict[str, Any] = field(default_factory=dict)


class SaveProblems(Exception):
    """The drafts were not saved: every problem found, as ``check`` reports them."""

    def __init__(self, problems: list[ContentProblem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(found) for found in self.problems))


def _placeholder(value: Any) -> bool:
    """Whether a template's value is a blank to fill in (``""`` anywhere in it)."""
    if isinstance(value, dict):
        return any(_placeholder(item) for item in value.values())
    if isinstance(value, list):
        return any(_placeholder(item) for item in value)
    return value == ""


class EntryStore:
    """Reads, checks and writes the entries of one project.

    ``content_dir``/``docs_dir``: the project's folders; ``languages``: the
    site's language codes, ``default_language`` first among equals (the
    language of the originals).
    """

    def __init__(self, content_dir: Path, docs_dir: Path, languages: Iterable[str], default_language: str) -> None:
        self.content_dir = content_dir.resolve()
        self.docs_dir = docs_dir.resolve()
        self.languages = tuple(languages)
        self.default_language = default_language

    @classmethod
    def of_project(cls, project: Any) -> EntryStore:
        """The store of a :class:`campaign_site.project.Project`."""
        return cls(project.content_dir, project.docs_dir, project.site_languages.codes, project.default_language)

    # -- where and what ---------------------------------------------------------------

    def path_of(self, kind: ContentType, slug: str, lang: str | None = None) -> Path:
        """The file of entry ``slug`` (its translation into ``lang`` for a Markdown type)."""
        path = target_path(kind, slug, self.docs_dir, self.content_dir)
        return path.with_name(f"{slug}.{lang}{path.suffix}") if lang and lang != self.default_language else path

    def _text(self, value: Any, lang: str) -> Any:
        """The text of a translatable ``value`` in ``lang`` (None when it has none)."""
        if isinstance(value, dict):
            return value.get(lang) or None
        return value if lang == self.default_language else None

    def _yaml_value(self, value: Any) -> Any:
        """A translatable value as a YAML file holds it: plain text when only the default language is given."""
        if isinstance(value, dict):
            given = {lang: text for lang, text in value.items() if text not in (None, "")}
            if not given:
                return None
            if set(given) == {self.default_language}:
                return given[self.default_language]
            return given
        return value

    def files_of(self, draft: Draft) -> dict[Path, str]:
        """The texts of the files ``draft`` changes or creates, by path."""
        kind, markdown = draft.kind, draft.kind.file_format == "markdown"
        translatable = {spec.name for spec in kind.field_specs() if spec.translatable}
        path = self.path_of(kind, draft.slug)
        exists = path.exists()
        if exists:
            start = path.read_text(encoding="utf-8")
            values: dict[str, Any] = {}
        else:
            title = next((self._text(draft.values.get(name), self.default_language)
                          for name in ("title", "name") if draft.values.get(name)), None) or draft.slug
            start = new_file_text(kind, str(title), draft.slug, self.content_dir, self.default_language)
            written = (parse_markdown(start, path) if markdown else parse_yaml(start, path)).data or {}
            # a field nobody gave keeps the template's value (status: example), unless it is a blank to
            # fill in: then it is left empty, or out when required (reported as missing, never saved)
            required = {spec.name for spec in kind.field_specs() if spec.required}
            values = {name: DELETE if name in required else None for name, value in written.items()
                      if _placeholder(value)}
        for name, value in draft.values.items():
            if name == "body":
                continue
            if markdown and name in translatable:
                value = self._text(value, self.default_language)
            elif name in translatable:
                value = self._yaml_value(value)
            values[name] = value
        body = self._text(draft.values["body"], self.default_language) if markdown and "body" in draft.values else None
        files = {path: write_fields(start, values, markdown=markdown, body=body if body is not None else
                                    (None if exists or "body" not in draft.values else ""))}
        if markdown:
            files.update(self._translation_files(draft, translatable))
        return files

    def _translation_files(self, draft: Draft, translatable: set[str]) -> dict[Path, str]:
        files = {}
        for lang in self.languages:
            if lang == self.default_language:
                continue
            path = self.path_of(draft.kind, draft.slug, lang)
            given = {name: self._text(value, lang) for name, value in draft.values.items()
                     if name in translatable | {"body"}}
            if not path.exists() and not any(given.values()):
                continue
            start = path.read_text(encoding="utf-8") if path.exists() else ""
            values = {name: value if value else DELETE for name, value in given.items() if name != "body"}
            body = given.get("body")
            files[path] = write_fields(start, values, markdown=True,
                                       body=body if body is not None or not path.exists() else None)
        return files

    # -- checking ---------------------------------------------------------------------

    def problems(self, files: Mapping[Path, str]) -> list[ContentProblem]:
        """What ``check`` would report about ``files`` (path → text) once written, and nothing else.

        The content folder is loaded as ``check`` loads it, from a mirror of
        symbolic links in a temporary folder where ``files`` take the place of
        (or sit beside) the files on disk; problems name the real paths.
        """
        inside = {path.resolve().relative_to(self.content_dir): text for path, text in files.items()
                  if path.resolve().is_relative_to(self.content_dir)}
        problems = []
        for path, text in files.items():  # pages (docs/): their front matter must read
            if not path.resolve().is_relative_to(self.content_dir):
                try:
                    parse_markdown(text, path)
                except ReadError as error:
                    problems.append(error.problem)
        with tempfile.TemporaryDirectory(prefix="campaign-save-") as scratch:
            mirror = Path(scratch).resolve() / self.content_dir.name
            _mirror(self.content_dir, mirror, set(inside))
            for relative, text in inside.items():
                (mirror / relative).parent.mkdir(parents=True, exist_ok=True)
                (mirror / relative).write_text(text, encoding="utf-8")
            content = load_content(mirror, list(self.languages), self.default_language)
        for found in content.problems:
            # (not resolved: the other files are symbolic links to the real ones)
            shown = Path(os.path.abspath(found.path))
            if shown.is_relative_to(mirror) and shown.relative_to(mirror) in inside:
                real = display_path(self.content_dir / shown.relative_to(mirror))
                problems.append(ContentProblem(real, found.line, found.field, found.message, found.msgid,
                                               found.params))
        return sorted(problems)

    # -- saving -----------------------------------------------------------------------

    def save(self, drafts: Iterable[Draft], *, new_only: bool = False, dry_run: bool = False) -> list[Path]:
        """Validate the files of ``drafts`` together, then write them; return their paths.

        ``new_only``: refuse a draft whose file exists (spreadsheet import never
        overwrites). Raises :class:`SaveProblems` (nothing written) when
        anything is wrong; ``dry_run``: check only.
        """
        files: dict[Path, str] = {}
        for draft in drafts:
            drafted = self.files_of(draft)
            if new_only:
                existing = self.path_of(draft.kind, draft.slug)
                if existing.exists():
                    raise SaveProblems([_exists_problem(existing)])
            files.update(drafted)
        problems = self.problems(files)
        if problems:
            raise SaveProblems(problems)
        if not dry_run:
            write_files(files, new_only=new_only)
        return list(files)


EXISTS = "the file already exists and is not overwritten; choose another file name (slug) or edit that file"


def _exists_problem(path: Path) -> ContentProblem:
    from ..content.errors import problem

    return problem(display_path(path), 1, "(file name)", EXISTS)


def _mirror(source: Path, target: Path, replaced: set[Path]) -> None:
    """``target`` as a folder of symbolic links to what ``source`` holds; folders on the way
    to a ``replaced`` file (relative paths) are real folders, the replaced files left out."""
    target.mkdir(parents=True, exist_ok=True)
    heads = {relative.parts[0]: relative for relative in replaced}
    for child in source.iterdir():
        if child.name not in heads:
            (target / child.name).symlink_to(child, target_is_directory=child.is_dir())
        elif child.is_dir():
            _mirror(child, target / child.name,
                    {Path(*relative.parts[1:]) for relative in replaced
                     if relative.parts[0] == child.name and len(relative.parts) > 1})


def write_files(files: Mapping[Path, str], *, new_only: bool = False) -> None:
    """Write each text in one step (a temporary file renamed over the target). A new file is
    never written over one that appeared meanwhile; on failure, the files made so far are removed."""
    made: list[Path] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists() and not new_only and path.read_text(encoding="utf-8") == text:
                continue  # unchanged: not touched (a preview watching the folder does not rebuild)
            if new_only or not path.exists():
                with path.open("x", encoding="utf-8", newline="\n") as handle:
                    made.append(path)
                    handle.write(text)
                continue
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
            os.chmod(temporary, path.stat().st_mode & 0o777)
            os.replace(temporary, path)
    except BaseException:
        for path in made:
            path.unlink(missing_ok=True)
        raise

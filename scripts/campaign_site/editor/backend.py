"""The editor's backend: Decap CMS's local "proxy" protocol over the project's files.

Decap CMS (``backend: {name: proxy}``) posts ``{"action": …, "params": …}``
to one address; the actions answered here are those of Decap's own local
server (``decap-server``, ``localFs`` middleware): ``info``,
``entriesByFolder``, ``entriesByFiles``, ``getEntry``, ``persistEntry``,
``getMedia``, ``getMediaFile``, ``persistMedia``, ``deleteFile(s)``,
``getDeployPreview``. Paths are relative to the project folder.

Unlike Decap's server, which writes what the browser sends, this backend
reads and writes through the project's own layers: an entry is sent as its form
(:mod:`.forms`), and a saved form becomes the file ``new`` would write (or the
existing file, changed in place) after the same validation as ``check``
(:class:`campaign_site.authoring.EntryStore`); when that finds problems,
nothing is written and the answer lists them, each with its field's label, in
the person's language, and by the path of their field (``phones[0].number``),
which the editor's page uses to show each next to its field. Media go to ``content/media/`` with the type check of
``check`` and a size limit, never over an existing file. Nothing is deleted
but media uploaded in the same session. Every path stays in the project, links
followed (absolute paths, drive letters, backslashes, NUL and names over 255
bytes are refused); media are read from content/media/ only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from pathlib import Path
from typing import Any

from ..authoring.entries import Draft, EntryStore, SaveProblems
from ..content.errors import ContentProblem
from ..content.file_safety import BLOCKED_TYPE, LARGE_FILE_BYTES, allowed_types, blocked_suffix
from ..content.loader import SLUG
from ..content.reader import ReadError, parse_markdown, parse_yaml
from ..content.types import ContentType, FieldSpec, collections, content_type
from ..messages import N_, render
from .forms import BODY, Reference, from_form, to_form

#: Largest upload accepted (bytes): the size above which ``check`` reports a file as too big.
MAX_UPLOAD = LARGE_FILE_BYTES
#: Largest media file whose content is sent to the browser for thumbnails (bytes).
MAX_THUMBNAIL = 5_000_000

NOT_SAVED = N_("Not saved: {count} problem(s). Fix them and save again:")
SEE_FIELDS = N_("Not saved: {count} problem(s), each shown in red next to its field. Fix them and save again.")
BAD_NAME = N_("the file name '{found}' cannot be used; use lowercase letters without accents, digits and hyphens")
NO_COLLECTION = N_("'{found}' is not a folder of the editor")
MEDIA_TOO_BIG = N_("{found} is {size} MB; files over {limit} MB cannot be uploaded: make it smaller")
MEDIA_EXISTS = N_("content/media/{found} already exists with other content; rename the file before uploading it")
MEDIA_OUTSIDE = N_("files are uploaded into content/media/ only")
NO_DELETE = N_("nothing is deleted from the editor; remove files in the project folder if you must")
UNREADABLE = N_("this file cannot be read in the editor: {detail}")
BAD_REQUEST = N_("the editor's request could not be understood (expected a JSON object with 'action' and "
                 "'params'); reload the editor's page and try again")
NOT_MEDIA = N_("'{found}' is not a file of content/media/")


class BackendError(Exception):
    """An answer with an error: ``status`` (HTTP) and the message, in the person's language.

    ``problems``: when a form was refused, one ``{"field", "message", "line"}`` per problem
    (``field``: the path of the form's field, e.g. ``phones[0].number``; ``message``: what is
    wrong, for the field's own place; ``line``: the same with the field's label, for a list)
    and ``summary``: the message that goes with them once each is shown next to its field.
    """

    def __init__(self, message: str, status: int = 422, problems: list[dict[str, str]] | None = None,
                 summary: str = "") -> None:
        self.status = status
        self.problems = problems or []
        self.summary = summary
        super().__init__(message)

    def answer(self) -> dict[str, Any]:
        """The body of the error answer: ``{"error": …}``, with ``problems`` and ``summary`` if any."""
        if not self.problems:
            return {"error": str(self)}
        return {"error": str(self), "problems": self.problems, "summary": self.summary}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Backend:
    """Answers Decap CMS's actions for the project at ``root`` (messages in ``lang``)."""

    def __init__(self, root: Path, store: EntryStore, reference: Reference, lang: str) -> None:
        self.root = root.resolve()
        self.store = store
        self.reference = reference
        self.lang = lang
        self.uploaded: set[Path] = set()
        self._lock = threading.Lock()
        self.saved = 0  # entries saved since start (the preview waits for rebuilds after each)

    # -- where things are ---------------------------------------------------------------

    def kinds(self) -> list[tuple[ContentType, str]]:
        """Every content type the editor offers, with its folder relative to the project."""
        found = []
        for kind in [*collections(), content_type("page")]:
            folder = self.store.docs_dir if kind.is_page else self.store.content_dir / kind.folder
            found.append((kind, folder.relative_to(self.root).as_posix()))
        return found

    def specs(self, kind: ContentType) -> tuple[FieldSpec, ...]:
        """The fields of ``kind``'s form (a hand-written page: its title and text)."""
        if kind.model is not None:
            return kind.field_specs()
        title, body = kind.field_text("title"), kind.field_text("body")
        return (FieldSpec("title", title.label, title.help, True, "translatable"),
                FieldSpec(BODY, body.label, body.help, False, "markdown"))

    def _path(self, relative: str) -> Path:
        """``relative`` inside the project, links followed; 403 for a path that is no plain
        project path (absolute, a drive letter, backslashes, NUL, a name too long) or leaves it."""
        text = relative if isinstance(relative, str) else ""
        parts = text.split("/")
        if (not text or "\\" in text or "\x00" in text or ":" in text or text.startswith("/")
                or any(len(part.encode("utf-8")) > 255 for part in parts)):
            raise BackendError(render(NO_COLLECTION, self.lang, {"found": text[:200]}), 403)
        path = (self.root / text).resolve()
        if not path.is_relative_to(self.root):
            raise BackendError(render(NO_COLLECTION, self.lang, {"found": text}), 403)
        return path

    def _media_path(self, relative: str) -> Path:
        """``relative``, a file of content/media/ itself (not a link out of it); 403 otherwise."""
        path, folder = self._path(relative), (self.store.content_dir / "media").resolve()
        if path.parent != folder or not path.is_file():
            raise BackendError(render(NOT_MEDIA, self.lang, {"found": relative}), 403)
        return path

    def _entry_of(self, relative: str) -> tuple[ContentType, str]:
        """The content type and slug of the entry file at ``relative``."""
        path = self._path(relative)
        for kind, folder in self.kinds():
            if path.parent == (self.root / folder).resolve() and path.suffix == kind.extension:
                return kind, path.name[: -len(kind.extension)]
        raise BackendError(render(NO_COLLECTION, self.lang, {"found": relative}), 403)

    def _is_translation(self, kind: ContentType, path: Path) -> bool:
        stem = path.name[: -len(kind.extension)]
        return "." in stem and stem.rsplit(".", 1)[1] in self.reference.site_languages

    # -- reading ----------------------------------------------------------------------------

    def _read(self, kind: ContentType, path: Path) -> tuple[dict[str, Any], str]:
        text = path.read_text(encoding="utf-8")
        source = parse_markdown(text, path) if kind.file_format == "markdown" else parse_yaml(text, path)
        return (source.data if isinstance(source.data, dict) else {}), source.body

    def _unreadable(self, error: ReadError | UnicodeDecodeError) -> BackendError:
        detail = error.problem.render(self.lang) if isinstance(error, ReadError) else str(error)
        return BackendError(render(UNREADABLE, self.lang, {"detail": detail}))

    def entry(self, relative: str) -> dict[str, Any]:
        """One entry as Decap CMS reads it: ``{"data": <form as JSON>, "file": {"path", "id"}}``."""
        kind, slug = self._entry_of(relative)
        path = self._path(relative)
        if not path.is_file():
            return {"data": None, "file": {"path": relative, "id": None}}
        try:
            data, body = self._read(kind, path)
            translations = {}
            if kind.file_format == "markdown":
                for lang in self.reference.site_languages:
                    other = self.store.path_of(kind, slug, lang) if not kind.is_page else \
                        path.with_name(f"{slug}.{lang}.md")
                    if lang != self.reference.default_language and other.is_file():
                        translations[lang] = self._read(kind, other)
        except (ReadError, UnicodeDecodeError) as error:
            raise self._unreadable(error) from None
        form = to_form(kind, self.specs(kind), data, body, translations, self.reference)
        return {"data": json.dumps(form, ensure_ascii=False), "file": {"path": relative, "id": _sha(path.read_bytes())}}

    def entries_by_folder(self, folder: str, extension: str) -> list[dict[str, Any]]:
        found = []
        directory = self._path(folder)
        kind = next((kind for kind, other in self.kinds() if self._path(other) == directory), None)
        if kind is None or not directory.is_dir():
            return []
        for path in sorted(directory.glob(f"*{kind.extension}")):
            if not self._is_translation(kind, path):
                try:
                    found.append(self.entry(path.relative_to(self.root).as_posix()))
                except BackendError:
                    continue  # a file the reader refuses: check names it
        return found

    # -- saving -----------------------------------------------------------------------------

    def persist_entry(self, params: dict[str, Any]) -> dict[str, Any]:
        files = params.get("dataFiles") or [params.get("entry")]
        drafts = []
        for item in files:
            kind, slug = self._entry_of(item["path"])
            if not SLUG.match(slug):
                raise BackendError(render(BAD_NAME, self.lang, {"found": slug}))
            form = json.loads(item.get("raw") or "{}")
            path = self.store.path_of(kind, slug)
            try:  # a file the reader refuses (a duplicate key, a YAML tag) is fixed in the file, not overwritten
                current = self._read(kind, path)[0] if path.is_file() else {}
            except (ReadError, UnicodeDecodeError) as error:
                raise self._unreadable(error) from None
            values = from_form(self.specs(kind), form, self.reference, current)
            if kind.model is None:  # a page: its title and text in the main language
                values = {key: value.get(self.reference.default_language) if isinstance(value, dict) else value
                          for key, value in values.items()}
            drafts.append(Draft(kind, slug, values))
        with self._lock:
            for asset in params.get("assets") or []:
                self.persist_media(asset)
            try:
                self.store.save(drafts)
            except SaveProblems as error:
                raise BackendError(self.explain(error.problems, drafts), problems=self.by_field(error.problems, drafts),
                                   summary=render(SEE_FIELDS, self.lang, {"count": len(error.problems)})) from None
            self.saved += 1
        return {"message": "entry persisted"}

    def explain(self, problems: list[ContentProblem], drafts: list[Draft]) -> str:
        """The problems as one message: each with its field's label, in the person's language."""
        lines = [render(NOT_SAVED, self.lang, {"count": len(problems)})]
        lines += [found["line"] for found in self.by_field(problems, drafts)]
        return "\n".join(lines)

    def by_field(self, problems: list[ContentProblem], drafts: list[Draft]) -> list[dict[str, str]]:
        """Each problem as ``{"field": path, "message": what is wrong, "line": "• label (path): …"}``
        in the person's language; the editor's page shows ``message`` next to the field at ``path``."""
        labels = {spec.name: render(spec.label, self.lang, {}) for draft in drafts for spec in self.specs(draft.kind)}
        found_list = []
        for found in problems:
            top = found.field.split("[")[0].split(".")[0]
            message = render(found.msgid, self.lang, dict(found.params)) if found.msgid else found.message
            found_list.append({"field": found.field, "message": message,
                               "line": f"• {labels.get(top, found.field)} ({found.field}): {message}"})
        return found_list

    # -- media ------------------------------------------------------------------------------

    def media_file(self, path: Path) -> dict[str, Any]:
        data = path.read_bytes()
        content = base64.b64encode(data).decode("ascii") if len(data) <= MAX_THUMBNAIL else ""
        return {"id": _sha(data), "content": content, "encoding": "base64",
                "path": path.relative_to(self.root).as_posix(), "name": path.name}

    def media(self) -> list[dict[str, Any]]:
        folder = self.store.content_dir / "media"
        inside = folder.resolve()  # a link planted in the folder is not followed out of it
        return [self.media_file(path) for path in sorted(folder.iterdir())
                if path.is_file() and path.resolve().parent == inside] if folder.is_dir() else []

    def persist_media(self, asset: dict[str, Any]) -> dict[str, Any]:
        folder = (self.store.content_dir / "media").resolve()
        name = Path(str(asset.get("path", ""))).name
        path = (folder / name).resolve()
        if not name or path.parent != folder or any(char in name for char in "\\:\x00") or len(name.encode()) > 255:
            raise BackendError(render(MEDIA_OUTSIDE, self.lang, {}), 403)
        if (suffix := blocked_suffix(name)) is not None:
            raise BackendError(render(BLOCKED_TYPE, self.lang, {"found": suffix, "expected": allowed_types()}))
        data = base64.b64decode(asset.get("content") or "")
        if len(data) > MAX_UPLOAD:
            raise BackendError(render(MEDIA_TOO_BIG, self.lang, {"found": name, "size": round(len(data) / 1e6),
                                                                  "limit": MAX_UPLOAD // 1_000_000}))
        if path.exists():
            if path.read_bytes() != data:
                raise BackendError(render(MEDIA_EXISTS, self.lang, {"found": name}))
            return self.media_file(path)
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as handle:
            handle.write(data)
        self.uploaded.add(path)
        return self.media_file(path)

    def delete(self, relative: str) -> None:
        path = self._path(relative)
        if path not in self.uploaded:
            raise BackendError(render(NO_DELETE, self.lang, {}), 403)
        path.unlink(missing_ok=True)
        self.uploaded.discard(path)

    # -- the protocol ---------------------------------------------------------------------

    def handle(self, body: dict[str, Any]) -> Any:
        """The answer to one request ``{"action": …, "params": …}``; :class:`BackendError` otherwise."""
        if not isinstance(body, dict) or not isinstance(body.get("params") or {}, dict):
            raise BackendError(render(BAD_REQUEST, self.lang, {}), 400)
        action, params = body.get("action"), body.get("params") or {}
        if action == "info":
            return {"repo": self.root.name, "publish_modes": ["simple"], "type": "local_fs"}
        if action == "entriesByFolder":
            return self.entries_by_folder(params["folder"], params.get("extension", ""))
        if action == "entriesByFiles":
            return [self.entry(item["path"]) for item in params.get("files", [])]
        if action == "getEntry":
            return self.entry(params["path"])
        if action == "persistEntry":
            return self.persist_entry(params)
        if action == "getMedia":
            return self.media()
        if action == "getMediaFile":
            return self.media_file(self._media_path(params["path"]))
        if action == "persistMedia":
            with self._lock:
                return self.persist_media(params["asset"])
        if action == "deleteFile":
            self.delete(params["path"])
            return {"message": "deleted"}
        if action == "deleteFiles":
            for path in params.get("paths", []):
                self.delete(path)
            return {"message": "deleted"}
        if action == "getDeployPreview":
            return None
        raise BackendError(render(BAD_REQUEST, self.lang, {}), 400)


__all__ = ["Backend", "BackendError"]

"""``campaign-site edit``: a browser editor for communicators, on this computer only.

Decap CMS (a well-kept Git-based CMS, pinned, unpacked from npm by ``make
editor-assets``) shows a list per collection and a form per entry; its
configuration is made from the registry of content types (:mod:`.forms`), and
it talks to our backend (:mod:`.backend`, Decap's local "proxy" protocol),
which reads and writes the project's files through the same reader, writer,
models and checks as ``new`` and ``check``. :mod:`.server` serves both on
127.0.0.1 next to the live preview. Nothing here is part of a built site.
"""

from __future__ import annotations

from ..authoring.entries import EntryStore
from ..content.loader import ContentLoader
from ..content.types import collections
from .backend import Backend
from .forms import Reference


def reference_of(store: EntryStore, lang: str) -> Reference:
    """What the forms offer as choices, from the project's data (names in ``lang`` where the
    site has labels in it, else in its main language)."""
    loader = ContentLoader(store.content_dir, list(store.languages), store.default_language)
    loader.load_reference_data()
    content = loader.content
    labels = content.labels.get(lang) or content.labels.get(store.default_language)
    groups = {"language_names", "common"} | {spec.choice_labels for kind in collections()
                                             for spec in kind.field_specs() if spec.choice_labels}
    names = {group: labels.get(group, {}) if labels is not None else {} for group in groups}

    def name(value: object) -> str:
        return str(value.text(lang, store.default_language)) if hasattr(value, "text") else str(value)

    return Reference(areas={key: name(area.name) for key, area in content.areas.items()},
                     languages=dict(content.material_languages), labels=names,
                     site_languages=store.languages, default_language=store.default_language)


def make_backend(project: object, lang: str) -> Backend:
    """The backend of ``project`` (a :class:`campaign_site.project.Project`), messages in ``lang``."""
    store = EntryStore.of_project(project)
    return Backend(project.root, store, reference_of(store, lang), lang)  # type: ignore[attr-defined]


__all__ = ["Backend", "Reference", "make_backend", "reference_of"]

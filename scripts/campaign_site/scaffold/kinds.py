"""The kinds of file ``campaign-site new`` writes, and where they go."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from ..content.models import Event, Practice, Resource, Service


@dataclass(frozen=True)
class Kind:
    """One kind of file: its folder, file extension, template and model."""

    name: str
    folder: str  # under content/; "" for pages, which go to docs/
    extension: str
    model: type[BaseModel] | None  # None: pages are not validated by a model

    @property
    def template(self) -> str:
        """Template file name in ``campaign_site/templates/``."""
        return f"{self.name}{self.extension}"

    @property
    def is_page(self) -> bool:
        """Whether this kind is a hand-written page under ``docs/``."""
        return not self.folder


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("resource", "resources", ".md", Resource),
        Kind("practice", "practices", ".md", Practice),
        Kind("service", "services", ".yaml", Service),
        Kind("event", "events", ".yaml", Event),
        Kind("page", "", ".md", None),
    )
}

# Fields every entry has but nobody writes: derived from the file or internal.
INTERNAL_FIELDS = frozenset({"slug", "source_path", "source_lines", "body"})


def written_fields(model: type[BaseModel]) -> list[str]:
    """The fields a communicator writes in a file of ``model``, in model order."""
    return [name for name in model.model_fields if name not in INTERNAL_FIELDS]

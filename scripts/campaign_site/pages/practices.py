"""Model practices: a detail page per practice (the gallery is on the list page)."""

from __future__ import annotations

from collections.abc import Iterator

from ..content.loader import SiteContent
from ..content.types import PRACTICE
from ..content.models import Localized, Practice
from .spec import GeneratedPage
from .view import LanguageView

FOLDER = "mo-hinh"


def practice_uri(practice: Practice) -> str:
    """Markdown path of a practice's page (without language)."""
    return f"{FOLDER}/{practice.slug}.md"


def practice_pages(content: SiteContent) -> Iterator[GeneratedPage]:
    """One page per practice."""
    for practice in content.practices:
        yield GeneratedPage(
            neutral_uri=practice_uri(practice),
            title=practice.title,
            description=practice.summary,
            template=PRACTICE.page_templates["entry"],
            context={"practice": practice},
            body=Localized(practice.body),
        )


def practices_by_area(content: SiteContent) -> list[tuple[str, list[Practice]]]:
    """Practices grouped by area, in the order of content/areas.yaml."""
    groups = []
    for key in content.areas:
        members = [p for p in content.practices if p.area == key]
        if members:
            groups.append((key, members))
    return groups


def practice_topics(content: SiteContent) -> list[str]:
    """Every topic used, sorted."""
    return sorted({topic for p in content.practices for topic in p.topics})


def practice_facets(content: SiteContent, view: LanguageView) -> list[dict[str, object]]:
    """Filter fields of the practice gallery: area and topic."""
    return [
        {"name": "area", "label": view.t("common.area"),
         "options": [(key, view.area_label(key)) for key, _ in practices_by_area(content)]},
        {"name": "topic", "label": view.t("common.topics"),
         "options": [(topic, view.t(f"practice_topics.{topic}")) for topic in practice_topics(content)]},
    ]

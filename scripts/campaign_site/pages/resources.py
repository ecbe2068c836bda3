"""Resource library: detail pages and one static page per filter value."""

from __future__ import annotations

from collections.abc import Iterator

from ..content.loader import SiteContent
from ..content.types import RESOURCE
from ..content.models import Localized, Resource
from .spec import GeneratedPage
from .view import LanguageView

FOLDER = "tai-lieu"
GROUP_FOLDER = f"{FOLDER}/nhom"


def resource_uri(resource: Resource) -> str:
    """Markdown path of a resource's page (without language)."""
    return f"{FOLDER}/{resource.slug}.md"


def resource_pages(content: SiteContent) -> Iterator[GeneratedPage]:
    """One page per resource."""
    for resource in content.resources:
        yield GeneratedPage(
            neutral_uri=resource_uri(resource),
            title=resource.title,
            description=resource.summary,
            template=RESOURCE.page_templates["entry"],
            context={"resource": resource},
            body=Localized(resource.body),
        )


def resource_groups(content: SiteContent) -> list[tuple[str, str, str, list[Resource]]]:
    """(facet, value, slug, members) for every filter value in use."""
    facets: dict[tuple[str, str], list[Resource]] = {}
    for resource in content.resources:
        facets.setdefault(("kind", resource.kind), []).append(resource)
        for code in resource.languages:
            facets.setdefault(("language", code), []).append(resource)
        for audience in resource.audience:
            facets.setdefault(("audience", audience), []).append(resource)
        if resource.easy_read:
            facets.setdefault(("easy_read", "true"), []).append(resource)
    slug_prefix = {"kind": "loai", "language": "ngon-ngu", "audience": "doi-tuong", "easy_read": "de-doc"}
    groups = []
    for (facet, value), members in sorted(facets.items()):
        slug = slug_prefix[facet] if facet == "easy_read" else f"{slug_prefix[facet]}-{value.replace('_', '-')}"
        groups.append((facet, value, slug, members))
    return groups


def group_title(facet: str, value: str, content: SiteContent) -> Localized:
    """Title of a static filter page in every language with labels."""
    name_key = {"kind": f"kinds.{value}", "audience": f"audiences.{value}", "language": "common.languages"}.get(
        facet, "common.easy_read")
    titles = Localized()
    for lang, labels in content.labels.items():
        # only in a language whose labels file has both parts (else the default's title, marked so)
        if not (labels.has("resources.title") and labels.has(name_key)):
            continue
        name = str(labels[name_key])
        if facet == "language":
            name = f"{name}: {content.material_languages.get(value, value)}"
        titles[lang] = f"{labels['resources.title']}: {name}"
    return titles


def resource_group_pages(content: SiteContent) -> Iterator[GeneratedPage]:
    """A plain page per filter value, so every filter works without JavaScript."""
    for facet, value, slug, members in resource_groups(content):
        title = group_title(facet, value, content)
        yield GeneratedPage(
            neutral_uri=f"{GROUP_FOLDER}/{slug}.md",
            title=title,
            description=title,
            template=RESOURCE.page_templates["group"],
            context={"members": members, "facet": facet, "value": value},
            printable=False,
        )


def resource_facets(content: SiteContent, view: LanguageView) -> list[dict[str, object]]:
    """Filter fields of the resource list: name, label and (value, label) options in use."""
    used: dict[str, list[str]] = {"kind": [], "language": [], "audience": []}
    for facet, value, _, _ in resource_groups(content):
        if facet in used:
            used[facet].append(value)
    return [
        {"name": "kind", "label": view.t("common.kind"),
         "options": [(k, view.t(f"kinds.{k}")) for k in used["kind"]]},
        {"name": "language", "label": view.t("common.languages"),
         "options": [(c, view.language_name(c)) for c in used["language"]]},
        {"name": "audience", "label": view.t("common.audience"),
         "options": [(a, view.t(f"audiences.{a}")) for a in used["audience"]]},
        {"name": "easy-read", "label": view.t("common.easy_read"),
         "options": [("true", view.t("common.easy_read"))]},
    ]

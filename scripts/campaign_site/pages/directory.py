"""Support-service directory: the list of areas, then one page per area.

An area page leads with the area's own services (verified before examples) and
lists the national lines after them, in a compact form. Counts shown to readers
leave examples out. Pages stay per area so none grows with the whole province's data.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..content.loader import SiteContent
from ..content.types import SERVICE
from ..content.models import Area, Localized, Service
from .spec import GeneratedPage
from .view import LanguageView

FOLDER = "danh-ba"
KIND_ORDER = (
    "hotline", "police", "health", "one_stop_centre", "shelter", "trusted_address",
    "social_work", "counselling", "legal_aid", "other",
)


def area_uri(area_key: str) -> str:
    """Markdown path of an area's directory page (without language)."""
    return f"{FOLDER}/{area_key}.md"


def service_uri(service: Service) -> str:
    """Markdown path of the page listing a service: its area's directory page (without language)."""
    return area_uri(service.area)


def _order(service: Service) -> tuple[int, int, str]:
    return (service.status != "verified", KIND_ORDER.index(service.kind), service.slug)


def national_services(content: SiteContent) -> list[Service]:
    """Nationwide services, verified hotlines first."""
    return sorted((s for s in content.services if s.area == "national"), key=_order)


def hotlines(content: SiteContent) -> list[Service]:
    """Verified nationwide hotlines and emergency numbers, for the strip on every page."""
    return [
        s for s in national_services(content)
        if s.status == "verified" and s.phones and s.kind in ("hotline", "police", "health")
    ]


def services_in(content: SiteContent, area_key: str) -> list[Service]:
    """Services of one area, verified first then by kind."""
    return sorted((s for s in content.services if s.area == area_key), key=_order)


def verified_in(content: SiteContent, area_key: str) -> list[Service]:
    """Verified services of one area (what counts: examples are never counted)."""
    return [s for s in services_in(content, area_key) if s.status == "verified"]


def area_count_label(content: SiteContent, area_key: str, view: LanguageView) -> str:
    """What the area list says after an area's name: "3 dịch vụ" (verified ones only),
    "chỉ có ví dụ" when it lists examples alone, "chưa có dịch vụ" when it lists nothing."""
    verified = len(verified_in(content, area_key))
    if verified:
        return view.t("directory.count", count=verified)
    if services_in(content, area_key):
        return view.t("area_directory.count_examples_only")
    return view.t("area_directory.count_none")


FORMER_URI = f"{FOLDER}/dia-ban-cu.md"


def current_areas(content: SiteContent) -> dict[str, Area]:
    """Units a reader chooses from today: not a province, not ended (no ``valid_until``)."""
    return {key: area for key, area in content.areas.items()
            if area.valid_until is None and area.kind != "province"}


def former_areas(content: SiteContent) -> dict[str, Area]:
    """Units that ended (``valid_until`` set), such as the districts before 1 July 2025."""
    return {key: area for key, area in content.areas.items() if area.valid_until is not None}


def successors(content: SiteContent, key: str) -> dict[str, Area]:
    """Current units whose ``formerly`` names ``key``: where a former unit's people are now."""
    return {k: area for k, area in current_areas(content).items() if key in area.formerly}


def former_index_page(content: SiteContent) -> Iterator[GeneratedPage]:
    """The 'former district' index, when there are former units."""
    if not former_areas(content):
        return
    title = Localized()
    for lang, labels in content.labels.items():
        if labels.is_own:
            title[lang] = str(labels["area_history.title"])
    yield GeneratedPage(neutral_uri=FORMER_URI, title=title, description=title,
                        template=SERVICE.page_templates["former"])


def area_pages(content: SiteContent) -> Iterator[GeneratedPage]:
    """One directory page per area."""
    for key, area in content.areas.items():
        title = Localized()
        for lang, labels in content.labels.items():
            # in a language that has both the label and the area's name (else the default's, marked so)
            if labels.has("directory.in_area") and (lang == content.default_language or lang in area.name):
                title[lang] = f"{labels['directory.in_area']} {area.name.text(lang, content.default_language)}"
        yield GeneratedPage(
            neutral_uri=area_uri(key),
            title=title,
            description=title,
            template=SERVICE.page_templates["area"],
            context={"area_key": key, "services": services_in(content, key)},
        )


def service_facets(services: list[Service], view: LanguageView) -> list[dict[str, object]]:
    """Filter fields of an area's services: kind, language, accessibility (values in use)."""
    kinds = [k for k in KIND_ORDER if any(s.kind == k for s in services)]
    languages = sorted({code for s in services for code in s.languages})
    access = sorted({a for s in services for a in s.accessibility})
    return [
        {"name": "kind", "label": view.t("common.kind"),
         "options": [(k, view.t(f"service_kinds.{k}")) for k in kinds]},
        {"name": "language", "label": view.t("common.languages"),
         "options": [(c, view.language_name(c)) for c in languages]},
        {"name": "accessibility", "label": view.t("common.accessibility"),
         "options": [(a, view.t(f"accessibility_values.{a}")) for a in access]},
    ]

"""Content types: one descriptor per collection (Hugo's content types and archetypes).

A :class:`ContentType` names everything the tools need to know about one kind
of entry: its model, its folder and file format, the label and help of every
field (English message ids, translated through the gettext catalog like every
message), which fields translators translate (marked in the model's types:
:data:`.models.TRANSLATABLE`), the templates of its pages, the template
``campaign-site new`` writes, the pages and files generated from it, and the
checks across entries.

``check`` and the loader, the generated pages, the exports, ``new``,
``translations`` and the editor all read this registry; adding a content type
is one :func:`register` call (the built-in types are registered at the end of
this module). Hooks into higher layers (pages, exports) are named
``"module:function"`` and imported when first used, so this module imports
nothing above the content layer.

Registration is per process: a build with one process per language (``-j``)
imports this module in each, so a type must be registered at import time of
this module (or of a module it imports) to reach them.
"""

from __future__ import annotations

import dataclasses
import importlib
import types as pytypes
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from ..messages import N_
from .errors import ContentProblem, problem
from .models import Campaign, Event, Input, Practice, Resource, Service, Translatable

if TYPE_CHECKING:
    from .loader import SiteContent

#: A function, or where to import it from: ``"campaign_site.pages.resources:resource_pages"``.
Hook = Union[str, Callable[..., Any]]

# Fields every entry has but nobody writes: derived from the file or internal.
INTERNAL_FIELDS = frozenset({"slug", "source_path", "source_lines", "body"})


def resolve(hook: Hook) -> Callable[..., Any]:
    """The function ``hook`` names (imported on first use)."""
    if callable(hook):
        return hook
    module, _, name = hook.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class FieldText:
    """How a field is named and explained to the people who fill it in (English message ids)."""

    label: str
    help: str = ""


@dataclass(frozen=True)
class FieldSpec:
    """One field as a form or template shows it.

    ``input`` is one of :data:`.models.INPUT_KINDS`, ``"choice"`` (one of
    ``choices``), ``"group"`` (the fields in ``fields``, e.g. a phone number
    with its label and hours) or ``"markdown"`` (the body of a Markdown entry).
    ``many``: a list of such values. ``label`` and ``help`` are English message
    ids: show them with :func:`campaign_site.messages.render`. ``choice_labels``:
    the group of the site's labels (``content/i18n/<lang>.yaml``) that names
    each choice, if any.
    """

    name: str
    label: str
    help: str
    required: bool
    input: str
    many: bool = False
    translatable: bool = False
    choices: tuple[str, ...] = ()
    fields: tuple[FieldSpec, ...] = ()
    choice_labels: str | None = None


def _unwrap(annotation: object) -> tuple[object, bool, bool, list[object]]:
    """(inner type, optional, many, Annotated metadata found on the way)."""
    metadata: list[object] = []
    optional = many = False
    while True:
        origin = get_origin(annotation)
        if origin is Union or origin is pytypes.UnionType:
            arguments = [a for a in get_args(annotation) if a is not type(None)]
            optional = optional or len(arguments) < len(get_args(annotation))
            if len(arguments) != 1:  # e.g. a date or a date and time: one input
                for argument in arguments:
                    metadata += list(getattr(argument, "__metadata__", ()))
                return annotation, optional, many, metadata
            annotation = arguments[0]
        elif origin is list:
            many, annotation = True, get_args(annotation)[0]
        elif hasattr(annotation, "__metadata__"):
            metadata += list(annotation.__metadata__)
            annotation = get_args(annotation)[0]
        else:
            return annotation, optional, many, metadata


def _field_specs(model: type[BaseModel], texts: Callable[[str], FieldText], prefix: str = "") -> tuple[FieldSpec, ...]:
    specs = []
    for name, info in model.model_fields.items():
        if name in INTERNAL_FIELDS:
            continue
        inner, _, many, metadata = _unwrap(info.annotation)
        metadata = list(info.metadata) + metadata
        path = f"{prefix}{name}"
        text = texts(path)
        translatable = any(isinstance(item, Translatable) for item in metadata)
        marks = [item.kind for item in metadata if isinstance(item, Input)]
        nested: tuple[FieldSpec, ...] = ()
        choices: tuple[str, ...] = ()
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            kind, nested = "group", _field_specs(inner, texts, f"{path}.")
        elif get_origin(inner) is Literal:
            kind, choices = "choice", tuple(str(value) for value in get_args(inner))
        else:
            kind = marks[-1] if marks else "text"
        specs.append(FieldSpec(name, text.label, text.help, info.is_required(), kind, many, translatable,
                               choices, nested))
    return tuple(specs)


@dataclass(frozen=True)
class ContentType:
    """One kind of content: where its files live and everything made from them.

    - ``name``: what people type (``campaign-site new service``), singular;
    - ``folder``: under ``content/`` (under ``docs/`` when ``root`` is ``"docs"``);
    - ``model``: the pydantic model of one entry (None for hand-written pages);
    - ``file_format``: ``"markdown"`` (front matter and a body; translations in
      ``slug.<lang>.md``) or ``"yaml"`` (translations inline, ``{vi: …, en: …}``);
    - ``label``: the collection's name in the tools (English message id);
    - ``fields``: label and help of the written fields, by dotted path
      (``phones.number``); :data:`COMMON_FIELDS` supplies the shared ones;
    - ``sort_key``/``reverse``: the order of the loaded entries;
    - ``scaffold``: template of ``campaign-site new`` in ``campaign_site/templates/``
      (None: one is made from the fields and their help); ``creatable``: whether
      ``new`` offers the type at all;
    - ``choice_labels``: for a field of fixed values, the group of the site's
      labels (``content/i18n/<lang>.yaml``) naming each value;
    - ``page_templates``: the theme templates (``overrides/``) of its pages, by role;
    - ``lists``: lists a hand-written page can ask for (``campaign_list: name``) → template;
    - ``pages``: functions ``(content) -> Iterable[GeneratedPage]``;
    - ``exports``: functions ``(content, site_dir, site_url, stamp) -> list[Path]`` writing files
      once per site;
    - ``language_exports``: functions ``(content, site_dir, lang, stamp, options) -> list[Path]``
      writing one language's files (``options``: the campaign plugin's settings, e.g. ``timezone``);
    - ``checks``: functions ``(content) -> list[ContentProblem]`` across entries
      (a kit naming resources, an event naming its campaign's year);
    - ``entry_page``: function ``(entry) -> str``, the Markdown path (without language) of the
      page showing an entry, e.g. ``tai-lieu/<slug>.md`` (None: no page of its own). It reads
      only the entry's fields as text, so the editor's preview calls it with ``{name}`` slots
      (:func:`entry_page_template`) to follow an entry still being written.
    """

    name: str
    folder: str
    model: type[BaseModel] | None
    file_format: Literal["markdown", "yaml"]
    label: str
    fields: Mapping[str, FieldText] = field(default_factory=dict)
    sort_key: Callable[[Any], Any] | None = None
    reverse: bool = False
    scaffold: str | None = None
    creatable: bool = True
    choice_labels: Mapping[str, str] = field(default_factory=dict)
    page_templates: Mapping[str, str] = field(default_factory=dict)
    lists: Mapping[str, str] = field(default_factory=dict)
    pages: tuple[Hook, ...] = ()
    exports: tuple[Hook, ...] = ()
    language_exports: tuple[Hook, ...] = ()
    checks: tuple[Callable[[SiteContent], list[ContentProblem]], ...] = ()
    root: Literal["content", "docs"] = "content"
    entry_page: Hook | None = None

    @property
    def hooks(self) -> tuple[Hook, ...]:
        """Every hook it names: its generated pages, exports, language exports and entry page."""
        return (*self.pages, *self.exports, *self.language_exports,
                *((self.entry_page,) if self.entry_page is not None else ()))

    @property
    def extension(self) -> str:
        """File extension of its files."""
        return ".md" if self.file_format == "markdown" else ".yaml"

    @property
    def is_page(self) -> bool:
        """Whether its files are hand-written pages under ``docs/``."""
        return self.root == "docs"

    def field_text(self, path: str) -> FieldText:
        """Label and help of the field at dotted ``path`` (``"?"`` labels when nobody wrote them)."""
        return self.fields.get(path) or COMMON_FIELDS.get(path) or COMMON_FIELDS.get(path.rsplit(".", 1)[-1]) \
            or FieldText(path)

    def field_specs(self) -> tuple[FieldSpec, ...]:
        """Every written field, in model order, then the body of a Markdown entry."""
        if self.model is None:
            return ()
        specs = tuple(dataclasses.replace(spec, choice_labels=self.choice_labels.get(spec.name))
                      for spec in _field_specs(self.model, self.field_text))
        if self.file_format == "markdown":
            body = self.field_text("body")
            specs += (FieldSpec("body", body.label, body.help, False, "markdown", translatable=True),)
        return specs

    def written_fields(self) -> list[str]:
        """Names of the fields a person writes in one of its files, in model order."""
        return [spec.name for spec in self.field_specs() if spec.name != "body"]

    def translatable_fields(self) -> tuple[set[str], set[str]]:
        """(text fields, list-of-text fields) translators translate (the body aside)."""
        texts, lists = set(), set()
        for spec in self.field_specs():
            if spec.translatable and spec.name != "body":
                (lists if spec.many else texts).add(spec.name)
        return texts, lists

    def sorted(self, entries: Iterable[Any]) -> list[Any]:
        """``entries`` in the type's order."""
        return sorted(entries, key=self.sort_key, reverse=self.reverse) if self.sort_key else list(entries)


# --- the registry --------------------------------------------------------------------------------

_REGISTRY: dict[str, ContentType] = {}


def register(content_type: ContentType) -> ContentType:
    """Add ``content_type``; raise ``ValueError`` if its name or folder is taken."""
    for other in _REGISTRY.values():
        if content_type.name == other.name or (content_type.root, content_type.folder) == (other.root, other.folder):
            raise ValueError(f"content type '{content_type.name}' ({content_type.folder}/) clashes with "
                             f"'{other.name}' ({other.folder}/)")
    _REGISTRY[content_type.name] = content_type
    return content_type


def unregister(name: str) -> None:
    """Remove the type ``name`` (tests)."""
    _REGISTRY.pop(name, None)


class _Slots:
    """An entry whose every field reads ``{field}``: what :attr:`ContentType.entry_page` makes of it
    is the template of every entry's page path."""

    def __getattr__(self, name: str) -> str:
        return f"{{{name}}}"


def entry_page_template(kind: ContentType) -> str | None:
    """Where ``kind``'s entries are shown: a Markdown path with ``{field}`` slots
    (``danh-ba/{area}.md``), or None when they have no page of their own."""
    return None if kind.entry_page is None else str(resolve(kind.entry_page)(_Slots()))


def _page_uri(page: Any) -> str:
    """Markdown path of a hand-written page: its own file."""
    return f"{page.slug}.md"


def content_types() -> tuple[ContentType, ...]:
    """Every registered type, in registration order (the order entries are loaded and pages made)."""
    return tuple(_REGISTRY.values())


def collections() -> tuple[ContentType, ...]:
    """The types whose entries are loaded and validated (those with a model)."""
    return tuple(t for t in _REGISTRY.values() if t.model is not None)


def content_type(name: str) -> ContentType:
    """The type called ``name``; ``KeyError`` naming the known ones otherwise."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown content type '{name}'; expected one of {', '.join(_REGISTRY)}") from None


def list_templates() -> dict[str, str]:
    """Every list a hand-written page may ask for (``campaign_list:``) → its template."""
    return {name: template for t in _REGISTRY.values() for name, template in t.lists.items()}


# --- field texts shared by several types ---------------------------------------------------------

_SOURCE_HELP = N_("where a reader can open this information (needed to publish a verified entry): "
                  "title or publisher, web address, date, date accessed; several sources as a list")

COMMON_FIELDS: dict[str, FieldText] = {
    "title": FieldText(N_("Title"), N_("the name as written on the document or the page")),
    "summary": FieldText(N_("Summary"), N_("one or two sentences, shown in the list")),
    "description": FieldText(N_("Description"), N_("what it is, for whom")),
    "organisation": FieldText(N_("Organisation"), N_("the organisation in charge")),
    "area": FieldText(N_("Area"), N_("'national', or the key of a district, town or city in content/areas.yaml")),
    "languages": FieldText(N_("Languages"), N_("language codes, at least one, e.g. [vi, rad]")),
    "kind": FieldText(N_("Kind"), N_("one of the codes listed")),
    "source": FieldText(N_("Sources"), _SOURCE_HELP),
    "source.title": FieldText(N_("Source title"), N_("title of the article or document (a title or a publisher is needed)")),
    "source.publisher": FieldText(N_("Publisher"), N_("the body or newspaper that published it")),
    "source.url": FieldText(N_("Source address"), N_("web address starting with https://")),
    "source.date": FieldText(N_("Source date"), N_("date of the source, or only the month when the day is unknown, e.g. 3/2022")),
    "source.accessed": FieldText(N_("Date accessed"), N_("the day you opened the address, e.g. 30/11/2026")),
    "verified_on": FieldText(N_("Verified on"), N_("the last day it was checked against its source (a release needs one within 12 months)")),
    "status": FieldText(N_("Status"), N_("'example' until checked against its source, then 'verified'")),
    "body": FieldText(N_("Text"), N_("the text of the page, in Markdown")),
    "url": FieldText(N_("Web address"), N_("address starting with https://")),
}


# --- checks across entries ----------------------------------------------------------------------


def _kit_names_resources(content: SiteContent) -> list[ContentProblem]:
    """Every resource a campaign's kit names exists."""
    slugs = {resource.slug for resource in content.resources}
    return [problem(campaign.source_path, campaign.line_of("kit"), f"kit[{index}]",
                    "no resource named '{found}'; expected the file name (without .md) of a resource in content/resources/",
                    found=slug)
            for campaign in content.campaigns.values() for index, slug in enumerate(campaign.kit)
            if slug not in slugs]


def _event_names_a_campaign(content: SiteContent) -> list[ContentProblem]:
    """Every event's campaign year has a campaign file."""
    # a campaign file with its own problems still names its year: no cascade
    folder = Path(content.root) / CAMPAIGN.folder
    years = set(content.campaigns) | {int(p.stem) for p in folder.glob("*.y*ml") if p.stem.isdigit()}
    return [problem(event.source_path, event.line_of("campaign"), "campaign",
                    "found {found}, but there is no campaign for that year; add content/campaigns/{found}.yaml",
                    found=event.campaign)
            for event in content.events if event.campaign not in years]


def _topics_are_named(content: SiteContent) -> list[ContentProblem]:
    """Every topic of a practice is named in the default language's labels (``practice_topics``
    in ``content/i18n/<default>.yaml``): pages show names, never codes."""
    labels = content.labels.get(content.default_language)
    named = labels.get("practice_topics") if labels is not None else None
    named = named if isinstance(named, dict) else {}
    return [problem(practice.source_path, practice.source_lines.get(f"topics[{index}]", practice.line_of("topics")), f"topics[{index}]",
                    "topic '{found}' has no name in content/i18n/{lang}.yaml (under practice_topics); add a line '{found}: <name>' there, or use one of: {expected}",
                    found=topic, lang=content.default_language, expected=", ".join(sorted(named)) or "-")
            for practice in content.practices for index, topic in enumerate(practice.topics) if topic not in named]


# --- the built-in types --------------------------------------------------------------------------

RESOURCE = register(ContentType(
    name="resource", entry_page="campaign_site.pages.resources:resource_uri", folder="resources", model=Resource, file_format="markdown", label=N_("Resources"),
    fields={
        "title": FieldText(N_("Title"), N_("name of the resource")),
        "kind": FieldText(N_("Kind of resource"), N_("one of the codes listed, e.g. poster")),
        "number": FieldText(N_("Document number"), N_("for laws and reports, e.g. \"41/KH-UBND\"")),
        "languages": FieldText(N_("Languages of the resource"), N_("language codes, at least one, e.g. [rad, vi]")),
        "audience": FieldText(N_("Audience"), N_("who it is for, at least one code, e.g. [public, youth]")),
        "published": FieldText(N_("Published"), N_("date the document was issued; only the month when it gives no day, e.g. 3/2022")),
        "file": FieldText(N_("File"), N_("name of a file copied into content/media/ (a file or a web address is needed)")),
        "url": FieldText(N_("Web address"), N_("address starting with https:// (a file or a web address is needed)")),
        "license": FieldText(N_("Licence"), N_("terms of use, e.g. CC BY 4.0")),
        "easy_read": FieldText(N_("Easy read"), N_("true for an easy-read resource (short sentences, plain words, many pictures)")),
        "tags": FieldText(N_("Keywords"), N_("words to find it by, e.g. [bạo lực gia đình, trẻ em]")),
        "body": FieldText(N_("Introduction"), N_("an introduction to the resource, in Markdown")),
    },
    sort_key=lambda resource: (resource.published, resource.slug), reverse=True,
    scaffold="resource.md", choice_labels={"kind": "kinds", "audience": "audiences"},
    page_templates={"entry": "campaign/resource.html", "group": "campaign/resource_group.html"},
    lists={"resources": "campaign/list_resources.html"},
    pages=("campaign_site.pages.resources:resource_pages", "campaign_site.pages.resources:resource_group_pages"),
))

PRACTICE = register(ContentType(
    name="practice", entry_page="campaign_site.pages.practices:practice_uri", folder="practices", model=Practice, file_format="markdown", label=N_("Model practices"),
    fields={
        "title": FieldText(N_("Title"), N_("name of the model practice")),
        "area": FieldText(N_("Area"), N_("the key of a district, town or city in content/areas.yaml")),
        "commune": FieldText(N_("Commune"), N_("commune, ward or town where it takes place")),
        "year": FieldText(N_("Year"), N_("year it started or was recognised, 4 digits")),
        "organisation": FieldText(N_("Organisation"), N_("who runs it, e.g. the commune Women's Union")),
        "topics": FieldText(N_("Topics"), N_("at least one, lowercase words joined by hyphens, e.g. [domestic-violence]")),
        "results": FieldText(N_("Results"), N_("what it achieved, one item per result")),
        "contact": FieldText(N_("Contact"), N_("a person or place to contact, only if agreed to be public")),
        "body": FieldText(N_("Description"), N_("a description of the practice, in Markdown")),
    },
    sort_key=lambda practice: (-practice.year, practice.slug),
    scaffold="practice.md",
    page_templates={"entry": "campaign/practice.html"},
    lists={"practices": "campaign/list_practices.html"},
    pages=("campaign_site.pages.practices:practice_pages",),
    checks=(_topics_are_named,),
))

SERVICE = register(ContentType(
    name="service", entry_page="campaign_site.pages.directory:service_uri", folder="services", model=Service, file_format="yaml", label=N_("Support services"),
    fields={
        "name": FieldText(N_("Name"), N_("name of the service")),
        "short_name": FieldText(N_("Short name"), N_("for hotlines only: shown in the strip of numbers at the top of every page")),
        "kind": FieldText(N_("Kind of service"), N_("one of the codes listed, e.g. counselling")),
        "organisation": FieldText(N_("Organisation"), N_("the organisation running the service")),
        "description": FieldText(N_("Description"), N_("what the service helps with, and for whom")),
        "address": FieldText(N_("Address"), N_("never the address of a place that must stay secret, such as a shelter")),
        "postal_code": FieldText(N_("Postal code"), N_("only when the source gives it; never guessed")),
        "phones": FieldText(N_("Phone numbers"), N_("one item per number")),
        "phones.number": FieldText(N_("Number"), N_("the number to call, in quotes, e.g. \"111\"; a landline has 10 digits starting with 0")),
        "phones.label": FieldText(N_("Label"), N_("what the number is for, e.g. Duty desk")),
        "phones.hours": FieldText(N_("Hours"), N_("when it is answered, e.g. \"24/7\"")),
        "phones.free": FieldText(N_("Free call"), N_("true if calling is free")),
        "phones.free_source": FieldText(N_("Source of 'free'"), N_("where it is published that calls are free (needed for a 1900 number)")),
        **{f"phones.free_source.{key}": COMMON_FIELDS[f"source.{key}"]
           for key in ("title", "publisher", "url", "date", "accessed")},
        "hours": FieldText(N_("Opening hours"), N_("e.g. \"7:00–17:00, Monday to Friday\"")),
        "languages": FieldText(N_("Languages spoken"), N_("language codes the staff can use, at least one, e.g. [vi, rad]")),
        "accessibility": FieldText(N_("Accessibility"), N_("codes of the support offered, e.g. [sign_language, home_visits]")),
        "cost": FieldText(N_("Cost"), N_("e.g. Free")),
        "website": FieldText(N_("Website"), N_("address starting with https://")),
        "email": FieldText(N_("E-mail"), N_("the service's e-mail address")),
    },
    scaffold="service.yaml", choice_labels={"kind": "service_kinds", "accessibility": "accessibility_values"},
    page_templates={"area": "campaign/directory_area.html", "former": "campaign/directory_former.html"},
    lists={"directory": "campaign/list_directory.html", "hotlines": "campaign/list_hotlines.html"},
    pages=("campaign_site.pages.directory:area_pages", "campaign_site.pages.directory:former_index_page"),
    exports=("campaign_site.exports.hsds:write_hsds",),
))

EVENT = register(ContentType(
    name="event", folder="events", model=Event, file_format="yaml", label=N_("Events"),
    fields={
        "title": FieldText(N_("Title"), N_("name of the event")),
        "start": FieldText(N_("Start"), N_("date it starts, with a time if known, e.g. 15/11/2026 08:00")),
        "end": FieldText(N_("End"), N_("written like the start; not before it")),
        "venue": FieldText(N_("Venue"), N_("where it takes place, e.g. the commune hall")),
        "organiser": FieldText(N_("Organiser"), N_("who organises it")),
        "description": FieldText(N_("Description"), N_("what happens, who can take part")),
        "campaign": FieldText(N_("Campaign year"), N_("year of the Action Month; content/campaigns/<year>.yaml must exist")),
    },
    sort_key=lambda event: (str(event.start), event.slug),
    scaffold="event.yaml",
    language_exports=("campaign_site.exports.calendar:write_calendars",),
    checks=(_event_names_a_campaign,),
))

CAMPAIGN = register(ContentType(
    name="campaign", folder="campaigns", model=Campaign, file_format="yaml", label=N_("Campaigns"),
    fields={
        "year": FieldText(N_("Year"), N_("year of the Action Month, 4 digits; also the file name, e.g. 2026.yaml")),
        "theme": FieldText(N_("Theme"), N_("the year's theme, as the official plan words it")),
        "start": FieldText(N_("Start"), N_("first day, e.g. 15/11/2026")),
        "end": FieldText(N_("End"), N_("last day, e.g. 15/12/2026")),
        "key_messages": FieldText(N_("Key messages"), N_("one item per message")),
        "kit": FieldText(N_("Campaign kit"), N_("file names (without .md) of resources in content/resources/ to print")),
    },
    lists={"action-month": "campaign/action_month.html", "kit": "campaign/list_kit.html"},
    checks=(_kit_names_resources,),
    creatable=False,  # named by its year: copy last year's file (see the event template)
))

PAGE = register(ContentType(
    name="page", folder="", model=None, file_format="markdown", label=N_("Pages"), root="docs",
    scaffold="page.md", entry_page=_page_uri,
))

"""Open Referral HSDS 3.0 export of the support directory.

Written below ``site_dir/data/hsds/``:

* ``index.json`` – what is in the export (our own format, see :func:`_index`);
* ``organizations/<id>.json`` – one organization with its nested services
  (the shape of HSDS's ``organization_full`` example);
* ``services/<id>.json`` – one service with its organization, phones, schedules,
  languages, service areas and locations (``service_with_definitions`` /
  ``service_full``);
* ``csv/`` – the same data as an HSDS tabular data package (Frictionless
  ``datapackage.json`` plus one CSV per table; cells a spreadsheet would run
  as a formula start with ``'``, see :mod:`.csv_safety`).

Rules:

* entries with ``status: example`` are placeholders and are left out (their
  number is recorded as ``excluded_examples`` in ``index.json``);
* text is in the default language (HSDS has no multilingual text fields);
* identifiers are UUID 5 of a readable key (``service:<slug>``,
  ``organization:<default-language name>``, ``phone:<slug>:<index>``…) in
  :data:`NAMESPACE`, so they stay the same across exports;
* output is deterministic: sorted keys, stable order, UTF-8, trailing newline;
  the only date taken from the build is ``stamp`` (``generated``/``created``).

The HSDS schemas (Open Referral, CC BY-SA 4.0) are not needed at build time: the
table columns are listed in :data:`TABLES`; ``tests/test_hsds.py`` checks them and
every exported object against the official schema files.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.loader import SiteContent
from ..content.models import Localized, Phone, Service
from .csv_safety import csv_bytes

# Never change: every exported identifier is derived from it.
NAMESPACE = uuid.UUID("3d0c6a52-58f1-5b7e-9a54-0f2d6c1e8b47")

HSDS_VERSION = "3.0"
HSDS_COMMIT = "279fd2eb3552c349bf698c07c00cc25f5fc8249b"  # openreferral/specification, schemas used
FOLDER = "data/hsds"
COUNTRY_CODE = "VN"
COUNTRY_NAME = "Việt Nam"
PROVINCE = "Đắk Lắk"
DIRECTORY_FOLDER = "danh-ba"

JsonObject = dict[str, Any]


# --- table columns (checked against the official schemas by the tests) --------------------


@dataclass(frozen=True)
class Field:
    """One CSV column: HSDS property name and its Frictionless type."""

    name: str
    type: str = "string"
    format: str | None = None
    required: bool = False
    enum: tuple[str, ...] = ()

    def descriptor(self) -> JsonObject:
        """Frictionless Table Schema field descriptor."""
        constraints: JsonObject = {"required": self.required, "unique": self.name == "id"}
        if self.enum:
            constraints["enum"] = list(self.enum)
        field: JsonObject = {"name": self.name, "type": self.type, "constraints": constraints}
        if self.format:
            field["format"] = self.format
        return field


@dataclass(frozen=True)
class Table:
    """One HSDS table: resource name, CSV file name and columns."""

    name: str
    path: str
    fields: tuple[Field, ...]

    @property
    def columns(self) -> list[str]:
        """Column names in schema order."""
        return [field.name for field in self.fields]


def _fields(spec: str, enums: dict[str, tuple[str, ...]] | None = None) -> tuple[Field, ...]:
    """Columns from ``name[:type-or-format][*]`` words; ``*`` marks a required column."""
    formats = {"uuid", "email", "uri"}
    result = []
    for word in spec.split():
        required = word.endswith("*")
        name, _, kind = word.rstrip("*").partition(":")
        result.append(Field(
            name=name,
            type=kind if kind and kind not in formats else "string",
            format=kind if kind in formats else None,
            required=required,
            enum=(enums or {}).get(name, ()),
        ))
    return tuple(result)


_PLACE_TYPES = ("physical", "postal", "virtual")

# Every scalar property of the HSDS 3.0 schemas, in schema order: Open Referral's
# datapackage.json matches CSV columns by position, so the deprecated ones
# (tax_status, tax_id, wait_time, fees, licenses) are there too, always empty.
TABLES: dict[str, Table] = {table.name: table for table in (
    Table("organization", "organizations.csv", _fields(
        "id:uuid* name* alternate_name description* email:email website:uri tax_status tax_id"
        " year_incorporated:number"
        " legal_status logo uri:uri parent_organization_id:uuid")),
    Table("service", "services.csv", _fields(
        "id:uuid* organization_id:uuid* program_id:uuid name* alternate_name description url:uri"
        " email:email status* interpretation_services application_process fees_description"
        " wait_time fees accreditations eligibility_description minimum_age:number maximum_age:number"
        " assured_date:date assurer_email:email licenses alert last_modified:datetime",
        {"status": ("active", "inactive", "defunct", "temporarily closed")})),
    Table("phone", "phones.csv", _fields(
        "id:uuid* location_id:uuid service_id:uuid organization_id:uuid contact_id:uuid"
        " service_at_location_id:uuid number* extension:number type description")),
    Table("schedule", "schedules.csv", _fields(
        "id:uuid* service_id:uuid location_id:uuid service_at_location_id:uuid valid_from:date"
        " valid_to:date dtstart:date timezone:number until:date count:number wkst freq"
        " interval:number byday byweekno bymonthday byyearday description opens_at:time"
        " closes_at:time schedule_link:uri attending_type notes",
        {"wkst": ("MO", "TU", "WE", "TH", "FR", "SA", "SU"), "freq": ("WEEKLY", "MONTHLY")})),
    Table("language", "languages.csv", _fields(
        "id:uuid* service_id:uuid location_id:uuid phone_id:uuid name code note")),
    Table("service_area", "service_areas.csv", _fields(
        "id:uuid* service_id:uuid name description extent extent_type uri")),
    Table("location", "locations.csv", _fields(
        "id:uuid* location_type* url:uri organization_id:uuid name alternate_name description"
        " transportation latitude:number longitude:number external_identifier"
        " external_identifier_type", {"location_type": _PLACE_TYPES})),
    # HSDS names this file in the singular (schema/service_at_location.json "path")
    Table("service_at_location", "service_at_location.csv", _fields(
        "id:uuid* service_id:uuid* location_id:uuid* description")),
    Table("address", "addresses.csv", _fields(
        "id:uuid* location_id:uuid attention address_1* address_2 city* region state_province*"
        " postal_code* country* address_type*", {"address_type": _PLACE_TYPES})),
)}

# Nested arrays of a JSON object → (table, foreign key column the children get).
_CHILDREN = {
    "service": {"phones": ("phone", "service_id"), "schedules": ("schedule", "service_id"),
                "languages": ("language", "service_id"), "service_areas": ("service_area", "service_id"),
                "service_at_locations": ("service_at_location", "service_id")},
    "phone": {"languages": ("language", "phone_id")},
    "location": {"addresses": ("address", "location_id")},
}
_REFERENCES = {"organization_id": "organization", "service_id": "service", "phone_id": "phone",
               "location_id": "location", "service_at_location_id": "service_at_location"}


# --- identifiers and text ---------------------------------------------------------------------


def hsds_id(key: str) -> str:
    """Stable identifier of a record, e.g. ``hsds_id("service:tong-dai-111")``."""
    return str(uuid.uuid5(NAMESPACE, key))


def _text(content: SiteContent, value: Localized | None) -> str:
    default = content.default_language
    return value.text(default, default) if value else ""


def _label(content: SiteContent, key: str) -> str:
    return str(content.labels[content.default_language].get(key, key)) if content.labels else key


def _compact(record: JsonObject) -> JsonObject:
    """Drop empty values: absent and empty mean the same in HSDS."""
    return {key: value for key, value in record.items() if value not in (None, "", [])}


def service_url(site_url: str | None, service: Service, prefix: str = "") -> str | None:
    """Public URL of ``service`` in the directory (``prefix``: language folder, e.g. ``en/``)."""
    if not site_url:
        return None
    base = f"{site_url.rstrip('/')}/{prefix}{DIRECTORY_FOLDER}/"
    if service.area == "national":
        return f"{base}index.html#{service.slug}"
    return f"{base}{service.area}.html#{service.slug}"


# --- JSON records ---------------------------------------------------------------------------------


def _languages(content: SiteContent, codes: Iterable[str], key: str) -> list[JsonObject]:
    return [
        {"id": hsds_id(f"language:{key}:{code}"), "name": content.material_languages.get(code, code),
         "code": code}
        for code in codes
    ]


def _phone(content: SiteContent, service: Service, index: int, phone: Phone) -> JsonObject:
    parts = [_text(content, phone.label)]
    if phone.hours:
        parts.append(f"{_label(content, 'common.hours')}: {_text(content, phone.hours)}")
    if phone.free:
        parts.append(_label(content, "common.free"))
    key = f"phone:{service.slug}:{index}"
    return _compact({
        "id": hsds_id(key),
        "number": phone.number,
        "type": "voice",
        "description": "; ".join(part for part in parts if part),
        "languages": _languages(content, service.languages, key),
    })


def _service_area(content: SiteContent, service: Service) -> JsonObject:
    if service.area == "national":
        name = COUNTRY_NAME
    else:
        name = f"{_text(content, content.areas[service.area].name)}, {PROVINCE}"
    return {"id": hsds_id(f"service_area:{service.slug}"), "name": name}


def _location(content: SiteContent, service: Service, organization_id: str) -> JsonObject:
    """Where a local service is delivered: the organisation's premises in its district."""
    key = service.slug
    return _compact({
        "id": hsds_id(f"location:{key}"),
        "location_type": "physical",
        "organization_id": organization_id,
        "name": _text(content, service.organisation),
        "addresses": [{
            "id": hsds_id(f"address:{key}"),
            "address_1": _text(content, service.address),
            "city": _text(content, content.areas[service.area].name),
            "state_province": PROVINCE,
            "postal_code": service.postal_code,
            "country": COUNTRY_CODE,
            "address_type": "physical",
        }],
    })


def _service_at_locations(content: SiteContent, service: Service, organization_id: str) -> list[JsonObject]:
    """A location only for local services with an address and postal code (HSDS requires
    both; no postal code is ever guessed)."""
    if not service.address or not service.postal_code or service.area == "national":
        return []
    return [{
        "id": hsds_id(f"service_at_location:{service.slug}"),
        "location": _location(content, service, organization_id),
    }]


def _service(content: SiteContent, service: Service, organization_id: str, site_url: str | None) -> JsonObject:
    """A service with its nested records (no ``organization``)."""
    return _compact({
        "id": hsds_id(f"service:{service.slug}"),
        "organization_id": organization_id,
        "name": _text(content, service.name),
        "alternate_name": _text(content, service.short_name),
        "description": _text(content, service.description),
        "url": service_url(site_url, service),
        "email": service.email,
        "status": "active",
        "fees_description": _text(content, service.cost),
        "assured_date": service.verified_on.isoformat() if service.verified_on else None,
        "phones": [_phone(content, service, i, phone) for i, phone in enumerate(service.phones)],
        "schedules": [{"id": hsds_id(f"schedule:{service.slug}"), "description": _text(content, service.hours)}]
        if service.hours else [],
        "service_areas": [_service_area(content, service)],
        "languages": _languages(content, service.languages, f"service:{service.slug}"),
        "service_at_locations": _service_at_locations(content, service, organization_id),
    })


@dataclass
class _Organization:
    name: str
    services: list[Service]

    @property
    def id(self) -> str:
        return hsds_id(f"organization:{self.name}")


def _organizations(content: SiteContent, services: list[Service]) -> list[_Organization]:
    """Services grouped by organisation name (default language), by name then id."""
    groups: dict[str, list[Service]] = {}
    for service in services:
        groups.setdefault(_text(content, service.organisation), []).append(service)
    return sorted((_Organization(name, group) for name, group in groups.items()), key=lambda o: (o.name, o.id))


def _organization(content: SiteContent, org: _Organization) -> JsonObject:
    """The organization record alone; its description is its services' descriptions."""
    websites = sorted({s.website for s in org.services if s.website})
    emails = sorted({s.email for s in org.services if s.email})
    return _compact({
        "id": org.id,
        "name": org.name,
        "description": "\n\n".join(_text(content, s.description) for s in org.services),
        "website": websites[0] if len(websites) == 1 else None,
        "email": emails[0] if len(emails) == 1 else None,
    })


# --- tabular form -------------------------------------------------------------------------------


def _rows(table: str, record: JsonObject, parent: dict[str, str]) -> Iterator[tuple[str, JsonObject]]:
    """Flatten a nested JSON record into (table, row) pairs with foreign keys filled in."""
    row = {key: value for key, value in record.items() if not isinstance(value, (list, dict))}
    if table == "service_at_location":
        location = record["location"]
        row["location_id"] = location["id"]
        yield from _rows("location", location, {})
    yield table, {**parent, **row}
    for key, (child, column) in _CHILDREN.get(table, {}).items():
        for item in record.get(key, []):
            yield from _rows(child, item, {column: record["id"]})


def _csv(table: Table, rows: list[JsonObject]) -> bytes:
    """The table as CSV whose cells no spreadsheet runs as formulas (:mod:`.csv_safety`)."""
    return csv_bytes([table.columns, *(
        ["" if row.get(c) is None else str(row[c]) for c in table.columns]
        for row in sorted(rows, key=lambda r: r["id"]))])


def _resource(table: Table) -> JsonObject:
    foreign_keys = [
        {"fields": name, "reference": {"resource": _REFERENCES[name], "fields": "id"}}
        for name in table.columns if name in _REFERENCES
    ]
    return {
        "name": table.name,
        "path": table.path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {
            "fields": [field.descriptor() for field in table.fields],
            "primaryKey": "id",
            "foreignKeys": foreign_keys,
        },
    }


def _datapackage(content: SiteContent, stamp: dt.datetime) -> JsonObject:
    return {
        "profile": "tabular-data-package",
        "name": "dak-lak-support-services-hsds",
        "title": _label(content, "directory.title"),
        "created": stamp.isoformat().replace("+00:00", "Z"),
        "sources": [{"title": f"Open Referral Human Services Data Specification {HSDS_VERSION}",
                     "path": "https://docs.openreferral.org/en/latest/"}],
        "resources": [_resource(table) for table in TABLES.values()],
    }


# --- writing ---------------------------------------------------------------------------------------


def _json_bytes(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def _index(content: SiteContent, stamp: dt.datetime, organizations: list[JsonObject],
           services: list[JsonObject], excluded: int) -> JsonObject:
    return {
        "format": "Open Referral HSDS",
        "hsds_version": HSDS_VERSION,
        "hsds_schema_commit": HSDS_COMMIT,
        "language": content.default_language,
        "generated": stamp.date().isoformat(),
        "id_namespace": str(NAMESPACE),
        "excluded_examples": excluded,
        "organizations": [
            {"id": o["id"], "name": o["name"], "path": f"organizations/{o['id']}.json",
             "services": [s["id"] for s in o["services"]]}
            for o in organizations
        ],
        "services": [
            {"id": s["id"], "name": s["name"], "organization_id": s["organization_id"],
             "path": f"services/{s['id']}.json"}
            for s in services
        ],
        "tabular": "csv/datapackage.json",
    }


def hsds_files(content: SiteContent, site_url: str | None, stamp: dt.datetime) -> dict[str, bytes]:
    """Every file of the export: path relative to ``data/hsds/`` → bytes."""
    published = sorted((s for s in content.services if s.status != "example"), key=lambda s: s.slug)
    files: dict[str, bytes] = {}
    organizations, services = [], []
    rows: dict[str, list[JsonObject]] = {name: [] for name in TABLES}
    for org in _organizations(content, published):
        record = _organization(content, org)
        nested = [_service(content, s, org.id, site_url) for s in sorted(org.services, key=lambda s: s.slug)]
        for service in nested:
            services.append(service)
            files[f"services/{service['id']}.json"] = _json_bytes({**service, "organization": record})
            for table, row in _rows("service", service, {}):
                rows[table].append(row)
        locations = [sal["location"] for s in nested for sal in s.get("service_at_locations", [])]
        organization = _compact({**record, "locations": locations, "services": nested})
        organizations.append(organization)
        files[f"organizations/{org.id}.json"] = _json_bytes(organization)
        rows["organization"].append(record)
    for table in TABLES.values():
        files[f"csv/{table.path}"] = _csv(table, rows[table.name])
    files["csv/datapackage.json"] = _json_bytes(_datapackage(content, stamp))
    services.sort(key=lambda s: (s["name"], s["id"]))
    excluded = len(content.services) - len(published)
    files["index.json"] = _json_bytes(_index(content, stamp, organizations, services, excluded))
    return dict(sorted(files.items()))


def write_hsds(content: SiteContent, site_dir: Path, site_url: str | None, stamp: dt.datetime) -> list[Path]:
    """Write ``data/hsds/`` below ``site_dir`` (replacing an older export); return the files written."""
    root = site_dir / FOLDER
    if root.is_dir():
        shutil.rmtree(root)
    written = []
    for relative, data in hsds_files(content, site_url, stamp).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written

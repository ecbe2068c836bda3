"""The HSDS export validates against the official Open Referral schemas.

The schemas are vendored in ``tests/data/hsds/`` (CC BY-SA 4.0, with their licence
and the upstream commit they were copied from).
"""

from __future__ import annotations

import csv
import io
import datetime as dt
import json
import shutil
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from campaign_site.content.loader import SiteContent, load_content
from campaign_site.exports import hsds
from conftest import REPO

HSDS_DATA = Path(__file__).resolve().parent / "data" / "hsds"
SCHEMA_DIR = HSDS_DATA / "schema"
LANGS = ["vi", "en", "rad", "jra", "mng"]
SITE_URL = "https://binhdanggioi.example/"
STAMP = dt.datetime(2024, 11, 25, tzinfo=dt.timezone.utc)


# --- schemas ------------------------------------------------------------------------------------


@cache
def _registry() -> Registry:
    """Every schema file, under its file URI: relative ``$ref``s such as ``phone.json`` resolve."""
    if not (SCHEMA_DIR / "service.json").is_file():
        pytest.fail(
            f"HSDS schemas not found in {SCHEMA_DIR}: see tests/data/hsds/README.md", pytrace=False,
        )
    return Registry().with_resources(
        (path.as_uri(), Resource.from_contents(json.loads(path.read_text(encoding="utf-8")),
                                               default_specification=DRAFT202012))
        for path in sorted(SCHEMA_DIR.glob("*.json"))
    )


def schema(name: str) -> dict:
    """Contents of one schema file, e.g. ``schema("phone")``."""
    return _registry().contents((SCHEMA_DIR / f"{name}.json").as_uri())


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator for ``schema/<name>.json`` (formats such as uuid are checked)."""
    return Draft202012Validator(
        {"$ref": (SCHEMA_DIR / f"{name}.json").as_uri()},
        registry=_registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def assert_valid(name: str, instance: object, where: str) -> None:
    errors = sorted(validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, f"{where} is not a valid HSDS {name}: " + "; ".join(
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors[:5]
    )


# --- exports ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def content() -> SiteContent:
    loaded = load_content(REPO / "content", LANGS, "vi")
    assert loaded.problems == []
    return loaded


@pytest.fixture(scope="module")
def local_content(content: SiteContent) -> SiteContent:
    """The repo content with the example services turned verified, with a test postal code
    (a fixture value, not a fact): addresses, hours, costs."""
    services = [s.model_copy(update={"status": "verified", "verified_on": dt.date(2024, 10, 1),
                                     "postal_code": "00000" if s.address else None})
                for s in content.services]
    return content.with_entries("service", services)


def export(content: SiteContent, target: Path, stamp: dt.datetime = STAMP) -> Path:
    hsds.write_hsds(content, target, SITE_URL, stamp)
    return target / "data" / "hsds"


@pytest.fixture(scope="module")
def out(content: SiteContent, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export(content, tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def local_out(local_content: SiteContent, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export(local_content, tmp_path_factory.mktemp("local"))


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def walk(value: object, key: str = "") -> Iterator[tuple[str, object]]:
    """Every (key, value) pair of a JSON document, depth first."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield k, v
            yield from walk(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item, key)


def published(content: SiteContent) -> list:
    return [s for s in content.services if s.status != "example"]


# --- tests --------------------------------------------------------------------------------------


def test_schema_copy_is_the_one_the_export_was_written_for() -> None:
    assert (HSDS_DATA / "SOURCE_COMMIT").read_text().strip() == hsds.HSDS_COMMIT


def test_vendored_schemas_are_complete() -> None:
    """Every relative ``$ref`` of the vendored schemas names a vendored file (nothing
    is fetched, nothing resolves to a missing file)."""
    import re

    names = {path.name for path in SCHEMA_DIR.glob("*.json")}
    refs = {ref for path in SCHEMA_DIR.glob("*.json")
            for ref in re.findall(r'"\$ref":\s*"([^"#]*)', path.read_text(encoding="utf-8"))
            if ref and not ref.startswith("http")}
    assert refs and refs <= names, sorted(refs - names)


@pytest.mark.parametrize("which", ["out", "local_out"])
def test_every_exported_object_validates(which: str, request: pytest.FixtureRequest) -> None:
    root: Path = request.getfixturevalue(which)
    index = read_json(root / "index.json")
    listed = {entry["path"] for entry in index["services"] + index["organizations"]}
    on_disk = {p.relative_to(root).as_posix() for p in root.glob("*/*.json") if p.parent.name != "csv"}
    assert listed == on_disk and listed
    for path in sorted(root.glob("services/*.json")):
        service = read_json(path)
        assert_valid("service_with_definitions", service, path.name)
        assert_valid("service", service, path.name)
        assert service["organization"]["id"] == service["organization_id"]
    for path in sorted(root.glob("organizations/*.json")):
        organization = read_json(path)
        assert_valid("organization", organization, path.name)
        for service in organization["services"]:
            assert_valid("service", service, f"{path.name} service {service['id']}")
            for link in service.get("service_at_locations", []):
                assert_valid("location", link["location"], f"{path.name} location")


def test_local_services_have_locations_addresses_and_schedules(local_out: Path, local_content) -> None:
    services = [read_json(p) for p in local_out.glob("services/*.json")]
    located = [s for s in services if s.get("service_at_locations")]
    assert len(located) == sum(1 for s in local_content.services if s.address and s.postal_code and s.area != "national")
    address = located[0]["service_at_locations"][0]["location"]["addresses"][0]
    assert address["country"] == "VN" and address["state_province"] == hsds.PROVINCE
    assert any(s.get("schedules") for s in services) and any(s.get("fees_description") for s in services)
    assert all(s["assured_date"] == "2024-10-01" for s in services)
    _, addresses = read_csv(local_out / "csv" / "addresses.csv")
    _, links = read_csv(local_out / "csv" / "service_at_location.csv")
    assert len(addresses) == len(links) == len(located)


def test_ids_are_uuids_and_stable_across_exports(content, out: Path, tmp_path: Path) -> None:
    again = export(content, tmp_path / "again")
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for relative in files:
        assert (out / relative).read_bytes() == (again / relative).read_bytes(), relative
    for path in out.rglob("*.json"):
        if path.parent.name == "csv":
            continue
        for key, value in walk(read_json(path)):
            if key == "id" or key.endswith("_id"):
                assert str(uuid.UUID(value)) == value, (path.name, key, value)
    service = published(content)[0]
    assert (out / "services" / f"{hsds.hsds_id(f'service:{service.slug}')}.json").is_file()


def test_only_index_and_datapackage_depend_on_the_build_date(content, out: Path, tmp_path: Path) -> None:
    later = export(content, tmp_path / "later", STAMP + dt.timedelta(days=3))
    changed = {p.relative_to(out).as_posix() for p in out.rglob("*")
               if p.is_file() and p.read_bytes() != (later / p.relative_to(out)).read_bytes()}
    assert changed == {"index.json", "csv/datapackage.json"}


def test_output_is_sorted_utf8_with_trailing_newline(out: Path) -> None:
    for path in out.rglob("*.json"):
        text = path.read_text(encoding="utf-8")
        assert text.endswith("}\n") and "\\u" not in text, path.name
        assert json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, indent=2) + "\n" == text


def test_example_entries_are_excluded(content, out: Path) -> None:
    examples = [s for s in content.services if s.status == "example"]
    assert examples, "the repo content has example services to exclude"
    index = read_json(out / "index.json")
    assert index["excluded_examples"] == len(examples)
    assert len(index["services"]) == len(published(content))
    everything = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file())
    for service in examples:
        assert hsds.hsds_id(f"service:{service.slug}") not in everything
        assert service.name["vi"] not in everything


def test_every_phone_is_exported(content, out: Path) -> None:
    _, rows = read_csv(out / "csv" / "phones.csv")
    for service in published(content):
        service_id = hsds.hsds_id(f"service:{service.slug}")
        exported = read_json(out / "services" / f"{service_id}.json")
        assert [p["number"] for p in exported.get("phones", [])] == [p.number for p in service.phones]
        assert sorted(r["number"] for r in rows if r["service_id"] == service_id) == sorted(
            p.number for p in service.phones)
        assert all(p["type"] == "voice" and p["languages"] for p in exported.get("phones", []))


def test_service_fields(content, out: Path) -> None:
    by_slug = {s.slug: s for s in published(content)}
    hotline = read_json(out / "services" / f"{hsds.hsds_id('service:tong-dai-111')}.json")
    assert hotline["name"] == by_slug["tong-dai-111"].name["vi"] and hotline["status"] == "active"
    assert hotline["url"].startswith(f"{SITE_URL}danh-ba/index.html")
    assert hotline["service_areas"][0]["name"] == hsds.COUNTRY_NAME
    assert hotline["schedules"][0]["description"] == "24/7"
    assert [(lang["code"], lang["name"]) for lang in hotline["languages"]] == [("vi", "Tiếng Việt")]


@pytest.mark.parametrize("which", ["out", "local_out"])
def test_csv_datapackage(which: str, request: pytest.FixtureRequest) -> None:
    root: Path = request.getfixturevalue(which) / "csv"
    package = read_json(root / "datapackage.json")
    assert package["profile"] == "tabular-data-package"
    resources = {r["name"]: r for r in package["resources"]}
    assert {r["path"] for r in resources.values()} == {p.name for p in root.glob("*.csv")}
    ids: dict[str, set[str]] = {}
    tables: dict[str, list[dict[str, str]]] = {}
    for name, resource in resources.items():
        header, rows = read_csv(root / resource["path"])
        fields = resource["schema"]["fields"]
        assert header == [f["name"] for f in fields], name
        row_ids = [row["id"] for row in rows]
        assert len(row_ids) == len(set(row_ids)), f"duplicate id in {resource['path']}"
        ids[name], tables[name] = set(row_ids), rows
        required = [f["name"] for f in fields if f["constraints"]["required"]]
        for row in rows:
            assert all(row[column] for column in required), (name, row["id"])
            assert_valid(name, _typed(row, fields), f"{resource['path']} row {row['id']}")
    for name, resource in resources.items():
        for key in resource["schema"]["foreignKeys"]:
            target = ids[key["reference"]["resource"]]
            assert all(row[key["fields"]] in target for row in tables[name] if row[key["fields"]])


def _typed(row: dict[str, str], fields: list[dict]) -> dict[str, object]:
    """A CSV row as a JSON object: empty cells dropped, numbers parsed."""
    types = {f["name"]: f["type"] for f in fields}
    return {k: float(v) if types[k] == "number" else v for k, v in row.items() if v != ""}


def test_table_columns_match_the_official_schemas() -> None:
    type_of = {"date": "date", "datetime": "datetime", "time": "time"}
    for table in hsds.TABLES.values():
        official = schema(table.name)
        assert official["path"] == table.path
        required = set(official["required"]) | set(official.get("tabular_required", []))
        expected = [
            name for name, prop in official["properties"].items()
            if prop.get("type") != "array" and "$ref" not in prop
        ]
        assert table.columns == expected, table.name
        assert table.columns == OFFICIAL_PACKAGE[table.name], f"{table.name}: the datapackage.json columns"
        for field in table.fields:
            prop = official["properties"][field.name]
            assert field.type == type_of.get(prop.get("datapackage_type", ""), prop["type"]), field.name
            if "datapackage_type" not in prop:
                assert field.format == prop.get("format"), field.name
            assert field.required == (field.name in required), field.name
            assert field.enum == tuple(prop.get("enum", ())), field.name


def test_broken_objects_fail_validation(out: Path) -> None:
    service = read_json(next(out.glob("services/*.json")))
    assert validator("service").is_valid(service)
    assert not validator("service").is_valid({k: v for k, v in service.items() if k != "name"})
    assert not validator("service").is_valid({**service, "status": "open"})
    assert not validator("service").is_valid({**service, "id": "not-a-uuid"})
    broken_phone = {**service, "phones": [{"id": service["id"]}]}  # a phone needs a number
    assert not validator("service_with_definitions").is_valid(broken_phone)
    assert not validator("service").is_valid(broken_phone)


# --- Open Referral's own tabular descriptor ---------------------------------------------------

OFFICIAL_PACKAGE = {
    resource["name"]: [field["name"] for field in resource["schema"]["fields"]]
    for resource in json.loads((HSDS_DATA / "datapackage.json").read_text(encoding="utf-8"))["resources"]
}


def official_package(csv_dir: Path, target: Path) -> Path:
    """Our CSV files beside Open Referral's datapackage.json, unchanged; the tables we do not
    publish (programs, contacts …) as header-only files, as the descriptor lists them."""
    target.mkdir(parents=True)
    descriptor = json.loads((HSDS_DATA / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        ours = csv_dir / resource["path"]
        if ours.is_file():
            shutil.copy(ours, target / resource["path"])
        else:
            header = ",".join(field["name"] for field in resource["schema"]["fields"])
            (target / resource["path"]).write_text(header + "\n", encoding="utf-8")
    shutil.copy(HSDS_DATA / "datapackage.json", target / "datapackage.json")
    return target / "datapackage.json"


def frictionless_errors(descriptor: Path) -> dict[str, list[str]]:
    """Per table, the errors of the Frictionless validator (what Open Referral's CI runs)."""
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(descriptor)).validate()
    return {task.name: [f"{error.type}: {error.note or error.message}"[:200] for error in task.errors]
            for task in report.tasks if not task.valid}


def test_csv_validates_with_open_referrals_datapackage(out: Path, tmp_path: Path) -> None:
    descriptor = official_package(out / "csv", tmp_path / "official")
    assert frictionless_errors(descriptor) == {}
    assert frictionless_errors(out / "csv" / "datapackage.json") == {}, "and with ours"
    published = {p.name for p in (out / "csv").glob("*.csv")}
    assert {"organizations.csv", "services.csv", "phones.csv"} <= published


def test_the_official_descriptor_catches_misplaced_columns(out: Path, tmp_path: Path) -> None:
    csv_dir = tmp_path / "ours"
    shutil.copytree(out / "csv", csv_dir)
    rows = list(csv.reader(io.StringIO((csv_dir / "organizations.csv").read_text(encoding="utf-8"))))
    gone = rows[0].index("tax_id")  # a deprecated column left out, as before
    rows = [row[:gone] + row[gone + 1:] for row in rows]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    (csv_dir / "organizations.csv").write_text(buffer.getvalue(), encoding="utf-8")
    errors = frictionless_errors(official_package(csv_dir, tmp_path / "official"))
    assert list(errors) == ["organization"] and any("label" in error for error in errors["organization"])

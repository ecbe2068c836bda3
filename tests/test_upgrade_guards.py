"""Upgrade guards: fail when mkdocs-static-i18n, Material or MkDocs change what we rely on.

Everything that depends on static-i18n's internals lives in ``campaign-i18n``
(scripts/campaign_site/plugins/i18n.py); every Material template we copied
names the upstream file and its SHA-256 in its first lines. When one of these
tests fails after an upgrade, read the upstream change, adapt our code or copy,
then update the pinned value here or in the template.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import material
import pytest

from conftest import REPO

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
UPSTREAM_LINE = re.compile(
    r"\{#- Upstream: Material for MkDocs (?P<version>\S+), templates/(?P<path>\S+), "
    r"sha256 (?P<sha256>[0-9a-f]{64}) -#\}")


def _sha256(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


# --- Material templates ----------------------------------------------------------------------------


def _overrides() -> list[Path]:
    return sorted((REPO / "overrides").rglob("*.html"))


def test_every_copied_template_names_its_upstream() -> None:
    """An override with the name of a Material template is a copy: it must say which upstream
    file (and which version of it) it was made from."""
    missing = [path.relative_to(REPO).as_posix() for path in _overrides()
               if (MATERIAL_TEMPLATES / path.relative_to(REPO / "overrides")).is_file()
               and not UPSTREAM_LINE.search(path.read_text(encoding="utf-8"))]
    assert missing == []


@pytest.mark.parametrize("override", _overrides(), ids=lambda p: p.relative_to(REPO / "overrides").as_posix())
def test_copied_template_upstream_is_unchanged(override: Path) -> None:
    for match in UPSTREAM_LINE.finditer(override.read_text(encoding="utf-8")):
        upstream = MATERIAL_TEMPLATES / match["path"]
        assert upstream.is_file(), f"Material no longer has templates/{match['path']}"
        assert _sha256(upstream.read_bytes()) == match["sha256"], (
            f"Material's templates/{match['path']} changed since {override.name} was made from its "
            f"{match['version']} version: merge the change into {override.relative_to(REPO)}, "
            "then write the new hash in its Upstream line")

"""Packaging metadata that setuptools will keep accepting (PEP 639)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_license_is_an_spdx_string_with_its_file():
    """setuptools refuses a ``license = {…}`` table from 2027-02-18: an SPDX string
    and ``license-files`` need setuptools 77 or later as the build backend."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    assert isinstance(project["license"], str) and project["license"] == "MIT"
    assert project["license-files"] and all((ROOT / name).is_file() for name in project["license-files"])
    requirement = next(r for r in pyproject["build-system"]["requires"] if r.startswith("setuptools"))
    minimum = re.search(r">=\s*(\d+)", requirement)
    assert minimum and int(minimum.group(1)) >= 77, requirement
    assert not any(c.startswith("License ::") for c in project.get("classifiers", [])), \
        "PEP 639 forbids license classifiers beside a license expression"

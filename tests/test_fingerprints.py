"""The digests every build cache's keys are made of (campaign_site/fingerprints.py): any change
to what a folder holds is a new digest, and nothing else is."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from campaign_site.fingerprints import folder_digest, package_digest, theme_folder_fingerprint
from conftest import REPO


def _tree(root: Path) -> Path:
    (root / "services").mkdir(parents=True)
    (root / "services" / "a.yaml").write_text("name: A\n", encoding="utf-8")
    (root / "services" / "b.yaml").write_text("", encoding="utf-8")
    (root / "media").mkdir()
    (root / "media" / "leaflet.pdf").write_bytes(b"%PDF-1.4 one")
    return root


def test_every_change_to_a_folder_is_a_new_digest(tmp_path: Path) -> None:
    """Bytes moved between files, a renamed or new or removed file, a link's target: each a new digest."""
    root = _tree(tmp_path / "content")
    seen = {folder_digest(root)}
    changes = [
        lambda: (root / "services" / "a.yaml").write_text("name: ", encoding="utf-8"),
        lambda: (root / "services" / "b.yaml").write_text("A\n", encoding="utf-8"),  # same bytes, moved
        lambda: (root / "services" / "b.yaml").rename(root / "services" / "c.yaml"),
        lambda: (root / "services" / "d.yaml").write_text("", encoding="utf-8"),
        lambda: (root / "services" / "c.yaml").unlink(),
        lambda: os.symlink("../media/leaflet.pdf", root / "services" / "link"),
        lambda: (root / "media" / "same.pdf").write_bytes((root / "media" / "leaflet.pdf").read_bytes()),
        # the same bytes through the link, from another file: only where it points changed
        lambda: ((root / "services" / "link").unlink(), os.symlink("../media/same.pdf", root / "services" / "link")),
        lambda: (root / "media" / "leaflet.pdf").write_bytes(b"%PDF-1.4 two"),
    ]
    for change in changes:
        change()
        digest = folder_digest(root)
        assert digest not in seen, change
        seen.add(digest)
    assert folder_digest(tmp_path / "missing") not in seen
    assert folder_digest(root) == folder_digest(root)


def test_files_under_sizes_only_count_by_their_size(tmp_path: Path) -> None:
    root = _tree(tmp_path / "content")
    base = folder_digest(root, sizes_only=root / "media")
    (root / "media" / "leaflet.pdf").write_bytes(b"%PDF-1.4 owt")  # same size
    assert folder_digest(root, sizes_only=root / "media") == base
    assert folder_digest(root) != folder_digest(_tree(tmp_path / "other"))
    (root / "media" / "leaflet.pdf").write_bytes(b"%PDF-1.4 longer")
    assert folder_digest(root, sizes_only=root / "media") != base
    (root / "services" / "a.yaml").write_text("name: B\n", encoding="utf-8")  # same size, outside media/
    assert folder_digest(root, sizes_only=root / "media") != base


def test_a_link_back_up_the_tree_is_walked_once(tmp_path: Path) -> None:
    root = _tree(tmp_path / "content")
    os.symlink("..", root / "services" / "up")
    assert folder_digest(root)  # ends


def test_the_package_digest_leaves_out_compiled_bytecode_only(tmp_path: Path) -> None:
    package = tmp_path / "campaign_site"
    shutil.copytree(REPO / "scripts" / "campaign_site", package, ignore=shutil.ignore_patterns("__pycache__"))
    base = package_digest(package)
    (package / "plugins" / "__pycache__").mkdir()
    (package / "plugins" / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    assert package_digest(package) == base
    for name in ("plugins/campaign.py", "locale/vi/LC_MESSAGES/campaign.po"):
        path = package / name
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert package_digest(package) != base, name
        path.write_bytes(original)
    assert package_digest(package) == base


def test_theme_folders_inside_the_libraries_are_named_by_place(tmp_path: Path) -> None:
    import material

    templates = Path(material.__file__).parent / "templates"
    assert theme_folder_fingerprint(templates) == "installed:material/templates"
    overrides = _tree(tmp_path / "overrides")
    before = theme_folder_fingerprint(overrides)
    assert before.startswith("files:")
    (overrides / "services" / "a.yaml").write_text("changed", encoding="utf-8")
    assert theme_folder_fingerprint(overrides) != before

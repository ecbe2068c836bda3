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


def _old_folder_digest(root: Path, *, sizes_only: Path | None = None, skip: frozenset[str] = frozenset()) -> str:
    """The digest as it was made before a process kept what it digested (the reference)."""
    import hashlib

    digest = hashlib.sha256()
    if not root.is_dir():
        digest.update(b"\x00absent")
        return digest.hexdigest()
    sizes_from = str(sizes_only) + os.sep if sizes_only is not None else None
    visited: set[str] = set()
    for folder, folders, names in os.walk(root, followlinks=True):
        real = os.path.realpath(folder)
        if real in visited:
            folders[:] = []
            continue
        visited.add(real)
        folders[:] = sorted(name for name in folders if name not in skip)
        for name in sorted(names):
            path = os.path.join(folder, name)
            target = os.readlink(path) if os.path.islink(path) else ""
            if sizes_from is not None and path.startswith(sizes_from):
                content = f"size:{os.stat(path).st_size}"
            else:
                with open(path, "rb") as file:
                    content = hashlib.file_digest(file, "sha256").hexdigest()
            relative = os.path.relpath(path, root)
            digest.update(f"{relative}\x00{target}\x00{content}\x00".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def test_folder_digests_are_those_of_the_reference(tmp_path: Path) -> None:
    tree = _tree(tmp_path / "content")
    (tree / "link.yaml").symlink_to(tree / "services" / "a.yaml")
    cases = [(REPO / "content", {}), (REPO / "content", {"sizes_only": REPO / "content" / "media"}),
             (REPO / "overrides", {}), (REPO / "scripts" / "campaign_site", {"skip": frozenset({"__pycache__"})}),
             (tree, {}), (tree, {"sizes_only": tree / "media"}), (tmp_path / "absent", {})]
    for root, options in cases:
        for _ in range(2):  # (the second time from what the process kept, where it kept it)
            assert folder_digest(root, **options) == _old_folder_digest(root, **options), (root, options)


def test_a_settled_folder_is_read_again_only_when_a_file_changed(tmp_path: Path, monkeypatch) -> None:
    import hashlib

    from campaign_site import fingerprints

    monkeypatch.setattr(fingerprints, "SETTLED_NS", -10**12)  # every file counts as settled long ago
    reads: list[str] = []
    real = hashlib.file_digest
    monkeypatch.setattr(fingerprints.hashlib, "file_digest", lambda file, name: (reads.append(file.name), real(file, name))[1])
    tree = _tree(tmp_path / "content")
    first = folder_digest(tree)
    assert len(reads) == 3
    assert folder_digest(tree) == first and len(reads) == 3, "nothing changed: nothing read"
    os.utime(tree / "services" / "b.yaml", ns=(1, 1))  # only its time: read again, the same digest
    assert folder_digest(tree) == first and len(reads) == 6
    (tree / "services" / "c.yaml").write_text("", encoding="utf-8")
    assert folder_digest(tree) != first and len(reads) == 10, "a new file"


def test_a_folder_written_just_now_is_read_every_time(tmp_path: Path, monkeypatch) -> None:
    """A write within the file system's timestamp granularity can leave a file's status as it
    was (simulated here: every status frozen at the moment of the first write, as a coarse
    clock gives it): a folder whose files changed moments ago is never taken from what the
    process kept."""
    import time

    from campaign_site import fingerprints

    tree = _tree(tmp_path / "content")
    frozen = time.time_ns()
    monkeypatch.setattr(fingerprints, "_status", lambda path: (frozen, frozen, os.path.getsize(path), 1, 1))
    digests = []
    for text in ("name: A\n", "name: B\n", "name: C\n"):  # (the same size each time)
        (tree / "services" / "a.yaml").write_text(text, encoding="utf-8")
        digests.append(folder_digest(tree))
        assert digests[-1] == _old_folder_digest(tree)
    assert len(set(digests)) == 3

"""The build cache (QR codes, link-preview images, compiled templates): the same bytes
with a cold, warm, deleted or damaged cache, and a new entry whenever any input changes."""

from __future__ import annotations

import hashlib
import multiprocessing
import pickle
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from campaign_site import fingerprints, work_log
from campaign_site.pages import cache_database
from campaign_site.pages import qr as qr_module
from campaign_site.pages import share as share_module
from campaign_site.pages.build_cache import BuildCache, prune
from campaign_site.pages.cache_database import DATABASE, finish_all
from campaign_site.pages.qr import qr_svg
from campaign_site.pages.share import core_first, share_image
from conftest import REPO, WORK_LOG, BuiltSite

FONTS = core_first(sorted((REPO / "overrides" / "assets" / "fonts").glob("noto-sans-bold*.woff2")))
# (url, title): short and long addresses (other QR versions), every language's prefix
QR_CASES = [
    ("https://binh-dang-gioi.example.net/danh-ba/ea-kar.html", "Địa chỉ trang: binh-dang-gioi.example.net/danh-ba/ea-kar.html"),
    ("https://binh-dang-gioi.example.net/en/tai-lieu/", "Page address: binh-dang-gioi.example.net/en/tai-lieu"),
    ("https://binh-dang-gioi.example.net/rad/mo-hinh/vi-du-mo-hinh-0001-rat-dai-de-co-phien-ban-lon-hon.html",
     "Địa chỉ trang: …"),
]


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*") if p.is_file()}


def entries(folder: Path, kind: str | None = None) -> set[str]:
    """The names (hex) of the entries in the cache folder ``folder`` (of ``kind``), once this
    process has written what it keeps pending."""
    finish_all()
    if not (folder / DATABASE).is_file():
        return set()
    with closing(sqlite3.connect(folder / DATABASE)) as db:
        if kind is None:
            rows = db.execute("SELECT name FROM uses").fetchall()
        else:
            rows = db.execute("SELECT name FROM uses WHERE kind = ?", (kind,)).fetchall()
    return {name.hex() for (name,) in rows}


def _sql(folder: Path, statement: str, *parameters: object) -> list[tuple]:
    """Run one statement on the cache database of ``folder`` (after this process's pending writes)."""
    finish_all()
    with closing(sqlite3.connect(folder / DATABASE)) as db, db:
        return db.execute(statement, parameters).fetchall()


@pytest.mark.parametrize(("url", "title"), QR_CASES)
def test_qr_code_from_the_cache_is_the_drawn_one(tmp_path: Path, url: str, title: str) -> None:
    cache = BuildCache(tmp_path / "cache")
    drawn = qr_svg(url, title)
    assert qr_svg(url, title, cache) == drawn  # cold: drawn and stored
    stored = entries(tmp_path / "cache")
    assert len(stored) == 1
    assert qr_svg(url, title, cache) == drawn  # warm: read back, nothing new written
    assert entries(tmp_path / "cache") == stored


def test_every_input_of_a_qr_code_is_in_its_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new URL, title, zxing-cpp version or qr.py source never reads an old entry."""
    cache = BuildCache(tmp_path / "cache")
    url, title = QR_CASES[0]
    variants = [(url, title), (url + "x", title), (url, title + "x")]
    for u, t in variants:
        assert qr_svg(u, t, cache) == qr_svg(u, t)
    installed = fingerprints.version
    monkeypatch.setattr(fingerprints, "version", lambda name: installed(name) + (".post1" if name == "zxing-cpp" else ""))
    qr_module._fingerprint.cache_clear()
    qr_svg(url, title, cache)
    monkeypatch.undo()
    qr_module._fingerprint.cache_clear()
    qr_svg(url, title, cache)  # the installed version again: the first entry
    monkeypatch.setattr(qr_module, "source_fingerprint", lambda *modules: "0" * 64)
    qr_module._fingerprint.cache_clear()
    qr_svg(url, title, cache)
    monkeypatch.undo()
    qr_module._fingerprint.cache_clear()
    assert len(entries(tmp_path / "cache")) == len(variants) + 2


def test_share_image_from_the_cache_is_the_drawn_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert share_module._fingerprint() == fingerprints.source_fingerprint(share_module)
    cache = BuildCache(tmp_path / "cache")
    drawn = share_image("Mô hình ƀuôn làng", "Bình đẳng giới", FONTS)
    assert share_image("Mô hình ƀuôn làng", "Bình đẳng giới", FONTS, cache) == drawn
    assert share_image("Mô hình ƀuôn làng", "Bình đẳng giới", FONTS, cache) == drawn
    assert len(entries(tmp_path / "cache")) == 1
    # the site name, the fonts and the drawing code are part of the key
    monkeypatch.setattr(share_module, "_draw_image", lambda *args: b"new")
    assert share_image("Mô hình ƀuôn làng", "Bình đẳng giới (2)", FONTS, cache) == b"new"
    assert share_image("Mô hình ƀuôn làng", "Bình đẳng giới", FONTS[:1], cache) == b"new"
    monkeypatch.setattr(share_module, "_fingerprint", lambda: "0" * 64)
    assert share_image("Mô hình ƀuôn làng", "Bình đẳng giới", FONTS, cache) == b"new"
    # zlib compresses the image (through Pillow): its version too
    monkeypatch.setattr(share_module.zlib, "ZLIB_RUNTIME_VERSION", "0.0")
    assert share_image("Mô hình ƀuôn làng", "Bình đẳng giới", FONTS, cache) == b"new"
    assert len(entries(tmp_path / "cache")) == 5


def test_a_cache_that_cannot_be_written_is_only_a_miss(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder", encoding="utf-8")
    url, title = QR_CASES[1]
    assert qr_svg(url, title, BuildCache(blocker)) == qr_svg(url, title)
    assert BuildCache(blocker).jinja("theme") is None


def test_a_cache_hit_marks_the_entry_used(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path / "cache")
    cache.get("kind", ("a",), lambda: b"one")
    _sql(tmp_path / "cache", "UPDATE uses SET used = 1000000")
    assert cache.get("kind", ("a",), lambda: b"other") == b"one"
    (used,), = _sql(tmp_path / "cache", "SELECT used FROM uses")
    assert used > time.time() - 60


def _name(kind: str, key: tuple[str, ...]) -> bytes:
    return bytes.fromhex(BuildCache._name(kind, key))


def _damaged_entries(folder: Path, kind: str, key: tuple[str, ...]):
    """Ways an entry can hold what its key's result is not: (how, new stored bytes)."""
    ((stored,),) = _sql(folder, "SELECT data FROM entries WHERE name = ?", _name(kind, key))
    ((other,),) = _sql(folder, "SELECT data FROM entries WHERE name = ?", _name(kind, ("another key",)))
    yield "cut short", stored[: len(stored) // 2]
    yield "empty (a crash mid-write)", b""
    yield "one byte changed", stored[:-1] + bytes([stored[-1] ^ 1])
    yield "garbage", b"\x00garbage"
    yield "another key's entry in its place (swapped)", other
    yield "the bare result, no seal", b"<p>stale</p>"


@pytest.mark.parametrize("kind", ["collection-body", "finished-page", "markdown-body", "content", "qr"])
def test_a_damaged_or_misplaced_entry_is_a_miss(tmp_path: Path, kind: str) -> None:
    """An entry that is not exactly what the cache stored for its key is never served:
    ``get`` makes the result again (a truncated collection body used to be served as is,
    a page without its list of services)."""
    folder = tmp_path / "cache"
    cache = BuildCache(folder)
    key = ("page", "digest")
    cache.store(kind, key, b"<ul><li>0345 123 456</li></ul>")
    cache.store(kind, ("another key",), b"<ul><li>0999 999 999</li></ul>")
    for how, damaged in list(_damaged_entries(folder, kind, key)):
        _sql(folder, "UPDATE entries SET data = ? WHERE name = ?", damaged, _name(kind, key))
        assert cache.load(kind, key) is None, how
        assert cache.get(kind, key, lambda: b"made again") == b"made again", how
        assert cache.load(kind, key) == b"made again", how
        assert entries(folder, kind) == {_name(kind, key).hex(), _name(kind, ("another key",)).hex()}, how


# what each key's result is (the test's "build" makes exactly these bytes)
RESULTS = {(kind, (f"page-{n}",)): f"<p>{kind} {n}: 0345 123 {n:03d}</p>".encode() * (1 + n % 50)
           for kind in ("qr", "finished-page", "search-text") for n in range(300)}


def _fill(folder: Path) -> None:
    cache = BuildCache(folder)
    for (kind, key), data in RESULTS.items():
        cache.store(kind, key, data)
    cache.finish()


def _garbage(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 64)


def _cut_short(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])


def _middle_zeroed(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle: middle + 20_000] = bytes(20_000)
    path.write_bytes(bytes(data))


def _pages_swapped(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    a, b = 3 * page, len(data) // page // 2 * page
    data[a:a + page], data[b:b + page] = data[b:b + page], data[a:a + page]
    path.write_bytes(bytes(data))


def _emptied(path: Path) -> None:
    path.write_bytes(b"")


def _another_programs(path: Path) -> None:
    path.unlink()
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("CREATE TABLE notes (text TEXT)")
        db.execute("INSERT INTO notes VALUES ('someone else''s')")


# (damage, whether the file left in the database's place is ours to replace)
DATABASE_DAMAGE = [(_garbage, False), (_cut_short, True), (_middle_zeroed, True), (_pages_swapped, True),
                   (_emptied, True), (_another_programs, False)]


@pytest.mark.parametrize(("damage", "ours"), DATABASE_DAMAGE, ids=[d.__name__.strip("_") for d, _ in DATABASE_DAMAGE])
def test_a_damaged_database_is_a_miss_or_no_cache(tmp_path: Path, damage, ours: bool) -> None:
    """A database file that is garbage, cut short, has a page zeroed or two pages swapped, is
    empty, or is another program's: every result is the one made without a cache (a miss),
    never an error or other bytes; the damaged database is made again when the cache made it,
    another program's file is renamed aside, not deleted; nothing else in the folder changes."""
    folder = tmp_path / "cache"
    _fill(folder)
    keep = folder / "notes.txt"
    keep.write_text("a file of the person's own\n", encoding="utf-8")
    database = folder / DATABASE
    damage(database)
    damaged = database.read_bytes()
    for _build in range(2):  # the build that finds the damage, then the next one
        cache = BuildCache(folder)
        served = 0
        for (kind, key), data in RESULTS.items():
            stored = cache.load(kind, key)
            assert stored in (None, data), (kind, key)
            served += stored is not None
            assert cache.get(kind, key, lambda data=data: data) == data
        cache.finish()
    # the second round found (or made again) a whole database: everything from the cache
    assert [cache.load(kind, key) for kind, key in RESULTS] == list(RESULTS.values())
    cache.finish()
    assert keep.read_text(encoding="utf-8") == "a file of the person's own\n"
    aside = folder / f"{DATABASE}.unreadable"
    if ours:
        assert not aside.exists()
    else:
        assert aside.read_bytes() == damaged, "a file the cache did not make was changed or deleted"
    assert sorted(p.name for p in folder.iterdir()) == sorted({DATABASE, "notes.txt", *([aside.name] * (not ours))})


def test_a_locked_database_is_no_cache_and_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process holding the database (an exclusive lock) for longer than a write waits:
    the build goes on without the cache, nothing raised; once it lets go, the cache is used."""
    folder = tmp_path / "cache"
    _fill(folder)
    monkeypatch.setattr(cache_database, "BUSY_TIMEOUT_S", 0.2)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys\n"
         "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "db.execute('PRAGMA locking_mode = EXCLUSIVE')\n"
         "db.execute('BEGIN EXCLUSIVE')\n"
         "db.execute('DELETE FROM uses')\n"  # (uncommitted: another program mid-change)
         "print('locked', flush=True)\n"
         "sys.stdin.read()\n", str(folder / DATABASE)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "locked\n"
        cache = BuildCache(folder)
        for (kind, key), data in RESULTS.items():
            assert cache.load(kind, key) in (None, data)
            assert cache.get(kind, key, lambda data=data: data) == data
        cache.store("qr", ("new",), b"new")
        cache.finish()  # (the write is given up)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    cache = BuildCache(folder)
    assert [cache.load(kind, key) for kind, key in RESULTS] == list(RESULTS.values())
    assert (folder / DATABASE).is_file()


def _write_entries(folder: str, worker: int, count: int) -> int:
    """A process storing ``count`` entries of its own and reading the others' (for the test below)."""
    cache = BuildCache(Path(folder))
    found = 0
    for n in range(count):
        cache.store("text", (str(worker), str(n)), f"{worker}:{n}".encode() * 200)
        found += cache.load("text", (str((worker + 1) % 4), str(n))) is not None
    cache.finish()
    return found


@pytest.mark.parametrize("timeout_s", [cache_database.BUSY_TIMEOUT_S, 0.0])
def test_processes_writing_at_once_never_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              timeout_s: float) -> None:
    """Four processes storing and reading in small batches at once, each from a fresh start (the
    database made by whichever comes first): nothing is raised; with the usual wait every entry
    is kept, without any wait some writes may be given up (a miss for a later build), never wrong."""
    monkeypatch.setattr(cache_database, "BATCH_ENTRIES", 20)
    monkeypatch.setattr(cache_database, "BUSY_TIMEOUT_S", timeout_s)
    folder = tmp_path / "cache"
    context = multiprocessing.get_context("fork")
    with context.Pool(4) as pool:
        pool.starmap(_write_entries, [(str(folder), worker, 500) for worker in range(4)])
    cache = BuildCache(folder)
    stored = {(w, n): cache.load("text", (str(w), str(n))) for w in range(4) for n in range(500)}
    assert all(data in (None, f"{w}:{n}".encode() * 200) for (w, n), data in stored.items())
    if timeout_s:
        assert None not in stored.values()


def _entry(folder: Path, kind: str, label: str, size: int, age_s: float) -> bytes:
    """An entry said to take ``size`` bytes, last used ``age_s`` seconds ago; its name."""
    cache = BuildCache(folder)
    cache.store(kind, (label,), b"x")
    name = _name(kind, (label,))
    _sql(folder, "UPDATE uses SET size = ?, used = ? WHERE name = ?", size, time.time() - age_s, name)
    return name


def test_prune_keeps_what_the_build_used_and_the_most_recent_rest(tmp_path: Path) -> None:
    """Used by the build (marked used since it started): kept. Older entries, newest first, while
    everything kept stays within 3× the used bytes; the rest removed, with their data; Jinja's
    own folders and anything else in the folder left alone."""
    folder = tmp_path / "cache"
    since = time.time() - 10
    used = [_entry(folder, "qr", "u1", 100, 1), _entry(folder, "markdown-body", "u2", 100, 5)]
    recent = [_entry(folder, "qr", "r1", 150, 100), _entry(folder, "search-text", "r2", 150, 200)]
    old = [_entry(folder, "qr", "o1", 10, 300),  # small, but older than one that did not fit
           _entry(folder, "markdown-body", "o2", 500, 250)]
    jinja = folder / "jinja-theme" / "__jinja2_x"
    jinja.parent.mkdir()
    jinja.write_bytes(b"x" * 10_000)
    own = folder / "qr" / "notes.txt"
    own.parent.mkdir()
    own.write_text("mine", encoding="utf-8")
    found = prune(folder, since)
    assert (found.used, found.used_bytes, found.removed, found.removed_bytes) == (2, 200, 2, 510)
    assert entries(folder) == {name.hex() for name in used + recent}
    assert not {name.hex() for name in old} & entries(folder)
    assert _sql(folder, "SELECT count(*) FROM entries") == [(4,)]
    assert jinja.exists() and own.exists()
    assert prune(tmp_path / "missing", since).removed == 0
    assert not (tmp_path / "missing").exists()


def test_prune_removes_the_entry_files_of_the_earlier_layout(tmp_path: Path) -> None:
    """``<kind>/<2 hex>/<64 hex>`` files (and ``.tmp-*`` leftovers) of the cache before it kept a
    database are removed with the folders they leave empty; any other file stays."""
    folder = tmp_path / "cache"
    name = "ab" + "0" * 62
    old = [folder / "qr" / "ab" / name, folder / "finished-page" / "ab" / name, folder / "qr" / "ab" / ".tmp-x1"]
    kept = [folder / "share" / "ab" / "notes.txt", folder / "share" / "photo.png", folder / "ab" / name]
    for path in old + kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"campaign-cache-1\n")
    prune(folder, time.time())
    assert not any(path.exists() for path in old)
    assert all(path.exists() for path in kept)
    assert sorted(p.name for p in folder.iterdir()) == ["ab", "share"]


def test_build_with_a_warm_cache_equals_the_build_that_filled_it(site: BuiltSite, sequential_site: BuiltSite) -> None:
    """The session's site is built with an empty cache (a fresh copy of the project), the
    sequential build of the same project afterwards with the cache it left: same bytes."""
    cache = site.project / ".cache" / "plugin" / "campaign"
    for kind in ("qr", "share", "text-checks", "markdown-body", "search-text",
                 "collection-body", "untranslated-marks", "content", "finished-page", "page-review"):
        assert entries(cache, kind), f"nothing cached in {kind}"
    for kind in ("jinja-theme", "jinja-autoescape"):
        assert any((cache / kind).iterdir()), f"nothing cached in {kind}"
    cold, warm = tree_digest(site.root), tree_digest(sequential_site.root)
    assert cold.keys() == warm.keys()
    assert [name for name in cold if cold[name] != warm[name]] == []


def test_a_parallel_build_loads_and_checks_the_content_once(site: BuiltSite) -> None:
    """The session's site (every language, two processes): content/ loaded and validated
    once for the whole build, each source file's text checked once and each page of docs/
    read and its front matter parsed once (not per process, not per language showing it)."""
    assert len(site.languages) > 2
    lines = (site.root.parent / WORK_LOG).read_text(encoding="utf-8").splitlines()
    steps = [line.split(" ", 1) for line in lines]
    assert [detail for step, detail in steps if step == "load-content"] == [str(site.project / "content")]
    checked = [detail for step, detail in steps if step == "text-check"]
    assert checked and len(checked) == len(set(checked)), "a source file was checked more than once"
    assert str(site.project / "docs" / "index.md") in checked
    read = [detail for step, detail in steps if step == "read-page"]
    pages = {str(path) for path in (site.project / "docs").rglob("*.md")}
    assert sorted(read) == sorted(pages), "a page of docs/ was read more than once, or not at all"


def test_what_a_build_loaded_reaches_a_spawned_process_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where language processes start fresh (spawn: Windows, macOS), they get the build's
    content and text checks pickled: used as they are, nothing loaded or checked again."""
    from markdown import Markdown

    from campaign_site.plugins import process_shared
    from campaign_site.project import open_project

    log = tmp_path / "work.log"
    monkeypatch.setenv(work_log.VARIABLE, str(log))
    project = open_project(REPO / "mkdocs.yml")
    codes, default = list(project.languages), project.default_language
    monkeypatch.setattr(process_shared, "_content", None)  # this process's own state, put back afterwards
    monkeypatch.setattr(process_shared, "_checks", None)
    monkeypatch.setattr(process_shared, "_pages", {})
    content = process_shared.shared_content(project.content_dir, codes, default)
    checks = process_shared.shared_text_checks(FONTS, project.config_file)
    checks.markdown = Markdown()
    found = checks.problems(project.docs_dir, project.content_dir)
    pages = sorted(project.docs_dir.rglob("*.md"))
    sources = [process_shared.shared_page(path) for path in pages]
    done = log.read_text(encoding="utf-8")
    assert done.count("load-content") == 1 and done.count("text-check") > 10
    assert done.count("read-page") == len(pages)

    handed = pickle.dumps(process_shared.loaded())
    monkeypatch.setattr(process_shared, "_content", None)  # a fresh process
    monkeypatch.setattr(process_shared, "_checks", None)
    monkeypatch.setattr(process_shared, "_pages", {})
    process_shared.adopt(pickle.loads(handed))
    assert process_shared.shared_content(project.content_dir, codes, default).labels == content.labels
    again = process_shared.shared_text_checks(FONTS, project.config_file)
    again.markdown = Markdown()
    assert again.problems(project.docs_dir, project.content_dir) == found
    assert [process_shared.shared_page(path) for path in pages] == sources
    assert log.read_text(encoding="utf-8") == done


def test_text_checks_from_the_cache_name_the_same_problems(tmp_path: Path) -> None:
    """Unsafe Markdown and characters the font lacks: the same problems with a cold and a warm
    cache; an edited file, other fonts or other Markdown settings are checked again."""
    from markdown import Markdown

    from campaign_site.content.checks import TextChecks

    docs, content = tmp_path / "docs", tmp_path / "content"
    docs.mkdir()
    content.mkdir()
    page = docs / "trang.md"
    page.write_text("# Trang\n\nChữ ổn.\n\n<script>alert(1)</script>\n\nKý tự lạ: \u0F00\n", encoding="utf-8")
    fonts = sorted((REPO / "overrides" / "assets" / "fonts").glob("noto-sans-regular*.woff2"))
    cache = BuildCache(tmp_path / "cache")

    def check(markdown_key: str = "md", font_files: list[Path] = fonts) -> list[str]:
        checks = TextChecks(font_files, Markdown(), cache)
        checks.markdown_key = markdown_key
        return [str(p) for p in checks.problems(docs, content)]

    uncached = [str(p) for p in TextChecks(fonts, Markdown()).problems(docs, content)]
    assert len(uncached) >= 2, uncached  # the script and the missing glyph
    assert check() == uncached  # cold
    assert check() == uncached  # warm
    stored = entries(tmp_path / "cache")
    assert len(stored) == 1
    check("other extensions")
    check(font_files=fonts[:1])
    assert len(entries(tmp_path / "cache")) == 3
    page.write_text("# Trang\n\nChữ ổn.\n", encoding="utf-8")
    assert check() == []


def test_text_checks_of_a_file_saved_while_checked_are_not_kept(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A page with a script (A) saved clean (B) after its bytes were keyed but before it was
    checked, then the save undone: A's script is found again, not B's "no problems" kept under A."""
    from markdown import Markdown

    from campaign_site.content import checks as checks_module
    from campaign_site.content.checks import TextChecks

    docs, content = tmp_path / "docs", tmp_path / "content"
    docs.mkdir()
    content.mkdir()
    page = docs / "trang.md"
    unsafe = "# Trang\n\n<script>alert(1)</script>\n"
    page.write_text(unsafe, encoding="utf-8")
    cache = BuildCache(tmp_path / "cache")
    expected = [str(p) for p in TextChecks(None, Markdown()).problems(docs, content)]
    assert expected, "the script is a problem"
    real_check = checks_module.TextChecks._check

    def saved_meanwhile(self, path, data=None):  # (the text read again: the one just saved)
        page.write_text("# Trang\n\nChữ ổn.\n", encoding="utf-8")
        return real_check(self, path)

    monkeypatch.setattr(checks_module.TextChecks, "_check", saved_meanwhile)
    TextChecks(None, Markdown(), cache).problems(docs, content)
    monkeypatch.setattr(checks_module.TextChecks, "_check", real_check)
    page.write_text(unsafe, encoding="utf-8")  # undone
    assert [str(p) for p in TextChecks(None, Markdown(), cache).problems(docs, content)] == expected


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_edits_after_a_warm_build_give_the_cold_builds_bytes(site: BuiltSite, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The rebuilds after a communicator saves, built with the cache the session's builds left.

    First one page's text (a page rad/jra/mng do not translate: they show it too): only that
    page's copies are rendered again, every other page comes from the cache and is byte for
    byte the session's (cold) build. Then what changes every page's shell (and must never be
    served stale: a hotline, a label, a template, mkdocs.yml's extra, a menu title, a page's
    description; and a service renamed, shown by its area's directory page, and a translated
    page's source given a paragraph its English translation has, then marked untranslated):
    the site is byte for byte the one a build with no cache makes of the same files, and each
    edit shows on a page whose own file did not change."""
    import shutil

    from conftest import build_project

    project = tmp_path / "project"
    shutil.copytree(site.project, project, ignore=shutil.ignore_patterns("site", ".tmp-*"))
    cache = project / ".cache" / "plugin" / "campaign"
    assert entries(cache, "finished-page"), "the session's builds left no finished pages"
    page = project / "docs" / "kiem-tra-ban-sao.md"
    assert not any((project / "docs").glob("kiem-tra-ban-sao.r*.md"))
    page.write_text(page.read_text(encoding="utf-8") + "\nCâu mới sau khi sửa trang.\n", encoding="utf-8")

    log = tmp_path / "work.log"
    monkeypatch.setenv(work_log.VARIABLE, str(log))
    one_page = build_project(project, tmp_path / "one-page", jobs=2)
    monkeypatch.delenv(work_log.VARIABLE)
    lines = log.read_text(encoding="utf-8").splitlines()
    rendered = sorted(line.split(" ", 1)[1] for line in lines if line.startswith("page-template "))
    # (the twin languages' pages are made from their source's every time: plugins/twin_pages.py)
    from_twin = {line.split(" ", 1)[1] for line in lines if line.startswith("twin-page ")}
    shown_by_the_edit = sorted(f"{site.prefix(language)}kiem-tra-ban-sao.html" for language in site.languages
                               if not (project / "docs" / f"kiem-tra-ban-sao.{language}.md").exists())
    assert len(shown_by_the_edit) >= 3 and len(set(shown_by_the_edit) & from_twin) >= 2
    assert rendered == [name for name in shown_by_the_edit if name not in from_twin], \
        "pages that did not change were rendered again"
    before, after = tree_digest(site.root), tree_digest(one_page.root)
    assert before.keys() == after.keys()
    differing = sorted(name for name in before if before[name] != after[name])
    search_indexes = [name for name in differing if name.startswith("search/index.")]
    assert differing == sorted([*shown_by_the_edit, *search_indexes]), differing
    for name in shown_by_the_edit:
        assert "Câu mới sau khi sửa trang." in (one_page.root / name).read_text(encoding="utf-8")

    # what every page shows: each edit alone would change every page's key
    docs, content = project / "docs", project / "content"
    _edit(docs / "noi-dung-trong-tam.md", "# Năm nội dung trọng tâm năm 2022", "# Nội dung trọng tâm (tên mới)")
    _edit(content / "services" / "tong-dai-111.yaml", "  vi: Bảo vệ trẻ em\n", "  vi: Bảo vệ trẻ em (tên mới)\n")
    _edit(content / "i18n" / "vi.yaml", "  exit: Thoát nhanh\n", "  exit: Thoát nhanh ngay\n")
    _edit(project / "overrides" / "campaign" / "site_footer.html", "</div>\n{%- endautoescape -%}",
          "</div>\n<!-- mẫu chân trang đã sửa -->\n{%- endautoescape -%}")
    _edit(project / "mkdocs.yml", "extra:\n  generator: false\n",
          "extra:\n  generator: false\n  homepage: index.html#trang-chu-moi\n")
    _edit(docs / "lich-bao-cao.md", "description: Thời hạn gửi báo cáo", "description: Hạn gửi báo cáo (đã sửa)")
    # (page-parts: a collection entry and the source of a translated page)
    service = project / "content" / "services" / "vi-du-shelter-buon-ma-thuot.yaml"
    old_name = "vi: Nhà tạm lánh cho người bị bạo lực (ví dụ)"
    text = service.read_text(encoding="utf-8")
    assert old_name in text
    service.write_text(text.replace(old_name, "vi: Nhà tạm lánh (tên mới, ví dụ)"), encoding="utf-8")
    translated = project / "docs" / "can-cu-chinh-sach.md"
    kept = "A dash (“—”) in a table means that the information is not in this page's sources."
    assert kept in (project / "docs" / "can-cu-chinh-sach.en.md").read_text(encoding="utf-8")
    translated.write_text(translated.read_text(encoding="utf-8") + f"\n{kept}\n", encoding="utf-8")

    # an entry no build uses any more (a page's old text, a year ago), bigger than all the rest
    ((used_bytes,),) = _sql(cache, "SELECT sum(size) FROM uses")
    unused = _entry(cache, "markdown-body", "a page's text a year ago", 4 * used_bytes, 365 * 86400)
    warm = build_project(project, tmp_path / "warm", jobs=2)
    assert unused.hex() not in entries(cache), "the build left an entry it did not use beyond the cache's budget"
    shutil.rmtree(project / ".cache")
    cold = build_project(project, tmp_path / "cold", jobs=2)
    cold_files, warm_files = tree_digest(cold.root), tree_digest(warm.root)
    assert cold_files.keys() == warm_files.keys()
    assert [name for name in cold_files if cold_files[name] != warm_files[name]] == []
    # (each edit shows on a page whose own file did not change: in the menu, the shell, the footer)
    unchanged = (warm.root / "bo-tai-lieu.html").read_text(encoding="utf-8")
    before_edits = (site.root / "bo-tai-lieu.html").read_text(encoding="utf-8")
    for shown in ("Nội dung trọng tâm (tên mới)", "Bảo vệ trẻ em (tên mới)", "Thoát nhanh ngay",
                  "mẫu chân trang đã sửa", "index.html#trang-chu-moi"):
        assert shown in unchanged and shown not in before_edits, shown
    # (a description shows in its page's head, and in the languages showing that page's text)
    assert "Hạn gửi báo cáo (đã sửa)" in (warm.root / "rad" / "lich-bao-cao.html").read_text(encoding="utf-8")
    assert "Nhà tạm lánh (tên mới, ví dụ)" in (warm.root / "danh-ba" / "buon-ma-thuot.html").read_text(encoding="utf-8")
    assert "campaign-untranslated" in (warm.root / "en" / "can-cu-chinh-sach.html").read_text(encoding="utf-8")


def test_a_build_with_a_damaged_database_equals_the_cold_build(site: BuiltSite, tmp_path: Path) -> None:
    """The session's project with the database its builds left cut short (the language processes
    find the damage while they read it, the database is made again meanwhile): the build
    succeeds with the cold build's bytes and leaves a whole database for the next one."""
    import shutil

    from conftest import build_project

    project = tmp_path / "project"
    shutil.copytree(site.project, project, ignore=shutil.ignore_patterns("site"))
    cache = project / ".cache" / "plugin" / "campaign"
    _sql(cache, "PRAGMA user_version = 7")  # (a mark in the header: gone when the database is made again)
    _cut_short(cache / DATABASE)
    damaged = build_project(project, tmp_path / "damaged", jobs=2)
    before, after = tree_digest(site.root), tree_digest(damaged.root)
    assert before.keys() == after.keys()
    assert [name for name in before if before[name] != after[name]] == []
    assert entries(cache, "finished-page"), "the build left no whole database"
    assert _sql(cache, "PRAGMA user_version") == [(0,)], "the damaged database was kept"
    assert sorted(p.name for p in cache.iterdir()) == [DATABASE, "jinja-autoescape", "jinja-theme"]


@pytest.mark.parametrize("module", ["postprocess/html_policy.py", "content/html_safety.py", "content/glyphs.py",
                                    "content/reader.py", "plugins/campaign.py", "plugins/page_bodies.py",
                                    "pages/markdown.py"])
def test_text_check_results_start_afresh_when_our_code_changes(tmp_path: Path, module: str) -> None:
    """A text check's cached result is keyed by all our code: the rules (html_policy), the
    conversion and the pages that report a body clean (plugins); a change to any of them
    must not let a result of the old rules stand (an unsafe file once judged clean)."""
    import shutil

    from campaign_site.content import checks

    assert fingerprints.our_package() in checks._checks_fingerprint()
    copy = tmp_path / "campaign_site"
    shutil.copytree(fingerprints.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = fingerprints.package_digest(copy)
    with (copy / module).open("a", encoding="utf-8") as source:
        source.write("\n# a rule changed\n")
    assert fingerprints.package_digest(copy) != before

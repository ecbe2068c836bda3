"""The names a cache process reads once (pages/cache_database.py): a lookup of an entry that
is not there asks no query, and the names never make the cache return anything but what the
database holds. Two :class:`EntryStore` objects on one folder stand for two processes (each has
its own connection, as each process of a parallel build has)."""

from __future__ import annotations

import random
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from campaign_site.pages import cache_database
from campaign_site.pages.cache_database import NAMES_AFTER_MISSES, EntryStore


def _name(label: str) -> bytes:
    return label.encode().ljust(32, b"\x00")


class Queries:
    """Counts the lookups of entries a store's connection runs."""

    def __init__(self, store: EntryStore) -> None:
        self.lookups = 0
        store._connection().set_trace_callback(self._trace)  # noqa: SLF001

    def _trace(self, statement: str) -> None:
        self.lookups += statement.startswith("SELECT data FROM entries")


def _missing(store: EntryStore, count: int, prefix: str = "missing") -> None:
    for n in range(count):
        assert store.read(_name(f"{prefix}-{n}")) is None


def test_misses_ask_no_query_once_the_names_are_read(tmp_path: Path) -> None:
    store = EntryStore(tmp_path)
    store.write(_name("here"), "kind", b"stored")
    store.flush()
    queries = Queries(store)
    _missing(store, NAMES_AFTER_MISSES)
    assert queries.lookups == NAMES_AFTER_MISSES  # (until then every miss is a query)
    _missing(store, 500, "later")
    assert queries.lookups == NAMES_AFTER_MISSES
    assert store.read(_name("here")) == b"stored"  # a known name is always looked up
    assert queries.lookups == NAMES_AFTER_MISSES + 1


def test_a_build_that_finds_its_entries_never_reads_the_names(tmp_path: Path) -> None:
    """A warm build: hits cost what they did, and the names are not read."""
    store = EntryStore(tmp_path)
    for n in range(200):
        store.write(_name(f"entry-{n}"), "kind", b"x")
    store.flush()
    assert all(store.read(_name(f"entry-{n}")) == b"x" for n in range(200))
    _missing(store, NAMES_AFTER_MISSES - 1)
    assert store._names is None  # noqa: SLF001


def test_what_this_process_wrote_is_found_at_once(tmp_path: Path) -> None:
    store = EntryStore(tmp_path)
    _missing(store, NAMES_AFTER_MISSES)
    store.write(_name("new"), "kind", b"pending")
    assert store.read(_name("new")) == b"pending"
    store.flush()
    assert store.read(_name("new")) == b"pending"


def test_what_another_process_wrote_is_found_once_the_names_are_old(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Within :data:`NAMES_FRESH_S` of reading the names, an entry another process wrote since
    may be taken for absent (made again: only its reuse is lost); after that it is found."""
    monkeypatch.setattr(cache_database, "NAMES_FRESH_S", 3600.0)
    reader, writer = EntryStore(tmp_path), EntryStore(tmp_path)
    _missing(reader, NAMES_AFTER_MISSES)
    writer.write(_name("theirs"), "kind", b"written by the other process")
    writer.flush()
    assert reader.read(_name("theirs")) is None  # (young names: lost reuse, never wrong bytes)
    monkeypatch.setattr(cache_database, "NAMES_FRESH_S", 0.0)
    assert reader.read(_name("theirs")) == b"written by the other process"
    # what the other process wrote before this one's own batch is found through that batch too
    monkeypatch.setattr(cache_database, "NAMES_FRESH_S", 3600.0)
    writer.write(_name("theirs-2"), "kind", b"second")
    writer.flush()
    reader.write(_name("mine"), "kind", b"mine")
    reader.flush()
    assert reader.read(_name("theirs-2")) == b"second"
    assert reader.read(_name("mine")) == b"mine"


def test_a_pruned_entry_is_a_miss(tmp_path: Path) -> None:
    reader, pruner = EntryStore(tmp_path), EntryStore(tmp_path)
    reader.write(_name("old"), "kind", b"old")
    reader.flush()
    _missing(reader, NAMES_AFTER_MISSES)
    assert pruner.remove([_name("old")])
    assert reader.read(_name("old")) is None
    assert _name("old") not in reader._names  # noqa: SLF001


@pytest.mark.parametrize("removals", [False, True])
@pytest.mark.parametrize("fresh_s", [0.0, 3600.0])
@pytest.mark.parametrize("seed", range(3))
def test_reads_give_the_database_s_bytes_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    fresh_s: float, seed: int, removals: bool) -> None:
    """Three processes writing, rewriting, (removing) and reading a few names in random order,
    in small batches: every read gives the bytes the database (or the reader's own unwritten
    batch) holds, or nothing; with names read afresh at every lookup (``fresh_s`` 0) and no
    removals, never nothing for an entry that is there."""
    monkeypatch.setattr(cache_database, "NAMES_FRESH_S", fresh_s)
    monkeypatch.setattr(cache_database, "NAMES_AFTER_MISSES", 3)
    monkeypatch.setattr(cache_database, "BATCH_ENTRIES", 4)
    chance = random.Random(seed)
    stores = [EntryStore(tmp_path) for _ in range(3)]
    names = [_name(f"n{n}") for n in range(12)]
    checked = found = named = 0
    for step in range(600):
        store = chance.choice(stores)
        name = chance.choice(names)
        action = chance.random()
        if action < 0.35:
            store.write(name, "kind", f"{step}".encode())
        elif action < 0.40:
            store.flush()
        elif action < 0.41 and removals:
            store.flush()
            assert store.remove([name])
        else:
            got = store.read(name)
            if name in store._pending:  # noqa: SLF001
                assert got == store._pending[name][1]  # noqa: SLF001
                continue
            with closing(sqlite3.connect(tmp_path / cache_database.DATABASE)) as db:
                truth = db.execute("SELECT data FROM entries WHERE name = ?", (name,)).fetchall()
            checked += 1
            assert got is None or [(got,)] == truth, step
            if fresh_s == 0.0 and not removals:
                assert (got is None) == (not truth), step
            found += got is not None
            named += store._names is not None  # noqa: SLF001
    assert checked > 100 and found > 10 and named > 20

"""The build cache's entries in one SQLite database per cache folder, written in batches.

A cold build used to write each of its ~27,000 entries as a file of its own
(a temporary file, a rename, a folder): a sixth of the build's process time.
:class:`EntryStore` keeps them as rows of ``folder/entries-1.sqlite3``
(Python's own :mod:`sqlite3`; the ``1`` is the layout of the tables):

- ``entries(name, data)``: an entry's stored bytes (sealed by
  :mod:`.build_cache`) by its name, the 32-byte SHA-256 of its kind and key;
- ``uses(name, kind, size, used)``: its kind, size in bytes and when a build last
  read or wrote it (``time.time()``), kept apart so that marking an entry used
  does not rewrite its data.

Every process (a parallel build's language processes and the one checking the
texts) has its own connection: the database is in WAL mode (readers never wait
for a writer), a writer waits up to :data:`BUSY_TIMEOUT_S` for another, and each
process keeps its new entries and the names it read in memory and writes them in
one transaction every :data:`BATCH_ENTRIES` entries (or :data:`BATCH_BYTES`) and
when its build ends (:func:`finish_all`, also before the process forks).

A cold build looks up some 25,000 entries that are not there, and with other
processes writing meanwhile each query reads the tree again (~20 µs). So after
:data:`NAMES_AFTER_MISSES` such misses a process reads the names of every entry
once (then only those written since, by their ``rowid``) and answers a name not
among them without a query while the names are younger than
:data:`NAMES_FRESH_S`. A name it knows is always looked up, so an entry is only
ever returned as the database holds it; the names can only be short of entries
another process wrote during the last :data:`NAMES_FRESH_S` (or wrote in the
place of rows a prune removed): such an entry is made again, as without a cache.

Nothing here is ever an error for the build: a database that is locked too long,
read-only, missing or damaged makes this process build without the cache (every
read a miss, nothing stored). A damaged database that this module made (SQLite's
header with :data:`APPLICATION_ID`) is removed with its journal files, to be made
again; a file of that name that it did not make is renamed ``….unreadable`` and
left there.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

#: the database's name in the cache folder (the number: the layout of its tables)
DATABASE = "entries-1.sqlite3"
#: SQLite's application id in the database header (bytes 68–71): "CSC1", this module's databases
APPLICATION_ID = 0x43534331
#: how long a write waits for another process's write before it is given up (seconds)
BUSY_TIMEOUT_S = 10.0
#: new entries kept in memory before they are written in one transaction (count, total bytes)
BATCH_ENTRIES = 400
BATCH_BYTES = 16 * 1024 * 1024
#: lookups that found nothing before the process reads every entry's name (a build that finds
#: its entries, a warm one, never does)
NAMES_AFTER_MISSES = 32
#: how long the names read answer for a name not among them (seconds): an entry another process
#: wrote since is found at the first lookup after this
NAMES_FRESH_S = 0.25

_HEADER = b"SQLite format 3\x00"
_TABLES = """
CREATE TABLE IF NOT EXISTS entries (name BLOB PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS uses (name BLOB PRIMARY KEY, kind TEXT NOT NULL, size INTEGER NOT NULL,
                                 used REAL NOT NULL) WITHOUT ROWID;
"""
#: SQLite's primary result codes for a file that is not (or no longer) a whole database
_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


class EntryStore:
    """This process's connection to the cache database of ``folder`` (made on first use),
    with the entries it has not written yet. Use :func:`store_for`, not this class."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / DATABASE
        self._db: sqlite3.Connection | None = None
        self._inode: int | None = None  # of the file the connection opened
        self._failed = False  # this process builds without the database from now on
        self._pending: dict[bytes, tuple[str, bytes]] = {}  # name → (kind, stored bytes)
        self._pending_bytes = 0
        self._used: set[bytes] = set()  # names read since the last write
        self._forget_names()

    def read(self, name: bytes) -> bytes | None:
        """The bytes stored under ``name``, or None (none, or the database cannot be used)."""
        pending = self._pending.get(name)
        if pending is not None:
            return pending[1]
        if self._absent(name):
            return None
        db = self._connection()
        if db is None:
            return None
        try:
            rows = db.execute("SELECT data FROM entries WHERE name = ?", (name,)).fetchall()
        except sqlite3.Error as error:
            self._give_up(error)
            return None
        if not rows:
            self._missed(name)
            return None
        self._used.add(name)
        return rows[0][0]

    def _absent(self, name: bytes) -> bool:
        """Whether ``name`` is not among the entries' names read (reading those written since
        first when the names are :data:`NAMES_FRESH_S` old); False before they are read."""
        names = self._names
        if names is None or name in names:
            return False
        if time.monotonic() - self._names_at >= NAMES_FRESH_S:
            self._read_names()
            return self._names is not None and name not in self._names
        return True

    def written_elsewhere(self) -> None:
        """Another process says it wrote entries just now: the names read are not to answer for
        any name before those written since are read too."""
        self._names_at = 0.0

    def _missed(self, name: bytes) -> None:
        """A lookup of ``name`` found nothing: after :data:`NAMES_AFTER_MISSES`, read the names."""
        if self._names is not None:
            self._names.discard(name)  # (removed since it was read: another build pruned it)
            return
        self._misses += 1
        if self._misses >= NAMES_AFTER_MISSES:
            self._read_names()

    def _read_names(self) -> None:
        """Add the names of the entries written since the last reading (all, the first time)."""
        db = self._connection()
        if db is None:
            return
        try:
            if self._names is None:
                self._all_names(db)
            else:
                self._names_since(db)
        except sqlite3.Error as error:
            self._give_up(error)

    def _all_names(self, db: sqlite3.Connection) -> None:
        """Read every entry's name from ``uses`` (a few bytes a row, where ``entries`` holds the
        data too: ~5 ms for 27,000 entries against ~50 ms) and the largest ``rowid`` of
        ``entries``, in one read transaction (raises ``sqlite3.Error``)."""
        started = time.monotonic()
        db.execute("BEGIN")
        try:
            (largest,) = db.execute("SELECT max(rowid) FROM entries").fetchone()
            names = {name for (name,) in db.execute("SELECT name FROM uses")}
        finally:
            db.execute("COMMIT")  # (it only read)
        self._names, self._names_rowid, self._names_at = names, largest or 0, started

    def _names_since(self, db: sqlite3.Connection) -> None:
        """Add the names of the rows after the largest ``rowid`` read (raises ``sqlite3.Error``)."""
        started = time.monotonic()  # (what is committed after this may be missing)
        rows = db.execute("SELECT rowid, name FROM entries WHERE rowid > ?", (self._names_rowid,)).fetchall()
        if self._names is None:
            self._names = set()
        self._names.update(name for _, name in rows)
        self._names_rowid = max((rowid for rowid, _ in rows), default=self._names_rowid)
        self._names_at = started

    def _forget_names(self) -> None:
        self._names: set[bytes] | None = None  # names of the entries as last read; None: not read
        self._names_rowid = 0  # the largest rowid among them
        self._names_at = 0.0  # when they were read (time.monotonic())
        self._misses = 0  # lookups that found nothing while the names were not read

    def write(self, name: bytes, kind: str, stored: bytes) -> None:
        """Keep ``stored`` under ``name`` (written with the next batch)."""
        if self._failed:
            return
        self._pending[name] = (kind, stored)
        self._pending_bytes += len(stored)
        if len(self._pending) >= BATCH_ENTRIES or self._pending_bytes >= BATCH_BYTES:
            self.flush()

    def flush(self) -> None:
        """Write the pending entries and mark the entries read as used now, in one transaction;
        on any failure they are dropped (a later build makes them again)."""
        pending, used = self._pending, self._used - self._pending.keys()
        self._pending, self._pending_bytes, self._used = {}, 0, set()
        if not pending and not used:
            return
        db = self._connection()
        if db is None:
            return
        now = time.time()
        names = self._names is not None
        try:
            with _transaction(db):
                if names:  # (others' since the last reading: ours get larger rowids)
                    self._names_since(db)
                db.executemany("INSERT OR REPLACE INTO entries (name, data) VALUES (?, ?)",
                               ((name, stored) for name, (_, stored) in pending.items()))
                db.executemany("INSERT OR REPLACE INTO uses (name, kind, size, used) VALUES (?, ?, ?, ?)",
                               ((name, kind, len(stored), now) for name, (kind, stored) in pending.items()))
                db.executemany("UPDATE uses SET used = ? WHERE name = ?", ((now, name) for name in used))
                if names:  # (no other process writes before this transaction ends)
                    self._names_rowid = db.execute("SELECT max(rowid) FROM entries").fetchone()[0] or 0
        except sqlite3.Error as error:
            self._give_up(error)
            return
        if names and self._names is not None:
            self._names.update(pending)

    def close(self) -> None:
        """Write what is pending and close the connection (opened again when used again)."""
        self.flush()
        self._disconnect()
        self._forget_names()  # (the next build reads them again)
        self._failed = False  # (the next build tries again)

    def rows(self) -> list[tuple[bytes, int, float]] | None:
        """(name, size, used) of every entry written; None when the database cannot be read."""
        self.flush()
        db = self._connection()
        if db is None:
            return None
        try:
            return db.execute("SELECT name, size, used FROM uses").fetchall()
        except sqlite3.Error as error:
            self._give_up(error)
            return None

    def remove(self, names: Iterable[bytes]) -> bool:
        """Delete these entries (and entries no ``uses`` row describes), then give their space
        back to the file system; False when the database cannot be written."""
        db = self._connection()
        if db is None:
            return False
        self._forget_names()
        try:
            with _transaction(db):
                for name in names:
                    db.execute("DELETE FROM entries WHERE name = ?", (name,))
                    db.execute("DELETE FROM uses WHERE name = ?", (name,))
                db.execute("DELETE FROM entries WHERE name NOT IN (SELECT name FROM uses)")
            db.execute("PRAGMA incremental_vacuum").fetchall()
        except sqlite3.Error as error:
            self._give_up(error)
            return False
        return True

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is not None or self._failed:
            return self._db
        for attempt in range(2):
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                     check_same_thread=False)
            except (OSError, sqlite3.Error):
                break
            try:
                _prepare(db)
                self._inode = os.stat(self.path).st_ino
            except (OSError, sqlite3.Error) as error:
                db.close()
                if attempt == 0 and _is_damage(error) and _set_aside(self.path, None):
                    continue  # made again
                break
            self._db = db
            return db
        self._failed = True
        return None

    def _give_up(self, error: sqlite3.Error) -> None:
        """Build without the database from now on (and remove it if it is damaged and ours)."""
        self._failed = True
        self._pending, self._pending_bytes, self._used = {}, 0, set()
        self._forget_names()
        self._disconnect()
        if _is_damage(error):
            _set_aside(self.path, self._inode)


    def _disconnect(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None


class NotOurs(sqlite3.DatabaseError):
    """A database this module did not make is in its place."""

    sqlite_errorcode = sqlite3.SQLITE_NOTADB


def _prepare(db: sqlite3.Connection) -> None:
    """WAL journal, no waiting for the disk (a cache: a crash costs entries, never a wrong
    one: they are sealed), the tables made once; NotOurs for another program's database."""
    db.execute("PRAGMA synchronous = OFF")
    if db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
        db.execute("PRAGMA journal_mode = WAL").fetchall()
        return
    if db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]:
        # tables but no id: another program's, unless another process of ours made it just now
        if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise NotOurs("not a build cache database")
        db.execute("PRAGMA journal_mode = WAL").fetchall()
        return
    db.execute("PRAGMA auto_vacuum = INCREMENTAL")  # (only before the first table)
    db.execute("PRAGMA journal_mode = WAL").fetchall()
    with _transaction(db):
        if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:  # (another process's meanwhile)
            if db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]:
                raise NotOurs("not a build cache database")
            for statement in _TABLES.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """A write transaction (waiting up to the busy timeout for another writer), rolled back
    when the ``with`` block raises."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _is_damage(error: BaseException) -> bool:
    return (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF in _DAMAGED


def _set_aside(path: Path, inode: int | None) -> bool:
    """Make way for a new database at ``path``: removed with its journal files when this module
    made it (its header says so), renamed ``<name>.unreadable`` when not (if that name is free).
    ``inode``: the file found damaged; another one there now (made again meanwhile) stays.
    True when the name is free (or was freed)."""
    try:
        if inode is not None and os.stat(path).st_ino != inode:
            return True
        with open(path, "rb") as file:
            head = file.read(100)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    try:
        if head.startswith(_HEADER) and int.from_bytes(head[68:72], "big") == APPLICATION_ID:
            for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                name.unlink(missing_ok=True)
            return True
        aside = Path(f"{path}.unreadable")
        if aside.exists():
            return False
        path.rename(aside)
        return True
    except OSError:
        return False


# this process's stores, by folder (a forked process starts with none: see below)
_stores: dict[Path, EntryStore] = {}


def store_for(folder: Path) -> EntryStore:
    """This process's store of the cache folder ``folder`` (one per folder and process)."""
    store = _stores.get(folder)
    if store is None:
        store = _stores[folder] = EntryStore(folder)
    return store


def finish_all() -> None:
    """Write every store's pending entries and close its connection (the end of a build)."""
    for store in list(_stores.values()):
        store.close()


def _forget_all() -> None:
    """A forked process: the parent's stores (closed before the fork) are not its own."""
    _stores.clear()


# A SQLite connection must not cross a fork: the parent writes what it has and closes
# before, the child opens its own (no fork on Windows: its processes start fresh).
if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=finish_all, after_in_child=_forget_all)

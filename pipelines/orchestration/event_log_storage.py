"""Dagster's SQLite event log, keeping each database file's engine and connection open.

The stock storage builds an engine and opens a connection for every use, several times per event,
and closing the last connection to a WAL database checkpoints it with an fsync. A nightly run
stores a few hundred events, so that was most of Dagster's bookkeeping (docs/benchmark.md).
It stays with the dbt layer (every dbt model an asset, every dbt test an asset check: about 170 more
events in the SQL step) because `salesops bench`, which runs the foundation with the stock storage beside
this one, shows it still saves time, most when the machine is busy, as a nightly host often is:
scale 1, quiet machine, one run each: 27.0 s stock against 23.3 s (saves 14%); scale 1 under load 5-9,
medians of three: 79.7 s against 46.8 s (saves 41%); scale 0.1 under load 10: 198 s against 130 s. One
lightly loaded scale-1 run showed no saving (30.2 s both ways), when dbt ran as a subprocess. Dagster's
supported alternatives are its stock SQLite storage (measured above) and a Postgres server, which a
one-machine install does not have.

Here each file's engine is built once and its connection pooled, and commits use SQLite's
`synchronous=NORMAL`, which the SQLite docs recommend for WAL databases (Dagster's are WAL): a crash
of the process loses nothing, and a power cut can lose the last events but never corrupts the
file. Same files and schema: a stock instance reads the history this one writes.

Kept-open connections commit into the write-ahead log (`<run>.db-wal`), and the main file only
changes at checkpoints, so the watcher that streams a running run's events to dagster dev also
listens to the write-ahead log. Selected in .dagster_home/dagster.yaml.
"""

from __future__ import annotations

import os
import weakref
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import dagster as dg
from dagster._core.storage.event_log.base import EventHandlerFn
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    SqliteEventLogStorage,
    SqliteEventLogStorageWatchdog,
)
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool
from watchdog.events import FileModifiedEvent, FileSystemEvent, PatternMatchingEventHandler
from watchdog.observers import Observer

# A run has its own database file: keep the engines of the few most recent ones (the webserver reads many).
ENGINES_KEPT = 16

# Storages alive in this process; a forked child must open its own connections, never share its parent's.
_LIVE_STORAGES: weakref.WeakSet[EngineReusingSqliteEventLogStorage] = weakref.WeakSet()


class EngineReusingSqliteEventLogStorage(SqliteEventLogStorage):
    """SqliteEventLogStorage whose per-file engines are built once and whose connections are pooled."""

    def __init__(self, base_dir: str | None = None, inst_data: Any = None) -> None:
        self._engines: OrderedDict[str, Engine] = OrderedDict()  # before super(): it connects at once
        super().__init__(base_dir or default_base_dir(), inst_data)
        _LIVE_STORAGES.add(self)

    @classmethod
    def config_type(cls) -> dict:
        return {"base_dir": dg.Field(dg.StringSource, is_required=False)}

    @classmethod
    def from_config_value(cls, inst_data: Any, config_value: dict) -> EngineReusingSqliteEventLogStorage:
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str) -> Engine:
        engine = self._engines.get(shard)
        if engine is None:
            engine = create_engine(self.conn_string_for_shard(shard), poolclass=QueuePool, pool_size=1,
                                   connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
            event.listen(engine, "connect", _commit_without_fsync)
            self._engines[shard] = engine
            while len(self._engines) > ENGINES_KEPT:
                self._engines.popitem(last=False)[1].dispose()
        else:
            self._engines.move_to_end(shard)
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def watch(self, run_id: str, cursor: str | None, callback: EventHandlerFn) -> None:
        if not self._obs:
            self._obs = Observer()
            self._obs.start()
        watcher = _RunLogWatcher(self, run_id, callback, cursor)
        # Same bookkeeping as the stock storage, so its end_watch and dispose stop this watcher.
        self._watchers[run_id][callback] = (watcher, self._obs.schedule(watcher, self._base_dir, recursive=True))

    def _forget_engines_after_fork(self) -> None:
        for engine in self._engines.values():
            engine.dispose(close=False)
        self._engines.clear()

    def dispose(self) -> None:
        for engine in self._engines.values():
            engine.dispose()
        self._engines.clear()
        super().dispose()


class _RunLogWatcher(PatternMatchingEventHandler):
    """Hands a run's new events to the callback when its database or its write-ahead log changes."""

    def __init__(self, storage: SqliteEventLogStorage, run_id: str, callback: EventHandlerFn,
                 cursor: str | None) -> None:
        self._log_path = storage.path_for_shard(run_id)
        super().__init__(patterns=[self._log_path, self._log_path + "-wal"])
        # The stock watcher reads the new events from where it last stopped and ends the watch with the run.
        self._reader = SqliteEventLogStorageWatchdog(storage, run_id, callback, cursor)

    def on_modified(self, event: FileSystemEvent) -> None:
        self._reader.on_modified(FileModifiedEvent(self._log_path))


def _forget_engines_in_forked_child() -> None:
    for storage in list(_LIVE_STORAGES):
        storage._forget_engines_after_fork()


# Registered once per process, not per storage: a hook holding each storage would keep every one alive.
os.register_at_fork(after_in_child=_forget_engines_in_forked_child)


def _commit_without_fsync(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA synchronous=NORMAL")


def default_base_dir() -> str:
    """Where the stock instance keeps its event logs: $DAGSTER_HOME/history/runs."""
    return os.path.join(os.environ["DAGSTER_HOME"], "history", "runs")

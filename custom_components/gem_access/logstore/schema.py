"""The Access Log tables in the recorder's database.

They hang off their own MetaData, not the recorder's Base, so the recorder never creates,
migrates, validates or purges them: gem_access owns them and versions them itself in
``gem_access_schema``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Double,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    inspect,
)
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Dialect

SCHEMA_VERSION: Final = 5

LOG_TABLE: Final = "gem_access_log"
SCHEMA_TABLE: Final = "gem_access_schema"
ROLLUP_TABLE: Final = "gem_access_log_rollup"
LAST_TABLE: Final = "gem_access_last"
HOURS_TABLE: Final = "gem_access_log_hours"
PAIRS_TABLE: Final = "gem_access_log_pairs"

# Column widths, shared with the validation in rows.py so a value that fits the
# dataclass always fits the column (PostgreSQL and MySQL reject overlong strings).
ID_LENGTH: Final = 64
NAME_LENGTH: Final = 255
ACCESS_TYPE_LENGTH: Final = 8
RESULT_LENGTH: Final = 16
REASON_LENGTH: Final = 32
MATCH_STATUS_LENGTH: Final = 16
# Home Assistant user ids are 32 hex digits and context ids 26-character ULIDs; room to spare.
HA_ID_LENGTH: Final = 64

# SQLite only autoincrements an INTEGER PRIMARY KEY (the rowid alias), never a BIGINT one.
_ID_TYPE = BigInteger().with_variant(Integer(), "sqlite")
# A snapshot data URI is easily hundreds of KiB; MySQL's TEXT stops at 64 KiB.
_LONG_TEXT = Text().with_variant(mysql.LONGTEXT, "mysql", "mariadb")

metadata = MetaData()

log_table = Table(
    LOG_TABLE,
    metadata,
    Column("id", _ID_TYPE, primary_key=True, autoincrement=True),
    # Epoch seconds (UTC) as a double: portable, index-friendly and microsecond-exact
    # for the dates this log will ever see; no driver time-zone conversions involved.
    Column("ts", Double(), nullable=False),
    Column("user_id", String(ID_LENGTH)),
    Column("user_name", String(NAME_LENGTH)),
    Column("device_id", String(ID_LENGTH)),
    Column("device_name", String(NAME_LENGTH)),
    Column("door_id", String(ID_LENGTH)),
    Column("door_name", String(NAME_LENGTH)),
    Column("access_type", String(ACCESS_TYPE_LENGTH)),
    Column("result", String(RESULT_LENGTH), nullable=False),
    Column("reason", String(REASON_LENGTH), nullable=False),
    Column("action_details", _LONG_TEXT),
    Column("match_score", SmallInteger()),
    Column(
        "match_status",
        String(MATCH_STATUS_LENGTH),
        nullable=False,
        default="off",
        server_default="off",
    ),
    Column("snapshot", _LONG_TEXT),
    # Schema v2, the audit trail: which Home Assistant user asked (service call, remote unlock,
    # lockdown switch) and the context of that call, to match the row with HA's own logbook
    # and traces. Nullable: readers, door events and every v1 row have neither.
    Column("ha_user_id", String(HA_ID_LENGTH)),
    Column("context_id", String(HA_ID_LENGTH)),
    # Every filter index ends in id so "WHERE f = ? AND id < ? ORDER BY id DESC LIMIT n"
    # (newest-first keyset paging) is a single backwards range scan of one index.
    Index("ix_gem_access_log_user_id_id", "user_id", "id"),
    Index("ix_gem_access_log_device_id_id", "device_id", "id"),
    Index("ix_gem_access_log_door_id_id", "door_id", "id"),
    Index("ix_gem_access_log_result_id", "result", "id"),
    Index("ix_gem_access_log_reason_id", "reason", "id"),
    Index("ix_gem_access_log_access_type_id", "access_type", "id"),
    # Date ranges, "events today" counts and the retention purge.
    Index("ix_gem_access_log_ts", "ts"),
    # Audit ids must never be reused (snapshot links and live subscriptions key on them);
    # without AUTOINCREMENT SQLite hands out max(id)+1 again after the newest rows go.
    sqlite_autoincrement=True,
    # The recorder's own table options, so MySQL/MariaDB store names in full Unicode.
    mysql_engine="InnoDB",
    mysql_default_charset="utf8mb4",
    mysql_collate="utf8mb4_unicode_ci",
)

schema_table = Table(
    SCHEMA_TABLE,
    metadata,
    # A fixed key of 1 makes a second version row impossible even if two setups race.
    Column("id", SmallInteger(), primary_key=True, autoincrement=False),
    Column("schema_version", Integer(), nullable=False),
    mysql_engine="InnoDB",
    mysql_default_charset="utf8mb4",
    mysql_collate="utf8mb4_unicode_ci",
)

SCHEMA_ROW_ID: Final = 1

# Schema v3: counts per period for the Reports view (logstore/rollup.py keeps them equal to the rows).
# One row per (grain, dimension, key, period, result): grain 0 is a UTC hour, 1 a UTC day, 2 a
# 32-day block; dimension "" is every row (key ""), else a log column ("user_id", ...) and key its
# value.
rollup_table = Table(
    ROLLUP_TABLE,
    metadata,
    Column("grain", SmallInteger(), primary_key=True, autoincrement=False),
    Column("dim", String(16), primary_key=True),
    Column("key", String(ID_LENGTH), primary_key=True),
    # epoch seconds (UTC) of the period's start: whole hours or days, so an integer
    Column("period_ts", BigInteger(), primary_key=True, autoincrement=False),
    Column("result", String(RESULT_LENGTH), primary_key=True),
    Column("n", BigInteger(), nullable=False),
    # The primary key serves one key's series ("device X by hour"); this one the top lists (every
    # key of a dimension over a period range), index-only.
    Index("ix_gem_access_log_rollup_period", "grain", "dim", "period_ts", "key", "result", "n"),
    # v4: on SQLite the rows live in their primary key (as InnoDB keeps them), so one key's
    # counts are a single covering range; with a rowid the planner preferred the covering
    # period index and read every key's rows of the range.
    sqlite_with_rowid=False,
    mysql_engine="InnoDB",
    mysql_default_charset="utf8mb4",
    mysql_collate="utf8mb4_unicode_ci",
)

# Schema v3: the newest row per user (granted / denied) and per reader, so the users and readers
# lists show "last access" without a query per list entry.
last_table = Table(
    LAST_TABLE,
    metadata,
    Column("kind", String(16), primary_key=True),
    Column("key", String(ID_LENGTH), primary_key=True),
    Column("ts", Double(), nullable=False),
    mysql_engine="InnoDB",
    mysql_default_charset="utf8mb4",
    mysql_collate="utf8mb4_unicode_ci",
)


# Schema v4: the lowest and highest log id written in each UTC hour. A date range becomes an id
# range from a few of these rows instead of a scan of the ts index (a week at 10M rows is 100k
# entries): every filter index is (column, id), so the id range bounds its walk. The bounds may
# be wider than the rows still there (a purge leaves them; a late row widens its hour), never
# narrower, and the ts conditions stay in every query, so answers stay exact.
hours_table = Table(
    HOURS_TABLE,
    metadata,
    Column("period_ts", BigInteger(), primary_key=True, autoincrement=False),
    Column("low_id", BigInteger(), nullable=False),
    Column("high_id", BigInteger(), nullable=False),
    sqlite_with_rowid=False,
    mysql_engine="InnoDB",
    mysql_default_charset="utf8mb4",
    mysql_collate="utf8mb4_unicode_ci",
)

# Schema v5: per 32-day block, one person's, reader's or door's rows counted by person, reason or
# reader (rollup.PAIR_DIMS). A top list under such a filter over months then sums a few
# hundred of these rows per block instead of reading every log row of that reader (91k rows
# for a busy reader's two years at 1M, 150-1,100 ms depending on the database).
pairs_table = Table(
    PAIRS_TABLE,
    metadata,
    # the filter column ("user_id", "device_id", "door_id") and its value
    Column("dim", String(16), primary_key=True),
    Column("key", String(ID_LENGTH), primary_key=True),
    # the listed column ("user_id", "reason", "device_id")
    Column("group_dim", String(16), primary_key=True),
    Column("period_ts", BigInteger(), primary_key=True, autoincrement=False),
    Column("group_key", String(ID_LENGTH), primary_key=True),
    Column("result", String(RESULT_LENGTH), primary_key=True),
    Column("n", BigInteger(), nullable=False),
    # one list of one reader over a block range is one primary-key range
    sqlite_with_rowid=False,
    mysql_engine="InnoDB",
    mysql_default_charset="utf8mb4",
    mysql_collate="utf8mb4_unicode_ci",
)

type Migration = Callable[[Connection], None]


def _add_columns(conn: Connection, *names: str) -> None:
    """``ALTER TABLE ... ADD COLUMN`` for columns of ``log_table`` the table lacks.

    Nullable columns without a default: SQLite only edits its schema text, PostgreSQL only
    its catalogue, MySQL 8 / MariaDB 10.3+ add them instantly; no backend rewrites the
    table, however many rows it holds. Columns already there are skipped: MySQL commits
    DDL at once, so a crash before the version bump leaves them behind for the next try.
    """
    present = {column["name"] for column in inspect(conn).get_columns(LOG_TABLE)}
    for name in names:
        if name not in present:
            conn.exec_driver_sql(add_column_sql(conn.dialect, name))


def add_column_sql(dialect: Dialect, name: str) -> str:
    """The ``ALTER TABLE`` adding the nullable ``log_table`` column ``name`` in ``dialect``.

    The type is compiled by the dialect (VARCHAR(64) everywhere today); on MySQL/MariaDB the
    new column takes the table's utf8mb4 default, as the others did.
    """
    column = log_table.c[name]
    if not column.nullable or column.server_default is not None:
        raise ValueError(f"{name}: only nullable columns without a default are added in place")
    preparer = dialect.identifier_preparer
    return (
        f"ALTER TABLE {preparer.quote(LOG_TABLE)} "
        f"ADD COLUMN {preparer.quote(name)} {column.type.compile(dialect=dialect)}"
    )


def _migrate_to_2(conn: Connection) -> None:
    """v1 -> v2: the audit columns ``ha_user_id`` and ``context_id`` (NULL on old rows)."""
    _add_columns(conn, "ha_user_id", "context_id")


# Step functions keyed by the version they upgrade TO (from version - 1). Each runs in the
# same transaction as the version bump that follows it (on PostgreSQL and SQLite the DDL
# too; MySQL commits DDL implicitly, hence the idempotent steps).
def _migrate_to_3(conn: Connection) -> None:
    """v2 -> v3: the rollup and last-seen tables, and a marker for the rows not counted yet.

    The store fills them in the background afterwards (rollup.py): counting every row here
    would hold the database write lock for the whole scan.
    """
    from .rollup import start_backfill  # rollup.py imports this module

    start_backfill(conn)


def _migrate_to_4(conn: Connection) -> None:
    """v3 -> v4: the hours table; every row is counted again in the background to fill it.

    The same marker as v3's: the rollup and last-seen tables start over with it, so a store
    still backfilling v3 and one long done end in the same place. The rollup table is made
    anew (on SQLite it is now WITHOUT ROWID).
    """
    from .rollup import start_backfill

    rollup_table.drop(conn, checkfirst=True)
    start_backfill(conn)


def _migrate_to_5(conn: Connection) -> None:
    """v4 -> v5: the pairs table; every row is counted again in the background to fill it.

    The same marker as v3's and v4's (the rollup, last-seen and hours tables start over with
    it): until the backfill is done the reports read the log table, exact but slower.
    """
    from .rollup import start_backfill

    start_backfill(conn)


MIGRATIONS: Final[Mapping[int, Migration]] = {
    2: _migrate_to_2,
    3: _migrate_to_3,
    4: _migrate_to_4,
    5: _migrate_to_5,
}

"""Fixtures for the Access Log tests: a real recorder on SQLite, PostgreSQL or MariaDB/MySQL.

Run on PostgreSQL with ``pytest tests/logstore --dburl postgresql://USER:PASS@127.0.0.1/NAME``,
on MariaDB with ``--dburl "mysql://USER:PASS@127.0.0.1/NAME?charset=utf8mb4"`` (mysqlclient,
HA's own driver): the database NAME is created (dropped first if a crashed run left it) before
each test and dropped after it. The role needs CREATEDB / CREATE and DROP on NAME.
"""

from __future__ import annotations

import os
from collections.abc import AsyncGenerator, Generator
from pathlib import Path
from shutil import rmtree
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa
from homeassistant.core import HomeAssistant

from custom_components.gem_access.logstore.store import LogStore

if TYPE_CHECKING:
    from homeassistant.components.recorder.core import Recorder


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override the suite-wide autouse fixture: these tests never load the integration.

    Without the override every pure test would start Home Assistant (and, on PostgreSQL,
    create a database) for nothing.
    """


@pytest.fixture
async def mock_recorder_before_hass(async_test_recorder: Any) -> AsyncGenerator[None]:
    """Patch the recorder before hass starts, as recorder_mock requires."""
    yield


def _pg_admin_engine(db_url: str) -> sa.Engine:
    url = sa.make_url(db_url).set(database="postgres")
    return sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


def _pg_recreate(db_url: str) -> None:
    name = sa.make_url(db_url).database
    engine = _pg_admin_engine(db_url)
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f"CREATE DATABASE \"{name}\" ENCODING 'utf8' TEMPLATE template0"))
    engine.dispose()


def _pg_drop(db_url: str) -> None:
    name = sa.make_url(db_url).database
    engine = _pg_admin_engine(db_url)
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def _mysql_admin_engine(db_url: str) -> sa.Engine:
    # A database every account can open: the one named in the URL is created and dropped.
    url = sa.make_url(db_url).set(database="information_schema")
    return sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


def _mysql_recreate(db_url: str) -> None:
    name = sa.make_url(db_url).database
    engine = _mysql_admin_engine(db_url)
    with engine.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS `{name}`"))
        # The recorder's own charset and collation (as HA's harness and add-on create it).
        conn.execute(
            sa.text(
                f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
            )
        )
    engine.dispose()


def _mysql_drop(db_url: str) -> None:
    name = sa.make_url(db_url).database
    engine = _mysql_admin_engine(db_url)
    with engine.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS `{name}`"))
    engine.dispose()


@pytest.fixture
def recorder_db_url(
    pytestconfig: pytest.Config,
    hass_fixture_setup: list[bool],
    persistent_database: bool,
    tmp_path_factory: pytest.TempPathFactory,
) -> Generator[str]:
    """The harness's recorder_db_url, with PostgreSQL and MySQL handled without sqlalchemy-utils.

    The harness imports sqlalchemy_utils for them, which HA's test pin does not install;
    plain SQLAlchemy does the same job. Under pytest-xdist each worker gets its own database.
    """
    assert not hass_fixture_setup
    db_url: str = pytestconfig.getoption("dburl")
    if db_url.startswith(("postgresql", "mysql")):
        if worker := os.environ.get("PYTEST_XDIST_WORKER"):
            url = sa.make_url(db_url)
            db_url = url.set(database=f"{url.database}_{worker}").render_as_string(
                hide_password=False
            )
        mysql = db_url.startswith("mysql")
        (_mysql_recreate if mysql else _pg_recreate)(db_url)
        yield db_url
        (_mysql_drop if mysql else _pg_drop)(db_url)
        return
    tmp_path: Path | None = None
    if db_url == "sqlite://" and persistent_database:
        tmp_path = tmp_path_factory.mktemp("recorder")
        db_url = "sqlite:///" + str(tmp_path / "pytest.db")
    yield db_url
    if tmp_path is not None:
        rmtree(tmp_path, ignore_errors=True)


@pytest.fixture
async def log_store(hass: HomeAssistant, recorder_mock: Recorder) -> LogStore:
    """A LogStore set up on the test recorder."""
    store = LogStore(hass)
    await store.async_setup()
    return store

"""The stores a contract test runs on: SQLite always; PostgreSQL when STORYLINE_TEST_PG names a server.

`scripts/test.sh` starts a throwaway PostgreSQL cluster and sets STORYLINE_TEST_PG; each test gets a schema
of its own in it (the store's tables go to the first schema on the connection's search path).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest

PG_ENV = "STORYLINE_TEST_PG"


def postgres_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def fresh_postgres_location(base: str) -> str:
    """A URL on the test server whose tables live in a new, empty schema."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options={quote(f'-c search_path={schema}')}"


def sqlite_location(tmp_path: Path) -> str:
    return str(tmp_path / "stories.db")


def postgres_location(tmp_path: Path) -> str:
    """A new, empty PostgreSQL store on the test server; the test is skipped when there is none."""
    base = postgres_url()
    if base is None:
        pytest.skip(f"no PostgreSQL server for the tests ({PG_ENV} is not set; scripts/test.sh starts one)")
    return fresh_postgres_location(base)


def store_locations() -> list[object]:
    """pytest params: callables from a temporary folder to a store location."""
    kinds: list[tuple[str, Callable[[Path], str]]] = [("sqlite", sqlite_location), ("postgres", postgres_location)]
    return [pytest.param(make, id=name) for name, make in kinds]

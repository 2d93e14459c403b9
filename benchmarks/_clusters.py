"""Real multi-source clusters for the analysis benchmarks, read from ../shared at run time (never copied here).

A cluster source is a small dict, as the annotated fixtures store it:

- `{"kind": "multinews", "cluster": "multinews_validation_86", "file"?: "multinews-train.jsonl.gz"}`;
- `{"kind": "seeds"}`: the five seed articles;
- `{"kind": "realpages", "pages": ["06e5123e", ...]}`: saved real pages (MIT), by key prefix, read as ingest
  reads HTML;
- `{"kind": "directory", "path": "examples/harbour-fire"}`: a directory of this repository.

Articles come back in the order the annotation numbers them.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from storyline.ingest import read_inputs
from storyline.ingest.html import parse_html
from storyline.models import Article

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REALPAGES = SHARED / "realpages" / "html"


@lru_cache(maxsize=4)
def _multinews(file: str) -> dict[str, str]:
    """Cluster id -> its raw JSON line, for one data file (read once per process)."""
    found = {}
    with gzip.open(SHARED / "data" / file, "rt") as lines:
        for line in lines:
            found[line[8 : line.index('"', 8)]] = line
    return found


def load_articles(source: dict) -> list[Article]:
    """The cluster's articles, raw (before `prepare`), in the order the annotation numbers them."""
    kind = source["kind"]
    if kind == "multinews":
        line = _multinews(source.get("file", "multinews-validation.jsonl.gz")).get(source["cluster"])
        if line is None:
            raise LookupError(source["cluster"])
        docs = json.loads(line)["documents"]
        return [Article(id=f"d{k}", text=d["text"], title=d["title"]) for k, d in enumerate(docs)]
    if kind == "realpages":
        articles = []
        for key in source["pages"]:
            path = next(REALPAGES.glob(key + "*"))
            article = parse_html(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"), path.name)
            articles.append(replace(article, id=key))
        return articles
    path = SHARED / "seeds" if kind == "seeds" else ROOT / source["path"]
    raw = [item for item in read_inputs([path]) if isinstance(item, Article)]
    return sorted(raw, key=lambda a: a.path)

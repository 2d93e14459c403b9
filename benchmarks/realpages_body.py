"""Article-body F1 on the 181 real pages of ../shared/realpages, scored by the benchmark's own scorer.

    .venv/bin/python benchmarks/realpages_body.py

Each page goes through `storyline.ingest.html.parse_html` and `storyline.clean.clean_article`, as `brief` and
`extract` read it; the cleaned text is the article body. The benchmark's `evaluate.py` (no dependencies) is imported
from the shared folder and scores it next to the peers' published outputs, on all 181 pages (as the benchmark
reports) and on each half of a fixed split by a hash of the page key: rules were written looking at the tuning half
only; the held-out half is reported apart.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _results import machine, markdown_table, write_section

from storyline.clean import clean_article
from storyline.errors import InputError
from storyline.ingest.decode import decode
from storyline.ingest.html import parse_html

REALPAGES = Path(__file__).resolve().parents[1].parent / "shared" / "realpages"


def held_out(key: str) -> bool:
    """The fixed split: half the pages, by a hash of the key, are never looked at while writing rules."""
    return int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 1


def load_scorer():  # the benchmark's own evaluate.py
    spec = importlib.util.spec_from_file_location("realpages_evaluate", REALPAGES / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def storyline_bodies(keys: list[str]) -> dict[str, str]:
    bodies = {}
    for key in keys:
        html = decode(gzip.decompress((REALPAGES / "html" / f"{key}.html.gz").read_bytes()), key)
        try:
            bodies[key] = clean_article(parse_html(html, key)).text
        except InputError:
            bodies[key] = ""
    return bodies


def scores(scorer, truth: dict, predicted: dict[str, str], keys: list[str]) -> dict[str, float]:
    triples = [scorer.string_shingle_matching(truth[k].get("articleBody", ""), predicted.get(k, "")) for k in keys]
    return scorer.metrics_from_tp_fp_fns(triples)


def main() -> None:
    if not REALPAGES.is_dir():
        sys.exit(f"real pages not found at {REALPAGES} (../shared is absent)")
    scorer = load_scorer()
    truth = json.loads((REALPAGES / "ground-truth.json").read_text())
    keys = list(truth)
    splits = {
        "all 181": keys,
        "tuning half": [k for k in keys if not held_out(k)],
        "held-out half": [k for k in keys if held_out(k)],
    }
    systems = {"storyline": storyline_bodies(keys)}
    for path in sorted((REALPAGES / "peers").glob("*.json")):
        output, _ = scorer.load_prediction(path)
        systems[path.stem] = {k: v.get("articleBody", "") for k, v in output.items()}
    rows = []
    for name, predicted in systems.items():
        row: list[object] = [name]
        for split_keys in splits.values():
            m = scores(scorer, truth, predicted, split_keys)
            row.append(f"{m['f1']:.3f} ({m['precision']:.3f} / {m['recall']:.3f})")
        rows.append(row)
    rows.sort(key=lambda r: str(r[1]), reverse=True)
    headers = ["extractor", *(f"{name} ({len(k)} pages): F1 (P / R)" for name, k in splits.items())]
    body = "\n\n".join(
        [
            "## Real pages: article-body F1 (benchmark's own scorer)",
            "Command: `.venv/bin/python benchmarks/realpages_body.py`. Storyline = trafilatura's main text, then "
            "`clean_article` (boilerplate lines removed), as `brief` reads a page. Peers: their published outputs in "
            "../shared/realpages/peers. The split is fixed by a hash of the page key; rules were written on the "
            "tuning half only. Machine: " + machine() + ".",
            markdown_table(headers, rows),
        ]
    )
    write_section("realpages-body", body)
    print(body)


if __name__ == "__main__":
    main()

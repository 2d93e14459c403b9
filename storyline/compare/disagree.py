"""Disagreements: the same quantity reported with values that cannot all be right.

Precision first: two mentions are compared only when they count the same unit noun ("people",
"refugees") about the same event word ("displaced", "hosted"), and, when both name a subject
("Turkey hosts"), the same subject; and only when both sentences name the same years. A
disagreement needs two independent sources.
"""

from __future__ import annotations

import re
from itertools import combinations

from storyline.models import Claim, Disagreement, Story
from storyline.quantities import Quantity, conflict, quantities

_IRREGULAR = {"people": "people", "$": "dollars", "€": "euros", "£": "pounds"}


def _about(quantity: Quantity) -> str:
    noun = _IRREGULAR.get(quantity.unit) or quantity.unit_text.split()[-1].lower()
    return f"{noun} {quantity.topic}"


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _comparable(a: Quantity, b: Quantity, years_a: set[str], years_b: set[str]) -> bool:
    """Same subject when both name one; same explicit years, so "1,300 killed between May and August 2019"
    is never set against this week's toll."""
    if a.subject and b.subject and a.subject.lower() != b.subject.lower():
        return False
    return years_a == years_b


def disagreements(story: Story, independent: dict[str, str]) -> list[Disagreement]:
    """Groups of claims about one quantity where two independent sources give conflicting values."""
    groups: dict[tuple[str, str], list[tuple[Quantity, int]]] = {}
    mentioned: set[int] = set()  # the years each sentence names are read once, not once per pair
    read: dict[str, list[Quantity]] = {}  # each distinct sentence is read once (wire copies repeat many)
    for i, sentence in enumerate(story.sentences):
        if sentence.heading:
            continue
        if sentence.text not in read:
            read[sentence.text] = quantities(sentence.text)
        for quantity in read[sentence.text]:
            if quantity.topic:
                groups.setdefault((quantity.unit, quantity.topic), []).append((quantity, i))
                mentioned.add(i)
    years: dict[int, set[str]] = {i: set(_YEAR.findall(story.sentences[i].text)) for i in mentioned}
    found = []
    for mentions in groups.values():
        disputed = any(
            independent[story.sentences[i].article_id] != independent[story.sentences[j].article_id]
            and _comparable(a, b, years[i], years[j])
            and conflict(a, b)
            for (a, i), (b, j) in combinations(mentions, 2)
        )
        if disputed:
            found.append(Disagreement(about=_about(mentions[0][0]), claims=tuple(_claims(story, mentions))))
    return found


def _claims(story: Story, mentions: list[tuple[Quantity, int]]) -> list[Claim]:
    """One claim per distinct value, with every article that reports it (wire copies merge here)."""
    merged: dict[tuple[str, float, float], tuple[Quantity, int, list[str]]] = {}
    for quantity, i in mentions:
        key = (quantity.kind, quantity.low, quantity.high)
        article_id = story.sentences[i].article_id
        if key not in merged:
            merged[key] = (quantity, i, [article_id])
        elif article_id not in merged[key][2]:
            merged[key][2].append(article_id)
    return [
        Claim(
            value=quantity.value,
            low=quantity.low,
            high=quantity.high,
            text=story.sentences[i].text,
            sources=tuple(sources),
            sentence_id=story.sentences[i].id,
        )
        for quantity, i, sources in merged.values()
    ]

"""What two sentences must agree on to state the same fact: figures, names and quotations.

Shared words say two sentences are about the same thing; these say whether they say the same about it.
"80,000 displaced" and "358,000 displaced" share every word but the figure; "WeWork declined to comment"
and "A spokesperson for the NYAG declined to comment" share every word but who declined; two quotations of
one official share his title but not his words. Each sentence is read once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from storyline.quantities import Quantity, quantities
from storyline.quantities import conflict as count_conflict
from storyline.represent import STOP_WORDS, words

# A capitalised word inside the sentence, or a word written with a capital inside it ("WeWork", "McDonald"),
# or an acronym: names, in text that is cased as written (re-cased text capitalises only sentence starts).
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")
_CASED = re.compile(r"(?<=.)[A-Z]", re.S)  # a capital past the first letter: not re-cased text
_QUOTATION = re.compile(r"[\"“]([^\"“”]{15,}?)[\"”]")
# Capitalised words that are dates, not names: "Tuesday" and "Jan. 28" may be the same day.
_CALENDAR = frozenset([
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
])  # fmt: skip
MIN_QUOTED_WORDS = 6  # a shorter quotation is a phrase or a title ("feather duvet lung"), not a statement
MIN_QUOTED_RUN = 4  # words two quotations must share in a row to be one quotation (shorter runs are set phrases)


@dataclass(frozen=True, slots=True)
class Facts:
    """The parts of a sentence that another sentence stating the same fact cannot contradict."""

    words: tuple[str, ...]  # lower-cased words, in order
    counts: tuple[Quantity, ...]  # counts of something ("around 358,000 people displaced")
    names: frozenset[str]  # lower-cased names, when the text is cased as written (else empty)
    quotations: tuple[tuple[str, ...], ...]  # the words of each quotation


@lru_cache(maxsize=65536)
def facts(text: str) -> Facts:
    found = tuple(words(text))
    names: set[str] = set()
    if _CASED.search(text):
        tokens = text.split()
        for k, token in enumerate(tokens):
            word = token.strip("\"“”‘’'()[],.;:!?—–-").removesuffix("'s").removesuffix("’s")
            if not word or not word[0].isupper() or word.lower() in STOP_WORDS or word.lower() in _CALENDAR:
                continue
            # A capitalised first word is only a sentence start, unless its shape says name ("WeWork", "NYAG").
            if k == 0 and not (_INNER_CAPITAL.search(word) or (len(word) > 1 and word.isupper())):
                continue
            names.add(word.lower().replace("’", "'"))
    quoted = (tuple(words(q)) for q in _QUOTATION.findall(text))
    quotations = tuple(q for q in quoted if len(q) >= MIN_QUOTED_WORDS)
    return Facts(found, tuple(quantities(text)), frozenset(names), quotations)


def longest_run(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """The most words the two sequences share in a row."""
    if not a or not b:
        return 0
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match().size


def conflict(a: Facts, b: Facts) -> str:
    """Why sentence `b` cannot state the fact of sentence `a` ("" when nothing contradicts):

    - figures: both count the same thing (unit and event word) with values that cannot both be right;
    - names: `a` names someone or something, `b` names others and none of `a`'s (another actor or speaker);
    - quotations: `a` quotes a statement and `b` repeats none of it (MIN_QUOTED_RUN words in a row): the same
      speaker's other words, or another speaker's.
    """
    for p in a.counts:
        for q in b.counts:
            if p.unit == q.unit and p.topic == q.topic and count_conflict(p, q):
                return "figures"
    if a.names and b.names:
        present = set(b.words)
        if not any(name in present or set(name.split("-")) <= present for name in a.names):
            return "names"
    if a.quotations and max(longest_run(q, b.words) for q in a.quotations) < MIN_QUOTED_RUN:
        return "quotations"
    return ""

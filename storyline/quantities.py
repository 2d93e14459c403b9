"""Quantities in text: "around 358,000 people", "3.6 million Syrian refugees", "hundreds of thousands of people".

Each mention becomes a normalised range (what the wording allows), the unit noun it counts and
the event word nearest to it ("displaced", "killed"), so that only mentions of the same thing
are ever compared.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import islice

from storyline.fold import ascii_fold
from storyline.represent import stem

_MAGNITUDE = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "m": 1e6, "bn": 1e9, "dozen": 12, "hundred": 100,
}  # fmt: skip
_WORD_NUMBERS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
    if value >= 2  # "one" is far more often a pronoun ("one of ...") than a count
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100}
_ONES = {word: value for word, value in _WORD_NUMBERS.items() if value < 10} | {"one": 1}  # "twenty-three"
# Vague amounts as the range they allow.
_VAGUE = {
    "a dozen": (12, 12),
    "dozens": (24, 99),
    "scores": (40, 199),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999),
    "millions": (2e6, 999e6),
}
_BOUNDS = {
    "more than": "lower", "over": "lower", "at least": "lower", "upwards of": "lower", "in excess of": "lower",
    "nearly": "upper", "almost": "upper", "up to": "upper", "fewer than": "upper", "less than": "upper",
    "close to": "upper", "under": "upper",
    "about": "approx", "around": "approx", "roughly": "approx", "approximately": "approx", "some": "approx",
    "an estimated": "approx", "estimated": "approx", "an approximate": "approx",
    "confirmed": "lower", "confirm": "lower",  # a confirmed toll is a floor: "could only confirm 10 deaths"
}  # fmt: skip
_APPROX = 0.1  # "about 1,200" allows 10% either way
SCOPE_RATIO = 5.0  # figures this far apart are about different scopes, not the same count
SAME_FIGURE_RATIO = 1.5  # bounds closer than this quote one figure: "more than 3.5/3.6 million"
_NUMBER = (
    r"(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s*(?P<mag>thousand|million|billion|trillion|bn|m)\b)?"
    rf"|(?P<vague>{'|'.join(sorted(map(re.escape, _VAGUE), key=len, reverse=True))})\b"
    rf"|(?P<word>{'|'.join(_WORD_NUMBERS)})\b(?:[\s-](?P<ones>{'|'.join(_ONES)})\b)?"
    r"(?:\s+(?P<wmag>thousand|million|billion|dozen|hundred)\b)?"
)
_QUANTITY = re.compile(
    rf"(?<![\w$€£.,:-])(?:(?P<bound>{'|'.join(sorted(map(re.escape, _BOUNDS), key=len, reverse=True))})\s+)?"
    rf"(?P<currency>[$€£])?(?:{_NUMBER})(?![\w-]|[.,:/]\d|\s*%?-)",
    re.I,
)
# Every quantity has a digit or one of these words (compared case-blind): a sentence with neither skips the
# pattern above, which costs a few microseconds per character.
_NUMBER_WORDS = frozenset(w for phrase in [*_VAGUE, *_WORD_NUMBERS] for w in phrase.split()) - {"a", "of"}
_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[a-z]+")
_MONTHS = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$", re.I)
_MONTHS_SPAN = re.compile(r"\w*\.?\s*")  # what a _MONTHS match can span
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_TAIL = 64  # characters before a number that the patterns ending in $ read
_DOTTED = re.compile(r"\s+(?:[A-Za-z]\.){2,}")  # "U.S.", "u.n."
_TOKEN = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?(?:-[A-Za-z]+)*|[^\sA-Za-z]")  # "counter-protesters" is one word
_UNIT_STOP = frozenset(
    [
        "and",
        "or",
        "but",
        "in",
        "on",
        "at",
        "of",
        "from",
        "to",
        "with",
        "by",
        "for",
        "that",
        "who",
        "which",
        "whose",
        "were",
        "was",
        "have",
        "has",
        "had",
        "are",
        "is",
        "be",
        "been",
        "the",
        "a",
        "an",
        "since",
        "across",
        "over",
        "under",
        "than",
        "as",
        "into",
        "onto",
        "per",
        "each",
        "this",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "it",
        "they",
        "there",
        "while",
        "when",
        "where",
        "after",
        "before",
        "during",
        "amid",
        "between",
        "around",
        "about",
        "more",
        "most",
        "some",
        "all",
        "said",
        "say",
        "says",
        "told",
        "later",
        "earlier",
        "ago",
    ]
)
# Nouns that all count people, whatever the sentence calls them.
_PEOPLE = frozenset(
    [
        "people",
        "person",
        "civilian",
        "resident",
        "individual",
        "inhabitant",
        "men",
        "women",
        "adult",
        "citizen",
        "local",
    ]
)
# Event words (stems) that say what a count of people or things is about.
_TOPICS = {
    "displac": "displaced", "evacu": "evacuated", "kill": "killed", "dead": "killed", "death": "killed",
    "die": "killed", "died": "killed", "fatal": "killed", "injur": "injured", "wound": "injured", "hurt": "injured",
    "arrest": "arrested", "detain": "arrested", "host": "hosted", "fled": "fled", "flee": "fled",
    "captur": "captured", "seiz": "captured", "rescu": "rescued", "miss": "missing", "infect": "infected",
    "hospit": "in hospital", "treat": "treated", "control": "captured", "shoot": "shot", "shot": "shot",
    "sicken": "sickened", "ill": "sickened",
    "employ": "employed", "sold": "sold", "sell": "sold", "cost": "cost", "attend": "attending",
    "protest": "protesting", "march": "marching", "vote": "voting", "evict": "evicted", "homeless": "homeless",
}  # fmt: skip
TOPIC_WINDOW = 7  # tokens either side of a quantity searched for its event word
# Units whose counts are durations, charges or shares, not tallies of an event.
_NOT_COUNTS = frozenset(
    {"count", "time", "year", "day", "week", "month", "hour", "minut", "second", "percent", "point", "note"}
)
# Measures: "eight inches deep" and "20 centimetres deep" are sizes, not tallies.
_MEASURES = frozenset(
    [
        "inch",
        "centimetr",
        "centimet",
        "millimetr",
        "meter",
        "metr",
        "feet",
        "foot",
        "mile",
        "kilometr",
        "kilomet",
        "yard",
        "kilogram",
        "kilo",
        "gram",
        "pound",
        "ton",
        "tonn",
        "acr",
        "hectar",
        "degre",
        "litr",
        "liter",
        "gallon",
    ]
)
# "aged 10", "an additional six", "among the dead were six civilians": a part of a tally, or no tally.
_PART = re.compile(r"\b(?:aged|ages?|additional|another|other|further)\s+(?:\w+\s+)?$|\bamong\b[^,;]{0,30}$", re.I)
# "Seventeen of the boat's 31 passengers": the second number is the whole a part is taken from, no tally.
_WHOLE = re.compile(
    r"\b(?:\d[\d,]*|" + "|".join(_WORD_NUMBERS) + r")\s+of\s+(?:the\s+|its\s+|their\s+|all\s+)?(?:[\w-]+['’]s\s+)?$",
    re.I,
)
# "6 deaths every day", "2,200 deaths in the U.S. each year": rates, not tallies.
_PART_SPAN = re.compile(r"\w*\s*(?:\w+\s+)?")  # what _PART's first branch can span; its second is 35 at most
_OTHERS = re.compile(r"\b(?:others?|more|additional)\b", re.I)
_AND_MORE = re.compile(r"\s+and\s+(?:\d+|" + "|".join(_WORD_NUMBERS) + r")\s+[a-z]", re.I)
_RATE = re.compile(r"(?:\s+\S+){0,6}?\s+(?:(?:a|per|each|every)\s+(?:day|week|month|year)\b|annually|daily)", re.I)
_VERB = re.compile(r"[a-z]{3,}(?:ing|ed)$")
# Words that name the people counted by what befell them: "200 dead", "50 million deaths" are people killed.
STATE_WORDS = frozenset(
    {"dead", "injured", "wounded", "missing", "killed", "hurt", "displaced", "homeless", "deaths", "fatalities"}
)
_SUBJECT_SKIP = frozenset(["already", "has", "have", "had", "also", "now", "still", "reportedly"])


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count as written in a sentence, its range, what it counts and what about."""

    value: str  # as written
    low: float
    high: float
    kind: str  # exact | approx | lower | upper | vague
    nominal: float
    unit: str  # canonical unit noun: "people", "refugee", "village", "$"
    unit_text: str  # as written: "Syrian refugees"
    topic: str  # event label, "" when none is near
    subject: str  # a capitalised name right before the event word ("Turkey hosts"), else ""
    start: int  # offsets into the sentence
    end: int


def _nominal(match: re.Match[str]) -> tuple[float, float, float, bool] | None:
    """(nominal, low, high, vague) of the number itself, before bounds words."""
    if match["digits"]:
        value = float(match["digits"].replace(",", ""))
        value *= _MAGNITUDE.get((match["mag"] or "").lower(), 1.0)
        return value, value, value, False
    if match["vague"]:
        low, high = _VAGUE[match["vague"].lower()]
        return low, low, high, low != high  # the floor stands for the figure: "hundreds" is at least 200
    tens = _WORD_NUMBERS[match["word"].lower()]
    ones = _ONES[match["ones"].lower()] if match["ones"] and tens >= 20 and tens % 10 == 0 else 0
    if match["ones"] and not ones:
        return None  # "two three": not one number
    value = float(tens + ones) * _MAGNITUDE.get((match["wmag"] or "").lower(), 1.0)
    return value, value, value, False


def _range(nominal: float, low: float, high: float, vague: bool, bound: str) -> tuple[str, float, float]:
    kind = _BOUNDS.get(bound.lower(), "exact") if bound else "exact"
    if vague:  # "thousands" in news means "many": a floor, never a ceiling ("thousands" fled, of 5.6 million)
        return ("vague" if kind == "exact" else kind), (low if kind != "upper" else 0.0), math.inf
    if kind == "lower":
        return kind, nominal, math.inf
    if kind == "upper":
        return kind, 0.0, nominal
    if kind == "approx":
        return kind, nominal * (1 - _APPROX), nominal * (1 + _APPROX)
    return kind, nominal, nominal


def _unit(text: str, end: int) -> tuple[str, str, int] | None:
    """The noun a quantity counts: up to four words after it (after "of"), ending before a stop word; a dotted
    abbreviation before it is read past ("five U.S. soldiers" counts soldiers)."""
    dotted = _DOTTED.match(text, end)
    end = dotted.end() if dotted else end
    tokens = [(m.group(), m.start(), m.end()) for m in islice(_TOKEN.finditer(text, end), 6)]
    if tokens and tokens[0][0].lower() == "of":
        tokens = tokens[1:]
    taken: list[tuple[str, int, int]] = []
    for token, start, stop in tokens:
        lower = token.lower()
        if not token.isalpha() or lower in _UNIT_STOP or (taken and lower.endswith(("ing", "ed"))):
            break
        if not taken and lower.endswith(("ing", "ed")) and lower not in STATE_WORDS:
            return None
        taken.append((token, start, stop))
        if len(taken) == 4:
            break
    if not taken:
        return None
    head = taken[-1][0]
    unit = stem(head.lower())
    if head.lower() in STATE_WORDS:
        return "people", text[taken[0][1] : taken[-1][2]], taken[0][1]  # "200 dead": people, topic from "dead"
    if (
        unit in {stem(word) for word in _PEOPLE}
        or head.lower() in _PEOPLE
        or (head[0].isupper() and head.endswith(("ans", "ese", "is")))
    ):
        unit = "people"
    return unit, text[taken[0][1] : taken[-1][2]], taken[-1][2]


def _label(token: str) -> str:
    return _TOPICS.get(stem(token.lower())) or _TOPICS.get(token.lower()) or ""


def _topic(text: str, start: int, end: int) -> tuple[str, str]:
    """The nearest event word around a quantity, and a capitalised subject just before it.

    Joined event words make one topic: "dead or missing" is not "dead".
    """
    # Tokens hold no space, so tokenising from just after a space gives the same last tokens: from the
    # TOPIC_WINDOW + 1st space back, not from the start of the sentence.
    near = start
    for _ in range(TOPIC_WINDOW + 1):
        near = text.rfind(" ", 0, near)
        if near < 0:
            break
    before = [(m.group(), m.start()) for m in _TOKEN.finditer(text, near + 1, start)][-TOPIC_WINDOW:]
    if len(before) < TOPIC_WINDOW and near >= 0:  # runs of spaces: fewer words than spaces
        before = [(m.group(), m.start()) for m in _TOKEN.finditer(text[:start])][-TOPIC_WINDOW:]
    after = [(m.group(), m.start()) for m in islice(_TOKEN.finditer(text, end), TOPIC_WINDOW)]
    candidates = [(len(before) - k, k, "before") for k in range(len(before))] + [
        (k + 1, k, "after") for k in range(len(after))
    ]
    # A verb between the number and an earlier event word governs the number instead: "shot two people and
    # tried carjacking six people" does not say six were shot.
    blocked = max((k for k, (w, _) in enumerate(before) if _VERB.search(w) and not _label(w)), default=-1)
    for _, k, side in sorted(candidates):
        if side == "before" and k < blocked:
            continue
        tokens = before if side == "before" else after
        label = _label(tokens[k][0])
        if label:
            for other in (k - 2, k + 2):
                if (
                    0 <= other < len(tokens)
                    and tokens[(k + other) // 2][0] in ("or", "and")
                    and _label(tokens[other][0])
                ):
                    label = " or ".join(sorted({label, _label(tokens[other][0])}))
            subject = ""
            if side == "before":
                for word, _ in reversed(before[:k]):
                    if word.lower() in _SUBJECT_SKIP:
                        continue
                    subject = word if word[:1].isupper() and word.isalpha() else ""
                    break
            return label, subject
    return "", ""


def _ends_with(pattern: re.Pattern[str], text: str, end: int, span: re.Pattern[str]) -> bool:
    """`pattern` (which ends in $) found in text[:end], reading only the last _TAIL characters unless they are all
    of the form `span` says a longer match would take (one or two words and spaces)."""
    start = max(0, end - _TAIL)
    if start and span.fullmatch(text, start, end):
        start = 0
    return pattern.search(text, start, end) is not None


def quantities(text: str) -> list[Quantity]:
    """Counts of things in a sentence; dates, years, ordinals and compound adjectives ("150-member") left out."""
    found: list[Quantity] = []
    if _DIGIT.search(text) is None and _NUMBER_WORDS.isdisjoint(_LETTERS.findall(ascii_fold(text))):
        return found
    for match in _QUANTITY.finditer(text):
        if match["digits"] and not match["mag"] and _ends_with(_MONTHS, text, match.start(), _MONTHS_SPAN):
            continue  # "Jan. 28"
        if match["digits"] and not match["mag"] and _YEAR.fullmatch(match["digits"]):
            continue  # a year
        nominal = _nominal(match)
        if nominal is None:
            continue
        unit = (match["currency"], match["currency"], match.end()) if match["currency"] else _unit(text, match.end())
        if unit is None:
            continue
        measured = any(stem(word.lower()) in _MEASURES for word in unit[1].split())
        if (
            unit[0] in _NOT_COUNTS
            or measured
            or _RATE.match(text, unit[2])
            or _ends_with(_PART, text, match.start(), _PART_SPAN)
            or _WHOLE.search(text, max(0, match.start() - _TAIL), match.start())
        ):
            continue  # "two counts of", "6 deaths every day", "aged 10", "an additional six": not a tally
        if _OTHERS.search(unit[1]) or _AND_MORE.match(text, unit[2]):
            continue  # "11 others wounded", "two other victims", "four people and two constables": part of a tally
        kind, low, high = _range(*nominal, match["bound"] or "")
        topic, subject = _topic(text, match.start(), unit[2])
        found.append(
            Quantity(
                value=match.group().strip(),
                low=low,
                high=high,
                kind=kind,
                nominal=nominal[0],
                unit=unit[0],
                unit_text=unit[1],
                topic=topic,
                subject=subject,
                start=match.start(),
                end=unit[2],
            )
        )
    return found


def conflict(a: Quantity, b: Quantity) -> bool:
    """Whether two values of the same quantity cannot both be right.

    Ranges that do not overlap conflict. Two bounds of the same kind with close but different figures
    ("more than 3.5 million" and "more than 3.6 million") conflict too: each outlet is quoting one
    figure, and the figures differ; unless the rounder one is the weaker bound ("more than 80 million" and
    "more than 81m": the first rounds the second). Far-apart bounds ("more than a dozen", "over 24") are
    just vague. Figures five times apart or more ("125 died across Syria today", "7,500 in the crackdown")
    count different things: the day against the year, one town against the country.
    """
    smaller, larger = sorted((a.nominal, b.nominal))
    if smaller <= 0 or larger / smaller >= SCOPE_RATIO:
        return False
    if a.kind == b.kind and a.kind in ("lower", "upper") and a.nominal != b.nominal:
        if larger / smaller >= SAME_FIGURE_RATIO:
            return False
        digits = _significant_digits(a.nominal)
        if digits != _significant_digits(b.nominal):
            return False  # a rounder bound and a finer one can both hold: "at least 1,900", "more than 2,000"
        # Round bounds ("at least 60", "over 50") are ways of saying "many", not two figures.
        return digits > 1 or smaller < 10
    return a.high < b.low or b.high < a.low


def _significant_digits(value: float) -> int:
    """How precisely a figure is written: 80 million has 1, 81 million 2, 3.5 million 2, 117 3."""
    digits = f"{value:.6g}".split("e")[0].replace(".", "").replace("-", "")
    return max(1, len(digits.strip("0")))

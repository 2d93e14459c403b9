"""Timeline: dated events in order, relative dates resolved against the article's own date.

"Tuesday", "on Monday", "last week" and "yesterday" need the article's publication date
(`Article.date`, from metadata or a dateline). Month-day and month-only dates ("Jan. 27",
"in August") need only a year, which may also come from the latest full date the article itself
writes (a month-day then takes the year that puts it nearest that date). Dates keep the precision
the text supports: YYYY-MM-DD, YYYY-MM or YYYY.
Announcement dates ("said on Thursday") are used only when a sentence has no other date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations

import numpy as np

from storyline.attribute import CANDIDATE, citations_for_many
from storyline.fold import ascii_fold
from storyline.models import Claim, Disagreement, Story, TimelineEvent
from storyline.represent import SentenceSpace

SAME_EVENT = 0.4  # sentence similarity at which two dated sentences report one event

_MONTH_NAMES = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_COUNTS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12,
}  # fmt: skip
_PATTERNS = [
    ("mdy", re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?")),
    ("dmy", re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?(?:\s+(?P<year>(?:19|20)\d\d)\b)?")),
    ("my", re.compile(rf"\b{_MONTH},?\s+(?P<year>(?:19|20)\d\d)\b")),
    ("m", re.compile(rf"\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Ll]ast|[Ee]arly|[Ll]ate|[Mm]id-?)\s+{_MONTH}\b(?!\s*\d)")),
    ("y", re.compile(r"\b(?:[Ii]n|[Ss]ince|[Dd]uring)\s+(?P<year>(?:19|20)\d\d)\b(?![-–]|\s*\d)")),
    ("weekday", re.compile(r"\b(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")),
    ("relative", re.compile(r"\b(?P<relative>yesterday|today)\b", re.I)),
    (
        "offset",
        re.compile(
            rf"\b(?P<count>\d{{1,3}}|{'|'.join(_COUNTS)}) (?P<unit>days?|weeks?)"
            r" (?P<direction>earlier|later|before|after)\b",
            re.I,
        ),
    ),
]
# Cheap tests for what each pattern needs somewhere in the text (they start with a letter set, which re scans for
# fast, where the patterns start with \b): a sentence without a month name skips the four month patterns.
_MONTH_WORD = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_DIGIT = re.compile(r"\d")
_NEEDS = {
    "mdy": _MONTH_WORD,
    "dmy": _MONTH_WORD,
    "my": _MONTH_WORD,
    "m": _MONTH_WORD,
    "y": re.compile(r"(?:19|20)\d\d"),
    "weekday": re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"),
    # Read in lower case (IGNORECASE makes re scan slowly), with the letters IGNORECASE also takes for ASCII ones.
    "relative": re.compile(r"yesterday|today"),
    "offset": re.compile(r"(?:days?|weeks?) (?:earlier|later|before|after)"),
}
# A weekday after these words is a deadline, not when something happened; after "next", the coming one.
_DEADLINE = re.compile(r"\b(?:before|until|till|by|from|on or after|through)\s+(?:at least\s+)?$", re.I)
_NEXT = re.compile(r"\bnext\s+$", re.I)
# A weekday after a verb in the future is the coming one: "will testify Thursday", "is due to be held next Tuesday".
_FUTURE = re.compile(
    r"\b(?:will|shall)\b(?!.*\b(?:said|says|told)\b)[^,;]*$"
    r"|\b(?:(?:is|are) (?:expected|scheduled|set|due|slated) to|plans? to|next)\b[^,;]*$",
    re.I,
)
_PHOTO = re.compile(r"\b(?:seen|pictured|shown|photographed)(?: here)?\s+(?:in|on)?\s*$", re.I)  # a photo's date
_RANGE_START = re.compile(r"\bbetween\s+\w+\.?\s+and\s+$", re.I)
_ANNOUNCED = re.compile(
    r"\b(?:said|says|told|reported|announced|added|stated|confirmed)\s+(?:on\s+|late\s+|early\s+)?$", re.I
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression resolved to a (possibly partial) ISO date."""

    date: str
    start: int
    announced: bool  # "said on Thursday": when it was said, not when it happened


def _month(name: str) -> int:
    return _MONTH_NAMES[name[:3].lower()]


def _previous_month(month: int, anchor: date) -> str:
    """The latest such month not after the anchor: "in August" written in January 2020 is 2019-08."""
    year = anchor.year if month <= anchor.month else anchor.year - 1
    return f"{year:04d}-{month:02d}"


def _nearest_year(month: int, day: int, anchor: date) -> int:
    """The year that puts "Jan. 27" closest to the anchor: Dec. 23, 2019 makes it 2020."""
    day = min(day, 28)
    return min((anchor.year - 1, anchor.year, anchor.year + 1), key=lambda y: abs(date(y, month, day) - anchor))


def _resolve(kind: str, match: re.Match[str], published: date | None, year_anchor: date | None) -> str | None:
    groups = match.groupdict()
    if kind in ("mdy", "dmy"):
        month, day = _month(groups["month"]), int(groups["day"])
        if groups.get("year"):
            year = int(groups["year"])
        elif year_anchor:
            year = _nearest_year(month, day, year_anchor)
        else:
            return None
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    if kind == "my":
        if _RANGE_START.search(match.string[: match.start()]):
            return groups["year"]  # "between May and August 2019": the year is all one date can say
        return f"{int(groups['year']):04d}-{_month(groups['month']):02d}"
    if kind == "m":
        return _previous_month(_month(groups["month"]), year_anchor) if year_anchor else None
    if kind == "y":
        return groups["year"]
    if published is None:
        return None  # weekdays and relative dates need the real publication date
    if kind == "weekday":
        back = (published.weekday() - _WEEKDAYS.index(groups["weekday"].lower())) % 7
        return (published - timedelta(days=back)).isoformat()
    relative = groups["relative"].lower()
    if relative == "yesterday":
        return (published - timedelta(days=1)).isoformat()
    return published.isoformat()


def _matches(pattern: re.Pattern[str], text: str, starts: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """pattern.finditer(text), trying only where `starts` finds a possible start (a month name for "mdy", a digit
    for "dmy"): those patterns begin with \b, which re cannot scan for fast, and an article is long."""
    end = 0
    for start in starts.finditer(text):
        if start.start() >= end:
            match = pattern.match(text, start.start())
            if match:
                end = match.end()
                yield match


def year_anchor(text: str, published: date | None) -> date | None:
    """The publication date, else the latest full date the article writes (used only to supply years)."""
    if published:
        return published
    found = []
    for kind, starts in (("mdy", _MONTH_WORD), ("dmy", _DIGIT)):
        for match in _matches(dict(_PATTERNS)[kind], text, starts):
            if match["year"]:
                resolved = _resolve(kind, match, None, None)
                if resolved:
                    found.append(date.fromisoformat(resolved))
    return max(found, default=None)


def date_mentions(
    text: str, published: date | None, anchor: date | None, previous: str | None = None
) -> list[DateMention]:
    """Date expressions of a sentence, resolved; overlapping expressions keep the most specific (first pattern).

    `previous` is the day the article's preceding sentence dates, the anchor of "12 days earlier" when the sentence
    names none itself.
    """
    taken: list[tuple[int, int]] = []
    mentions = []
    present: dict[re.Pattern[str], bool] = {}
    for kind, pattern in _PATTERNS:
        need = _NEEDS[kind]
        if need not in present:
            seen = ascii_fold(text) if kind == "relative" else text
            present[need] = need.search(seen) is not None
        if not present[need]:
            continue
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            before = text[: match.start()]
            announced = bool(_ANNOUNCED.search(before))
            future = kind == "weekday" and not announced and (_NEXT.search(before) is not None or _future(before))
            if (kind == "weekday" and _DEADLINE.search(before)) or _PHOTO.search(before):
                continue
            if kind == "m" and groups_month_is_may(match):
                continue
            if kind == "offset":
                resolved = _offset(match, mentions, previous)
            elif future:
                resolved = _coming(match["weekday"], published)
            else:
                resolved = _resolve(kind, match, published, anchor)
            if resolved:
                mentions.append(DateMention(resolved, match.start(), announced))
    return sorted(mentions, key=lambda m: m.start)


def _future(before: str) -> bool:
    """Whether the weekday that follows `before` is governed by a verb in the future (in its own clause)."""
    clause = re.split(r"[,;:—–]|\b(?:and|but|after|before|when|while)\b", before)[-1]
    return _FUTURE.search(clause) is not None


def _coming(weekday: str, published: date | None) -> str | None:
    """The weekday on or after the publication date: "will testify Thursday" in a Wednesday paper is tomorrow."""
    if published is None:
        return None
    ahead = (_WEEKDAYS.index(weekday.lower()) - published.weekday()) % 7
    return (published + timedelta(days=ahead)).isoformat()


def _offset(match: re.Match[str], found: list[DateMention], previous: str | None) -> str | None:
    """ "12 days earlier": that many days from the last day-precise date before it in the sentence, else from the
    preceding sentence's; no date when neither gives a day."""
    days = [m for m in found if m.start < match.start() and len(m.date) == 10]
    base = days[-1].date if days else previous if previous and len(previous) == 10 else None
    if base is None:
        return None
    count = match["count"].lower()
    n = int(count) if count.isdigit() else _COUNTS[count]
    n *= 7 if match["unit"].lower().startswith("week") else 1
    sign = -1 if match["direction"].lower() in ("earlier", "before") else 1
    return (date.fromisoformat(base) + timedelta(days=sign * n)).isoformat()


def groups_month_is_may(match: re.Match[str]) -> bool:
    """ "in May" alone is too often the verb ("as in may be") to trust in lower-cased text."""
    return match["month"].lower() == "may" and not match["month"][0].isupper()


def event_date(mentions: list[DateMention]) -> str | None:
    """The date of what a sentence reports: its first date that is not an announcement date, else the first."""
    for mention in mentions:
        if not mention.announced:
            return mention.date
    return mentions[0].date if mentions else None


def dated_sentences(story: Story) -> dict[int, str]:
    """Sentence index -> the date of what it reports, for every sentence that dates its event."""
    anchors = {a.id: (a.date, year_anchor(a.text, a.date)) for a in story.articles}
    dated: dict[int, str] = {}
    last: dict[str, str | None] = {}  # article id -> the date its latest dated sentence gave
    read: dict[tuple, str | None] = {}  # wire copies repeat sentences: read once
    for i, sentence in enumerate(story.sentences):
        if sentence.heading:
            continue
        # The preceding date matters only to "12 days earlier": other sentences of wire copies are read once.
        previous = last.get(sentence.article_id) if _NEEDS["offset"].search(sentence.text) else None
        key = (sentence.text, *anchors[sentence.article_id], previous)
        if key not in read:
            read[key] = event_date(date_mentions(*key))
        when = read[key]
        if when:
            dated[i] = when
            last[sentence.article_id] = when
    return dated


def date_disagreements(
    story: Story, space: SentenceSpace, independent: dict[str, str], dated: dict[int, str]
) -> list[Disagreement]:
    """The same event (sentences at least SAME_EVENT alike) put on different days by independent sources.

    Only day-precise dates are compared: "in August" and "Aug. 12" do not contradict each other.
    """
    days = {i: when for i, when in dated.items() if len(when) == 10}
    found, used = [], set()
    for i in sorted(days):
        if i in used:
            continue
        group = [i] + [j for j in sorted(days) if j > i and j not in used and space.similarity[i, j] >= SAME_EVENT]
        source = {k: independent[story.sentences[k].article_id] for k in group}
        if not any(days[a] != days[b] and source[a] != source[b] for a, b in combinations(group, 2)):
            continue
        used.update(group)
        by_date: dict[str, list[int]] = {}
        for k in group:
            by_date.setdefault(days[k], []).append(k)
        claims = [
            Claim(
                value=when,
                low=None,
                high=None,
                text=story.sentences[ks[0]].text,
                sources=tuple(dict.fromkeys(story.sentences[k].article_id for k in ks)),
                sentence_id=story.sentences[ks[0]].id,
            )
            for when, ks in sorted(by_date.items())
        ]
        words = story.sentences[i].text.split()
        found.append(
            Disagreement(about="date: " + " ".join(words[:8]) + (" …" if len(words) > 8 else ""), claims=tuple(claims))
        )
    return found


def timeline(story: Story, space: SentenceSpace, dated: dict[int, str] | None = None) -> list[TimelineEvent]:
    """Dated events, oldest first; one event per date and content, with every article reporting it."""
    dated = dated_sentences(story) if dated is None else dated
    position = {sentence.id: k for k, sentence in enumerate(story.sentences)}
    indices = list(dated)
    # One sparse product for every dated sentence: its neighbours (to merge the same event) and its citations.
    rows = space.neighbours(np.array(indices, dtype=np.int64), CANDIDATE)
    alike = {
        i: {j for j, v in zip(rows.indices[a:b].tolist(), rows.data[a:b].tolist(), strict=True) if v >= SAME_EVENT}
        for i, a, b in zip(indices, rows.indptr[:-1].tolist(), rows.indptr[1:].tolist(), strict=True)
    }
    cited = dict(zip(indices, citations_for_many(story, space, indices, rows), strict=True))
    events: list[tuple[str, int, list[str]]] = []
    for i, when in dated.items():
        same = next((e for e in events if e[0] == when and e[1] in alike[i]), None)
        article_id = story.sentences[i].article_id
        if same:
            if article_id not in same[2]:
                same[2].append(article_id)
            continue
        sources = [article_id]
        for citation in cited[i]:
            other = position[f"{citation.article_id}:{citation.sentence_index}"]
            if citation.article_id not in sources and dated.get(other) in (None, when):
                sources.append(citation.article_id)  # reports it too, undated or on the same date
        events.append((when, i, sources))
    events.sort(key=lambda e: (e[0], e[1]))
    sentences = story.sentences
    return [
        TimelineEvent(date=when, text=sentences[i].text, sources=tuple(sources), sentence_id=sentences[i].id)
        for when, i, sources in events
    ]

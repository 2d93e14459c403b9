"""Disagreements and figures: the same measured thing reported with values that cannot all be right, and
every other figure, in the order it was reported.

Two values disagree only when the evidence says they measure the same thing at the same moment: the same unit
noun ("people", "refugees") about the same event word ("displaced", "hosted"), the same group ("6 adults" is
part of "26 people"), the same subject when both name one ("Turkey hosts"), the same counter when both name one
(the UN, not "local groups"), the same place when both say where ("in Nantes" is not "in Dijon"), the same
period when both give one ("since December" is not "this week"), the same explicit years, the attackers counted
in both or in neither; and the same moment: both reports dated within SAME_PERIOD days, or both sentences
naming the same day or period. A count tied to its moment ("so far", "as of", "rose to", "believed", a toll
that "could rise") needs both reports dated. Only exact or bounded values compare ("thousands" contradicts no
count), and a disagreement needs two independent sources, neither of which gives the other's figure too.
Everything else is listed, not disputed: every other figure goes to `Figures`, dated by its report, so that
80,000 (late December) then 358,000 (late January) reads as a count that grew.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from storyline.compare import gazetteer
from storyline.compare.entities import ALIASES
from storyline.compare.names import as_acronym, fold
from storyline.facts import facts
from storyline.models import Claim, Disagreement, Figures, Story
from storyline.quantities import STATE_WORDS, Quantity, conflict
from storyline.represent import STOP_WORDS

SAME_PERIOD = 1  # days: figures reported further apart measure different moments (a toll that rose overnight)
_IRREGULAR = {"people": "people", "$": "dollars", "€": "euros", "£": "pounds"}
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# Words that bound the period a count covers: "since December", "this week", "in the past 24 hours".
_PERIOD = re.compile(
    rf"\b(?:since (?:{_MONTH}|\d{{4}}|the (?:start|beginning) of \w+)|(?:this|last|past) (?:week|month|year|weekend)"
    r"|(?:in|over) the (?:past|last) (?:\w+ )?(?:hours?|days?|weeks?|months?|years?)|so far(?: this \w+)?"
    r"|a day (?:earlier|later|after)|in the end|as of (?:late |early )?\w+(?: night| morning| afternoon| evening)?"
    r"|(?:on )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:['’]s)?|yesterday|today"
    r"|in (?:\w+ )?(?:hours?|days?|weeks?|months?) of|(?:on )?that day|the same day)\b",
    re.I,
)
# Who counted: the name just before an attribution verb ("the United Nations says"), or after it ("said the UN",
# "according to the ministry").
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|told|estimated|estimates|estimate|reported|reports|counted|[Aa]ccording to)\b"
)
_NAME = re.compile(r"[A-Z][\w.'’-]*(?: (?:of |for |the )*[A-Z][\w.'’-]*)*")
_NOT_COUNTERS = frozenset([
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "But", "And", "The", "This", "That", "It", "He", "She", "They", "We",
])  # fmt: skip
_COUNTER_NOUNS = re.compile(
    r"\b(?:officials?|activists?|monitors?|local groups|groups|police|authorities|rescuers|medics|witnesses|"
    r"state media|(?:the )?\w*\s?ministry|spokes(?:wo)?man|(?:the )?hospitals?|the government|the army|the military|"
    r"organi[sz]ers)\b",
    re.I,
)
_WINDOW = 60  # characters either side of an attribution verb where its counter is looked for
# A toll that counts the attackers too measures something else than one that does not.
_WITH_ATTACKERS = re.compile(
    r"[^.;]{0,60}?\bincluding (?:(?:the |a |two |three |four )?(?:\w+ )?"
    r"(?:gunm[ae]n|attackers?|shooters?|bombers?|assailants?|suspects?|perpetrators?|militants?)|him(?:self)?|"
    r"her(?:self)?)\b",
    re.I,
)


# Words near a count that tie it to the moment it was given, or make it a guess: "so far", "now", "as of late
# Monday", "rose to", "as many as", "believed". Such a count is compared only with one reported the same day:
# between undated reports it is a toll that moved, not a dispute.
_MOMENT = re.compile(
    r"\b(?:so far|now|as of|at the time|at that time|initially|at first|first reported|early reports?|latest|"
    r"(?:rose|risen|climbed|jumped|increased|grew|grown) to|has (?:risen|climbed|grown)|as many as|"
    r"may have|feared|believed|expected|estimated|estimates?|preliminary|anticipat\w+)\b",
    re.I,
)
# A toll the sentence itself calls provisional, wherever it says so.
_PROVISIONAL = re.compile(
    r"\b(?:could|may|might|is expected to|is likely to|will likely|(?:does|do|will) not|doesn['’]t|won['’]t) "
    r"(?:rise|climb|grow|increase|go up)\b",
    re.I,
)
MOMENT_BEFORE, MOMENT_AFTER = 60, 40  # characters around a count searched for _MOMENT: its own clause, roughly
# Words that name no group of their own: a count of "people" and one of "persons" count the same.
_GENERIC = frozenset(["people", "person", "persons", "individuals", "individual", "victims", "lives"])


# An attacker who killed himself may or may not be in a toll: "two killed before he took his own life" and
# "three killed" may count the same dead.
_SELF_KILLED = re.compile(
    r"\b(?:(?:took|taking|take|takes) (?:his|her|their) own li(?:fe|ves)|(?:killed|killing|shot|shooting) "
    r"(?:him|her|them)sel(?:f|ves)|turned the gun on (?:him|her|them)sel(?:f|ves)|committ(?:ing|ed) suicide|"
    r"self-inflicted)\b",
    re.I,
)


def counted(quantity: Quantity) -> str:
    """What a count counts, as written ("adults", "municipal police commanders"), or "people" when the sentence
    names no group: "6 adults" is part of "26 people", and "two police commanders" of "five municipal police
    commanders", never a rival figure for it."""
    nouns = [w for w in quantity.unit_text.lower().split() if w.isalpha() and w not in STATE_WORDS]
    if quantity.unit == "people" and (not nouns or nouns[-1] in _GENERIC):
        return "people"
    return " ".join(nouns) or quantity.unit


def _about(quantity: Quantity) -> str:
    noun = _IRREGULAR.get(quantity.unit) or quantity.unit_text.split()[-1].lower()
    return f"{noun} {quantity.topic}"


# "in Nantes", "in the city of Dijon": where the counted event happened. Only big places: in re-cased text a
# smaller one is as likely a common word.
_IN_PLACE = re.compile(
    r"\bin (?:the (?:\w+ )?(?:city|town|village|province|state|region|county) of )?([A-Za-z][\w-]{3,})"
)
BIG_PLACE = 100_000  # people


def places(text: str) -> frozenset[str]:
    """Big places the sentence says something happened in, folded."""
    found = set()
    for match in _IN_PLACE.finditer(text):
        word = match.group(1).lower()
        if word not in STOP_WORDS and (gazetteer.population(word) or 0) >= BIG_PLACE:
            found.add(word)
    return frozenset(found)


def counter(text: str) -> str:
    """Who gives the figure, folded ("united nations"), or "" when the sentence does not say."""
    for match in _ATTRIBUTION.finditer(text):
        after = text[match.end() : match.end() + _WINDOW].lstrip(" ,")
        after = after[4:] if after.startswith("the ") else after
        named = _NAME.match(after)
        if named and named.group() not in _NOT_COUNTERS:
            return _fold_counter(named.group())
        before = text[max(0, match.start() - _WINDOW) : match.start()]
        names = [m.group() for m in _NAME.finditer(before) if m.group() not in _NOT_COUNTERS]
        if names:
            return _fold_counter(names[-1])
        nouns = _COUNTER_NOUNS.findall(before)
        if nouns:
            return nouns[-1].lower()
    return ""


def _fold_counter(name: str) -> str:
    name = re.sub(r"^(?:the|The) ", "", name.strip()).removesuffix(" the")
    acronym = as_acronym(name)
    return fold(ALIASES[acronym][0]) if acronym in ALIASES else fold(name)


@dataclass(frozen=True, slots=True)
class _Mention:
    """One figure in one sentence, with what fixes what it measures."""

    quantity: Quantity
    index: int  # sentence
    source: str  # independent source (wire copies share one)
    years: frozenset[str]
    period: frozenset[str]  # period words, lower-cased ("since december", "on tuesday")
    counter: str
    reported: date | None  # when the article reported it: its date, else the latest date it writes
    when: str  # `reported` as a claim's date: YYYY-MM-DD from the article's date, YYYY-MM from its text
    with_attackers: bool  # "three people were killed, including the gunman"
    moment: bool  # tied to the moment it was given, or a guess (_MOMENT)
    self_killed: bool  # the sentence says the attacker killed himself
    places: frozenset[str]  # big places it says the count happened in


def _comparable(a: _Mention, b: _Mention) -> bool:
    """Whether two figures measure the same thing for the same period (see the module's rules)."""
    p, q = a.quantity, b.quantity
    if "vague" in (p.kind, q.kind) or a.with_attackers != b.with_attackers or counted(p) != counted(q):
        return False
    if a.places and b.places and a.places.isdisjoint(b.places):
        return False  # two events in one story: "ten injured in Nantes", "twelve in Dijon"
    if p.topic == "killed" and (a.self_killed or b.self_killed):
        return False
    if (a.moment or b.moment) and not (
        len(a.when) == len(b.when) == 10 and abs((a.reported - b.reported).days) <= SAME_PERIOD
    ):
        return False
    if p.subject and q.subject and p.subject.lower() != q.subject.lower():
        return False
    if a.counter and b.counter and a.counter != b.counter:
        return False
    if a.period and b.period and a.period.isdisjoint(b.period):
        return False
    if a.reported and b.reported and abs((a.reported - b.reported).days) > SAME_PERIOD:
        return False
    # The same moment needs evidence: both reports dated (and close, above), or both sentences naming the same
    # day or period. Between undated reports a toll may have grown: figures, not a dispute.
    same_moment = bool(a.reported and b.reported) or not a.period.isdisjoint(b.period)
    return same_moment and a.years == b.years


def report_dates(story: Story, dated: dict[int, str]) -> dict[str, tuple[date | None, str]]:
    """Article id -> when it reported: its own date (day), else the latest full date its text resolves to
    (month: the article is at least that recent, not necessarily of that day)."""
    latest: dict[str, date] = {}
    for i, when in dated.items():
        if len(when) == 10:
            article_id = story.sentences[i].article_id
            day = date.fromisoformat(when)
            latest[article_id] = max(latest.get(article_id, day), day)
    found: dict[str, tuple[date | None, str]] = {}
    for article in story.articles:
        if article.date:
            found[article.id] = (article.date, article.date.isoformat())
        elif article.id in latest:
            found[article.id] = (latest[article.id], latest[article.id].strftime("%Y-%m"))
        else:
            found[article.id] = (None, "")
    return found


def compare_figures(
    story: Story, independent: dict[str, str], dated: dict[int, str] | None = None
) -> tuple[list[Disagreement], list[Figures]]:
    """Disagreements (two independent sources, conflicting values of the same measured thing) and every
    other figure, grouped by what it measures, each group oldest report first."""
    reported = report_dates(story, dated or {})
    groups: dict[tuple[str, str], list[_Mention]] = {}
    read: dict[str, tuple[list[Quantity], frozenset[str], frozenset[str], str]] = {}  # distinct sentences: once
    for i, sentence in enumerate(story.sentences):
        if sentence.heading:
            continue
        text = sentence.text
        if text not in read:
            found = [q for q in facts(text).counts if q.topic]  # read once per process (facts caches)
            none: frozenset[str] = frozenset()
            read[text] = (  # what fixes a count's measure, read only where there is a count
                found,
                frozenset(_YEAR.findall(text)) if found else none,
                _period(text) if found else none,
                counter(text) if found else "",
                places(text) if found else none,
                bool(found) and _PROVISIONAL.search(text) is not None,
            )
        found, years, period, who, where, provisional = read[text]
        day, when = reported[sentence.article_id]
        for quantity in found:
            attackers = _WITH_ATTACKERS.match(text, quantity.end) is not None
            moment = _MOMENT.search(text, max(0, quantity.start - MOMENT_BEFORE), quantity.end + MOMENT_AFTER)
            mention = _Mention(
                quantity,
                i,
                independent[sentence.article_id],
                years,
                period,
                who,
                day,
                when,
                attackers,
                bool(moment) or provisional,
                _SELF_KILLED.search(text) is not None,
                where,
            )
            groups.setdefault((quantity.unit, quantity.topic), []).append(mention)
    disputes, figures = [], []
    for mentions in groups.values():
        disputed: set[int] = set()
        # A source that gives both figures itself (seven people "found" injured, eight in all) disputes neither.
        given = {(m.source, m.quantity.nominal) for m in mentions}
        for k, m in combinations(range(len(mentions)), 2):
            a, b = mentions[k], mentions[m]
            if (
                a.source != b.source
                and (a.source, b.quantity.nominal) not in given
                and (b.source, a.quantity.nominal) not in given
                and _comparable(a, b)
                and conflict(a.quantity, b.quantity)
            ):
                disputed |= {k, m}
        about = _about(mentions[0].quantity)
        if disputed:
            # The disputed values, and every report of the same measure that agrees with one of them.
            inside = [mentions[k] for k in sorted(disputed)]
            inside += [
                m
                for k, m in enumerate(mentions)
                if k not in disputed and any(_comparable(m, d) and not conflict(m.quantity, d.quantity) for d in inside)
            ]
            disputes.append(Disagreement(about=about, claims=tuple(_claims(story, inside))))
            rest = [m for m in mentions if m not in inside]
        else:
            rest = mentions
        if rest:
            figures.append(Figures(about=about, claims=tuple(_claims(story, rest, by_date=True))))
    return disputes, figures


def disagreements(story: Story, independent: dict[str, str], dated: dict[int, str] | None = None) -> list[Disagreement]:
    """Groups of claims about one measured thing where two independent sources give conflicting values."""
    return compare_figures(story, independent, dated)[0]


_WEEKDAY = re.compile(r"(?:on )?(\w+day)(?:['’]s)?", re.I)


def _period(text: str) -> frozenset[str]:
    """The period words of a sentence, lower-cased; a weekday however written ("on Friday", "Friday's")."""
    found = set()
    for match in _PERIOD.finditer(text):
        words = match.group().lower()
        weekday = _WEEKDAY.fullmatch(words)
        found.add(weekday.group(1) if weekday and weekday.group(1) not in ("yesterday", "today") else words)
    return frozenset(found)


def _claims(story: Story, mentions: list[_Mention], by_date: bool = False) -> list[Claim]:
    """One claim per distinct value, with every article that reports it (wire copies merge here), dated by its
    earliest dated report."""
    merged: dict[tuple[str, float, float], list[_Mention]] = {}
    for mention in mentions:
        quantity = mention.quantity
        merged.setdefault((quantity.kind, quantity.low, quantity.high), []).append(mention)
    kept = []
    for group in merged.values():
        dated = [m for m in group if m.reported]
        first = min(dated, key=lambda m: (m.reported, -len(m.when))) if dated else group[0]
        sources = tuple(dict.fromkeys(story.sentences[m.index].article_id for m in group))
        kept.append((group[0], first.when, sources))
    if by_date:  # undated reports last, each in story order
        kept.sort(key=lambda k: (not k[1], k[1], k[0].index))
    return [
        Claim(
            value=mention.quantity.value,
            low=mention.quantity.low,
            high=mention.quantity.high,
            text=story.sentences[mention.index].text,
            sources=sources,
            sentence_id=story.sentences[mention.index].id,
            date=when,
        )
        for mention, when, sources in kept
    ]

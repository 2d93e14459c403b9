"""The data model: plain frozen dataclasses passed from stage to stage.

Sentences are spans (offsets) into their article's cleaned text, never free-floating strings,
so every citation can point back at the exact place it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Article:
    """One news article after ingest and cleaning.

    `text` is the cleaned body: paragraphs separated by blank lines. `title` is kept apart
    and is never repeated in the body.
    """

    id: str
    text: str
    title: str = ""
    source: str = ""  # outlet or site name, when known
    url: str = ""
    path: str = ""  # where it was read from ("-" for stdin)
    date: date | None = None  # publication date, when known
    author: str = ""
    published_at: datetime | None = None  # publication time, timezone-aware, when the input gives a time of day
    language: str = ""  # ISO 639-1 code of the text's language, when detected

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def label(self) -> str:
        """A short human name: outlet, else title, else path."""
        return self.source or self.title or self.path or self.id


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article, as character offsets into `Article.text`."""

    article_id: str
    index: int  # position among the article's sentences
    start: int
    end: int
    text: str
    paragraph: int = 0  # index of the paragraph it sits in
    heading: bool = False  # headings, captions and fragments are never selected

    @property
    def id(self) -> str:
        return f"{self.article_id}:{self.index}"


@dataclass(frozen=True, slots=True)
class Story:
    """A set of articles about one event, with their sentences in article order."""

    id: str
    articles: tuple[Article, ...]
    sentences: tuple[Sentence, ...]

    @property
    def title(self) -> str:
        for article in self.articles:
            if article.title:
                return article.title
        return ""

    def article(self, article_id: str) -> Article:
        for article in self.articles:
            if article.id == article_id:
                return article
        raise KeyError(article_id)


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a source reports a summary sentence: a span of that article's cleaned text."""

    article_id: str
    sentence_index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A selected sentence and every article that reports the same content."""

    text: str
    sentence_id: str  # the sentence it was taken from
    sources: tuple[str, ...]  # article ids, the origin first
    citations: tuple[Citation, ...] = ()  # one per source: its best-matching sentence
    independent_sources: int = 0  # sources counting each wire group once (0: not computed)


@dataclass(frozen=True, slots=True)
class Problem:
    """An input that could not be used, and why: reported, never raised to the user."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class Report:
    """What a run produced: a briefing per story, and every input that could not be used."""

    stories: list[Briefing] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(slots=True)
class Briefing:
    """Everything Storyline says about one story."""

    story: Story
    summary: list[SummarySentence]
    method: str
    words: int
    analysis: Analysis | None = None  # cross-source analysis (None: not run)
    notices: tuple[str, ...] = ()  # what the reader should know about how it was made (steps skipped, and why)

    @property
    def id(self) -> str:
        return self.story.id

    @property
    def title(self) -> str:
        return self.story.title


@dataclass(frozen=True, slots=True)
class WireGroup:
    """Articles that reprint the same wire text: together they count as one independent source."""

    articles: tuple[str, ...]  # article ids, story order
    shared: float  # share of the shorter article's word 5-grams found in the other, averaged over pairs


@dataclass(frozen=True, slots=True)
class SourcedText:
    """A sentence of the story and every article that reports it."""

    text: str
    sources: tuple[str, ...]
    sentence_id: str = ""


@dataclass(frozen=True, slots=True)
class Claim:
    """One reported value of a quantity or date: as written, normalised to a range, with its sentence and sources."""

    value: str  # as written: "around 358,000"; a date ("2020-01-28") when a date is disputed
    low: float | None  # normalised range the wording allows (None for dates)
    high: float | None
    text: str
    sources: tuple[str, ...]
    sentence_id: str = ""
    date: str = (
        ""  # when it was reported (YYYY-MM-DD, or YYYY-MM when only the latest date the article writes is known)
    )


@dataclass(frozen=True, slots=True)
class Disagreement:
    """The same quantity reported with values that cannot all be true."""

    about: str  # "people displaced"
    claims: tuple[Claim, ...]


@dataclass(frozen=True, slots=True)
class Figures:
    """Every value reported for one measured thing that is no disagreement, oldest report first: a count that
    grew, or counts of other periods, places or counters."""

    about: str
    claims: tuple[Claim, ...]


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """A dated event: `date` keeps the precision the text supports (YYYY-MM-DD, YYYY-MM or YYYY)."""

    date: str
    text: str
    sources: tuple[str, ...]
    sentence_id: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, place or organisation, merged across spelling variants and abbreviations."""

    name: str
    type: str  # person | place | organization | other
    variants: tuple[str, ...]
    mentions: int
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Analysis:
    """What comparing the sources says: wire copies, lone claims, disagreements, timeline, entities."""

    wire_copies: tuple[WireGroup, ...] = ()
    single_source_claims: tuple[SourcedText, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    entities: tuple[Entity, ...] = ()
    figures: tuple[Figures, ...] = ()

    def to_dict(self) -> dict:
        """The JSON keys of the story object (a contract: fields may be added, never renamed)."""
        return {
            "wire_copies": [{"articles": list(g.articles), "shared": round(g.shared, 3)} for g in self.wire_copies],
            "single_source_claims": [{"text": c.text, "sources": list(c.sources)} for c in self.single_source_claims],
            "disagreements": [
                {"about": d.about, "claims": [_claim_dict(c) for c in d.claims]} for d in self.disagreements
            ],
            "figures": [{"about": f.about, "claims": [_claim_dict(c) for c in f.claims]} for f in self.figures],
            "timeline": [{"date": e.date, "text": e.text, "sources": list(e.sources)} for e in self.timeline],
            "entities": [
                {
                    "name": e.name,
                    "type": e.type,
                    "variants": list(e.variants),
                    "mentions": e.mentions,
                    "sources": list(e.sources),
                }
                for e in self.entities
            ],
        }


def _claim_dict(claim: Claim) -> dict:
    return {
        "value": claim.value,
        "low": claim.low,
        "high": None if claim.high == float("inf") else claim.high,  # None: no upper bound, or a date
        "text": claim.text,
        "sources": list(claim.sources),
        "date": claim.date or None,
    }

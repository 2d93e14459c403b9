"""The data model: plain frozen dataclasses passed from stage to stage.

Sentences are spans (offsets) into their article's cleaned text, never free-floating strings,
so every citation can point back at the exact place it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


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


@dataclass(slots=True)
class Briefing:
    """Everything Storyline says about one story."""

    story: Story
    summary: list[SummarySentence]
    method: str
    words: int
    analysis: dict = field(default_factory=dict)  # cross-source analysis, keyed as in the JSON

    @property
    def id(self) -> str:
        return self.story.id

    @property
    def title(self) -> str:
        return self.story.title

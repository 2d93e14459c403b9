"""Split cleaned articles into sentences with character offsets.

Paragraphs (line breaks) are split first, because headings and captions carry no full stop;
pysbd then splits each paragraph, and handles abbreviations such as "Jan. 28", "U.S." and
"Dec. 24, 2019" and quotations without any model download.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import pysbd
from pysbd.lang.english import English

from storyline.models import Article, Sentence, Story

_PARAGRAPH = re.compile(r"[^\n]+")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
# "DAMASCUS - ", "BEIRUT (AP) — ", "LONDON, Jan 5 (Reuters) - ": a dateline before the first sentence.
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]{2,40}(?:,[^-—–\n]{0,30})?(?: \([^)]{1,30}\))? ?[-—–]{1,2} (?=[A-Z\"“])")
MIN_SENTENCE_WORDS = 4
# A sure sentence end: a plain word ("town", "Idlib"), one full stop, "?" or "!", one space, a capitalised word.
_BOUNDARY = re.compile(r"(?<!\S)([A-Za-z]?[a-z]+)[.?!] (?=[A-Z][a-z])")
# Single quotes, dash asides, empty quotation marks, escapes and list items ("1.", "b)") change how pysbd pairs
# quotation marks or splits: paragraphs with them go to pysbd whole.
_UNSAFE = re.compile(
    r"\s'|‘|--|\"\"|“”|«»|\(\)|\[\]|[\\\r\t\x0b\x0c]"
    r"|(?<![^\s(])[a-z]+\)|\d\)|(?<!\S)[a-z]\.|(?<![^\s\-⁃])\d{1,2}\.(?=[\s)])|(?<!\S)[ivxIVX]+[.)]"
)
# Marks pysbd may split at (and its own placeholder characters): a chunk with none before its last character
# is one sentence. Quotation marks and brackets only guard marks inside them.
_INSIDE = re.compile(r"[.!?…。．！？\r\n∯♨☝✂⌬ȸȹ☉☈☇☄ᓰᓱᓳᓴᓷᓸ]|-[\"'“”]\s")
# Full stops pysbd never ends a sentence at: a decimal point, a month before a day ("Jan. 28", "Dec. 23, 2019").
_NOT_AN_END = re.compile(r"(?<=\d)\.(?=\d)|(?<!\S)(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.(?= \d)")
_MARKS = re.compile(r"[\"“”()\[\]«»]")
_ABBREVIATIONS = frozenset(a.strip().lower() for a in English.Abbreviation.ABBREVIATIONS)


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def is_heading(text: str) -> bool:
    """A heading, caption title or fragment: too short, or no sentence-final punctuation."""
    return len(text.split()) < MIN_SENTENCE_WORDS or not _TERMINAL.search(text)


def split_paragraph(paragraph: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) offsets of the sentences of one paragraph, whitespace trimmed."""
    for offset, stop in _chunks(paragraph):
        chunk = paragraph[offset:stop]
        for start, end in _spans(chunk):
            while start < end and chunk[start].isspace():
                start += 1
            while end > start and chunk[end - 1].isspace():
                end -= 1
            if end > start:
                yield offset + start, offset + end


def _spans(chunk: str) -> Iterator[tuple[int, int]]:
    """pysbd's sentence spans; a chunk with no mark inside it is one sentence, as pysbd would say, without asking."""
    body = chunk.rstrip()
    if not _INSIDE.search(_NOT_AN_END.sub("", body[:-1])):
        yield 0, len(chunk)
        return
    for span in _segmenter().segment(chunk):
        yield span.start, span.end


def _chunks(paragraph: str) -> Iterator[tuple[int, int]]:
    """Cut a paragraph where pysbd surely ends a sentence, so that pysbd (slow) only reads the hard parts.

    A cut needs a plain word that is not one of pysbd's abbreviations before the mark, a capitalised
    word after it, and no open quotation or bracket; paragraphs with single quotes or dash asides
    are left whole.
    """
    if _UNSAFE.search(paragraph) or not _balanced(paragraph):
        yield 0, len(paragraph)
        return
    start = 0
    marked = _MARKS.search(paragraph) is not None
    for match in _BOUNDARY.finditer(paragraph):
        if match.group(1).lower() in _ABBREVIATIONS or (marked and not _balanced(paragraph[start : match.end()])):
            continue
        yield start, match.end()
        start = match.end()
    yield start, len(paragraph)


def _balanced(text: str) -> bool:
    return (
        text.count('"') % 2 == 0
        and text.count("“") == text.count("”")
        and text.count("(") == text.count(")")
        and text.count("[") == text.count("]")
        and text.count("«") == text.count("»")
    )


def segment_article(article: Article) -> list[Sentence]:
    """Sentences of an article, in order, with offsets into `article.text`."""
    sentences: list[Sentence] = []
    for paragraph_index, match in enumerate(_PARAGRAPH.finditer(article.text)):
        paragraph = match.group()
        if not paragraph.strip():
            continue
        for start, end in split_paragraph(paragraph):
            if not sentences or sentences[-1].paragraph != paragraph_index:
                dateline = _DATELINE.match(paragraph, start)
                if dateline and dateline.end() < end:
                    start = dateline.end()
            text = paragraph[start:end]
            sentences.append(
                Sentence(
                    article_id=article.id,
                    index=len(sentences),
                    start=match.start() + start,
                    end=match.start() + end,
                    text=text,
                    paragraph=paragraph_index,
                    heading=is_heading(text),
                )
            )
    return sentences


def make_story(articles: Iterable[Article], story_id: str = "") -> Story:
    """Group articles into a story and segment them."""
    articles = tuple(articles)
    sentences = tuple(s for article in articles for s in segment_article(article))
    return Story(id=story_id or _story_id(articles), articles=articles, sentences=sentences)


def _story_id(articles: tuple[Article, ...]) -> str:
    digest = hashlib.sha1("|".join(sorted(a.id for a in articles)).encode()).hexdigest()
    return f"s{digest[:10]}"

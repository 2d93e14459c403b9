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

from storyline.models import Article, Sentence, Story

_PARAGRAPH = re.compile(r"[^\n]+")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
# "DAMASCUS - ", "BEIRUT (AP) — ", "LONDON, Jan 5 (Reuters) - ": a dateline before the first sentence.
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]{2,40}(?:,[^-—–\n]{0,30})?(?: \([^)]{1,30}\))? ?[-—–]{1,2} (?=[A-Z\"“])")
MIN_SENTENCE_WORDS = 4


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def is_heading(text: str) -> bool:
    """A heading, caption title or fragment: too short, or no sentence-final punctuation."""
    return len(text.split()) < MIN_SENTENCE_WORDS or not _TERMINAL.search(text)


def split_paragraph(paragraph: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) offsets of the sentences of one paragraph, whitespace trimmed."""
    for span in _segmenter().segment(paragraph):
        start, end = span.start, span.end
        while start < end and paragraph[start].isspace():
            start += 1
        while end > start and paragraph[end - 1].isspace():
            end -= 1
        if end > start:
            yield start, end


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

"""Split cleaned articles into sentences with character offsets.

Paragraphs (line breaks) are split first, because headings and captions carry no full stop;
pysbd then splits each paragraph, and handles abbreviations such as "Jan. 28", "U.S." and
"Dec. 24, 2019" and quotations without any model download. Re-cased text, where a sentence may start
in lower case, gets the ends pysbd misses there (`_recased_ends`).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable, Iterator

import pysbd
from pysbd.lang.english import English

from storyline.models import Article, Sentence, Story

_PARAGRAPH = re.compile(r"[^\n]+")
_TERMINAL = re.compile(r"[.!?…](?: ?[\"'”’)\]])*$")
# "DAMASCUS - ", "BEIRUT (AP) — ", "LONDON, Jan 5 (Reuters) - ": a dateline before the first sentence; in
# ordinary case only with a news agency named ("Damascus, Syria (AP) — ", "Washington (CNN) ").
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z .'-]{2,40}(?:,[^-—–\n]{0,30})?(?: \([^)]{1,30}\))? ?[-—–]{1,2} (?=[A-Z\"“])"
    r"|[A-Z][\w.'-]*(?: [\w.'-]+){0,3}(?:, [\w.' ]{2,25})? ?\( ?(?i:ap|reuters|afp|cnn|cnnmoney|upi|xinhua|dpa)"
    r" ?\) ?(?:[-—–]{1,2} )?(?=[\w\"“]))"
)
MIN_SENTENCE_WORDS = 4
# A sure sentence end: a plain word ("town", "Idlib"), one full stop, "?" or "!", maybe a closing quotation mark
# (pysbd always ends a sentence at '." He'), one space, a capitalised word. The mark is looked for first (a
# pattern that starts with a character set is scanned fast), then the word before it.
_BOUNDARY = re.compile(r"[.?!][\"”]? (?=[A-Z][a-z])")
_PLAIN_WORD = re.compile(r"(?<!\S)[A-Za-z]?[a-z]+\Z")
# Single quotes, dash asides, empty quotation marks, escapes and list items ("1.", "b)") change how pysbd pairs
# quotation marks or splits: paragraphs with them go to pysbd whole. Read with a space in front of the paragraph
# (so that no pattern starts with a look-behind, which re cannot scan for fast), in parts, the brackets' only when
# there is a bracket.
_UNSAFE_STRINGS = ("‘", "--", '""', "“”", "«»", "\\", "\r", "\t", "\x0b", "\x0c")
_UNSAFE_QUOTE = re.compile(r"'(?<=\s')")
_STRAY_QUOTE = re.compile(r"'(?<![^\W\d_]')|'(?![^\W\d_])")  # a "'" that is no apostrophe inside a word
# Full stops after a lone lower-case letter or after one or two digits (patterns that start with the full stop and
# look behind it are scanned fast); after a roman numeral, checked when some such letter precedes a full stop.
_UNSAFE_DOT = re.compile(r"\.(?:(?<=\s[a-z]\.)|(?<=[\s\-⁃]\d\.)(?=[\s)])|(?<=[\s\-⁃]\d\d\.)(?=[\s)]))")
_ROMAN_DOT = re.compile(r"\.(?<=[ivxIVX]\.)")
_UNSAFE_ROMAN = re.compile(r"\s[ivxIVX]+\.")
_UNSAFE_BRACKET = re.compile(
    r"[\s(][a-z]+\)|\d\)|\s[ivxIVX]+\)|\(\)|\[\]"
    r"|[\"”]\s\("  # pysbd breaks around brackets between quotations, across the whole paragraph
)
# Marks pysbd may split at (and its own placeholder characters): a chunk with none before its last character
# is one sentence. Quotation marks and brackets only guard marks inside them.
_INSIDE = re.compile(r"[.!?…。．！？\r\n∯♨☝✂⌬ȸȹ☉☈☇☄ᓰᓱᓳᓴᓷᓸ]|-[\"'“”]\s")
# Full stops pysbd never ends a sentence at: a decimal point, a month before a day ("Jan. 28", "Dec. 23, 2019"),
# a dotted acronym before a lower-case word ("the U.N. has") or before a capitalised word that pysbd does not take
# for a sentence start ("U.S. Secretary"; "A.M." and "P.M." excepted).
_STARTERS = "|".join(English.AbbreviationReplacer.SENTENCE_STARTERS)
_NOT_AN_END = re.compile(
    r"(?<=\d)\.(?=\d)|(?<!\S)(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.(?= \d)"
    rf"|(?<!\S)(?![AP]\.M\.)(?:[A-Z]\.){{2,}}(?= (?:[a-z]|(?!(?:{_STARTERS})\s)[A-Z]))"
)
# A chunk's own end: one mark and the quotation marks or brackets that close after it ("... to flee.”").
_CLOSING = re.compile(r"[.!?…][\"”)\]]+$")
# pysbd makes a sentence of a quotation or bracket that opens a text and is followed by a capitalised word
# (a quotation ending in a comma excepted: '"..., if not hours," Rami Abdulrahman said').
_OPENING = re.compile(r"\s*(?:\([^)]*\)|（[^）]*）|「[^」]*」|'[^']*[^,]'|\"[^\"]*[^,]\"|“[^”]*[^,]”)(?=\s?[A-Z])")
_PARENS_BETWEEN_QUOTES = re.compile(English.PARENS_BETWEEN_DOUBLE_QUOTES_REGEX)
_MARKS = re.compile(r"[\"“”()\[\]«»]")
_PAIRS = tuple((a, b, re.compile(re.escape(a) + "|" + re.escape(b))) for a, b in ("“”", "()", "[]", "«»"))
# A word (not an abbreviation, checked apart) and its mark, an optional free-standing '"', then a lower-case word.
_RECASED_END = re.compile(r"(?<![\w.])([a-z]{2,}|\d+)([.!?]) (\" )?(?=[a-z])")
_ABBREVIATIONS = frozenset(a.strip().lower() for a in English.Abbreviation.ABBREVIATIONS)


_local = threading.local()


def _segmenter() -> pysbd.Segmenter:
    """This thread's pysbd segmenter: a Segmenter keeps the text it works on in its own attributes, so one shared
    by threads hands one thread's spans to another."""
    segmenter = getattr(_local, "segmenter", None)
    if segmenter is None:
        segmenter = _local.segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return segmenter


def is_heading(text: str) -> bool:
    """A heading, caption title or fragment: too short, or no sentence-final punctuation."""
    return len(text.split()) < MIN_SENTENCE_WORDS or not _TERMINAL.search(text)


def split_paragraph(paragraph: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) offsets of the sentences of one paragraph, whitespace trimmed."""
    for offset, stop in _chunks(paragraph):
        chunk = paragraph[offset:stop]
        for start, end in (part for span in _spans(chunk) for part in _recased_ends(chunk, *span)):
            while start < end and chunk[start].isspace():
                start += 1
            while end > start and chunk[end - 1].isspace():
                end -= 1
            if end > start:
                yield offset + start, offset + end


def _recased_ends(chunk: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split a pysbd sentence where a full stop, "!" or "?" is followed by a lower-case word.

    Re-cased text (Multi-News lower-cased its inputs and capitalised only what its tokeniser took for a sentence
    start) writes `is "futile. " cambridge analytica ...` and `... now? it is ...`: pysbd waits for a capital
    and reads on, so two sentences could only be chosen together. In cased text a lower-case word after such a mark
    follows an abbreviation: those pysbd knows ("vs. the", "U.S. army") are left alone, the few it lacks ("approx.
    two") are split. A free-standing quotation mark
    between the two closes a quotation when an odd number come before it in the sentence (it stays with the
    first part); otherwise it opens the second."""
    for match in _RECASED_END.finditer(chunk, start, end):
        if match.group(1) in _ABBREVIATIONS:
            continue
        if match.group(3) is None:
            cut = match.end(2)
        else:
            closes = chunk.count('"', start, match.start(3)) % 2 == 1
            cut = match.end(3) if closes else match.start(3)
        yield start, cut
        start = cut
    yield start, end


def _spans(chunk: str) -> Iterator[tuple[int, int]]:
    """pysbd's sentence spans; a chunk with no mark inside it is one sentence, as pysbd would say, without asking."""
    body = chunk.rstrip()
    closing = _CLOSING.search(body) if _MARKS.search(body) else None
    inner = body[: closing.start()] if closing and _balanced(body) and not _unsafe(body) else body[:-1]
    lone = _lone_closer(body)
    if lone:
        inner = body[: -lone - 1]
    unmarked = not _INSIDE.search(inner) or not _INSIDE.search(_NOT_AN_END.sub("", inner))
    # pysbd also breaks at a leading quotation and at brackets between quotations, marks or not.
    if unmarked and not _OPENING.match(body) and not _PARENS_BETWEEN_QUOTES.search(body):
        if lone:  # pysbd ends the sentence at the full stop and makes the quotation marks a sentence of their own
            yield 0, len(body) - lone
            yield len(body) - lone, len(chunk)
        else:
            yield 0, len(chunk)
        return
    for span in _segmenter().segment(chunk):
        yield span.start, span.end


def _lone_closer(body: str) -> int:
    """How many quotation marks close the text after its final full stop that pysbd pairs with nothing (0: none):
    a '”' with no '“' before it, an odd-numbered '"', or "''" (an opening "'" would follow a space, which makes a
    text unsafe). Not after a digit: pysbd keeps "$5.”" whole."""
    if body.endswith(".”"):
        closers = int("“" not in body)
    elif body.endswith('."'):
        closers = body.count('"') % 2
    elif body.endswith(".''"):
        closers = 2
    else:
        return 0
    if not closers or body[-closers - 2 : -closers - 1].isdecimal() or _unsafe(body):
        return 0
    return closers


def _chunks(paragraph: str) -> Iterator[tuple[int, int]]:
    """Cut a paragraph where pysbd surely ends a sentence, so that pysbd (slow) only reads the hard parts.

    A cut needs a plain word that is not one of pysbd's abbreviations before the mark, a capitalised
    word after it, and no open quotation or bracket; paragraphs with single quotes or dash asides
    are left whole.
    """
    if _unsafe(paragraph):
        yield 0, len(paragraph)
        return
    start = 0
    marked = _MARKS.search(paragraph) is not None
    for match in _BOUNDARY.finditer(paragraph):
        word = _PLAIN_WORD.search(paragraph, max(start, match.start() - 40), match.start())
        if word is None or word.group().lower() in _ABBREVIATIONS:
            continue
        if marked and not _balanced(paragraph[start : match.end()]):
            continue
        if "'" in paragraph[match.end() :] and _STRAY_QUOTE.search(paragraph, start, match.end()):
            break  # pysbd may pair it with one further on: the rest goes to pysbd whole
        yield start, match.end()
        start = match.end()
    yield start, len(paragraph)


def _unsafe(text: str) -> bool:
    spaced = " " + text
    return bool(
        any(marks in text for marks in _UNSAFE_STRINGS)
        or _UNSAFE_QUOTE.search(spaced)
        or _UNSAFE_DOT.search(spaced)
        or (_ROMAN_DOT.search(text) and _UNSAFE_ROMAN.search(spaced))
        or (("(" in text or ")" in text or "[" in text) and _UNSAFE_BRACKET.search(spaced))
    )


def _balanced(text: str) -> bool:
    """Every quotation and bracket opened in `text` is closed in it, none before it opens, none inside another."""
    if text.count('"') % 2:
        return False
    for opening, closing, either in _PAIRS:
        depth = 0
        for mark in either.findall(text) if opening in text or closing in text else ():
            depth += 1 if mark == opening else -1
            if not 0 <= depth <= 1:  # pysbd pairs only innermost marks: nested ones are not closed for it
                return False
        if depth:
            return False
    return True


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

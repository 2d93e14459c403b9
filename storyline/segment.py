"""Split cleaned articles into sentences with character offsets.

Paragraphs (line breaks) are split first, because headings and captions carry no full stop;
pysbd then splits each paragraph, and handles abbreviations such as "Jan. 28", "U.S." and
"Dec. 24, 2019" and quotations without any model download, in the article's language where pysbd has
rules for it. Each article is read as one of two kinds: ordinary cased prose, where the few full stops
pysbd wrongly ends at ("7 p.m. Tuesday", "then-Rep. Smith") are joined again (`_held`), or re-cased
text (Multi-News: lower-cased, only sentence starts capitalised), where a sentence may start in lower
case and gets the ends pysbd misses there (`_recased_ends`). `is_recased` tells them apart.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable, Iterator

import pysbd
import pysbd.languages
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
# In cased prose a sentence that starts with a lower-case word is the tail of one the page broke across lines or
# elements ("Kate Henshaw took" / "to her Instagram page ..."): a fragment, never briefed ("iPhone" is no such word).
_LOWER_START = re.compile(r"[a-z]+(?![\w'’-]*[A-Z])\b")
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

# Re-cased text has no capital inside a sentence. Counted cheaply as a letter or comma, a space, then a capital
# (proper nouns) against a letter or comma, a space, then a lower-case letter: 0 in all 15,317 Multi-News
# validation documents, 1 in 100 or more in every cased English page of ../shared/realpages.
_MID_CAPITAL = re.compile(r"[a-z,] [A-Z]")
_MID_LOWER = re.compile(r"[a-z,] [a-z]")
RECASED_MAX_CAPITALS = 0.002  # capitals per mid-sentence word: one stray (an "I", a brand) in 500 words allowed
# A short cased text may name nobody ("The fire started at 7 p.m. Tuesday and spread."): below this many
# mid-sentence words, no capital proves nothing unless a word cased prose always capitalises is written in lower
# case ("on friday", "mr. smith", "i think").
RECASED_SURE_WORDS = 100
_LOWERED_PROPER = re.compile(
    r"\b(?:i(?![.\w])|mr|mrs|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|april|june|"
    r"july|august|september|october|november|december|u\.s|america|american|europe|european|british|english)\b"
)
# Cased prose: full stops that pysbd ends a sentence at, wrongly. A title with a prefix hyphenated to it ("then-Rep.
# Smith", "ex-Gov. Brown": pysbd knows the bare titles, which it already reads on after); "a.m." / "p.m." before a
# weekday, a month or a time zone ("7 p.m. Tuesday", "9 a.m. Eastern Time"); a day's number before a month name
# ("am 17. Februar": German and Nordic dates).
_TITLES = sorted(
    {*English.Abbreviation.PREPOSITIVE_ABBREVIATIONS, "amb", "atty", "hon", "pres"}
    - {"v", "vs", "fig", "ph", "ing"}  # prepositive for pysbd, but no title before a name
)
_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
    "|Januar|Jänner|Februar|März|Mai|Juni|Juli|Oktober|Dezember"  # German, where nouns are capitalised
)
_WEEKDAY_NAMES = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thurs|Fri|Sat|Sun"
_ZONES = (
    "ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|AKST|AKDT|HST|AST|ADT|GMT|UTC|BST|CET|CEST|EET|EEST|WET|WEST|"
    "IST|JST|KST|HKT|SGT|MSK|AEST|AEDT|ACST|AWST|NZST|NZDT|Eastern|Central|Pacific|Mountain|Atlantic|Hawaii|Alaska|"
    "Greenwich|Local"
)
_HELD_BEFORE = re.compile(
    rf"(?<![^\W\d_])(?:(?<=[-–])(?P<title>(?:{'|'.join(t.capitalize() for t in _TITLES)})\.)|(?P<clock>(?i:[ap]\.m\.))"
    r"|(?<![\d.])(?P<day>[1-9]|[12]\d|3[01])\.)\Z"
)
_HELD_AFTER = {
    "title": re.compile(r"\s+[A-Z]"),
    "clock": re.compile(rf"\s+(?:(?:{_WEEKDAY_NAMES}|{_MONTH_NAMES}|{_ZONES})\b|[A-Z][a-z]+ [Tt]ime\b)"),
    "day": re.compile(rf"\s+(?:{_MONTH_NAMES})\b"),
}
_HELD_LOOKBACK = 12  # the longest title with its full stop, and room for the boundary before it
# Languages pysbd has rules for; others are split with its English rules, which suit most Latin-script prose.
PYSBD_LANGUAGES = frozenset(pysbd.languages.LANGUAGE_CODES)


_local = threading.local()


def _segmenter(language: str = "en") -> pysbd.Segmenter:
    """This thread's pysbd segmenter for a language: a Segmenter keeps the text it works on in its own attributes,
    so one shared by threads hands one thread's spans to another."""
    segmenters = getattr(_local, "segmenters", None)
    if segmenters is None:
        segmenters = _local.segmenters = {}
    segmenter = segmenters.get(language)
    if segmenter is None:
        segmenter = segmenters[language] = pysbd.Segmenter(language=language, clean=False, char_span=True)
    return segmenter


def is_recased(text: str) -> bool:
    """Whether text was lower-cased and re-capitalised at sentence starts only (Multi-News): no capital inside a
    sentence, and enough words (or a lower-cased name) to tell."""
    lower = len(_MID_LOWER.findall(text))
    capitals = len(_MID_CAPITAL.findall(text))
    if not lower or capitals >= RECASED_MAX_CAPITALS * (capitals + lower):
        return False
    return lower >= RECASED_SURE_WORDS or _LOWERED_PROPER.search(text) is not None


def is_heading(text: str) -> bool:
    """A heading, caption title or fragment: too short, or no sentence-final punctuation."""
    return len(text.split()) < MIN_SENTENCE_WORDS or not _TERMINAL.search(text)


def split_paragraph(paragraph: str, recased: bool = False, language: str = "en") -> Iterator[tuple[int, int]]:
    """Yield (start, end) offsets of the sentences of one paragraph, whitespace trimmed.

    `recased`: the paragraph's article is re-cased text (`is_recased`); `language`: its ISO 639-1 code."""
    if language != "en" and language in PYSBD_LANGUAGES:
        # pysbd's own rules for the language; the pre-split below knows English abbreviations only.
        spans: Iterable[tuple[int, int]] = _held(
            paragraph, ((s.start, s.end) for s in _segmenter(language).segment(paragraph))
        )
        chunks: Iterable[tuple[int, int, Iterable[tuple[int, int]]]] = [(0, len(paragraph), spans)]
    else:
        chunks = (
            (offset, stop, _english_spans(paragraph[offset:stop], recased)) for offset, stop in _chunks(paragraph)
        )
    for offset, stop, spans in chunks:
        chunk = paragraph[offset:stop]
        for start, end in spans:
            while start < end and chunk[start].isspace():
                start += 1
            while end > start and chunk[end - 1].isspace():
                end -= 1
            if end > start:
                yield offset + start, offset + end


def _english_spans(chunk: str, recased: bool) -> Iterator[tuple[int, int]]:
    if recased:
        return (part for span in _spans(chunk) for part in _recased_ends(chunk, *span))
    return _held(chunk, _spans(chunk))


def _held(text: str, spans: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Spans with those joined again that end at a full stop cased prose does not end a sentence at."""
    current: tuple[int, int] | None = None
    for start, end in spans:
        if current is not None and _held_at(text, current[1]):
            current = (current[0], end)
            continue
        if current is not None:
            yield current
        current = (start, end)
    if current is not None:
        yield current


def _held_at(text: str, cut: int) -> bool:
    """Whether the sentence that ends at `cut` (whitespace after it allowed) goes on after it."""
    end = len(text[:cut].rstrip())
    if end == 0 or text[end - 1] != ".":
        return False
    before = _HELD_BEFORE.search(text, max(0, end - _HELD_LOOKBACK), end)
    return before is not None and _HELD_AFTER[before.lastgroup or ""].match(text, end) is not None


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
    recased = is_recased(article.text)
    language = article.language or "en"
    for paragraph_index, match in enumerate(_PARAGRAPH.finditer(article.text)):
        paragraph = match.group()
        if not paragraph.strip():
            continue
        for start, end in split_paragraph(paragraph, recased, language):
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
                    heading=is_heading(text) or (not recased and _LOWER_START.match(text) is not None),
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

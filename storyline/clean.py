"""Remove web boilerplate from article text, line by line, and normalise whitespace.

Real articles pasted or extracted from the web arrive wrapped in navigation, share buttons,
reading times, datelines, bylines, photo captions and the title printed again. Each rule
below drops one kind of line and says why, so `clean_text(...).removed` explains every cut.
A date found on a date-only line is kept as the article's date before the line goes.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date

from storyline.fold import ascii_fold
from storyline.ingest.dates import parse_date
from storyline.ingest.language import detect_language
from storyline.models import Article

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_WEEKDAYS = r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
_DATE_WORDS = re.compile(
    rf"\b(?:{_MONTHS}|{_WEEKDAYS}|updated|published|posted|last|modified|on|at|am|pm|a\.m|p\.m|"
    r"gmt|utc|bst|edt|est|cet|cest|pdt|pst|et|\d{1,4}(?:st|nd|rd|th)?)\b\.?",
    re.IGNORECASE,
)
_DATE_TOKEN = re.compile(rf"\b(?:{_MONTHS})\b|\b\d{{4}}\b|\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b", re.I)

# Whole lines that are site furniture, never article content (matched case-insensitively).
_FURNITURE = re.compile(
    r"^(?:"
    r"accessibility links|skip to (?:main )?(?:content|navigation|search)|jump to .{0,40}|"
    r"breaking news|live|advertisement|sponsored(?: content)?|ad|"
    r"(?:share|tweet|email|print|save|comment|comments|copy link|facebook|twitter|x|whatsapp|linkedin|reddit)"
    r"(?: (?:this|the) (?:article|story|page))?(?: on \w+| via \w+)?|"
    r"share (?:this|on|via|article|story).{0,60}|"
    r"follow (?:us|@\w+|\w+ on).{0,80}|"
    r"(?:subscribe|sign up|register|log ?in|sign in)(?:\b.{0,80})?|"
    r"(?:get|receive) (?:our|the|breaking).{0,60}(?:newsletter|alerts?|emails?).{0,40}|"
    r"click here.{0,80}|read (?:more|next|the full story).{0,80}|"
    r"(?:related|recommended|more from|most (?:read|popular|viewed)|trending|top stories|you may also like)"
    r"(?: (?:articles|stories|topics|coverage|content))?:?|"
    r"(?:\d+|one|two|three|four|five) ?(?:-| )?min(?:ute)?s? read|"
    r"(?:listen to this (?:article|story)).{0,40}|"
    r"(?:©|\(c\)|copyright).{0,120}|all rights reserved.{0,60}|"
    r"(?:image|photo|picture|video) (?:source|caption|copyright|credit)s?:?.{0,120}|"
    r"(?:photo|photograph|image|picture|credit|credits|source)s?: .{0,150}|"
    r"(?:getty images|reuters|afp|ap|epa|shutterstock)(?: ?/ ?.{0,40})?|"
    r"(?:file )?photo|"
    r"(?:additional )?(?:reporting|writing|editing|compiled|produced) by\b.{0,150}|"
    r"tags?:.{0,200}|topics?:.{0,200}"
    r")[.!]?$",
    re.IGNORECASE,
)
# Publishers' own lines about the article rather than in it, each with its reason.
_PUBLISHER_LINES = (
    (
        re.compile(
            r"^(?:our standards|editorial (?:standards|guidelines)|(?:the )?[\w .]{0,40}trust principles)\b.{0,120}$",
            re.I,
        ),
        "publisher's standards line",
    ),
    (
        re.compile(
            r"^(?:this (?:article|story|post|piece) (?:was )?(?:originally|first) (?:appeared|published|ran)"
            r"|(?:originally|first) (?:published|appeared) (?:on|in|at|by)"
            r"|a version of this (?:article|story) (?:first )?appeared"
            r"|this (?:article|story) (?:is )?republished from)\b.{0,160}$",
            re.I,
        ),
        "syndication note",
    ),
    (
        re.compile(
            r"^(?:(?:show|see|view|load) (?:all|more)(?: \d+)?(?: \w+)?|show less|load more|see more|view more)[.!]?$",
            re.I,
        ),
        "page control",
    ),
    (
        re.compile(
            r"^(?:(?:sign up|subscribe) (?:for|to) (?:our|the|a)\b.{0,80}"
            r"|thanks? (?:you )?for (?:signing up|subscribing).{0,40}|keep an eye on your inbox.{0,80}"
            r"|(?:sorry! )?there was an error processing your subscription.{0,20}"
            r"|(?:get|want) (?:our|the) .{0,40}newsletter.{0,60}|[\w' ]{0,30}newsletter(?::? .{0,80})?"
            r"|(?:you(?:'ve| have) (?:been )?)?successfully subscribed.{0,40})$",
            re.I,
        ),
        "newsletter or promotion",
    ),
    (
        # "HOPE AND LOSS: Your coronavirus stories", "Related: Dock strike ends": a link to another article.
        re.compile(
            r"^(?:(?i:related|read more|read also|also read|see also|more|watch|listen|recommended|trending)\s*:"
            r"\s*.{1,150}|[A-Z][A-Z0-9 '’&-]{3,40}: [^.!?]{1,100})$"
        ),
        "link to another article",
    ),
    (
        re.compile(
            r"^(?:image|photo|picture)s?(?: by)?:? .{0,80}(?:getty|reuters|afp|ap|shutterstock|epa|alamy).{0,40}$", re.I
        ),
        "image credit",
    ),
)
# A caption credit closing a line: "(AFP Photo)", "[Getty]", "(Mahmoud Hassano/File Photo/Reuters)".
_CREDIT = re.compile(
    r"(?:[(\[][^()\[\]]{0,80}\b(?:photo|photos|getty|afp|reuters|ap|epa|anadolu|shutterstock|"
    r"image|images|credit|courtesy|file|handout|pool)\b[^()\[\]]{0,80}[)\]]"
    r"|\b(?:reuters|afp|ap|epa|getty images)/[\w .'-]{2,40})\s*\.?$",
    re.IGNORECASE,
)
# Caption phrasing: "An aerial photo shows ...", "A deserted square is pictured in ...". The middle part is
# looked for only in lines that have one of its verbs (a substring test is far cheaper than the search).
_CAPTION_START = re.compile(
    r"(?:an? (?:\w+ ){0,2}(?:photo|picture|image|file photo|handout photo) (?:shows|taken|of)\b)"
    r"|(?:pictured|photo|above|top|below|left|right|main image):",
    re.IGNORECASE,
)
# Captions speak in the present ("is pictured in", "are seen at"); "was seen at" and "is seen as" are news prose.
_CAPTION_VERB = re.compile(
    r"\b(?:(?:is|are) (?:pictured|seen|shown)|(?:was|were) pictured) (?:in|at|on|during|near|after|outside|inside)\b",
    re.I,
)
_CAPTION_VERBS = ("pictured", "seen", "shown")
# The longest caption credit _CREDIT can match before its closing "\s*\.?": a bracket, 80 characters, a keyword of
# up to 12, 80 more and the closing bracket.
_CREDIT_LENGTH = 176
_NOT_WORD = re.compile(r"[\W_]+")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BYLINE = re.compile(r"^(?:by|written by|reporting by|words by)\s+[A-Z][\w.'-]*(?:[\s,]+[\w.'&-]+){0,8}$", re.I)
_WHITESPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_ODD_SPACE = re.compile(r"[\t\u00a0\u2000-\u200b\u202f\u205f\u3000]")  # _WHITESPACE but the plain space
_TRAILING_CAPTION_TITLE_WORDS = 6
# Captions are short; a longer line that a caption rule flags is a paragraph with a caption inside it (pasted
# pages and plain-text exports run a caption into the story): its sentences are then judged one by one.
_CAPTION_WORDS = 60
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-Z])|(?<=[.!?][\"”])\s+(?=[A-Z])")


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Cleaned text, the lines removed with the reason for each, and a date found on the way."""

    text: str
    removed: tuple[tuple[str, str], ...]
    date: date | None = None


def normalise_line(line: str) -> str:
    """NFC, HTML entities decoded ("&nbsp;", "&amp;" left in feeds and exports), one space between words,
    typographic spaces and zero-widths folded."""
    if "&" in line and _ENTITY.search(line):
        line = html.unescape(line)
    line = unicodedata.normalize("NFC", line)
    # Most lines have only single plain spaces, which the substitution would leave as they are.
    return (_WHITESPACE.sub(" ", line) if "  " in line or _ODD_SPACE.search(line) else line).strip()


def _key(line: str) -> str:
    """Comparison key for repeats and titles: case, punctuation and spacing ignored."""
    return _NOT_WORD.sub(" ", line.lower()).strip()


def date_only(line: str) -> bool:
    """A line that is nothing but a date, time and words like "Updated"."""
    if len(line) > 80 or not _DATE_TOKEN.search(line):
        return False
    rest = _DATE_WORDS.sub(" ", line)
    return not re.sub(r"[\W_]+", "", rest)


def _line_date(line: str) -> date | None:
    """The first date on a dateline such as "January 29, 2020 Updated: January 29, 2020"."""
    first = re.split(r"\b(?:updated|modified|last)\b", line, maxsplit=1, flags=re.I)[0]
    first = re.sub(r"\b(?:published|posted|on|at)\b:?", " ", first, flags=re.I).strip(" ,:|-")
    return parse_date(first)


def boilerplate_reason(line: str, title_key: str, key: str | None = None) -> str:
    """Why a line is boilerplate, or "" when it is content (`key`: the line's `_key`, when already known)."""
    if title_key and (_key(line) if key is None else key) == title_key:
        return "title repeated"
    if _FURNITURE.match(line):
        return "site furniture"
    for pattern, reason in _PUBLISHER_LINES:
        if pattern.match(line):
            return reason
    if date_only(line):
        return "date line"
    if _BYLINE.match(line) and len(line.split()) <= 10:
        return "byline"
    if _credit(line):
        return "photo caption or credit"
    if _CAPTION_START.match(line) or (
        any(verb in ascii_fold(line) for verb in _CAPTION_VERBS) and _CAPTION_VERB.search(line)
    ):
        return "photo caption"
    return ""


def _credit(line: str) -> bool:
    """A credit closing the line: a closing bracket at its end or a "/" in it, then the pattern searched for only
    in the last characters, where it would have to start."""
    end = len((line[:-1] if line.endswith(".") else line).rstrip())
    if line[end - 1 : end] not in (")", "]") and "/" not in line:
        return False
    return _CREDIT.search(line, max(0, end - _CREDIT_LENGTH)) is not None


def clean_text(text: str, title: str = "") -> Cleaned:
    """Drop boilerplate lines; keep every real paragraph, one per line, in order."""
    title_key = _key(title)
    lines = [normalise_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    # Each line's key and verdict are computed once: the loop below looks at neighbours too.
    keys = [_key(line) for line in lines]
    reasons = [boilerplate_reason(line, title_key, key) for line, key in zip(lines, keys, strict=True)]
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1

    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    seen: set[str] = set()
    found_date: date | None = None
    for position, line in enumerate(lines):
        key, reason = keys[position], reasons[position]
        if not reason and key in seen:
            reason = "repeated line"
        elif not reason and counts[key] > 1 and _adjacent_repeat(keys, position):
            reason = "repeated line"  # image alt text printed again as its caption
        elif not reason and _caption_title(lines, position, reasons):
            reason = "photo caption title"
        if reason == "date line" and found_date is None:
            found_date = _line_date(line)
        seen.add(key)
        if reason.startswith("photo caption") and len(line.split()) > _CAPTION_WORDS:
            line, reason = _without_captions(line, removed)
        if reason:
            removed.append((line, reason))
        else:
            kept.append(line)
    return Cleaned(text="\n\n".join(kept), removed=tuple(removed), date=found_date)


def _without_captions(paragraph: str, removed: list[tuple[str, str]]) -> tuple[str, str]:
    """The paragraph without the sentences that are captions or credits (each noted in `removed`), and no reason:
    the rest is content."""
    kept, dropped = [], []
    for sentence in _SENTENCE_BREAK.split(paragraph):
        reason = boilerplate_reason(sentence, "")
        if reason.startswith("photo caption"):
            dropped.append((sentence, reason))
        else:
            kept.append(sentence)
    if not kept:
        return paragraph, "photo caption"
    removed.extend(dropped)
    return " ".join(kept), ""


def _adjacent_repeat(keys: list[str], position: int) -> bool:
    return position + 1 < len(keys) and keys[position + 1] == keys[position]


def _caption_title(lines: list[str], position: int, reasons: list[str]) -> bool:
    """A short unpunctuated line right before a caption: the caption's own heading."""
    line = lines[position]
    if len(line.split()) > _TRAILING_CAPTION_TITLE_WORDS or line[-1:] in '.!?"”':
        return False
    return position + 1 < len(lines) and reasons[position + 1].startswith("photo caption")


def _promote_heading(cleaned: Cleaned) -> tuple[str, Cleaned]:
    """Use a leading heading line as the title when the input named none."""
    first, _, rest = cleaned.text.partition("\n\n")
    if rest and len(first.split()) <= 25 and first[-1:] not in '.!?"”':
        return first, replace(cleaned, text=rest)
    return "", cleaned


def article_id(article: Article) -> str:
    """A stable id: the record's own id, else a hash of the URL, else of the cleaned text."""
    basis = article.url or f"{article.title}\n{article.text}"
    return "a" + hashlib.sha1(basis.encode()).hexdigest()[:10]


def clean_article(article: Article) -> Article:
    """The article with boilerplate removed, a normalised title, a date if one was found, its language, and an id."""
    return explain_clean(article)[0]


def explain_clean(article: Article) -> tuple[Article, tuple[tuple[str, str], ...]]:
    """`clean_article`, and every line it removed with the reason (what `storyline extract` shows)."""
    title = normalise_line(article.title)
    if title and boilerplate_reason(title, ""):
        title = ""  # a pasted page often starts with "Accessibility links", not the headline
    cleaned = clean_text(article.text, title)
    if not title:
        title, cleaned = _promote_heading(cleaned)
    text = cleaned.text
    if not text and title and all(reason == "title repeated" for _, reason in cleaned.removed):
        text = title  # a headline-only item (feeds, aggregators): the headline is all the text there is
    # The text's own language before what the page declares: templates often declare "en" whatever they hold.
    language = detect_language(text) or article.language
    article = replace(article, title=title, text=text, date=article.date or cleaned.date, language=language)
    return (article if article.id else replace(article, id=article_id(article))), cleaned.removed

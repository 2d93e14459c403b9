"""A page's own metadata, read as a careful reader would: the headline, the outlet, the canonical URL and the
published date that the page declares for itself (JSON-LD, Open Graph, Twitter and article meta tags, the first
heading), before anything guessed from the URL or the text around the article.

Each field is a choice among candidates (`Candidates`), so `storyline extract` can show where a value came from.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from html import unescape
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from storyline.ingest.dates import parse_date, parse_datetime

# JSON-LD types that describe the article itself (a WebPage or Organization entry does not).
ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "SocialMediaPosting",
        "TechArticle",
        "ScholarlyArticle",
        "Report",
        "VideoObject",
    }
)
# " | The Japan Times", " - CNN", " : CityAM", " – Kulu Media", " » Spiegel": a site name set off from the headline.
_SEPARATOR = re.compile(r"\s+(?:[|:·•»«~/]|::|-{1,2}|[–—])\s+")
_KICKER = re.compile(r"^[^\W\d_]+\s+\|\s+(?=\S+\s+\S)")
MAX_SITE_WORDS = 5  # a part set off at either end of a title that is this short may be the site's name
PARTIAL_BACKING = 0.5  # a source that gives a title only as a part of its own, or cut short, backs it by half
MAX_PARTS = 5  # separators looked at in one title
MIN_TITLE_WORDS = 2  # "escenic", "Home", "News": a one-word title is a template's, unless nothing else is given
_COPYRIGHT = re.compile(r"©|\(c\)|\bcopyright\b|\ball rights reserved\b|\b(?:19|20)\d\d\b", re.I)
MIN_YEAR = 1990  # no web page was published before the web
_NOT_WORD = re.compile(r"[\W_]+")
_PUBLISHED_META = (
    ("property", "article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "article:published_time"),
    ("name", "parsely-pub-date"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "publish-date"),
    ("name", "sailthru.date"),
    ("name", "article.published"),
    ("name", "DC.date.issued"),
    ("name", "dcterms.date"),
    ("name", "date"),
)


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What a page says about itself. Empty strings and None where it says nothing usable."""

    title: str = ""
    source: str = ""
    url: str = ""
    author: str = ""
    published: str = ""  # as written, for `extract`
    date: date | None = None  # the published date as written (in the page's own time zone)
    published_at: datetime | None = None
    modified: str = ""
    language: str = ""  # what the page declares (<html lang>): a hint, detection decides


def _key(text: str) -> str:
    return _NOT_WORD.sub(" ", text.lower()).strip()


def _text(value: object) -> str:
    """A metadata value as clean text: entities decoded, spaces folded; lists give their first string."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | dict)), "")
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    if not isinstance(value, str):
        return ""
    return " ".join(unescape(unescape(value)).split())


def _meta(tree: HtmlElement, attribute: str, name: str) -> str:
    for element in tree.iterfind(f".//meta[@{attribute}='{name}']"):
        value = _text(element.get("content") or element.get("datetime") or "")
        if value:
            return value
    return ""


def _json_ld(tree: HtmlElement) -> Iterator[dict]:
    """Every JSON-LD object on the page, @graph members and nested lists included; unreadable blocks skipped."""
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        try:
            value = json.loads(script.text or "")
        except (json.JSONDecodeError, RecursionError):
            continue
        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                if isinstance(graph, list | dict):
                    stack.append(graph)


def _is_article(item: dict) -> bool:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k in ARTICLE_TYPES for k in kinds)


def _site_names(tree: HtmlElement, article: dict) -> list[str]:
    names = [
        _meta(tree, "property", "og:site_name"),
        _text(article.get("publisher")),
        _meta(tree, "name", "application-name"),
        _meta(tree, "name", "publisher"),
    ]
    return [n for n in names if n and not _COPYRIGHT.search(n) and not n.startswith(("http://", "https://"))]


def _title_suffix(title: str) -> str:
    """The short part set off at the end of a <title>, where most sites put their name."""
    parts = _SEPARATOR.split(title)
    return parts[-1].strip() if len(parts) > 1 and len(parts[-1].split()) <= MAX_SITE_WORDS else ""


def _outlet(declared: list[str], suffix: str, guessed: str, host: str) -> str:
    """The outlet's name: a declared name that the host or the title agrees with, else the title's own suffix
    when the host agrees with it (og:site_name can name a section: "U.S." on reuters.com), else the first declared
    name, else trafilatura's guess, else the host. Taglines after a separator are dropped."""
    names = [_SEPARATOR.split(name.lstrip("@"))[0].strip() for name in declared]
    evidence = [e for e in (host, suffix) if e]
    for name in names:
        if _is_site_part(name, evidence) or (suffix and _key(name) == _key(suffix)):
            return name
    if suffix and host and _is_site_part(suffix, [host]):
        return suffix
    return next((n for n in names if n), "") or guessed or host


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _is_site_part(part: str, sites: list[str]) -> bool:
    """Whether a part set off in a title names the site: one of its declared names, or its host name's core
    ("nytimes" in "The New York Times" is not matched; "cityam" in "CityAM" is)."""
    key = _key(part)
    if not key:
        return True
    squeezed = key.replace(" ", "")
    for site in sites:
        site_key = _key(site)
        core = site_key.split(" ")[0] if "." in site else site_key
        if key == site_key or squeezed == site_key.replace(" ", "") or (core and squeezed == core.replace(" ", "")):
            return True
        if "." in site and len(core) > 3 and core in squeezed:
            return True
    return False


def strip_site(title: str, sites: list[str]) -> str:
    """The headline without the site's name set off before or after it ("… | The Japan Times"), nor a one-word
    section label before a bar ("Opinion | …")."""
    title = _KICKER.sub("", title.strip(), count=1)
    for _ in range(2):  # "Headline - Section - Site" loses both ends of the kind
        parts = _SEPARATOR.split(title)
        if len(parts) < 2:
            return title
        if len(parts[-1].split()) <= MAX_SITE_WORDS and _is_site_part(parts[-1], sites):
            title = title[: _last_separator(title).start()].strip()
        elif len(parts[0].split()) <= MAX_SITE_WORDS and _is_site_part(parts[0], sites):
            title = title[_SEPARATOR.search(title).end() :].strip()  # type: ignore[union-attr]
        else:
            return title
    return title


def _last_separator(title: str) -> re.Match[str]:
    *_, last = _SEPARATOR.finditer(title)
    return last


def _parts(title: str) -> Iterator[str]:
    """The title and every run of its parts set off by separators ("Opinion | Headline - Site" gives "Headline",
    "Opinion | Headline", ...): one of them is the headline."""
    cuts = [(m.start(), m.end()) for m in _SEPARATOR.finditer(title)][:MAX_PARTS]
    starts = [0, *(end for _, end in cuts)]
    ends = [*(start for start, _ in cuts), len(title)]
    for i, first in enumerate(starts):
        for last in ends[i:]:
            yield title[first:last].strip()


def _title(candidates: list[str], sites: list[str]) -> str:
    """The headline the sources agree on most, site names left out. A source backs a title fully when it gives
    exactly that title, by half when it gives it set off with a section or kicker ("Opinion | Headline") or cut
    short ("Headline making him third Beijing local to" for the full headline); ties go to the earlier, surer
    source, then to the longer title."""
    options: dict[str, tuple[str, dict[int, float], int]] = {}
    wholes: dict[int, str] = {}
    for rank, candidate in enumerate(candidates):
        whole = strip_site(candidate, sites) if candidate else ""
        wholes[rank] = _key(whole)
        for part in _parts(whole) if whole else ():
            key = _key(part)
            if key and not _is_site_part(part, sites):
                backing = options.setdefault(key, (part, {}, rank))[1]
                backing[rank] = max(backing.get(rank, 0.0), 1.0 if part == whole else PARTIAL_BACKING)
    for key, (_, backing, _) in options.items():
        for rank, whole_key in wholes.items():
            if rank not in backing and whole_key and key.startswith(whole_key + " "):
                backing[rank] = PARTIAL_BACKING
    usable = [o for o in options.values() if len(o[0].split()) >= MIN_TITLE_WORDS] or list(options.values())
    if not usable:
        return ""
    text, _, _ = max(usable, key=lambda o: (sum(o[1].values()), -o[2], len(o[0])))
    return text


def _first_heading(tree: HtmlElement) -> str:
    for heading in tree.iterfind(".//h1"):
        text = _text(heading.text_content())
        if len(text.split()) >= MIN_TITLE_WORDS:
            return text
    return ""


def _url(tree: HtmlElement, article: dict) -> str:
    candidates = [
        next((link.get("href") or "" for link in tree.iterfind(".//link[@rel='canonical']")), ""),
        _meta(tree, "property", "og:url"),
        _text(article.get("url")),
        _text(
            article.get("mainEntityOfPage", {}).get("@id") if isinstance(article.get("mainEntityOfPage"), dict) else ""
        ),
    ]
    return next((u.strip() for u in candidates if u.strip().startswith(("http://", "https://"))), "")


def _published(tree: HtmlElement, article: dict) -> str:
    found = [_text(article.get("datePublished")), _text(article.get("dateCreated"))]
    found += [_meta(tree, attribute, name) for attribute, name in _PUBLISHED_META]
    found += [_text(e.get("datetime") or e.text_content()) for e in tree.iterfind(".//time[@itemprop='datePublished']")]
    return next((value for value in found if value and _plausible(parse_date(value))), "")


def _plausible(day: date | None) -> bool:
    """A publication date a page could have: templates write "0001-01-01" for none."""
    return day is not None and day.year >= MIN_YEAR


def read_page_meta(
    tree: HtmlElement, fallback_title: str = "", fallback_url: str = "", fallback_site: str = ""
) -> PageMeta:
    """The page's metadata; the fallbacks (trafilatura's guesses) are used only where the page declares nothing
    better, the site's name cleaned of any copyright line it came from."""
    items = list(_json_ld(tree))
    article = next((item for item in items if _is_article(item)), {})
    url = _url(tree, article) or fallback_url
    declared = _site_names(tree, article)
    host = _host(url)
    html_title = _text(tree.findtext(".//title") or "")
    suffix = _title_suffix(html_title)
    source = _outlet(declared, suffix, clean_site_name(fallback_site), host)
    sites = [*declared, *filter(None, [source, suffix if _is_site_part(suffix, [host]) else "", host])]
    title = _title(
        [
            _text(article.get("headline")),
            _first_heading(tree),  # what the reader sees: before the sharing titles when they tie
            _meta(tree, "property", "og:title"),
            _meta(tree, "name", "twitter:title"),
            _meta(tree, "property", "twitter:title"),
            fallback_title,
            html_title,
        ],
        sites,
    )
    published = _published(tree, article)
    modified = _text(article.get("dateModified")) or _meta(tree, "property", "article:modified_time")
    lang = (tree.get("lang") or tree.get("xml:lang") or "").split("-")[0].lower()
    return PageMeta(
        title=title,
        source=source,
        url=url,
        author=_text(article.get("author")),
        published=published,
        date=parse_date(published),
        published_at=parse_datetime(published),
        modified=modified,
        language=lang if re.fullmatch(r"[a-z]{2}", lang) else "",
    )


def clean_site_name(name: str) -> str:
    """An outlet name without a copyright line's furniture: "© Spox 2022" -> "Spox"."""
    name = name.lstrip("@")  # a Twitter handle
    name = re.sub(
        r"©|\(c\)|\bcopyright\b|\ball rights reserved\b\.?|\b(?:19|20)\d\d\b(?:\s*[-–]\s*(?:19|20)\d\d)?",
        " ",
        name,
        flags=re.I,
    )
    return " ".join(name.split()).strip(" ,.|-–")

"""Shape briefings and articles for the templates: source numbers, cited sentences, article paragraphs.

Everything here works on the briefing JSON dict (`storyline.render.json.briefing_dict`), so the web
pages show exactly what `storyline brief --format json` says, and any cross-source section that is
present (wire copies, disagreements, timeline, entities) is shown, absent ones simply skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from storyline.models import Article
from storyline.segment import segment_article

_PARAGRAPH = re.compile(r"[^\n]+")

CiteHref = Callable[[str, int], str]


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of article text: a sentence (with its index) or the space between sentences."""

    text: str
    sentence: int | None = None
    cited: bool = False


def source_numbers(briefing: dict[str, Any]) -> dict[str, int]:
    """Article id -> its number in the source list, from 1, in story order (as in the other renderers)."""
    return {article["id"]: number for number, article in enumerate(briefing.get("articles", []), 1)}


def cited_sentences(briefing: dict[str, Any], article_id: str) -> set[int]:
    """Indices of the article's sentences that some summary sentence cites."""
    return {
        citation["sentence"]
        for point in briefing.get("summary", [])
        for citation in point.get("citations", [])
        if citation.get("article") == article_id
    }


def citation_links(briefing: dict[str, Any], href: CiteHref) -> list[list[dict[str, Any]]]:
    """Per summary sentence, one link per source: its number, label and where the cited sentence is."""
    numbers = source_numbers(briefing)
    labels = {a["id"]: a.get("source") or a.get("title") or a["id"] for a in briefing.get("articles", [])}
    links = []
    for point in briefing.get("summary", []):
        by_article = {c["article"]: c for c in point.get("citations", [])}
        row = []
        for article_id in point.get("sources", []):
            citation = by_article.get(article_id)
            row.append(
                {
                    "number": numbers.get(article_id, 0),
                    "label": labels.get(article_id, article_id),
                    "href": href(article_id, citation["sentence"]) if citation else href(article_id, -1),
                }
            )
        links.append(sorted(row, key=lambda link: link["number"]))
    return links


def article_paragraphs(article: Article, cited: set[int]) -> list[list[Piece]]:
    """The article's cleaned text as paragraphs of pieces, each sentence addressable by its index."""
    sentences = segment_article(article)
    paragraphs: list[list[Piece]] = []
    position = 0
    for match in _PARAGRAPH.finditer(article.text):
        if not match.group().strip():
            continue
        pieces: list[Piece] = []
        cursor = match.start()
        while position < len(sentences) and sentences[position].end <= match.end():
            sentence = sentences[position]
            if sentence.start > cursor:
                pieces.append(Piece(article.text[cursor : sentence.start]))
            pieces.append(Piece(sentence.text, sentence.index, sentence.index in cited))
            cursor = sentence.end
            position += 1
        if cursor < match.end():
            pieces.append(Piece(article.text[cursor : match.end()]))
        paragraphs.append(pieces)
    return paragraphs


def is_web_url(url: str) -> bool:
    """Only http(s) links are shown as links: a `javascript:` URL in an article must never become one."""
    return url.lower().startswith(("http://", "https://"))


ENTITY_GROUPS = {"person": "People", "place": "Places", "organization": "Organisations"}
ENTITIES_SHOWN = 12


def entity_groups(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entities by kind (people, places, organisations, other), most mentioned first; the long tail folded."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for entity in entities:
        groups.setdefault(ENTITY_GROUPS.get(entity.get("type", ""), "Other"), []).append(entity)
    order = [*ENTITY_GROUPS.values(), "Other"]
    return [
        {"label": label, "shown": members[:ENTITIES_SHOWN], "more": members[ENTITIES_SHOWN:]}
        for label in order
        if (members := sorted(groups.get(label, []), key=lambda e: -e.get("mentions", 0)))
    ]


def coverage(briefing: dict[str, Any]) -> dict[str, Any]:
    """Who reported the story and when: its articles in time order (undated ones last, in story order), each with
    its source number and the wire group it belongs to, and the outlets with how many articles each."""
    numbers = source_numbers(briefing)
    group_of = {}
    for number, group in enumerate(briefing.get("wire_copies", []), 1):
        for article_id in group.get("articles", []):
            group_of[article_id] = number
    articles = briefing.get("articles", [])

    def when(article: dict[str, Any]) -> tuple[int, str, int]:
        moment = article.get("published_at") or article.get("date") or ""
        return (0 if moment else 1, moment, numbers.get(article["id"], 0))

    rows = [
        {
            "article": article,
            "number": numbers.get(article["id"], 0),
            "when": (article.get("published_at") or "")[:16].replace("T", " ") or article.get("date") or "",
            "wire": group_of.get(article["id"]),
        }
        for article in sorted(articles, key=when)
    ]
    outlets: dict[str, int] = {}
    for article in articles:
        if article.get("source"):
            outlets[article["source"]] = outlets.get(article["source"], 0) + 1
    independent = len(
        {f"wire-{group_of[a['id']]}" if a["id"] in group_of else a.get("source") or a["id"] for a in articles}
    )
    return {
        "rows": rows,
        "outlets": sorted(outlets.items(), key=lambda item: (-item[1], item[0])),
        "wire_groups": len(briefing.get("wire_copies", [])),
        "independent": independent,
    }

"""Each article as Storyline reads it: metadata, cleaned text, sentences as offsets, and every line removed with
the reason. What `storyline extract` shows, so a user can check (and we can measure) the text the pipeline works
on before any briefing is made of it.

Inputs are read and judged exactly as `storyline brief` reads them: the same readers, the same cleaning, and the
same problems for unusable inputs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.clean import explain_clean
from storyline.ingest import read_inputs
from storyline.models import Article, Problem, Sentence
from storyline.pipeline import NO_TEXT_LEFT, no_sentence_problem
from storyline.segment import is_recased, segment_article


@dataclass(frozen=True, slots=True)
class Extracted:
    """One article after ingest, cleaning and segmentation."""

    article: Article
    sentences: tuple[Sentence, ...]
    removed: tuple[tuple[str, str], ...]  # (line, reason), in text order
    recased: bool  # read as re-cased text (Multi-News style) rather than ordinary cased prose


@dataclass
class Extraction:
    articles: list[Extracted] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def extract(inputs: Iterable[str | Path | Article]) -> Extraction:
    """Every article in `inputs` as Storyline reads it; a Problem for each input that holds none."""
    inputs = list(inputs)
    given = [item for item in inputs if isinstance(item, Article)]
    paths = [item for item in inputs if not isinstance(item, Article)]
    result = Extraction()
    for item in [*given, *read_inputs(paths)]:
        if isinstance(item, Problem):
            result.problems.append(item)
            continue
        article, removed = explain_clean(item)
        if not article.text.strip():
            result.problems.append(Problem(article.path or article.id, NO_TEXT_LEFT))
            continue
        sentences = tuple(segment_article(article))
        if all(sentence.heading for sentence in sentences):
            result.problems.append(no_sentence_problem(article))
            continue
        result.articles.append(Extracted(article, sentences, removed, is_recased(article.text)))
    return result


def extracted_dict(item: Extracted) -> dict[str, Any]:
    article = item.article
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "source": article.source,
        "author": article.author,
        "date": article.date.isoformat() if article.date else None,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "url": article.url,
        "language": article.language or None,
        "recased": item.recased,
        "words": article.words,
        "text": article.text,
        "sentences": [
            {
                "index": s.index,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "paragraph": s.paragraph,
                "heading": s.heading,
            }
            for s in item.sentences
        ],
        "removed": [{"text": line, "reason": reason} for line, reason in item.removed],
    }


def extraction_dict(extraction: Extraction) -> dict[str, Any]:
    """The JSON of `storyline extract --format json`: these keys are a contract like `brief`'s."""
    return {
        "articles": [extracted_dict(item) for item in extraction.articles],
        "problems": [{"path": p.path, "message": p.message} for p in extraction.problems],
    }


def render_extraction(extraction: Extraction) -> str:
    """Plain text: a block per article, its metadata, numbered sentences with offsets, then what was removed."""
    blocks = []
    for item in extraction.articles:
        article = item.article
        published = article.date.isoformat() if article.date else "unknown"
        if article.published_at:
            published += f" ({article.published_at.isoformat()})"
        kind = "re-cased text" if item.recased else "cased prose"
        lines = [
            f"== {article.path or article.id}",
            f"title:     {article.title or '(none)'}",
            f"outlet:    {article.source or '(unknown)'}",
            f"author:    {article.author or '(unknown)'}",
            f"published: {published}",
            f"url:       {article.url or '(none)'}",
            f"language:  {article.language or 'unknown'} · {kind}",
            f"{article.words} words · {len(item.sentences)} sentences · {len(item.removed)} lines removed",
            "",
            "Sentences",
        ]
        for sentence in item.sentences:
            mark = " (heading)" if sentence.heading else ""
            lines.append(f" [{sentence.index + 1}] {sentence.start}-{sentence.end}{mark}: {sentence.text}")
        if item.removed:
            lines += ["", "Removed"]
            lines += [f" - {reason}: {line}" for line, reason in item.removed]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")

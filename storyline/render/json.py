"""JSON output. The keys below are a contract: later versions may add keys, never rename these."""

from __future__ import annotations

import json
from typing import Any

from storyline.models import Article, Briefing, Report, SummarySentence


def article_dict(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "path": article.path,
        "date": article.date.isoformat() if article.date else None,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "language": article.language or None,
        "words": article.words,
    }


def summary_dict(sentence: SummarySentence) -> dict[str, Any]:
    data: dict[str, Any] = {
        "text": sentence.text,
        "sources": list(sentence.sources),
        "citations": [
            {"article": c.article_id, "sentence": c.sentence_index, "start": c.start, "end": c.end}
            for c in sentence.citations
        ],
    }
    if sentence.independent_sources:
        data["independent_sources"] = sentence.independent_sources
    return data


def briefing_dict(briefing: Briefing) -> dict[str, Any]:
    return {
        "id": briefing.id,
        "title": briefing.title,
        "method": briefing.method,
        "words": briefing.words,  # the budget
        "briefing_words": sum(len(s.text.split()) for s in briefing.summary),  # the briefing's own length
        "notices": list(briefing.notices),
        "articles": [article_dict(a) for a in briefing.story.articles],
        "summary": [summary_dict(s) for s in briefing.summary],
        **(briefing.analysis.to_dict() if briefing.analysis else {}),
    }


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "stories": [briefing_dict(b) for b in report.stories],
        "problems": [{"path": p.path, "message": p.message} for p in report.problems],
    }


def render_json(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"

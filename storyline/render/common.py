"""Shared pieces of the human-readable renderers: citation numbers and source lines."""

from __future__ import annotations

from storyline.models import Analysis, Article, Briefing, Claim, Figures, SummarySentence


def citation_numbers(briefing: Briefing) -> dict[str, int]:
    """Article id -> its number in the source list (story order, from 1)."""
    return {article.id: number for number, article in enumerate(briefing.story.articles, 1)}


def cited_numbers(numbers: dict[str, int], sources: tuple[str, ...]) -> list[int]:
    """The source numbers of one cited line, ascending, as every human format (and the web page) lists them."""
    return sorted(numbers[a] for a in sources)


def source_line(article: Article) -> str:
    """Title — outlet — date — URL or path, leaving out what is unknown."""
    parts = [article.title or "(untitled)"]
    if article.source:
        parts.append(article.source)
    if article.date:
        parts.append(article.date.isoformat())
    parts.append(article.url or article.path or article.id)
    return " — ".join(parts)


def byline(briefing: Briefing) -> str:
    n = len(briefing.story.articles)
    used = sum(len(s.text.split()) for s in briefing.summary)
    return f"{n} article{'s' * (n != 1)} · {used} words (budget {briefing.words}) · method: {briefing.method}"


MAX_ENTITIES = 15  # human formats list the most mentioned; JSON has them all


def analysis_sections(briefing: Briefing) -> list[tuple[str, list[tuple[str, tuple[str, ...]]]]]:
    """The cross-source analysis as (section title, [(line, source ids)]), non-empty sections only."""
    analysis = briefing.analysis
    if analysis is None:
        return []
    sections = [
        (
            "Wire copies",
            [(f"one wire story, {g.shared:.0%} of text in common", g.articles) for g in analysis.wire_copies],
        ),
        (
            "Disagreements",
            [(f"{d.about}: {c.value} — {c.text}", c.sources) for d in analysis.disagreements for c in d.claims],
        ),
        ("Figures reported", [(figure_line(f.about, c), c.sources) for f in shown_figures(analysis) for c in f.claims]),
        ("Only one source says", [(c.text, c.sources) for c in analysis.single_source_claims]),
        ("Timeline", [(f"{e.date} — {e.text}", e.sources) for e in analysis.timeline]),
        (
            "People, places, organisations",
            [
                (f"{e.name} ({e.type}, {mentions(e.mentions)}{_also(e.variants, e.name)})", e.sources)
                for e in analysis.entities[:MAX_ENTITIES]
            ],
        ),
    ]
    return [(title, lines) for title, lines in sections if lines]


def shown_figures(analysis: Analysis) -> list[Figures]:
    """The figure groups human formats show: those with two values or more, which a reader can compare (JSON has
    them all)."""
    return [f for f in analysis.figures if len(f.claims) >= 2]


def figure_line(about: str, claim: Claim) -> str:
    """ "people displaced: 80,000 (reported 2019-12) — The military escalation ..." """
    return f"{about}: {claim.value} ({f'reported {claim.date}' if claim.date else 'date unknown'}) — {claim.text}"


def mentions(count: int) -> str:
    return f"{count} mention{'s' * (count != 1)}"


def _also(variants: tuple[str, ...], name: str) -> str:
    others = [v for v in variants if v != name]
    return f"; also {', '.join(others)}" if others else ""


def independent_note(sentence: SummarySentence) -> str:
    """The note " (2 independent)" when wire copies make fewer independent sources than sources."""
    n = sentence.independent_sources
    return f" ({n} independent)" if n and n < len(sentence.sources) else ""

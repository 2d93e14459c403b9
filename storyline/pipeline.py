"""The briefing pipeline: ingest -> clean -> segment -> select -> attribute (-> compare) -> Briefing."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from storyline import compare
from storyline.attribute import attribute
from storyline.clean import clean_article
from storyline.compare.corroborate import with_independent_sources
from storyline.compare.wire import source_groups, wire_groups
from storyline.ingest import read_inputs
from storyline.ingest.language import ENGLISH
from storyline.models import Analysis, Article, Briefing, Problem, Report, Story, SummarySentence
from storyline.represent import SentenceSpace
from storyline.segment import make_story
from storyline.select import Selector, get_selector
from storyline.select.lead import LeadSelector
from storyline.select.learned import LearnedSelector
from storyline.settings import DEFAULT_METHOD, DEFAULT_WORDS, check_words

log = logging.getLogger(__name__)

# Steps built and measured on English only: the learned selector's trees and word prior come from Multi-News, and
# the analysis reads English number words, dates, names and sentence shapes. A story with text in another language
# gets the steps that read no language: lead sentences, attribution by shared words, wire copies.
ENGLISH_ONLY_METHODS = frozenset({LearnedSelector.name})
NEUTRAL_METHOD = LeadSelector.name
NO_TEXT_LEFT = "no article text left after removing boilerplate"
ENGLISH_ONLY_STEPS = "learned selection, disagreements, timeline, people and places, single-source claims"


MAX_PROBLEMS_KEPT = 100  # problems reported one by one; past them, counted by kind in one more line


class ProblemLog:
    """Problems as they come: the first MAX_PROBLEMS_KEPT kept whole, the rest only counted, so that an input of
    millions of bad records costs no more memory than a hundred."""

    def __init__(self) -> None:
        self.kept: list[Problem] = []
        self.more: Counter[str] = Counter()

    def add(self, problem: Problem) -> None:
        if len(self.kept) < MAX_PROBLEMS_KEPT:
            self.kept.append(problem)
        else:
            self.more[problem.message.split(" (")[0]] += 1

    def problems(self) -> list[Problem]:
        if not self.more:
            return list(self.kept)
        kinds = "; ".join(f"{n:,} {message}" for message, n in self.more.most_common(3))
        others = "; …" if len(self.more) > 3 else ""
        summary = Problem("(more inputs)", f"{sum(self.more.values()):,} more problems ({kinds}{others})")
        return [*self.kept, summary]


def clean_or_problem(article: Article) -> Article | Problem:
    """The cleaned article, or a problem naming it if cleaning fails on something no rule expected (logged with
    its traceback at debug level: `-vv`)."""
    try:
        return clean_article(article)
    except Exception as error:  # one odd article must not stop a run of thousands
        log.debug("cleaning %s failed", article.path or article.id, exc_info=True)
        return Problem(article.path or article.id, f"could not be cleaned ({type(error).__name__})")


def prepare(items: Iterable[Article | Problem]) -> tuple[list[Article], list[Problem]]:
    """Clean articles, give each a unique id, drop exact repeats; pass problems through."""
    articles: list[Article] = []
    log_ = ProblemLog()
    seen_text: dict[str, str] = {}
    used_ids: set[str] = set()
    for item in items:
        cleaned = item if isinstance(item, Problem) else clean_or_problem(item)
        if isinstance(cleaned, Problem):
            log_.add(cleaned)
            continue
        article = cleaned
        if not article.text.strip():
            log_.add(Problem(article.path or article.id, NO_TEXT_LEFT))
            continue
        first = seen_text.get(article.text)
        if first is not None and not article.url:
            log_.add(Problem(article.path or article.id, f"same text as {first}; read once"))
            continue
        seen_text.setdefault(article.text, article.path or article.id)
        article = _unique_id(article, used_ids)
        used_ids.add(article.id)
        articles.append(article)
    return articles, log_.problems()


def _unique_id(article: Article, used: set[str]) -> Article:
    if article.id not in used:
        return article
    number = 2
    while f"{article.id}-{number}" in used:
        number += 1
    return replace(article, id=f"{article.id}-{number}")


def brief_articles(
    articles: list[Article],
    words: int = DEFAULT_WORDS,
    selector: Selector | None = None,
    story_id: str = "",
    analyse: bool = True,
) -> Briefing:
    """Brief cleaned articles as one story; `analyse=False` skips cross-source analysis (e.g. for ROUGE runs)."""
    return brief_story(make_story(articles, story_id), words, selector, analyse)


def brief_story(
    story: Story, words: int = DEFAULT_WORDS, selector: Selector | None = None, analyse: bool = True
) -> Briefing:
    """Brief a segmented story.

    A story with articles in a language other than English is briefed with the language-neutral steps only, and
    the briefing says so in a notice."""
    selector = selector or get_selector(DEFAULT_METHOD)
    others = other_languages(story.articles)
    notices: tuple[str, ...] = ()
    if others:
        if selector.name in ENGLISH_ONLY_METHODS:
            selector = get_selector(NEUTRAL_METHOD)
        notices = (neutral_notice(others, analyse),)
    space = SentenceSpace.of(story)
    chosen = selector.select(story, words, space)
    summary = attribute(story, space, chosen)
    analysis = None
    if analyse and others:
        summary, analysis = _neutral_analysis(story, space, summary)
    elif analyse:
        summary, analysis = compare.analyse(story, space, summary)
    return Briefing(story=story, summary=summary, method=selector.name, words=words, analysis=analysis, notices=notices)


def other_languages(articles: Iterable[Article]) -> list[str]:
    """The languages other than English that some article is in (unknown languages are read as English)."""
    return sorted({a.language for a in articles if a.language and a.language != ENGLISH})


def neutral_notice(languages: list[str], analyse: bool = True) -> str:
    """The one line that says which steps a story with text in `languages` skipped, and why."""
    skipped = ENGLISH_ONLY_STEPS if analyse else ENGLISH_ONLY_STEPS.split(",")[0]
    return (
        f"text in {', '.join(languages)}: briefed with the language-neutral steps only (lead sentences, wire copies);"
        f" skipped {skipped}, which Storyline supports for English only"
    )


def _neutral_analysis(
    story: Story, space: SentenceSpace, summary: list[SummarySentence]
) -> tuple[list[SummarySentence], Analysis]:
    """The part of `compare.analyse` that reads no language: wire copies (shared word sequences) and independent
    source counts."""
    groups = wire_groups(story, space)
    return with_independent_sources(summary, source_groups(story, groups)), Analysis(wire_copies=tuple(groups))


def without_fragments(story: Story) -> tuple[Story, list[Problem]]:
    """The story without articles that hold no full sentence (only headings, fragments or a headline: a page
    whose only text is "Home"), and a problem for each: they can neither be briefed nor cited."""
    told = {sentence.article_id for sentence in story.sentences if not sentence.heading}
    dropped = [article for article in story.articles if article.id not in told]
    if not dropped:
        return story, []
    problems = [no_sentence_problem(a) for a in dropped]
    kept = tuple(a for a in story.articles if a.id in told)
    sentences = tuple(s for s in story.sentences if s.article_id in told)
    return replace(story, articles=kept, sentences=sentences), problems


def no_sentence_problem(article: Article) -> Problem:
    """The problem of an article that holds no full sentence."""
    return Problem(
        article.path or article.id,
        f"no full sentence to brief (only headings or fragments: {_preview(article.text)!r})",
    )


def _preview(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + "…"


def brief(inputs: Iterable[str | Path | Article], words: int = DEFAULT_WORDS, method: str = DEFAULT_METHOD) -> Report:
    """Brief everything in `inputs` (paths, directories, "-", or Article objects) as one story."""
    check_words(words)
    selector = get_selector(method)
    inputs = list(inputs)
    given = [item for item in inputs if isinstance(item, Article)]
    paths = [item for item in inputs if not isinstance(item, Article)]
    articles, problems = prepare([*given, *read_inputs(paths)])
    report = Report(problems=problems)
    if articles:
        story, fragments = without_fragments(make_story(articles))
        report.problems.extend(fragments)
        if story.articles:
            report.stories.append(brief_story(story, words, selector))
    return report

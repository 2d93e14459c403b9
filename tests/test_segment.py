"""Sentence splitting: abbreviations, dates, quotations, headings, datelines and offsets."""

from __future__ import annotations

from pathlib import Path

from builders import make_article

from storyline.ingest import read_inputs
from storyline.pipeline import prepare
from storyline.segment import make_story, segment_article


def texts(text: str) -> list[str]:
    return [s.text for s in segment_article(make_article(text))]


def test_segment_survives_abbreviations_and_dates() -> None:
    result = texts(
        "Syrian forces on Jan. 28 entered the town. The U.S. condemned the attack on Dec. 24, 2019, officials said. "
        "The U.N. warned of a catastrophe."
    )
    assert result == [
        "Syrian forces on Jan. 28 entered the town.",
        "The U.S. condemned the attack on Dec. 24, 2019, officials said.",
        "The U.N. warned of a catastrophe.",
    ]


def test_segment_keeps_quotations_whole() -> None:
    result = texts('He said Washington "condemns these attacks." The army said it had "liberated most districts".')
    assert result == [
        'He said Washington "condemns these attacks."',
        'The army said it had "liberated most districts".',
    ]


def test_segment_ends_re_cased_sentences_that_start_in_lower_case() -> None:
    # Multi-News style: lower-cased, re-capitalised only where its tokeniser saw a sentence start, quotes spaced.
    result = texts(
        'The board found rebranding "futile. " cambridge analytica will close. '
        'She said it. " we are done, " he added. Was it fair? it was not. '
        "They met mr. smith at 5 p.m. on friday vs. the rest of the u.s. army."
    )
    assert result == [
        'The board found rebranding "futile. "',
        "cambridge analytica will close.",
        "She said it.",
        '" we are done, " he added.',
        "Was it fair?",
        "it was not.",
        "They met mr. smith at 5 p.m. on friday vs. the rest of the u.s. army.",
    ]
    # A spaced closing quotation still ends a sentence: it is no heading.
    assert [s.heading for s in segment_article(make_article('He called it "a disgrace to the city. "'))] == [False]


def test_segment_splits_paragraphs_first_and_flags_headings() -> None:
    article = make_article(
        "The army advanced on the town. More people fled\nKey highway\nThe troops pushed on.", title="T"
    )
    sentences = segment_article(article)
    assert [s.text for s in sentences] == [
        "The army advanced on the town.",
        "More people fled",
        "Key highway",
        "The troops pushed on.",
    ]
    assert [s.heading for s in sentences] == [False, True, True, False]


def test_segment_strips_datelines() -> None:
    assert texts("DAMASCUS - Syrian government forces entered a key town.") == [
        "Syrian government forces entered a key town."
    ]
    assert texts("KARVELLE (CPA) - A fire broke out at a grain terminal.") == ["A fire broke out at a grain terminal."]
    assert texts("Damascus, Syria (AP) — Government forces entered a key town.") == [
        "Government forces entered a key town."
    ]
    assert texts("Washington (CNN) The Senate passed the bill late on Tuesday.") == [
        "The Senate passed the bill late on Tuesday."
    ]
    # Ordinary words before a bracket are no dateline.
    assert texts("Officials (some of them) - not all - agreed on Monday.") == [
        "Officials (some of them) - not all - agreed on Monday."
    ]


def test_segment_offsets_point_into_the_article(seeds_dir: Path) -> None:
    articles, _ = prepare(read_inputs([seeds_dir]))
    story = make_story(articles)
    by_id = {a.id: a for a in story.articles}
    assert len(story.sentences) > 50
    for sentence in story.sentences:
        assert by_id[sentence.article_id].text[sentence.start : sentence.end] == sentence.text
    assert len({s.id for s in story.sentences}) == len(story.sentences)

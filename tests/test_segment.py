"""Sentence splitting: abbreviations, dates, quotations, headings, datelines and offsets."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from builders import make_article

from storyline.ingest import read_inputs
from storyline.pipeline import prepare
from storyline.segment import is_recased, make_story, segment_article


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


def test_segment_reads_on_after_times_titles_and_ordinal_dates_in_cased_prose() -> None:
    # Issue 14: pysbd ends sentences at these full stops; cased prose goes on after them.
    assert texts("The fire started at 7 p.m. Tuesday and spread to the sheds. It was out by 6 a.m. Wednesday.") == [
        "The fire started at 7 p.m. Tuesday and spread to the sheds.",
        "It was out by 6 a.m. Wednesday.",
    ]
    assert texts("The attack began at 9 p.m. Eastern Time, according to media reports. It ended at 11 p.m. ET.") == [
        "The attack began at 9 p.m. Eastern Time, according to media reports.",
        "It ended at 11 p.m. ET.",
    ]
    assert texts(
        "It began in 2012 when then-Rep. Smith retired and ex-Gov. Brown ran. Sen. Warren and Dr. Fauci spoke."
    ) == [
        "It began in 2012 when then-Rep. Smith retired and ex-Gov. Brown ran.",
        "Sen. Warren and Dr. Fauci spoke.",
    ]
    assert texts("Die Wahl fand am 17. Februar statt und endete spät. Am 3. März 2020 wurde erneut gewählt.") == [
        "Die Wahl fand am 17. Februar statt und endete spät.",
        "Am 3. März 2020 wurde erneut gewählt.",
    ]
    # A time that does end its sentence still does.
    assert texts("The doors opened at 9 a.m. The show started an hour later at the old town hall.") == [
        "The doors opened at 9 a.m.",
        "The show started an hour later at the old town hall.",
    ]


def test_segment_keeps_abbreviations_initials_and_decimals_of_ordinary_news_prose() -> None:
    result = texts(
        "The U.S. and the U.K. agreed on Jan. 5 to act. The U.N. Security Council met at No. 10 Downing Street. "
        "George W. Bush and J. R. R. Tolkien fans paid $3.5 million. Prices rose 2.5 percent in Sept. The bank "
        'said: "It is over." Then it closed.'
    )
    assert result == [
        "The U.S. and the U.K. agreed on Jan. 5 to act.",
        "The U.N. Security Council met at No. 10 Downing Street.",
        "George W. Bush and J. R. R. Tolkien fans paid $3.5 million.",
        "Prices rose 2.5 percent in Sept.",
        'The bank said: "It is over."',
        "Then it closed.",
    ]


def test_segment_uses_the_article_language_rules() -> None:
    text = "Das war zum 5. Mal so. Dr. Müller sagte, es sei z. B. wichtig. Danach ging es weiter."
    article = make_article(text)
    assert article.language == "de"
    german = [s.text for s in segment_article(article)]
    english = [s.text for s in segment_article(replace(article, language="en"))]
    assert german == ["Das war zum 5. Mal so.", "Dr. Müller sagte, es sei z. B. wichtig.", "Danach ging es weiter."]
    assert english != german  # English rules end a sentence at "5." and at "z. B."


def test_re_cased_rules_apply_only_to_re_cased_articles() -> None:
    recased = (
        "officials said the u.s. army left at noon. the mayor said it was over. it was quiet at dawn on the coast."
    )
    cased = "Officials in Paris said the army left at noon. E. coli spread in Lyon. iPhone sales fell in France."
    assert is_recased(recased) and not is_recased(cased)
    assert texts(recased) == [
        "officials said the u.s. army left at noon.",
        "the mayor said it was over.",
        "it was quiet at dawn on the coast.",
    ]
    # In cased prose a full stop before a lower-case word is an abbreviation ("E. coli"), not an end.
    assert texts(cased) == [
        "Officials in Paris said the army left at noon.",
        "E. coli spread in Lyon.",
        "iPhone sales fell in France.",
    ]


def test_a_cased_sentence_starting_in_lower_case_is_a_fragment() -> None:
    article = make_article(
        "Kate Henshaw took\nto her Instagram page to share new photos.\niPhone sales fell in May.", title="Photos"
    )
    assert [(s.text, s.heading) for s in segment_article(article)] == [
        ("Kate Henshaw took", True),
        ("to her Instagram page to share new photos.", True),
        ("iPhone sales fell in May.", False),
    ]

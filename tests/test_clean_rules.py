"""Cleaning rules, one kind of boilerplate at a time."""

from __future__ import annotations

import pytest

from storyline.clean import boilerplate_reason, clean_text, date_only


@pytest.mark.parametrize(
    "line",
    [
        "Accessibility links",
        "Skip to main content",
        "Breaking News",
        "Advertisement",
        "Share on Facebook",
        "Share this article",
        "Follow us on Twitter and Instagram to stay connected",
        "Subscribe to our newsletter",
        "Sign up for the morning briefing",
        "3 min read",
        "5-minute read",
        "Read more: the background to the crisis",
        "© 2024 Example Media. All rights reserved.",
        "Photo: A man walks past the ruins",
        "Image caption: Firefighters at the scene",
        "Reporting by Jane Doe; editing by John Roe",
        "By Mara Lindqvist",
        "28 January, 2020",
        "January 29, 2020 Updated: January 29, 2020",
        "Tue 28 Jan 2020 10.41 GMT",
        "Thousands fled north as forces entered the town [Getty]",
        "Trucks carry belongings on Dec. 24, 2019. (Mahmoud Hassano/File Photo/Reuters)",
        "An aerial photo shows displaced people driving north. (AFP Photo)",
        "A deserted square is pictured in the town, Dec. 24, 2019.",
    ],
)
def test_clean_boilerplate_lines_are_recognised(line: str) -> None:
    assert boilerplate_reason(line, "") != ""


@pytest.mark.parametrize(
    "line",
    [
        "Syrian government forces Tuesday entered a key rebel-held town.",
        "By Tuesday night, more than 160 firefighters had been called to the harbour to fight the fire.",
        "Share prices fell 3 percent on Monday after the announcement.",
        "The photo agency said it would appeal the ruling in court next week.",
        "Center of contention",
        "In September 2018, Moscow and Ankara reached an agreement.",
        "Follow-up talks are planned in Geneva next month, officials said.",
        "The suspect was seen at a petrol station on Friday night.",
        "He is seen as the front-runner in the race.",
    ],
)
def test_clean_content_lines_are_kept(line: str) -> None:
    assert boilerplate_reason(line, "") == ""


def test_clean_date_only_lines() -> None:
    assert date_only("January 29, 2020")
    assert date_only("Updated: 12/03/2021 14:05 GMT")
    assert not date_only("On January 29, 2020 the army entered the town.")
    assert not date_only("Key highway")


def test_clean_removes_repeated_title_and_repeated_lines() -> None:
    text = (
        "The Title\n\nFirst paragraph says something.\nA caption line\nA caption line\nFirst paragraph says something."
    )
    cleaned = clean_text(text, title="The Title")
    assert cleaned.text == "First paragraph says something."
    reasons = [reason for _, reason in cleaned.removed]
    assert reasons.count("repeated line") == 3 and "title repeated" in reasons


def test_clean_normalises_whitespace_and_keeps_order() -> None:
    cleaned = clean_text("  One\u00a0two   three.  \r\n\r\nFour five six.\n")
    assert cleaned.text == "One two three.\n\nFour five six."


def test_clean_keeps_a_date_found_on_a_dateline() -> None:
    assert str(clean_text("28 January, 2020\nThe forces entered the town.").date) == "2020-01-28"


def test_clean_long_paragraph_loses_only_its_caption_sentences() -> None:
    # Plain-text exports run a caption into the story: the paragraph stays, the caption goes.
    story = " ".join(f"Officials said the inquiry into the fire at pier {k} would report next month." for k in range(8))
    cleaned = clean_text(f"A russian fighter jet is shown in this file photo. {story}")
    assert cleaned.text == story
    assert [reason for _, reason in cleaned.removed] == ["photo caption"]
    # A caption-sized line is still removed whole.
    assert clean_text("A deserted square is pictured in the town, Dec. 24, 2019.").text == ""


def test_clean_long_caption_is_removed_whole_and_noted_once() -> None:
    caption = "A deserted square is pictured in the town, Dec. 24, 2019, " + "as forces advance " * 25 + "on it."
    cleaned = clean_text(f"{caption}\nThe army entered the town on Tuesday.")
    assert cleaned.text == "The army entered the town on Tuesday."
    assert cleaned.removed == ((caption, "photo caption"),)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Our Standards: The Thomson Reuters Trust Principles.", "publisher's standards line"),
        ("Show all 50", "page control"),
        ("This article originally appeared on VICE US.", "syndication note"),
        ("Originally published on Live Science.", "syndication note"),
        ("HOPE AND LOSS: Your coronavirus stories", "link to another article"),
        ("Related: Dock strike ends", "link to another article"),
        ("Thanks for signing up!", "newsletter or promotion"),
        ("Sorry! There was an error processing your subscription.", "newsletter or promotion"),
        ("Pick Six Newsletter", "newsletter or promotion"),
        ("Image: Getty Images", "site furniture"),
        ("Photo by Alex Wong/Getty Images", "image credit"),
    ],
)
def test_publishers_lines_about_the_article_are_removed_with_their_reason(line: str, reason: str) -> None:
    assert boilerplate_reason(line, "") == reason


@pytest.mark.parametrize(
    "line",
    [
        "FBI: The suspect fled the scene at 9 p.m. on Tuesday.",  # a full sentence after an agency's name
        "The show will see more fans next year, organisers said.",
        "Show business has changed since the strike, she said.",
        "Readers can sign up to volunteer at the harbour on Saturday.",
    ],
)
def test_prose_that_looks_like_a_publishers_line_is_kept(line: str) -> None:
    assert boilerplate_reason(line, "") == ""

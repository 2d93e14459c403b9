"""Cleaning rules on the five real seed articles: which lines must go and which must stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.clean import clean_article, normalise_line
from storyline.ingest import read_path
from storyline.models import Article

# file -> (title, lines that must go (prefixes), lines that must stay (prefixes))
EXPECTED: dict[str, tuple[str, list[str], list[str]]] = {
    "000_c3d4dcb05a5fa5e3.txt": (
        "Regime forces enter key rebel-held town south of Idlib",
        [
            "Regime forces enter key rebel-held town south of Idlib",
            "An aerial photo shows displaced Syrians driving through Hazano",
        ],
        [
            "Syrian regime forces on Jan. 28 entered a key rebel-held town",
            "Turkey already hosts more than 3.6 million Syrian refugees",
            "The Syrian regime’s forces on Dec. 23, 2019, surrounded one of 12 Turkish observation posts",
            "The 150-member committee met in Geneva in October",
        ],
    ),
    "001_4220d8b55f071b43.txt": (
        "Syrian regime forces enter Maaret al-Numan as thousands flee airstrikes",
        [
            "Syrian regime forces enter Maaret al-Numan as thousands flee airstrikes",
            "3 min read",
            "28 January, 2020",
            "Thousands continued to flee further north as regime forces entered Maaret al-Numan [Getty]",
            "Follow us on Twitter and Instagram to stay connected",
        ],
        [
            "Syrian regime forces have entered a key rebel-held town in Syria's northwest",
            "Syrian government forces Tuesday entered a key rebel-held town",
            "The pro-government Sham FM reported",
            "The violence came as the UN special envoy for Syria, Geir Pedersen",
        ],
    ),
    "002_012487606c1d8d77.txt": (
        "Syrian troops enter key rebel-held town amid bombardment",
        ["Syrian troops enter key rebel-held town amid bombardment"],
        [
            "Thousands displaced in northern Idlib province as regime targets Maaret al-Numan",
            "DAMASCUS - Syrian government forces Tuesday entered a key rebel-held town",
            "The government offensive in Idlib province has led to the displacement of hundreds of thousands of",
            "Most were fleeing Saraqeb and the Jabal al-Zawiya region.",
            "As the violence raged, the UN special envoy for Syria",
        ],
    ),
    "003_92b6e176e30ddab2.txt": (
        "Syrian Troops Close In on Strategic Idlib Town",
        [
            "Accessibility links",
            "Breaking News",
            "Syrian Troops Close In on Strategic Idlib Town",
            "A deserted square is pictured in Maaret al-Numan",
        ],
        [
            "Syrian government troops, supported by Russian warplanes, have advanced on a rebel-held town",
            "Center of contention",
            "Key highway",
            "The military escalation has caused dozens of civilian casualties and displaced 80,000 Syrians",
            "But local groups, including the Syrian Observatory, estimated",
        ],
    ),
    "004_4e6930046677a3d5.txt": (
        "Syrian Government Forces Gain Control of Second Largest Town in Idlib",
        [
            "January 29, 2020 Updated: January 29, 2020",
            "Maarat al-Numan Idlib",
            "Trucks carry belongings of people fleeing from Maarat al-Numan",
        ],
        [
            "Syrian government forces entered a key town south of Idlib city on Jan. 28",
            "Maarat al-Numan is the second largest town in Idlib province",
            "Turkey already hosts more than 3.5 million Syrian refugees",
            "“These forces reportedly are conducting indiscriminate aerial bombardment",
            "However, more than 1,300 civilians were killed in airstrikes",
        ],
    ),
}


def cleaned(seeds_dir: Path, name: str) -> Article:
    (article,) = list(read_path(seeds_dir / name))
    assert isinstance(article, Article)
    return clean_article(article)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_clean_seed_title(seeds_dir: Path, name: str) -> None:
    assert cleaned(seeds_dir, name).title == EXPECTED[name][0]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_clean_seed_removes_boilerplate(seeds_dir: Path, name: str) -> None:
    lines = cleaned(seeds_dir, name).text.split("\n\n")
    for gone in EXPECTED[name][1]:
        assert not any(line.startswith(gone) for line in lines), f"{gone!r} should have been removed"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_clean_seed_keeps_paragraphs(seeds_dir: Path, name: str) -> None:
    lines = cleaned(seeds_dir, name).text.split("\n\n")
    for kept in EXPECTED[name][2]:
        assert sum(line.startswith(kept) for line in lines) == 1, f"{kept!r} should be kept exactly once"


def test_clean_seed_keeps_every_real_paragraph(seeds_dir: Path) -> None:
    """Apart from the listed boilerplate, every line of every seed survives, once."""
    for name, (title, gone, _) in EXPECTED.items():
        raw_lines = {normalise_line(line) for line in (seeds_dir / name).read_text().splitlines() if line.strip()}
        text = cleaned(seeds_dir, name).text
        for line in raw_lines:
            if line == title or any(line.startswith(normalise_line(g)) for g in gone):
                continue
            assert line in text, f"{name}: paragraph lost: {line[:60]!r}"


def test_clean_seed_dates_from_datelines(seeds_dir: Path) -> None:
    assert str(cleaned(seeds_dir, "001_4220d8b55f071b43.txt").date) == "2020-01-28"
    assert str(cleaned(seeds_dir, "004_4e6930046677a3d5.txt").date) == "2020-01-29"
    assert cleaned(seeds_dir, "000_c3d4dcb05a5fa5e3.txt").date is None

"""Wire copies: reprints of one agency story group together; a shared quotation does not."""

from __future__ import annotations

import random

from builders import make_test_story

import storyline
from storyline.compare.corroborate import independent_count
from storyline.compare.wire import EXACT_PAIRS, SHINGLE, shingle_sets, source_groups, wire_groups

WIRE = (
    "A large fire broke out at a grain terminal in the port on Tuesday evening, and about 1,200 people living near "
    "the harbour were evacuated, local authorities said. Firefighters battled the blaze at the terminal through the "
    "night and brought it under control early on Wednesday, the fire service said. Fourteen firefighters were "
    "treated for smoke inhalation. The terminal is operated by a grain cooperative. The cause of the fire was not "
    "immediately known. Shipping in the inner harbour was suspended and would not resume before Monday."
)
QUOTE = '"We left with our coats and nothing else, and we do not know when we can go back home," she said.'


def test_wire_groups_reprints_and_measures_shared_text() -> None:
    story = make_test_story(
        WIRE,
        WIRE + " Grain traders said barges were being redirected to the river port while the harbour stays closed.",
        "The city council met on Thursday to discuss the budget for schools, roads and the new library building "
        "that has been delayed for two years because of rising costs and a shortage of builders in the region.",
    )
    (group,) = wire_groups(story)
    assert group.articles == ("art1", "art2")
    assert 0.9 < group.shared <= 1.0


def test_wire_a_shared_quotation_is_not_a_wire_copy() -> None:
    story = make_test_story(
        "Families slept in two schools that the city opened as shelters. " + QUOTE + " The mayor visited them.",
        "The fire service said the blaze was out by morning. " + QUOTE + " Inspectors will visit the site.",
    )
    assert wire_groups(story) == []


def test_wire_independent_sources_count_a_group_once(seeds_dir) -> None:
    (briefing,) = storyline.brief([seeds_dir]).stories
    (group,) = briefing.analysis.wire_copies
    paths = [briefing.story.article(a).path.rsplit("/", 1)[-1][:3] for a in group.articles]
    assert paths == ["000", "001", "002"]
    independent = source_groups(briefing.story, [group])
    assert independent_count([a.id for a in briefing.story.articles], independent) == 3
    for sentence in briefing.summary:
        assert sentence.independent_sources == independent_count(sentence.sources, independent)


def test_wire_finds_a_short_reprint_inside_a_long_article() -> None:
    """The reprint is a small part of the long article (text Jaccard about 0.03): every pair of a small story is
    compared exactly, so it is found whatever the hashing would have proposed."""
    rng = random.Random(7)
    filler = " ".join(f"w{rng.randrange(10_000)}" + ("." if k % 12 == 11 else "") for k in range(1500))
    story = make_test_story(WIRE, filler + " " + WIRE + " " + filler[::-1])
    (group,) = wire_groups(story)
    assert group.articles == ("art1", "art2")
    assert group.shared > 0.9


def test_wire_large_story_still_finds_reprints() -> None:
    """Beyond EXACT_PAIRS articles the candidates come from MinHash LSH; a plain reprint is still found."""
    rng = random.Random(3)
    others = [" ".join(f"w{rng.randrange(100_000)}" for _ in range(120)) + "." for _ in range(EXACT_PAIRS)]
    story = make_test_story(WIRE, *others, WIRE + " Shipping resumed on Monday.")
    (group,) = wire_groups(story)
    assert group.articles == ("art1", f"art{EXACT_PAIRS + 2}")


def test_shingle_numbers_match_shingles_of_words() -> None:
    rng = random.Random(3)
    vocabulary = ["fire", "port", "grain", "the", "a", "said", "on", "night"]
    tokens = {f"a{k}": [rng.choice(vocabulary) for _ in range(rng.randint(0, 60))] for k in range(6)}
    numbered = shingle_sets(tokens)
    runs = {key: set(zip(*(found[i:] for i in range(SHINGLE)), strict=False)) for key, found in tokens.items()}
    for a in tokens:
        assert len(numbered[a]) == len(runs[a])
        for b in tokens:
            assert len(numbered[a] & numbered[b]) == len(runs[a] & runs[b])

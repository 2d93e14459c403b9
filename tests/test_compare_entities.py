"""Entities: found by rule, typed with the gazetteer, merged across spellings, acronyms and short forms."""

from __future__ import annotations

import pytest
from builders import make_test_story

import storyline
from storyline.compare import tagger
from storyline.compare.entities import candidates, entities
from storyline.compare.names import acronym_of, as_acronym, fold, skeleton


def test_names_keys_make_variants_meet() -> None:
    assert skeleton("Maaret al-Numan") == skeleton("Maarat al-Numan") == skeleton("Maarrat al-Numan")
    assert skeleton("Rami Abdul Rahman") == skeleton("Rami Abdulrahman")
    assert fold("The Syrian Observatory") == "syrian observatory"
    assert acronym_of("Syrian Observatory for Human Rights") == "SOHR"
    assert acronym_of("Hayat Tahrir al-Sham") == "HTS"
    assert as_acronym("U.N.") == as_acronym("UN") == "UN"
    assert as_acronym("Idlib") == ""


def test_entities_candidates_split_titles_and_skip_adjectives() -> None:
    found = candidates("On Jan. 27, U.S. Secretary of State Mike Pompeo said Syrian forces must stop.")
    assert [(name, cue) for name, _, cue in found] == [("U.S.", ""), ("Mike Pompeo", "person")]


def test_entities_merge_short_forms_and_acronyms() -> None:
    story = make_test_story(
        "The Syrian Observatory for Human Rights said 20 people died, and President Bashar al-Assad spoke.",
        "The United Nations warned of a catastrophe, the Observatory said, as Assad's forces advanced.",
        "The U.N. envoy met officials, and SOHR said fighting went on.",
    )
    found = {e.name: e for e in entities(story)}
    assert set(found["Syrian Observatory for Human Rights"].variants) == {
        "Syrian Observatory for Human Rights",
        "Observatory",
        "SOHR",
    }
    assert found["Syrian Observatory for Human Rights"].type == "organization"
    assert set(found["United Nations"].variants) == {"United Nations", "U.N."}
    assert found["Bashar al-Assad"].type == "person"
    assert found["Bashar al-Assad"].mentions == 2
    assert found["Bashar al-Assad"].sources == ("art1", "art2")


def test_entities_sentence_starts_are_not_names() -> None:
    story = make_test_story("Thousands fled the town. Earlier, troops entered it from the south.")
    assert entities(story) == []


def test_entities_seeds_town_is_one_place_and_aleppo_a_place(seeds_dir) -> None:
    (briefing,) = storyline.brief([seeds_dir]).stories
    by_variant = {v: e for e in briefing.analysis.entities for v in e.variants}
    town = by_variant["Maaret al-Numan"]
    assert town is by_variant["Maarat al-Numan"]
    assert town.type == "place"
    assert len(town.sources) == 5
    assert by_variant["Aleppo"].type == "place"
    assert by_variant["UN"] is by_variant["U.N."] is by_variant["United Nations"]
    assert by_variant["Pompeo"] is by_variant["Mike Pompeo"]
    assert by_variant["Mike Pompeo"].type == "person"


needs_tagger = pytest.mark.skipif(tagger.load() is None, reason="spaCy's model (the nlp extra) is not installed")


@pytest.fixture
def rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tagger, "load", lambda: None)


def test_entities_rules_alone_without_the_nlp_extra(rules_only: None) -> None:
    story = make_test_story(
        "The Syrian Observatory for Human Rights said 20 people died, and President Bashar al-Assad spoke.",
        "The United Nations warned of a catastrophe, the Observatory said, as Assad's forces advanced.",
    )
    found = {e.name: e for e in entities(story)}
    assert found["Bashar al-Assad"].type == "person"
    assert set(found["Syrian Observatory for Human Rights"].variants) == {
        "Syrian Observatory for Human Rights",
        "Observatory",
    }


@needs_tagger
def test_entities_tagged_names_are_names_typed_as_news_reads_them() -> None:
    # The errors on real pages: "Meghan" missing; "I'd (person)", "H (place)", "Taking Archie (person)".
    story = make_test_story(
        "Meghan and Prince Harry will spend the holidays in Canada, Buckingham Palace said on Monday.\n\n"
        '"I\'d like to thank everyone," Meghan said. Taking Archie to Canada was their choice, the couple said.\n\n'
        "Manchester United beat Tottenham, and Microsoft reported strong earnings.\n\n"
        "HONOLULU, Hawaii (AP) — Officials in Maaret al-Numan and Aleppo said Mayor Ilse Varga had left."
    )
    found = {v: e.type for e in entities(story) for v in e.variants}
    assert found["Meghan"] == "person"
    assert found["Canada"] == "place"
    assert found["Manchester United"] == "organization"
    assert found.get("Microsoft", "organization") == "organization"  # never a place; named once, unconfirmed
    assert found["Honolulu"] == "place"  # a dateline names a place
    assert found["Aleppo"] == "place"  # tagged a nationality, a place by GeoNames
    assert found["Ilse Varga"] == "person"  # a title before the name
    assert not {"I'd", "H", "Taking Archie"} & set(found)


@needs_tagger
def test_entities_a_name_the_tagger_saw_once_needs_a_second_reading() -> None:
    story = make_test_story(
        "Boudreau praised the Wild after the win, and Suter agreed with Boudreau.\n\n"
        "Later, Stalock said the team played well in Buffalo."
    )
    found = {v: e.type for e in entities(story) for v in e.variants}
    assert found["Boudreau"] == "person"  # recurs
    assert found["Buffalo"] == "place"  # a place cue and GeoNames agree
    assert "Stalock" not in found and "Suter" not in found  # once, and nothing but the tagger says person


def test_entities_render_one_mention_in_the_singular() -> None:
    from storyline.render.common import mentions

    assert mentions(1) == "1 mention"
    assert mentions(2) == "2 mentions"


def test_the_shipped_place_index_answers_without_building_anything() -> None:
    from storyline.compare import gazetteer

    assert (gazetteer.population("Aleppo") or 0) > 1_000_000
    assert gazetteer.population("Maaret al-Numan", fuzzy=True) is not None  # GeoNames spells it another way
    assert gazetteer.population("Maaret al-Numan") is None  # only the skeleton matches
    assert gazetteer.population("Microsoft") is None and gazetteer.population("") is None

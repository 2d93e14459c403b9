"""The story store: read API, de-duplication, ids, cached briefs per story version, bad files."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.errors import InputError
from storyline.ingest import read_inputs
from storyline.models import Article
from storyline.render.json import briefing_dict
from storyline.service import ingest
from storyline.store import Store, brief_story

QUAKE = (
    "A magnitude 6.1 earthquake struck the coastal city of Arlen on Monday, collapsing buildings.\n\n"
    "Rescuers pulled survivors from the rubble of the collapsed buildings as aftershocks shook Arlen."
)
QUAKE_2 = (
    "Rescuers in Arlen searched the rubble of collapsed buildings after Monday's magnitude 6.1 earthquake.\n\n"
    "Aftershocks continued to shake the coastal city, officials said."
)
VOTE = (
    "Voters in Dresvik elected a new parliament on Sunday, handing the coalition a narrow majority.\n\n"
    "Turnout was the highest in twenty years, the electoral commission said of the parliament vote."
)


def article(id: str, text: str, **fields) -> Article:
    return Article(id=id, text=text, **fields)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "stories.db") as store:
        yield store


def test_read_api_lists_stories_with_their_articles(store):
    count = ingest(
        store,
        [
            article("q1", QUAKE, title="Quake hits Arlen", source="Wire", date=date(2024, 5, 6)),
            article("v1", VOTE, title="Dresvik votes", source="Daily", date=date(2024, 5, 5)),
            article("q2", QUAKE_2, source="Herald", date=date(2024, 5, 7)),
        ],
    )
    assert (count.new, count.new_stories, store.count_stories(), store.count_articles()) == (3, 2, 2, 3)
    quake_id = store.article_story("q1")
    assert store.article_story("q2") == quake_id != store.article_story("v1")
    listed = store.list_stories()
    assert [s.id for s in listed] == [quake_id, store.article_story("v1")]  # most recently updated first
    quake = store.get_story(quake_id, with_articles=True)
    assert (quake.title, quake.size, quake.outlets) == ("Quake hits Arlen", 2, 2)
    assert (quake.first_date, quake.last_date, quake.article_ids) == (date(2024, 5, 6), date(2024, 5, 7), ("q1", "q2"))
    assert [a.id for a in store.story_articles(quake_id)] == ["q1", "q2"]
    assert store.get_article("q2").text == QUAKE_2
    assert store.get_article("nope") is None and store.get_story("nope") is None
    assert [s.title for s in store.list_stories(query="dresvik")] == ["Dresvik votes"]
    assert store.count_stories("quake arlen") == 1 and store.count_stories("absent") == 0
    assert store.list_stories(limit=1, offset=1)[0].title == "Dresvik votes"
    assert store.integrity() == "ok"


def test_same_url_or_same_text_is_stored_once(store):
    first = ingest(store, [article("a", QUAKE, url="https://x.example/quake"), article("b", VOTE)])
    again = ingest(
        store,
        [
            article("c", QUAKE_2, url="https://x.example/quake"),  # same URL, other text
            article("d", "  " + VOTE.replace("\n\n", "\n") + "  "),  # same text once cleaned
            article("e", QUAKE_2),
        ],
    )
    assert (first.new, again.new, again.duplicates) == (2, 1, 2)
    assert sorted(a for a, _ in store.assignments()) == ["a", "b", "e"]


def test_reingesting_the_same_inputs_is_harmless(store, seeds_dir):
    first = ingest(store, read_inputs([seeds_dir]))
    stories = store.count_stories()
    again = ingest(store, read_inputs([seeds_dir]))
    assert first.new == 5 and (again.new, again.duplicates) == (0, 5)
    assert store.count_articles() == 5 and store.count_stories() == stories


def test_record_ids_are_kept_and_a_clash_gets_a_suffix(store):
    ingest(store, [article("wire-1", QUAKE), article("wire-1", VOTE)])
    assert store.get_article("wire-1").text == QUAKE
    assert store.get_article("wire-1-2").text == VOTE


def test_articles_without_text_after_cleaning_are_rejected_with_a_reason(store):
    problems = []
    count = ingest(
        store, [article("x", "Advertisement\n\nShare this article"), article("q", QUAKE)], on_problem=problems.append
    )
    assert count.new == 1 and sum(count.rejected.values()) == 1
    assert problems[0].path == "x" and "no article text" in problems[0].message


def test_a_cached_brief_is_reused_until_its_story_changes(store):
    ingest(store, [article("q1", QUAKE, title="Quake hits Arlen")])
    story_id = store.article_story("q1")
    assert store.cached_brief(story_id, 60, "coverage") is None
    fresh = briefing_dict(brief_story(store, story_id, 60, "coverage"))
    assert store.cached_brief(story_id, 60, "coverage") == fresh
    assert store.cached_brief(story_id, 80, "coverage") is None  # another budget is another brief
    count = ingest(store, [article("q2", QUAKE_2)])
    assert (count.new_stories, count.updated_stories) == (0, 1)
    assert store.article_story("q2") == story_id and store.get_story(story_id).version == 2
    assert store.cached_brief(story_id, 60, "coverage") is None
    assert len(briefing_dict(brief_story(store, story_id, 60, "coverage"))["articles"]) == 2


def test_a_file_that_is_not_a_store_is_a_clear_error(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are not the droids\n" * 100)
    with pytest.raises(InputError, match=r"notes\.db: cannot open as a Storyline store"):
        Store(bogus)
    with pytest.raises(InputError, match="no such store"):
        Store(tmp_path / "absent.db", create=False)

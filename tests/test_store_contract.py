"""One contract every story store passes (SQLite always; PostgreSQL when a server is given in
STORYLINE_TEST_PG): reading, de-duplication, ids, source groups, ranking and filters, full-text
search, merges and aliases, the versioned brief cache, one writer at a time."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime

import pytest
from stores import store_locations

from storyline.models import Article
from storyline.service import find_story, ingest, list_stories, stored_briefing
from storyline.store import Batch, BriefKey, StoredArticle, StoryQuery, StoryUpdate, open_store, text_hash

QUAKE = (
    "A magnitude 6.1 earthquake struck the coastal city of Arlen on Monday, collapsing buildings.\n\n"
    "Rescuers pulled survivors from the rubble of the collapsed buildings as aftershocks shook Arlen."
)
QUAKE_2 = (
    "Rescuers in Arlen searched the rubble of collapsed buildings after Monday's magnitude 6.1 earthquake.\n\n"
    "Aftershocks continued to shake the coastal city, officials said."
)
QUAKE_3 = (
    "The death toll from the magnitude 6.1 earthquake in Arlen rose on Tuesday as rescuers reached collapsed "
    "buildings.\n\nAftershocks kept survivors of the Arlen earthquake out of their homes, officials said."
)
VOTE = (
    "Voters in Dresvik elected a new parliament on Sunday, handing the coalition a narrow majority.\n\n"
    "Turnout was the highest in twenty years, the electoral commission said of the parliament vote."
)


def article(id: str, text: str, **fields) -> Article:
    return Article(id=id, text=text, **fields)


@pytest.fixture(params=store_locations())
def location(request, tmp_path) -> str:
    return request.param(tmp_path)


@pytest.fixture
def store(location):
    store = open_store(location)
    yield store
    store.close()


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
    assert [s.id for s in store.list_stories(StoryQuery(order="recent"))] == [quake_id, store.article_story("v1")]
    quake = store.get_story(quake_id, with_articles=True)
    assert (quake.title, quake.size, quake.outlets, quake.outlet_count) == (
        "Quake hits Arlen",
        2,
        ("Herald", "Wire"),
        2,
    )
    assert (quake.first_date, quake.last_date, quake.article_ids) == (date(2024, 5, 6), date(2024, 5, 7), ("q1", "q2"))
    assert quake.independent_sources == 2 and quake.lede.startswith("A magnitude 6.1 earthquake struck")
    assert [a.id for a in store.story_articles(quake_id)] == ["q1", "q2"]
    assert store.get_article("q2").text == QUAKE_2
    assert store.get_article("nope") is None and store.get_story("nope") is None
    assert store.count_stories(StoryQuery(order="oldest")) == 2
    assert store.list_stories(StoryQuery(order="recent", limit=1, offset=1))[0].title == "Dresvik votes"
    assert store.check() == "ok"


def test_times_of_day_and_languages_are_kept(store):
    moment = datetime(2014, 3, 10, 16, 52, 50, tzinfo=UTC)
    ingest(store, [article("t1", QUAKE, date=moment.date(), published_at=moment, language="en")])
    kept = store.get_article("t1")
    assert (kept.published_at, kept.date, kept.language) == (moment, moment.date(), "en")


def test_same_url_or_same_text_from_the_same_outlet_is_stored_once(store):
    first = ingest(store, [article("a", QUAKE, url="https://x.example/quake"), article("b", VOTE)])
    again = ingest(
        store,
        [
            article("c", QUAKE_2, url="https://x.example/quake"),  # same URL, other text
            article("d", "  " + VOTE.replace("\n\n", "\n") + "  "),  # same text once cleaned, same (no) outlet
            article("e", QUAKE_2),
        ],
    )
    assert (first.new, again.new, again.duplicates) == (2, 1, 2)
    assert sorted(a for a, _ in store.assignments()) == ["a", "b", "e"]


def test_wire_copies_from_other_outlets_are_kept_and_count_once(store):
    count = ingest(
        store,
        [
            article("ap", QUAKE, source="AP", url="https://ap.example/q"),
            article("yahoo", QUAKE, source="Yahoo", url="https://yahoo.example/q"),  # the AP text, reprinted
            article("herald", QUAKE_2, source="Herald", url="https://herald.example/q"),
            article("herald-2", QUAKE_3, source="Herald", url="https://herald.example/q2"),  # same outlet again
        ],
    )
    assert count.new == 4 and count.new_stories == 1
    (story,) = store.list_stories()
    assert (story.size, story.outlet_count, story.independent_sources) == (4, 3, 2)


def test_headline_only_items_are_stored_and_counted(store):
    headline = "Fed official says weak data caused by weather, should not slow taper"
    count = ingest(store, [article("h1", headline, title=headline, source="Times")])
    assert count.new == count.headline_only == 1 and "(1 headline only)" in count.line()
    assert store.get_article("h1").text == headline


def test_record_ids_are_kept_and_a_clash_gets_a_suffix(store):
    ingest(store, [article("wire-1", QUAKE), article("wire-1", VOTE)])
    ingest(store, [article("wire-1", QUAKE_3)])
    assert store.get_article("wire-1").text == QUAKE
    assert store.get_article("wire-1-2").text == VOTE
    assert store.get_article("wire-1-3").text == QUAKE_3


def test_articles_without_text_after_cleaning_are_rejected_with_a_reason(store):
    problems = []
    count = ingest(
        store, [article("x", "Advertisement\n\nShare this article"), article("q", QUAKE)], on_problem=problems.append
    )
    assert count.new == 1 and sum(count.rejected.values()) == 1
    assert problems[0].path == "x" and "no article text" in problems[0].message


def _ranked(store) -> list[str]:
    return [s.title for s in store.list_stories(StoryQuery(order="top"))]


def test_top_stories_rank_independent_coverage_then_recency(store):
    day = date(2024, 5, 6)
    ingest(
        store,
        [
            article("q1", QUAKE, title="Quake", source="Wire", date=day),
            article("q2", QUAKE_2, source="Herald", date=day),
            article("v1", VOTE, title="Vote", source="Daily", date=day),
        ],
    )
    assert _ranked(store) == ["Quake", "Vote"]  # same age: more independent sources first


def test_a_newer_story_with_the_same_coverage_ranks_higher(store):
    ingest(
        store,
        [
            article("v1", VOTE, title="Old vote", source="Daily", date=date(2024, 5, 1)),
            article("q1", QUAKE, title="New quake", source="Wire", date=date(2024, 5, 6)),
        ],
    )
    assert _ranked(store) == ["New quake", "Old vote"]


def test_wire_copies_do_not_rank_a_story_above_independent_coverage(store):
    day = date(2024, 5, 6)
    ingest(
        store,
        [
            article("q1", QUAKE, title="Quake", source="AP", date=day, url="https://a.example/1"),
            article("q2", QUAKE, source="Yahoo", date=day, url="https://b.example/1"),
            article("q3", QUAKE, source="MSN", date=day, url="https://c.example/1"),
            article("v1", VOTE, title="Vote", source="Daily", date=day),
            article("v2", VOTE.replace("Sunday", "Sunday night"), source="Courier", date=day),
        ],
    )
    by_title = {s.title: s for s in store.list_stories()}
    assert (by_title["Quake"].size, by_title["Quake"].independent_sources) == (3, 1)
    assert by_title["Vote"].independent_sources == 2
    assert _ranked(store) == ["Vote", "Quake"]


def test_filters_by_date_outlet_and_sources(store):
    ingest(
        store,
        [
            article("q1", QUAKE, title="Quake", source="Wire", date=date(2024, 5, 6)),
            article("q2", QUAKE_2, source="Herald", date=date(2024, 5, 7)),
            article("v1", VOTE, title="Vote", source="Daily", date=date(2024, 4, 1)),
        ],
    )

    def titles(**filters) -> list[str]:
        query = StoryQuery(**filters)
        found = [s.title for s in store.list_stories(query)]
        assert store.count_stories(query) == len(found)
        return found

    assert titles(since=date(2024, 5, 1)) == ["Quake"]
    assert titles(until=date(2024, 4, 30)) == ["Vote"]
    assert titles(outlet="Herald") == ["Quake"] and titles(outlet="Nobody") == []
    assert titles(min_sources=2) == ["Quake"]
    assert store.outlets() == [("Daily", 1), ("Herald", 1), ("Wire", 1)]


def test_full_text_search_finds_stories_by_their_text_not_only_titles(store):
    ingest(
        store,
        [
            article("q1", QUAKE, title="Disaster on the coast", source="Wire"),
            article("v1", VOTE, title="Sunday's results", source="Daily"),
        ],
    )
    found, total = list_stories(store, StoryQuery(text="rubble survivors"))
    assert total == 1 and [s.title for s in found] == ["Disaster on the coast"]
    assert "rubble" in found[0].matched.lower()
    assert [s.title for s in list_stories(store, StoryQuery(text="coalition"))[0]] == ["Sunday's results"]
    assert list_stories(store, StoryQuery(text='" OR ( NEAR * "'))[1] == 0  # search syntax in input is plain text
    assert list_stories(store, StoryQuery(text="elephants"))[1] == 0


def test_a_merged_story_id_resolves_to_the_survivor(store):
    ingest(store, [article("q1", QUAKE, title="Quake", source="Wire"), article("v1", VOTE, title="Vote")])
    quake, vote = store.article_story("q1"), store.article_story("v1")
    state = {s.id: s for s in store.list_stories()}
    key = BriefKey(120, "coverage", "json", "test-build")
    store.save_output(vote, key, state[vote].version, "{}")
    updates = [StoryUpdate(quake, "", "", 99, b"")]
    store.write(Batch([], updates, {vote: quake}))
    assert store.resolve(vote) == quake and store.resolve(quake) == quake and store.resolve("nope") is None
    assert store.get_story(vote) is None and find_story(store, vote).id == quake
    merged = find_story(store, vote, with_articles=True)
    assert set(merged.article_ids) == {"q1", "v1"} and merged.size == 2
    assert store.count_stories() == 1 and store.cached_output(vote, key) is None
    store.write(Batch([], [StoryUpdate("s-new", "New", "", 100, b"")], {quake: "s-new"}))
    assert store.resolve(vote) == "s-new"  # an alias follows later merges


def test_the_brief_cache_knows_the_story_version_and_the_build(store):
    ingest(store, [article("q1", QUAKE, title="Quake hits Arlen")])
    info = find_story(store, store.article_story("q1"))
    key = BriefKey(60, "coverage", "json", "build-1")
    assert store.cached_output(info.id, key) is None
    store.save_output(info.id, key, info.version, '{"made": 1}')
    assert store.cached_output(info.id, key) == '{"made": 1}'
    assert store.cached_output(info.id, BriefKey(60, "coverage", "json", "build-2")) is None  # other code
    assert store.cached_output(info.id, BriefKey(80, "coverage", "json", "build-1")) is None  # another budget
    count = ingest(store, [article("q2", QUAKE_2)])
    assert (count.new_stories, count.updated_stories) == (0, 1)
    assert store.cached_output(info.id, key) is None  # the story changed
    fresh = stored_briefing(store, find_story(store, info.id), 60, "coverage")
    assert len(fresh["articles"]) == 2
    assert stored_briefing(store, find_story(store, info.id), 60, "coverage") == fresh


def test_a_second_writer_waits_for_the_first(store, location):
    waited = []
    inside = threading.Event()
    release = threading.Event()

    def first() -> None:
        with store.writer(lambda: waited.append("first")):
            inside.set()
            release.wait(10)

    holder = threading.Thread(target=first)
    holder.start()
    inside.wait(10)
    other = open_store(location)
    try:
        entered = []

        def second() -> None:
            with other.writer(lambda: waited.append("second")):
                entered.append(time.monotonic())

        waiter = threading.Thread(target=second)
        waiter.start()
        time.sleep(0.3)
        assert waited == ["second"] and not entered  # told to wait, and waiting
        released = time.monotonic()
        release.set()
        waiter.join(10)
        holder.join(10)
        assert entered and entered[0] >= released
    finally:
        other.close()


def test_a_batch_is_all_or_nothing(store):
    ingest(store, [article("q1", QUAKE)])
    story = store.article_story("q1")
    seq = store.next_seq()
    fresh = StoredArticle(seq, article("n1", QUAKE_3), story, text_hash(QUAKE_3), "article:n1")
    clash = StoredArticle(seq + 1, article("q1", QUAKE_2), story, text_hash(QUAKE_2), "article:q1")  # id taken
    with pytest.raises(Exception):  # noqa: B017  (each store raises its own error type; what matters is below)
        store.write(Batch([fresh, clash], [StoryUpdate(story, "", "", 5, b"")]))
    assert store.get_article("n1") is None and store.count_articles() == 1


WIRE = (
    "Firefighters battled through the night to contain a blaze that tore through the grain terminal at Brennholt "
    "harbour on Tuesday, forcing the evacuation of about 1,200 residents from the streets around the port.\n\n"
    "The fire started shortly after six in the evening in a storage shed and spread to two silos within an hour, "
    "the Karvelle fire service said in a statement released just before midnight.\n\n"
    "Two firefighters were taken to hospital with minor burns, and the harbour authority said shipping would stay "
    "suspended until engineers had inspected the quays and the rail line that serves the terminal."
)


def test_a_reprint_with_a_new_opening_and_a_cut_end_counts_once(store):
    reprint = "KARVELLE (Wire) - " + WIRE.rsplit("\n\n", 1)[0] + "\n\nMore to follow."
    other = (
        "Residents of Brennholt spent the night in a school gym after the harbour fire. Many said they had smelled "
        "smoke for an hour before anyone knocked on their doors, and several asked why the sirens stayed silent.\n\n"
        "The mayor's office said 3,000 people had been moved, more than twice the fire service's count, and "
        "promised an inquiry into the warning system once the terminal had been made safe."
    )
    ingest(
        store,
        [
            article("w1", WIRE, title="Fire at Brennholt", source="Wire", url="https://wire.example/f"),
            article("w2", reprint, title="Harbour blaze", source="Gazette", url="https://gazette.example/f"),
            article("o1", other, title="Night in a gym", source="Courier", url="https://courier.example/f"),
        ],
    )
    (story,) = store.list_stories()
    assert (story.size, story.outlet_count, story.independent_sources) == (3, 3, 2)


def test_an_undated_article_does_not_make_an_old_story_look_fresh(store):
    ingest(
        store,
        [
            article("q1", QUAKE, title="Old quake", source="Wire", date=date(2020, 1, 6)),
            article("q2", QUAKE_2, source="Herald"),  # undated: stored today
            article("v1", VOTE, title="Newer vote", source="Daily", date=date(2024, 5, 5)),
            article("v2", VOTE.replace("Sunday", "Sunday night"), source="Courier", date=date(2024, 5, 5)),
        ],
    )
    assert _ranked(store) == ["Newer vote", "Old quake"]
    old = next(s for s in store.list_stories() if s.title == "Old quake")
    assert old.last_seen.startswith("2020-01-06")

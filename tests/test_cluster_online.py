"""Online clustering: who joins whom, time decay, merges, batch/arrival-order equivalence, resuming from the store."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import count

import numpy as np
import pytest

from storyline.cluster import ClusterConfig, Clusterer, StoryState
from storyline.models import Article
from storyline.service import ingest
from storyline.store import Store

TOPICS = {
    "quake": "earthquake magnitude epicentre tremor rubble rescuers collapsed buildings aftershock seismologists",
    "vote": "election ballots parliament coalition voters turnout candidates polling campaign majority",
    "storm": "hurricane winds landfall flooding evacuation coastline rainfall forecasters surge shelters",
    "match": "striker goal penalty midfielder championship referee stadium coach league fans",
}
FILLER = [
    "the",
    "city",
    "officials",
    "said",
    "on",
    "tuesday",
    "that",
    "people",
    "were",
    "waiting",
    "for",
    "more",
    "news",
    "about",
    "what",
    "happened",
    "there",
]


def text_about(topic: str, rng: random.Random, words: int = 60) -> str:
    vocabulary = TOPICS[topic].split()
    return " ".join(rng.choice(vocabulary) if rng.random() < 0.6 else rng.choice(FILLER) for _ in range(words))


def run(clusterer: Clusterer, texts: list[str], dates: list[date | None], batch: int) -> list[str]:
    """Each article's story at the end of the stream (ids merged away resolved to their survivors)."""
    articles = [Article(id=f"a{k}", text=t, date=d) for k, (t, d) in enumerate(zip(texts, dates, strict=True))]
    return run_articles(clusterer, articles, batch)


def run_articles(
    clusterer: Clusterer, articles: list[Article], batch: int, numbers=None, earlier: list[str] | None = None
) -> list[str]:
    """The stories of `earlier` labels (already assigned) and of these articles, which arrive after them."""
    numbers = numbers or count(1)
    ids = list(earlier or [])
    for start in range(0, len(articles), batch):
        chunk = articles[start : start + batch]
        seqs = list(range(len(ids), len(ids) + len(chunk)))
        decided = clusterer.assign(chunk, seqs, lambda: f"s{next(numbers)}")
        assert not set(decided.story_ids) & set(decided.merged), "an article was put in a story merged away"
        ids = [decided.merged.get(i, i) for i in ids] + decided.story_ids
    return ids


def partition(labels: list[str]) -> set[frozenset[int]]:
    groups: dict[str, set[int]] = {}
    for position, label in enumerate(labels):
        groups.setdefault(label, set()).add(position)
    return {frozenset(g) for g in groups.values()}


def test_articles_about_one_event_join_and_other_events_start_new_stories():
    rng = random.Random(1)
    topics = [t for t in TOPICS for _ in range(5)]
    rng.shuffle(topics)
    labels = run(Clusterer(), [text_about(t, rng) for t in topics], [None] * len(topics), batch=7)
    assert partition(labels) == partition(topics)


def test_a_story_covered_for_two_months_holds_and_one_months_apart_does_not():
    rng = random.Random(2)
    day = date(2024, 3, 1)
    steady = [day + timedelta(days=4 * k) for k in range(16)]  # every four days for two months: no cliff
    labels = run(Clusterer(), [text_about("storm", rng) for _ in steady], steady, batch=5)
    assert len(set(labels)) == 1
    apart = [day, day + timedelta(days=1), day + timedelta(days=200), day + timedelta(days=201)]
    labels = run(Clusterer(), [text_about("storm", rng) for _ in apart], apart, batch=4)
    assert labels[0] == labels[1] and labels[2] == labels[3] and labels[0] != labels[2]


def test_similarity_decays_with_the_time_of_day_where_the_input_gives_one():
    clusterer = Clusterer(ClusterConfig(half_life_days=1.0))
    noon = datetime(2024, 3, 1, 12, tzinfo=UTC)
    story = clusterer.assign(
        [Article(id="a", text="harbour fire", published_at=noon, date=noon.date())], [0], "s".strip
    )
    assert story.changed[0].last_time == pytest.approx(date(2024, 3, 1).toordinal() + 0.5)
    later = [noon + timedelta(hours=h) for h in (6, 18)]
    gaps = [a - story.changed[0].last_time for a in (date(2024, 3, 1).toordinal() + 0.75, later[1].toordinal())]
    decays = clusterer.decay(np.array(gaps), np.zeros(2))
    assert decays[0] == pytest.approx(2**-0.25) and decays[0] > decays[1]


@pytest.mark.parametrize("batch", [3, 50])
def test_batches_decide_exactly_as_one_article_at_a_time(batch):
    rng = random.Random(3)
    topics = [rng.choice(list(TOPICS)) for _ in range(60)]
    texts = [text_about(t, rng, rng.randint(8, 40)) for t in topics]
    dates = sorted(date(2024, 1, 1) + timedelta(days=rng.randint(0, 30)) for _ in topics)  # in order, as in a feed
    config = ClusterConfig(top_terms=100_000)  # no cut, so that centroids match exactly
    one_by_one = run(Clusterer(config), texts, dates, batch=1)
    assert partition(run(Clusterer(config), texts, dates, batch=batch)) == partition(one_by_one)
    assert 1 < len(set(one_by_one)) < len(texts)


def split_topic_stream(rng: random.Random) -> tuple[list[str], list[str]]:
    """Each topic first reported in two disjoint vocabularies (so it starts as two stories), then in both."""
    texts, topics = [], []
    for topic in TOPICS:
        words = TOPICS[topic].split()
        halves = words[: len(words) // 2], words[len(words) // 2 :]
        for k in range(6):
            texts.append(" ".join(rng.choice(halves[k % 2]) for _ in range(12)))
            topics.append(topic)
        for _ in range(10):
            texts.append(" ".join(rng.choice(words) for _ in range(12)))
            topics.append(topic)
    return texts, topics


def test_stories_that_turn_out_to_be_one_are_merged_and_batches_agree():
    texts, topics = split_topic_stream(random.Random(6))
    config = ClusterConfig(
        top_terms=100_000, dense_weight=0.0, threshold=0.25, merge_threshold=0.4, merge_threshold_long=0.4
    )
    merges = []
    clusterer = Clusterer(config)
    numbers = count(1)
    for k, text in enumerate(texts):
        decided = clusterer.assign([Article(id=f"a{k}", text=text)], [k], lambda: f"s{next(numbers)}")
        merges += decided.merged.items()
        for gone, kept in decided.merged.items():
            assert gone not in clusterer.active_ and kept in clusterer.active_
            assert kept in {s.id for s in decided.changed}
    assert merges, "the stream should start each topic as two stories"
    one_by_one = run(Clusterer(config), texts, [None] * len(texts), batch=1)
    assert partition(one_by_one) == partition(topics)
    assert partition(run(Clusterer(config), texts, [None] * len(texts), batch=16)) == partition(one_by_one)
    without = run(
        Clusterer(replace(config, merge_threshold=2.0, merge_threshold_long=2.0)), texts, [None] * len(texts), batch=1
    )
    assert len(set(without)) > len(TOPICS)  # no repair: the split stays


def resume(clusterer: Clusterer, stored: dict[str, StoryState]) -> Clusterer:
    """A new clusterer loaded from what a store would hold (states through their bytes)."""
    again = Clusterer(clusterer.config)
    states = sorted(stored.values(), key=lambda s: -s.last_seq)
    again.load_state(
        clusterer.state_bytes(),
        [StoryState.from_bytes(s.id, s.to_bytes(), s.first_date, s.last_date, s.last_seq) for s in states],
    )
    return again


def test_a_clusterer_resumed_after_any_batch_ends_with_the_same_stories_merges_included():
    texts, topics = split_topic_stream(random.Random(7))
    articles = [
        Article(id=f"a{k}", text=t, date=date(2024, 1, 1) + timedelta(days=k // 10)) for k, t in enumerate(texts)
    ]
    config = ClusterConfig(dense_weight=0.0, threshold=0.25, merge_threshold=0.4, merge_threshold_long=0.4)
    uninterrupted = run_articles(Clusterer(config), articles, batch=8)
    for stop in (8, 24, 40):  # killed after the batch that ends here was committed
        numbers = count(1)
        first = Clusterer(config)
        labels, stored = [], {}
        for start in range(0, stop, 8):
            decided = first.assign(
                articles[start : start + 8], list(range(start, start + 8)), lambda n=numbers: f"s{next(n)}"
            )
            labels = [decided.merged.get(i, i) for i in labels] + decided.story_ids
            stored.update({s.id: s for s in decided.changed})
            for gone in decided.merged:
                stored.pop(gone)
        labels = run_articles(resume(first, stored), articles[stop:], batch=8, numbers=numbers, earlier=labels)
        assert partition(labels) == partition(uninterrupted)
    assert partition(uninterrupted) == partition(topics)


def test_only_stories_that_can_still_be_joined_stay_in_memory():
    rng = random.Random(4)
    clusterer = Clusterer(ClusterConfig(max_active=3, half_life_days=2.0))
    dates = [date(2024, 1, 1) + timedelta(days=30 * k) for k in range(8)]
    run(clusterer, [text_about(rng.choice(list(TOPICS)), rng) for _ in dates], dates, batch=2)
    assert len(clusterer.active_) == 1  # every older story is beyond its horizon from the newest date
    undated = Clusterer(ClusterConfig(max_active=3, dense_weight=0.0))
    run(undated, [f"story number {k} about topic{k} and thing{k}" for k in range(10)], [None] * 10, batch=4)
    assert len(undated.active_) == 3


def test_story_state_round_trips_through_bytes():
    clusterer = Clusterer()
    run(clusterer, ["quake rescuers rubble", "quake rubble aftershock"], [date(2024, 1, 1), None], batch=2)
    state = next(iter(clusterer.active_.values()))
    again = StoryState.from_bytes(state.id, state.to_bytes(), state.first_date, state.last_date, state.last_seq)
    assert (again.indices == state.indices).all() and (again.values == state.values).all()
    assert (again.dense == state.dense).all() and again.dense_norm == pytest.approx(state.dense_norm)
    assert state.dense_norm > 0
    assert again.first_time == state.first_time == date(2024, 1, 1).toordinal() + 0.5
    assert again.norm == pytest.approx(state.norm) and again.size == state.size == 2


def test_an_ingest_resumed_from_the_store_decides_as_one_run(tmp_path):
    rng = random.Random(5)
    topics = [rng.choice(list(TOPICS)) for _ in range(40)]
    articles = [
        Article(id=f"a{k}", text=text_about(t, rng), date=date(2024, 1, 1) + timedelta(days=k // 8))
        for k, t in enumerate(topics)
    ]
    with Store(tmp_path / "one.db") as store:
        ingest(store, articles, batch_size=10)
        one_run = dict(store.assignments())
    with Store(tmp_path / "two.db") as store:
        ingest(store, articles[:20], batch_size=10)
    with Store(tmp_path / "two.db") as store:
        ingest(store, articles[20:], batch_size=10)
        two_runs = dict(store.assignments())
    assert two_runs == one_run
    assert partition(list(one_run.values())) == partition(topics)


def test_headlines_are_compared_by_meaning_as_well_as_words():
    fed = [
        "Fed official says weak data caused by weather, should not slow taper",
        "Central bank policymaker sees no reason to change pace of bond buying",
    ]
    quake = "Magnitude 6.9 earthquake strikes off northern California coast"
    articles = [Article(id=f"h{k}", title=h, text=h) for k, h in enumerate([*fed, quake])]
    clusterer = Clusterer()
    x, e = clusterer.vectorize(articles), clusterer.embed(articles)
    assert (x[0] @ x[1].T).sum() == 0.0  # not one content word in common
    assert e[0] @ e[1] > e[0] @ e[2] + 0.1
    weights = clusterer.dense_weights(x, articles)
    long = [Article(id="l", title="Harbour fire", text=LONG)]
    assert weights[0] > 0.5 and clusterer.dense_weights(Clusterer().vectorize(long), long)[0] == 0.0
    untitled = [replace(articles[0], title="")]  # a short text without a title is a fragment: read by its words
    assert clusterer.dense_weights(Clusterer().vectorize(untitled), untitled)[0] == 0.0


LONG = " ".join(f"word{k}" for k in range(80))  # an article of 80 content terms: read by its words alone


def test_a_bigger_story_needs_more_similarity_up_to_a_cap():
    clusterer = Clusterer(ClusterConfig(threshold=0.2, growth=0.5, cap=2.0))
    needed = [clusterer.needed(np.array(size)) for size in (0, 1, 3, 1000)]
    assert needed[0] == pytest.approx(0.2) and needed[0] < needed[1] < needed[2] < needed[3] == pytest.approx(0.4)


def test_the_shipped_background_prior_weights_a_rare_name_above_a_common_word():
    # One article, alone in a fresh stream: its own counts cannot tell "idlib" from "government";
    # the background corpus shipped in storyline/data can, offline.
    article = [Article(id="a", text="government idlib")]
    with_prior = Clusterer().vectorize(article).toarray().ravel()
    alone = Clusterer(background=False).vectorize(article).toarray().ravel()
    common, rare = (Clusterer()._hasher.transform([word]).indices[0] for word in ("government", "idlib"))
    assert with_prior[rare] > 2 * with_prior[common]
    assert alone[rare] == pytest.approx(alone[common])


def unit_story(x, story_id: str, cosine: float, size: int, spare: int) -> StoryState:
    """A story whose unit centroid lies at the given cosine to article vector x: its terms plus one of its own."""
    indices = np.append(x.indices, spare).astype(np.int32)
    values = np.append(x.data * cosine, np.sqrt(1 - cosine**2)).astype(np.float32)
    order = np.argsort(indices)
    return StoryState(story_id, indices[order], values[order], 1.0, None, None, 0, size)


def test_an_article_joins_the_story_it_passes_not_a_bigger_one_it_only_nearly_passes():
    config = ClusterConfig(threshold=0.2, growth=0.5, cap=2.0, dense_weight=0.0)  # 0.27 for 1 article, 0.4 for 50
    text = "harbour fire crane warehouse"
    x = Clusterer(config).vectorize([Article(id="a", text=text)])  # what `assign` will compute, from the same state
    clusterer = Clusterer(config)
    big, small = unit_story(x, "big", 0.35, 50, 1), unit_story(x, "small", 0.3, 1, 2)
    clusterer.active_ = {"big": big, "small": small}
    ids = clusterer.assign([Article(id="a", text=text)], [0], lambda: "new").story_ids
    assert ids == ["small"]  # the big story is more similar, but below what a story of 50 needs


def test_an_article_that_bridges_two_alike_stories_merges_them_into_the_bigger():
    config = ClusterConfig(threshold=0.2, growth=0.0, dense_weight=0.0, merge_threshold=0.5)
    text = "harbour fire crane warehouse"
    x = Clusterer(config).vectorize([Article(id="a", text=text)])
    clusterer = Clusterer(config)
    clusterer.active_ = {"one": unit_story(x, "one", 0.8, 3, 1), "two": unit_story(x, "two", 0.8, 5, 1)}
    decided = clusterer.assign([Article(id="a", text=text)], [0], lambda: "new")
    assert decided.merged == {"one": "two"} and decided.story_ids == ["two"]
    assert [s.id for s in decided.changed] == ["two"] and decided.changed[0].size == 9
    assert list(clusterer.active_) == ["two"]
    apart = Clusterer(config)  # the same two stories, unlike each other: the article joins one, no merge
    apart.active_ = {"one": unit_story(x, "one", 0.8, 3, 1), "two": unit_story(x, "two", 0.3, 5, 2)}
    decided = apart.assign([Article(id="a", text=text)], [0], lambda: "new")
    assert decided.merged == {} and decided.story_ids == ["one"]


def test_a_burst_of_timed_reports_closes_days_later_but_a_long_story_or_bare_dates_stay_open():
    rng = random.Random(8)
    start = datetime(2024, 3, 1, 9, tzinfo=UTC)
    burst = [start + timedelta(minutes=k) for k in range(30)]  # an aggregator's burst: 30 reports in half an hour
    long_run = [start + timedelta(days=2.3 * k, hours=k) for k in range(10)]  # reported every two days or so
    for moments, joins in ((burst, False), (long_run, True)):
        moments = [*moments, moments[-1] + timedelta(days=6)]
        texts = [text_about("storm", rng) for _ in moments]
        timed = [
            Article(id=f"a{k}", text=t, published_at=m, date=m.date())
            for k, (t, m) in enumerate(zip(texts, moments, strict=True))
        ]
        labels = run_articles(Clusterer(), timed, batch=8)
        assert len(set(labels[:-1])) == 1 and (labels[-1] == labels[0]) == joins
        dated = [replace(a, published_at=None) for a in timed]  # a bare date cannot tell a burst from a run
        labels = run_articles(Clusterer(), dated, batch=8)
        assert len(set(labels)) == 1
    half_life = Clusterer().half_life(np.array([0.02, 20.0]), np.array([30, 10]), np.array([True, True]))
    assert half_life[0] < 3 and half_life[1] == ClusterConfig().half_life_days


def test_dated_articles_join_at_a_lower_similarity_than_undated_ones():
    config = ClusterConfig(threshold=0.2, dated_threshold=0.12, growth=0.0, dense_weight=0.0)
    text = "harbour fire crane warehouse"
    x = Clusterer(config).vectorize([Article(id="a", text=text)])
    day = date(2024, 3, 1)
    for when, joins in ((day, True), (None, False)):
        clusterer = Clusterer(config)
        story = unit_story(x, "one", 0.15, 3, 1)
        if when is not None:
            story.first_date = story.last_date = when
            story.first_time = story.last_time = when.toordinal() + 0.5
        clusterer.active_ = {"one": story}
        ids = clusterer.assign([Article(id="a", text=text, date=when)], [1], lambda: "new").story_ids
        assert (ids == ["one"]) == joins


def test_undated_articles_decay_with_arrival_order():
    config = ClusterConfig(threshold=0.2, growth=0.0, dense_weight=0.0, half_life_articles=100.0)
    text = "harbour fire crane warehouse"
    x = Clusterer(config).vectorize([Article(id="a", text=text)])
    for seq, joins in ((10, True), (300, False)):  # 0.3 after 10 arrivals, 0.3 / 8 after three half-lives
        clusterer = Clusterer(config)
        clusterer.active_ = {"one": unit_story(x, "one", 0.3, 3, 1)}
        ids = clusterer.assign([Article(id="a", text=text)], [seq], lambda: "new").story_ids
        assert (ids == ["one"]) == joins


def test_a_word_of_a_megabyte_costs_the_embedding_no_more_than_a_headline():
    import tracemalloc

    clusterer = Clusterer()
    clusterer.embed([Article(id="w", text="warm up the embedder", title="Warm")])
    tracemalloc.start()
    clusterer.embed([Article(id="x", text='{"text": "' + "x" * 1_000_000 + '"}', title="A hostile record")])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 * 2**20

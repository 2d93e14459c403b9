"""Online clustering: who joins whom, time windows, batch/arrival-order equivalence, resuming from the store."""

from __future__ import annotations

import random
from datetime import date, timedelta
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
    numbers = count(1)
    ids: list[str] = []
    for start in range(0, len(texts), batch):
        chunk = slice(start, start + batch)
        seqs = list(range(start, min(start + batch, len(texts))))
        articles = [
            Article(id=f"a{k}", text=t, date=d) for k, t, d in zip(seqs, texts[chunk], dates[chunk], strict=True)
        ]
        ids += clusterer.assign(articles, seqs, lambda: f"s{next(numbers)}").story_ids
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


def test_similar_articles_weeks_apart_are_different_stories():
    rng = random.Random(2)
    day = date(2024, 3, 1)
    dates = [day, day + timedelta(days=1), day + timedelta(days=40), day + timedelta(days=41)]
    labels = run(Clusterer(), [text_about("storm", rng) for _ in dates], dates, batch=4)
    assert labels[0] == labels[1] and labels[2] == labels[3]
    assert labels[0] != labels[2]


@pytest.mark.parametrize("batch", [3, 50])
def test_batches_decide_exactly_as_one_article_at_a_time(batch):
    rng = random.Random(3)
    topics = [rng.choice(list(TOPICS)) for _ in range(60)]
    texts = [text_about(t, rng, rng.randint(8, 40)) for t in topics]
    dates = sorted(date(2024, 1, 1) + timedelta(days=rng.randint(0, 30)) for _ in topics)  # in order, as in a feed
    config = ClusterConfig(top_terms=100_000)  # no cut, so that centroids match exactly
    one_by_one = run(Clusterer(config), texts, dates, batch=1)
    assert run(Clusterer(config), texts, dates, batch=batch) == one_by_one
    assert 1 < len(set(one_by_one)) < len(texts)


def test_only_recent_stories_stay_in_memory():
    rng = random.Random(4)
    clusterer = Clusterer(ClusterConfig(max_active=3, window_days=5))
    dates = [date(2024, 1, 1) + timedelta(days=10 * k) for k in range(8)]
    run(clusterer, [text_about(rng.choice(list(TOPICS)), rng) for _ in dates], dates, batch=2)
    assert len(clusterer.active_) == 1  # every older story is outside the 5-day window of the newest date
    undated = Clusterer(ClusterConfig(max_active=3))
    run(undated, [f"story number {k} about topic{k} and thing{k}" for k in range(10)], [None] * 10, batch=4)
    assert len(undated.active_) == 3


def test_story_state_round_trips_through_bytes():
    clusterer = Clusterer()
    run(clusterer, ["quake rescuers rubble", "quake rubble aftershock"], [date(2024, 1, 1), None], batch=2)
    state = next(iter(clusterer.active_.values()))
    again = StoryState.from_bytes(state.id, state.to_bytes(), state.first_date, state.last_date, state.last_seq)
    assert (again.indices == state.indices).all() and (again.values == state.values).all()
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


def test_a_bigger_story_needs_more_similarity_up_to_a_cap():
    clusterer = Clusterer(ClusterConfig(threshold=0.2, growth=0.5, cap=2.0))
    needed = [clusterer._needed(size) for size in (0, 1, 3, 1000)]
    assert needed[0] == pytest.approx(0.2) and needed[0] < needed[1] < needed[2] < needed[3] == pytest.approx(0.4)


def test_the_shipped_background_prior_weights_a_rare_name_above_a_common_word():
    # One article, alone in a fresh stream: its own counts cannot tell "idlib" from "government";
    # the background corpus shipped in storyline/data can, offline.
    text = "government idlib"
    with_prior = Clusterer().vectorize([text]).toarray().ravel()
    alone = Clusterer(background=False).vectorize([text]).toarray().ravel()
    common, rare = (Clusterer()._hasher.transform([word]).indices[0] for word in ("government", "idlib"))
    assert with_prior[rare] > 2 * with_prior[common]
    assert alone[rare] == pytest.approx(alone[common])


def test_an_article_joins_the_story_it_passes_not_a_bigger_one_it_only_nearly_passes():
    config = ClusterConfig(threshold=0.2, growth=0.5, cap=2.0)  # needs: 0.27 for 1 article, 0.4 for 50
    text = "harbour fire crane warehouse"
    x = Clusterer(config).vectorize([text])  # what `assign` will compute for it, from the same state
    clusterer = Clusterer(config)

    def story(story_id: str, cosine: float, size: int, spare: int) -> StoryState:
        # A unit centroid at the given cosine to the article: its terms, plus one term of its own.
        indices = np.append(x.indices, spare).astype(np.int32)
        values = np.append(x.data * cosine, np.sqrt(1 - cosine**2)).astype(np.float32)
        order = np.argsort(indices)
        return StoryState(story_id, indices[order], values[order], 1.0, None, None, 0, size)

    big, small = story("big", 0.35, 50, 1), story("small", 0.3, 1, 2)
    clusterer.active_ = {"big": big, "small": small}
    ids = clusterer.assign([Article(id="a", text=text)], [0], lambda: "new").story_ids
    assert ids == ["small"]  # the big story is more similar, but below what a story of 50 needs

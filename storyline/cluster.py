"""Online story clustering: each arriving article joins the most similar recent story or starts one.

An article is a hashed TF-IDF vector (scikit-learn's HashingVectorizer over stemmed content words;
no vocabulary is fitted in advance). Document frequencies are a background prior counted once over a
news corpus (storyline/data/background_df.npz, built by benchmarks/build_background_df.py) plus the
stream's own counts, counted online: the prior steadies the weights of a young stream, the online
counts follow what the stream itself talks about. A story is the
sum of its articles' vectors, cut to its `top_terms` heaviest terms so that memory per story is
fixed. An article joins the story whose cosine most exceeds the similarity that story needs, if any does:
`threshold`, raised slowly with the story's size, up to `cap` times, so that an undated stream does
not chain one topic's events into one story and the article's date lies within `window_days` of the story's dates
(articles weeks apart about similar topics are usually different events); otherwise it starts a
new story.

Articles are taken in batches for speed (one sparse product per batch), yet each decision is the
one strict arrival order gives: document frequencies are counted article by article, and
similarities to stories changed earlier in the same batch are corrected with the batch's own
article-by-article products. (Only the cut to `top_terms`, and forgetting old stories, wait for the
end of the batch; for a stream in date order that changes nothing but the cut.)

Only recent stories are held in memory: those within the time window of the newest date seen,
and at most `max_active` of them. Their state lives in the store, so a restart resumes exactly.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

from storyline.models import Article
from storyline.represent import content_terms

__all__ = ["BACKGROUND", "Assignment", "ClusterConfig", "Clusterer", "StoryState"]

BACKGROUND = "background_df.npz"  # in storyline.data: hashed document frequencies of a news corpus


@dataclass(frozen=True)
class ClusterConfig:
    """Hyper-parameters; defaults tuned on half of Multi-News validation (benchmarks/cluster_quality.py)."""

    threshold: float = 0.17  # least cosine between an article and a one-article story's centroid to join it
    window_days: int = 7  # an article further than this from a story's dates never joins it
    top_terms: int = 100  # terms kept per story centroid
    max_active: int = 20_000  # stories kept in memory, the most recently updated
    n_features: int = 2**18  # hashed feature space
    growth: float = 0.5  # a story of n articles needs threshold * (1 + growth * ln(1 + n)): curbs topic chains
    cap: float = 2.0  # ... but never more than threshold * cap, so that big events still grow


@dataclass(slots=True)
class StoryState:
    """What clustering keeps of a story: its truncated centroid (a sum of unit vectors) and dates."""

    id: str
    indices: np.ndarray  # int32 feature ids, sorted
    values: np.ndarray  # float32 weights
    norm: float
    first_date: date | None
    last_date: date | None
    last_seq: int
    size: int = 0  # articles

    def to_bytes(self) -> bytes:
        head = np.array([len(self.indices), self.size], dtype=np.int32).tobytes() + np.float64(self.norm).tobytes()
        return zlib.compress(head + self.indices.astype(np.int32).tobytes() + self.values.astype(np.float32).tobytes())

    @classmethod
    def from_bytes(
        cls, id: str, blob: bytes, first_date: date | None, last_date: date | None, last_seq: int
    ) -> StoryState:
        data = zlib.decompress(blob)
        n, size = (int(v) for v in np.frombuffer(data[:8], dtype=np.int32))
        norm = float(np.frombuffer(data[8:16], dtype=np.float64)[0])
        indices = np.frombuffer(data[16 : 16 + 4 * n], dtype=np.int32).copy()
        values = np.frombuffer(data[16 + 4 * n : 16 + 8 * n], dtype=np.float32).copy()
        return cls(id, indices, values, norm, first_date, last_date, last_seq, size)


_EMPTY = StoryState("", np.zeros(0, np.int32), np.zeros(0, np.float32), 0.0, None, None, 0)


def _analyzer(text: str) -> list[str]:
    return content_terms(text)


@cache
def background_df(n_features: int) -> tuple[int, np.ndarray]:
    """The shipped prior: number of corpus articles and each hashed feature's document frequency
    (none for another feature space, whose hashes it does not describe)."""
    df = np.zeros(n_features, dtype=np.int64)
    with resources.as_file(resources.files("storyline.data") / BACKGROUND) as path, np.load(path) as data:
        if int(data["n_features"]) != n_features:
            return 0, df
        df[data["features"]] = data["counts"]
        return int(data["n_docs"]), df


@dataclass(frozen=True, slots=True)
class Assignment:
    """What clustering decided for a batch: each article's story, the stories it changed, and merges."""

    story_ids: list[str]  # per article, in order: the story it belongs to now
    changed: list[StoryState]  # the state of every story the batch created or changed
    merged: dict[str, str] = field(default_factory=dict)  # story id -> the story it was merged into


@dataclass
class Clusterer:
    """Assigns articles to stories in arrival order. `assign` decides; the caller persists."""

    config: ClusterConfig = field(default_factory=ClusterConfig)
    df_: np.ndarray | None = None  # document frequency of each hashed feature, counted online
    n_docs_: int = 0
    active_: dict[str, StoryState] = field(default_factory=dict)
    newest_date_: date | None = None
    background: bool = True  # add the shipped corpus counts to the stream's own

    def __post_init__(self) -> None:
        if self.df_ is None:
            self.df_ = np.zeros(self.config.n_features, dtype=np.int32)
        none = (0, np.zeros(self.config.n_features, np.int64))
        self._prior_docs, self._prior_df = background_df(self.config.n_features) if self.background else none
        self._hasher = HashingVectorizer(
            analyzer=_analyzer, n_features=self.config.n_features, alternate_sign=False, norm=None
        )

    # ---- state -----------------------------------------------------------------------

    def state_bytes(self) -> bytes:
        """Document frequencies and their count, to store with each batch."""
        return zlib.compress(np.int64(self.n_docs_).tobytes() + self.df_.tobytes(), 1)

    def load_state(self, blob: bytes | None, stories: Sequence[StoryState]) -> None:
        """Resume from the stored state: document frequencies and the recent stories, newest first."""
        if blob:
            data = zlib.decompress(blob)
            self.n_docs_ = int(np.frombuffer(data[:8], dtype=np.int64)[0])
            df = np.frombuffer(data[8:], dtype=np.int32)
            if len(df) == self.config.n_features:
                self.df_ = df.copy()
        self.active_ = {}
        for story in reversed(stories[: self.config.max_active]):  # least recently updated first
            self.active_[story.id] = story
            if story.last_date and (self.newest_date_ is None or story.last_date > self.newest_date_):
                self.newest_date_ = story.last_date
        self._evict()

    # ---- vectors ---------------------------------------------------------------------

    def vectorize(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Unit TF-IDF rows (sublinear tf), each weighted with the document frequencies of the background
        corpus plus the stream up to and including that text, as if the texts had come one at a time;
        the stream's counts are then updated."""
        counts = self._hasher.transform(texts).tocsr()
        counts.sum_duplicates()
        features = counts.indices
        rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        order = np.lexsort((rows, features))  # by feature, then by row: arrival order within each feature
        sorted_features = features[order]
        starts = np.flatnonzero(np.r_[True, sorted_features[1:] != sorted_features[:-1]])
        rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
        df = np.empty(len(order), dtype=np.float64)
        # texts before this one in the batch, and itself
        df[order] = self.df_[sorted_features] + self._prior_df[sorted_features] + rank + 1
        n_docs = self._prior_docs + self.n_docs_ + rows + 1
        idf = np.log((1 + n_docs) / (1 + df)) + 1.0
        counts.data = ((1.0 + np.log(counts.data)) * idf).astype(np.float32)
        np.add.at(self.df_, features, 1)
        self.n_docs_ += counts.shape[0]
        return normalize(counts, copy=False)

    # ---- assignment ------------------------------------------------------------------

    def assign(self, articles: Sequence[Article], seqs: Sequence[int], new_id: Callable[[], str]) -> Assignment:
        """The story of each (cleaned) article, in order, and the states of every story this batch changed.

        `seqs` number the articles in arrival order; `new_id()` names a new story. Decisions match strict
        one-by-one arrival order.
        """
        texts = [f"{a.title}\n{a.text}" for a in articles]
        dates = [a.date for a in articles]
        n = len(texts)
        if n == 0:
            return Assignment([], [])
        x = self.vectorize(texts)
        stories = list(self.active_.values())
        base = self._centroids(stories)
        dots = (x @ base.T).toarray() if stories else np.zeros((n, 0), dtype=np.float32)
        gram = (x @ x.T).toarray()

        # Slots: the active stories, then one per story started in this batch.
        total = len(stories) + n
        ids = [s.id for s in stories]
        norms = np.zeros(total)
        norms[: len(stories)] = [s.norm for s in stories]
        sizes = np.zeros(total)
        sizes[: len(stories)] = [s.size for s in stories]
        needed = self._needed(sizes)  # kept up to date as stories grow
        extra = np.zeros(total)  # dot of the current article with articles added to each slot in this batch
        first = np.full(total, np.iinfo(np.int64).max, dtype=np.int64)
        last = np.full(total, np.iinfo(np.int64).min, dtype=np.int64)
        for k, s in enumerate(stories):
            first[k] = s.first_date.toordinal() if s.first_date else first[k]
            last[k] = s.last_date.toordinal() if s.last_date else last[k]
        slot_of = np.empty(n, dtype=np.int64)
        used = len(stories)
        window = self.config.window_days
        for i in range(n):
            extra[:used] = 0.0
            if i:
                np.add.at(extra, slot_of[:i], gram[i, :i])
            score = np.zeros(used)
            score[: len(stories)] = dots[i]
            score += extra[:used]
            dot = score.copy()
            score /= np.maximum(norms[:used], 1e-12)
            day = dates[i]
            if day is not None:
                d = day.toordinal()
                undated = first[:used] > last[:used]
                score[~undated & ((d < first[:used] - window) | (d > last[:used] + window))] = -1.0
            best = int(np.argmax(score - needed[:used])) if used else -1
            if best >= 0 and score[best] >= needed[best]:
                slot = best
            else:
                slot = used
                used += 1
                ids.append(new_id())
            norms[slot] = np.sqrt(norms[slot] ** 2 + 2.0 * (dot[slot] if slot < len(dot) else 0.0) + 1.0)
            if day is not None:
                first[slot] = min(first[slot], day.toordinal())
                last[slot] = max(last[slot], day.toordinal())
            slot_of[i] = slot
            sizes[slot] += 1
            needed[slot] = self._needed(sizes[slot])
        changed = self._update(stories, ids, x, slot_of, dates, seqs)
        return Assignment([ids[k] for k in slot_of], changed)

    def _needed(self, sizes: np.ndarray) -> np.ndarray:
        """The least similarity to join a story of each size: rising slowly with size, then capped."""
        config = self.config
        return config.threshold * np.minimum(1.0 + config.growth * np.log1p(sizes), config.cap)

    def _centroids(self, stories: list[StoryState]) -> sparse.csr_matrix:
        lengths = np.fromiter((len(s.indices) for s in stories), dtype=np.int64, count=len(stories))
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        indices = np.concatenate([s.indices for s in stories]) if stories else np.zeros(0, np.int32)
        values = np.concatenate([s.values for s in stories]) if stories else np.zeros(0, np.float32)
        return sparse.csr_matrix((values, indices, indptr), shape=(len(stories), self.config.n_features))

    def _update(
        self,
        stories: list[StoryState],
        ids: list[str],
        x: sparse.csr_matrix,
        slot_of: np.ndarray,
        dates: Sequence[date | None],
        seqs: Sequence[int],
    ) -> list[StoryState]:
        """Add the batch's vectors to their stories' centroids, cut each to its top terms."""
        touched = np.unique(slot_of)
        row_of = np.searchsorted(touched, slot_of)
        members = sparse.csr_matrix(
            (np.ones(len(slot_of), dtype=np.float32), (row_of, np.arange(len(slot_of)))),
            shape=(len(touched), len(slot_of)),
        )
        old = [stories[k] if k < len(stories) else None for k in touched]
        empty = np.zeros(0, np.int32)
        sums = (members @ x + self._centroids([s or _EMPTY for s in old])).tocsr()
        sums.sum_duplicates()
        top = self.config.top_terms
        changed: list[StoryState] = []
        for row, slot in enumerate(touched):
            indices = sums.indices[sums.indptr[row] : sums.indptr[row + 1]]
            values = sums.data[sums.indptr[row] : sums.indptr[row + 1]]
            if len(values) > top:
                keep = np.sort(np.argpartition(values, -top)[-top:])
                indices, values = indices[keep], values[keep]
            state = old[row] or StoryState(ids[slot], empty, empty, 0.0, None, None, 0)
            state.indices = indices.astype(np.int32)
            state.values = values.astype(np.float32)
            state.norm = float(np.linalg.norm(state.values))
            for m in np.flatnonzero(row_of == row):
                day = dates[m]
                if day is not None:
                    state.first_date = min(state.first_date or day, day)
                    state.last_date = max(state.last_date or day, day)
                    if self.newest_date_ is None or day > self.newest_date_:
                        self.newest_date_ = day
                state.last_seq = int(seqs[m])
                state.size += 1
            self.active_.pop(state.id, None)
            self.active_[state.id] = state  # dict order: least recently updated first
            changed.append(state)
        self._evict()
        return changed

    def _evict(self) -> None:
        """Forget stories outside the time window of the newest date, and the oldest beyond `max_active`."""
        if self.newest_date_ is not None:
            horizon = self.newest_date_.toordinal() - self.config.window_days
            for story_id in [k for k, s in self.active_.items() if s.last_date and s.last_date.toordinal() < horizon]:
                del self.active_[story_id]
        while len(self.active_) > self.config.max_active:
            del self.active_[next(iter(self.active_))]

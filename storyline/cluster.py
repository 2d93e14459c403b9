"""Online story clustering: each arriving article joins the story it matches best, or starts one; stories that
turn out to be one are merged as the stream goes on.

An article is two vectors. A hashed TF-IDF vector of its title and text (scikit-learn's HashingVectorizer over
stemmed content words, numbers kept; document frequencies are a shipped background prior,
storyline/data/background_df.npz, plus the stream's own counts, counted online). And a small dense embedding
of its title and lead (WordLlama's static 256-d model, shipped inside its wheel): headlines share too few words
for TF-IDF alone. (Counting the lead's words twice cost 1 BCubed point on Multi-News; titles weighted up could
not be measured, as no clustered data here has both titles and bodies.) A story keeps the sum of its articles'
vectors (the sparse one cut to its `top_terms` heaviest terms, so that memory per story is fixed).

Similarity of an article to a story: the cosines of both vectors to the story's sums, mixed by how short the
article is (a long article is read by its words, a headline leans on the embedding), times a decay with the time
between the article and the story's nearest article (half-life `half_life_days`; the time of day counts where the
input gives one). Where the article and the story's latest article both carry a time of day, the half-life is
also at most `pace` times the story's own mean gap between articles (shrunk towards a prior, since a few articles
say little of a pace): a burst of reports within minutes is over a day or two later, while a story reported every
few days stays open for weeks. Undated articles decay with arrival order instead (`half_life_articles`). There is
no hard window (unless `window_days` asks for one): a story stays joinable while it is active, until
`forget_after` of its own half-lives pass without an article. The article joins the story whose score most
exceeds the similarity that story needs (`threshold`, rising slowly with its size, up to `cap` times), or starts
a story.

Repair: when an article passes for more than one story, the stories it bridges are compared with each other;
if their sums are as similar as `merge_threshold` (`merge_threshold_long` for evidence read by words; with the
same time decay), the smaller is merged into the bigger. Merges are reported so that the caller can move
articles and keep the old id resolving.

Articles are taken in batches for speed (one sparse and one dense product per batch), yet each decision is the
one strict arrival order gives (up to rounding): document frequencies are counted article by article, and
similarities to stories changed earlier in the same batch are corrected with the batch's own article-by-article
products. (Only the cut to `top_terms`, and forgetting stories, wait for the end of the batch.) Story ids for
stories started in a batch are drawn at its end, for the stories that survive it.

Only stories that have had an article within `forget_after` of their half-lives are held in memory, at most
`max_active` of them. Their state lives in the store, so a restart resumes exactly.
"""

from __future__ import annotations

import math
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
DIMENSIONS = 256  # of the WordLlama model's embeddings


@dataclass(frozen=True)
class ClusterConfig:
    """Hyper-parameters; defaults chosen on the tuning parts of three streams (benchmarks/cluster_streams.py)."""

    threshold: float = 0.17  # least score between an article and a one-article story to join it
    # ... where the article and the story are both dated: their decay leaves only the stories of the same weeks to
    # compete, so an article's best match among them is telling at a lower similarity
    dated_threshold: float = 0.15
    growth: float = 0.5  # a story of n articles needs threshold * (1 + growth * ln(1 + n)): curbs topic chains
    cap: float = 2.0  # ... but never more than threshold * cap, so that big events still grow
    half_life_days: float = 30.0  # similarity halves with each this many days between article and story
    # ... or, where either is undated, with each this many arrivals: long, since the arrival order of an undated
    # stream may say little (50,000 cost Multi-News 0.4 BCubed points, its events being shuffled)
    half_life_articles: float = 500_000.0
    # Where both sides give a time of day, a story is also forgotten in step with its own pace: the half-life is at
    # most `pace` times its mean gap between articles, that gap estimated as if it had `pace_prior_articles` more
    # gaps of `pace_prior_days` (one article says nothing of its pace). A burst of headlines within minutes is over
    # within a day or two; a story that has run for weeks stays open for weeks. A bare date cannot tell them apart.
    pace: float = 30.0
    pace_prior_days: float = 1.0
    pace_prior_articles: float = 2.0
    window_days: float | None = None  # if set, a hard limit as well: a story this many days away is never joined
    lead_words: int = 40  # the title and this many first words of the text are embedded
    dense_weight: float = 1.0  # weight of the embedding's cosine for an article of no content terms ...
    dense_terms: int = 20  # ... falling in a straight line to none at this many
    merge_threshold: float = 0.45  # least (decayed) similarity of two stories' sums for a headline to merge them
    merge_threshold_long: float = 0.5  # ... for an article read by its words (in between: by its dense weight)
    top_terms: int = 100  # terms kept per story centroid
    # half-lives without an article after which a story is forgotten: it would then need twice the similarity it
    # needs when fresh, which only copies tend to reach
    forget_after: float = 1.0
    max_active: int = 20_000  # stories kept in memory, the most recently updated
    n_features: int = 2**18  # hashed feature space


_NO_TIME = float("nan")


@dataclass(slots=True)
class StoryState:
    """What clustering keeps of a story: its truncated centroid (a sum of unit vectors), its embedding sum and
    when it was active."""

    id: str
    indices: np.ndarray  # int32 feature ids, sorted
    values: np.ndarray  # float32 weights
    norm: float
    first_date: date | None
    last_date: date | None
    last_seq: int
    size: int = 0  # articles
    dense: np.ndarray = field(default_factory=lambda: np.zeros(DIMENSIONS, np.float32))  # sum of embeddings
    dense_norm: float = 0.0  # of the sum (as `norm` is of the sparse sum's kept terms)
    first_time: float = _NO_TIME  # days since 0001-01-01 (fractional: time of day), nan when undated
    last_time: float = _NO_TIME
    timed: bool = False  # its latest article gave a time of day

    def to_bytes(self) -> bytes:
        head = np.array([len(self.indices), self.size], dtype=np.int32).tobytes()
        floats = np.array([self.norm, self.dense_norm, self.first_time, self.last_time], dtype=np.float64)
        body = self.indices.astype(np.int32).tobytes() + self.values.astype(np.float32).tobytes()
        tail = self.dense.astype(np.float32).tobytes() + bytes([self.timed])
        return zlib.compress(head + floats.tobytes() + body + tail)

    @classmethod
    def from_bytes(
        cls, id: str, blob: bytes, first_date: date | None, last_date: date | None, last_seq: int
    ) -> StoryState:
        data = zlib.decompress(blob)
        n, size = (int(v) for v in np.frombuffer(data[:8], dtype=np.int32))
        norm, dense_norm, first_time, last_time = (float(v) for v in np.frombuffer(data[8:40], dtype=np.float64))
        indices = np.frombuffer(data[40 : 40 + 4 * n], dtype=np.int32).copy()
        values = np.frombuffer(data[40 + 4 * n : 40 + 8 * n], dtype=np.float32).copy()
        end = 40 + 8 * n + 4 * DIMENSIONS
        dense = np.frombuffer(data[40 + 8 * n : end], dtype=np.float32).copy()
        timed = data[end : end + 1] == b"\x01"  # absent in states stored before times of day counted
        return cls(
            id,
            indices,
            values,
            norm,
            first_date,
            last_date,
            last_seq,
            size,
            dense,
            dense_norm,
            first_time,
            last_time,
            timed,
        )


def _analyzer(text: str) -> list[str]:
    return content_terms(text)


EMBED_WORD_CHARS = 40  # longer than any word a headline or lead uses


def _words(article: Article) -> str:
    """Title and text (a headline-only item's text is its title: once)."""
    return article.text if article.title.strip() == article.text.strip() else f"{article.title}\n{article.text}"


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


@cache
def _embedder():
    """WordLlama's 256-d static model, from the folder its wheel installs (never downloaded)."""
    from pathlib import Path

    import wordllama

    return wordllama.WordLlama.load(dim=DIMENSIONS, cache_dir=Path(wordllama.__file__).parent, disable_download=True)


def article_time(article: Article) -> float:
    """Days since 0001-01-01 with the time of day where the input gave one (noon for a bare date); nan if undated."""
    if article.published_at is not None:
        moment = article.published_at
        seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
        return moment.date().toordinal() + seconds / 86400
    if article.date is not None:
        return article.date.toordinal() + 0.5
    return _NO_TIME


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
    df_: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))  # document frequency of each
    # hashed feature, counted online (sized to the feature space when the clusterer is made)
    n_docs_: int = 0
    active_: dict[str, StoryState] = field(default_factory=dict)
    newest_time_: float = _NO_TIME
    newest_seq_: int = -1
    background: bool = True  # add the shipped corpus counts to the stream's own

    def __post_init__(self) -> None:
        if len(self.df_) != self.config.n_features:
            self.df_ = np.zeros(self.config.n_features, dtype=np.int32)
        none: tuple[int, np.ndarray] = (0, np.zeros(self.config.n_features, np.int64))
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
            self.newest_seq_ = max(self.newest_seq_, story.last_seq)
            if not math.isnan(story.last_time):
                self.newest_time_ = np.fmax(self.newest_time_, story.last_time)
        self._evict()

    # ---- vectors ---------------------------------------------------------------------

    def vectorize(self, articles: Sequence[Article]) -> sparse.csr_matrix:
        """Unit TF-IDF rows (sublinear tf), each weighted with the document frequencies of the background
        corpus plus the stream up to and including that article, as if the articles had come one at a time;
        the stream's counts are then updated."""
        counts = self._hasher.transform([_words(a) for a in articles]).tocsr()
        counts.sum_duplicates()
        features = counts.indices
        rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        order = np.lexsort((rows, features))  # by feature, then by row: arrival order within each feature
        sorted_features = features[order]
        starts = np.flatnonzero(np.r_[True, sorted_features[1:] != sorted_features[:-1]])
        rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
        df = np.empty(len(order), dtype=np.float64)
        # articles before this one in the batch, and itself
        df[order] = self.df_[sorted_features] + self._prior_df[sorted_features] + rank + 1
        n_docs = self._prior_docs + self.n_docs_ + rows + 1
        idf = np.log((1 + n_docs) / (1 + df)) + 1.0
        counts.data = ((1.0 + np.log(counts.data)) * idf).astype(np.float32)
        np.add.at(self.df_, features, 1)
        self.n_docs_ += counts.shape[0]
        return normalize(counts, copy=False)

    def embed(self, articles: Sequence[Article]) -> np.ndarray:
        """Unit embeddings of each article's title and lead (zeros when the dense part is switched off)."""
        if not self.config.dense_weight:
            return np.zeros((len(articles), DIMENSIONS), np.float32)
        words = self.config.lead_words
        # Words cut to EMBED_WORD_CHARS: one "word" of a megabyte (a hostile or broken record) would otherwise
        # become a token sequence the embedder holds in memory whole.
        leads = [" ".join(w[:EMBED_WORD_CHARS] for w in _words(a).split(maxsplit=words)[:words]) for a in articles]
        vectors = _embedder().embed(leads)
        return normalize(np.nan_to_num(vectors)).astype(np.float32)

    def dense_weights(self, x: sparse.csr_matrix, articles: Sequence[Article]) -> np.ndarray:
        """How much each article leans on its embedding: less the more content terms it has, and not at all
        without a title. The embedding stands in for the words a headline lacks; a short text with no title is
        a fragment (on Multi-News mostly page furniture: "javascript is disabled", crawl notices), which the
        embedding would match with fragments of other events."""
        terms = np.diff(x.indptr)
        config = self.config
        titled = np.array([bool(a.title.strip()) for a in articles])
        return config.dense_weight * np.clip(1.0 - terms / config.dense_terms, 0.0, 1.0) * titled

    # ---- assignment ------------------------------------------------------------------

    def assign(self, articles: Sequence[Article], seqs: Sequence[int], new_id: Callable[[], str]) -> Assignment:
        """The story of each (cleaned) article, in order, the states of every story this batch changed, and the
        stories it merged away.

        `seqs` number the articles in arrival order; `new_id()` names a new story. Decisions match strict
        one-by-one arrival order.
        """
        if not articles:
            return Assignment([], [])
        x = self.vectorize(articles)
        e = self.embed(articles)
        batch = _Batch(self, list(self.active_.values()), x, e, articles, seqs)
        for i in range(len(articles)):
            batch.place(i)
        return batch.finish(new_id)

    def needed(self, sizes: np.ndarray, dated: np.ndarray | bool = False) -> np.ndarray:
        """The least similarity to join a story of each size: rising slowly with size, then capped; from
        `dated_threshold` where the article and the story are both dated."""
        config = self.config
        base = np.where(dated, config.dated_threshold, config.threshold)
        return base * np.minimum(1.0 + config.growth * np.log1p(sizes), config.cap)

    def half_life(self, span_days: np.ndarray, sizes: np.ndarray, timed: np.ndarray | bool) -> np.ndarray:
        """Days for a story's similarity to halve: `half_life_days`, or less for a story whose articles (and the
        newcomer) carry times of day and came in quick succession."""
        config = self.config
        if not np.any(timed) or not config.pace:
            return np.full(np.shape(sizes), config.half_life_days)
        gaps = np.where(timed, span_days, 0.0) + config.pace_prior_articles * config.pace_prior_days
        paced = config.pace * gaps / (np.maximum(sizes - 1.0, 0.0) + config.pace_prior_articles)
        return np.where(timed, np.minimum(paced, config.half_life_days), config.half_life_days)

    def decay(
        self, gap_days: np.ndarray, gap_seqs: np.ndarray, half_life: np.ndarray | float | None = None
    ) -> np.ndarray:
        """How much of a similarity is left after a gap: in days where both sides are dated (`half_life`, by
        default `half_life_days`), else in arrivals."""
        config = self.config
        days = np.exp2(-np.nan_to_num(gap_days, nan=0.0) / (config.half_life_days if half_life is None else half_life))
        arrivals = np.exp2(-np.maximum(gap_seqs, 0) / config.half_life_articles)
        return np.where(np.isnan(gap_days), arrivals, days)

    def sparse_rows(self, stories: Sequence[StoryState]) -> sparse.csr_matrix:
        lengths = np.fromiter((len(s.indices) for s in stories), dtype=np.int64, count=len(stories))
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        indices = np.concatenate([s.indices for s in stories]) if stories else np.zeros(0, np.int32)
        values = np.concatenate([s.values for s in stories]) if stories else np.zeros(0, np.float32)
        return sparse.csr_matrix((values, indices, indptr), shape=(len(stories), self.config.n_features))

    def remember(self, state: StoryState) -> None:
        self.active_.pop(state.id, None)
        self.active_[state.id] = state  # dict order: least recently updated first
        self.newest_seq_ = max(self.newest_seq_, state.last_seq)
        if not math.isnan(state.last_time):
            self.newest_time_ = float(np.fmax(self.newest_time_, state.last_time))

    def _evict(self) -> None:
        """Forget stories that have gone quiet, and the oldest beyond `max_active`.

        A story is kept for `forget_after` of its own half-lives (in days, or where undated in arrivals) after its
        latest article.
        """
        stories = list(self.active_.values())
        if stories:
            config = self.config
            last = np.array([s.last_time for s in stories])
            span = last - np.array([s.first_time for s in stories])
            sizes = np.array([s.size for s in stories], dtype=np.float64)
            timed = np.array([s.timed for s in stories])
            kept_days = self.half_life(span, sizes, timed) * config.forget_after
            if config.window_days is not None:
                kept_days = np.minimum(kept_days, config.window_days)
            seqs = np.array([s.last_seq for s in stories])
            kept_arrivals = config.half_life_articles * config.forget_after
            gone = (last < self.newest_time_ - kept_days) | (np.isnan(last) & (seqs < self.newest_seq_ - kept_arrivals))
            for k in np.flatnonzero(gone):
                del self.active_[stories[k].id]
        while len(self.active_) > self.config.max_active:
            del self.active_[next(iter(self.active_))]


def _gaps(time: float, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Days from a moment to each story's span (0 inside it); nan where either is undated."""
    gaps = np.where(time > last, time - last, np.where(time < first, first - time, 0.0))
    return np.where(np.isnan(last) | math.isnan(time), np.nan, gaps)  # (comparisons with nan are all false)


class _Batch:
    """One batch's decisions: slots for the active stories, then one per story started in the batch.

    A slot's sums are the stored sums of the stories it holds (several after a merge) plus the batch's articles
    placed in it; dot products with them are assembled from the batch's precomputed products.
    """

    def __init__(
        self,
        clusterer: Clusterer,
        stories: list[StoryState],
        x: sparse.csr_matrix,
        e: np.ndarray,
        articles: Sequence[Article],
        seqs: Sequence[int],
    ) -> None:
        self.clusterer, self.stories, self.x, self.e = clusterer, stories, x, e
        self.config = clusterer.config
        n, m = len(articles), len(stories)
        self.n, self.m = n, m
        self.base = clusterer.sparse_rows(stories)
        self.base_dense = np.array([s.dense for s in stories], np.float32).reshape(m, DIMENSIONS)
        self.dots = (x @ self.base.T).toarray() if m else np.zeros((n, 0), np.float32)
        self.dense_dots = e @ self.base_dense.T
        self.gram = (x @ x.T).toarray()
        self.dense_gram = e @ e.T
        self.w = clusterer.dense_weights(x, articles)
        self.times = np.array([article_time(a) for a in articles])
        self.timed = np.array([a.published_at is not None for a in articles])
        self.seqs = np.asarray(seqs, dtype=np.int64)
        total = m + n
        self.norm2 = np.zeros(total)
        self.norm2[:m] = [s.norm**2 for s in stories]
        self.dense_norm2 = np.zeros(total)
        self.dense_norm2[:m] = [s.dense_norm**2 for s in stories]
        self.sizes = np.zeros(total)
        self.sizes[:m] = [s.size for s in stories]
        self.first = np.full(total, _NO_TIME)
        self.first[:m] = [s.first_time for s in stories]
        self.last = np.full(total, _NO_TIME)
        self.last[:m] = [s.last_time for s in stories]
        self.last_timed = np.zeros(total, dtype=bool)
        self.last_timed[:m] = [s.timed for s in stories]
        self.last_seq = np.full(total, np.iinfo(np.int64).min // 2, dtype=np.int64)
        self.last_seq[:m] = [s.last_seq for s in stories]
        self.alive = np.zeros(total, dtype=bool)
        self.alive[:m] = True
        self.owner = np.arange(m)  # stored story -> the slot holding it now
        self.holds: dict[int, list[int]] = {k: [k] for k in range(m)}  # slot -> stored stories it holds
        self.slot_of = np.empty(n, dtype=np.int64)  # article -> slot
        self.placed = 0  # articles placed so far
        self.articles = articles
        self.used = m
        self.merged_into: dict[int, int] = {}

    def _raw(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """Dot products of article i with every slot's sparse and dense sums."""
        used, m = self.used, self.m
        if self.merged_into:
            raw = np.bincount(self.owner, self.dots[i], minlength=used).astype(np.float64)
            dense = np.bincount(self.owner, self.dense_dots[i], minlength=used).astype(np.float64)
        else:
            raw, dense = np.zeros(used), np.zeros(used)
            raw[:m], dense[:m] = self.dots[i], self.dense_dots[i]
        if i:
            raw += np.bincount(self.slot_of[:i], self.gram[i, :i], minlength=used)
            dense += np.bincount(self.slot_of[:i], self.dense_gram[i, :i], minlength=used)
        return raw, dense

    def _similarity(self, raw: float | np.ndarray, dense: float | np.ndarray, norm2, dense_norm2, w: float):
        cosine = raw / np.sqrt(np.maximum(norm2, 1e-24))
        dense_cosine = dense / np.sqrt(np.maximum(dense_norm2, 1e-24))
        return (1.0 - w) * cosine + w * dense_cosine

    def place(self, i: int) -> None:
        used = self.used
        raw, dense = self._raw(i)
        w = float(self.w[i])
        similarity = self._similarity(raw, dense, self.norm2[:used], self.dense_norm2[:used], w)
        # Decay and the size rule only ever lower a score below its similarity or raise what a story needs above
        # `threshold`: only stories at least that similar can be joined, so the rest is worked out for them alone.
        least = min(self.config.threshold, self.config.dated_threshold)
        candidates = np.flatnonzero((similarity >= least) & self.alive[:used])
        gap_days = _gaps(self.times[i], self.first[candidates], self.last[candidates])
        half_life: float | np.ndarray = self.config.half_life_days
        if self.timed[i]:
            span = self.last[candidates] - self.first[candidates]
            half_life = self.clusterer.half_life(span, self.sizes[candidates], self.last_timed[candidates])
        decay = self.clusterer.decay(gap_days, self.seqs[i] - self.last_seq[candidates], half_life)
        score = similarity[candidates] * decay
        if self.config.window_days is not None:
            score[gap_days > self.config.window_days] = -np.inf
        dated = ~np.isnan(gap_days)
        margin = score - self.clusterer.needed(self.sizes[candidates], dated)
        passed = candidates[margin >= 0]
        if len(passed):
            best = int(candidates[np.argmax(margin)])
        else:
            best = self.used
            self.used += 1
            self.alive[best] = True
            raw, dense = np.append(raw, 0.0), np.append(dense, 0.0)
        self.norm2[best] += 2.0 * raw[best] + 1.0
        self.dense_norm2[best] += 2.0 * dense[best] + float(self.e[i] @ self.e[i])
        self.sizes[best] += 1
        self.first[best] = np.fmin(self.first[best], self.times[i])
        if not self.times[i] < self.last[best]:
            self.last_timed[best] = self.timed[i]
        self.last[best] = np.fmax(self.last[best], self.times[i])
        self.last_seq[best] = max(self.last_seq[best], self.seqs[i])
        self.slot_of[i] = best
        self.placed = i + 1
        by_margin = dict(zip(candidates.tolist(), margin.tolist(), strict=True))
        for other in sorted((int(k) for k in passed if k != best), key=lambda k: -by_margin[k]):
            self._maybe_merge(int(self.slot_of[i]), other, w)

    # ---- repair ------------------------------------------------------------------------

    def _members(self, slot: int) -> np.ndarray:
        return np.flatnonzero(self.slot_of[: self.placed] == slot)

    def _span_gap(self, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
        """Days between two slots' spans (0 where they overlap; nan if either is undated), and arrivals."""
        days = np.fmax(np.array([self.first[b] - self.last[a]]), self.first[a] - self.last[b])
        days = np.where(np.isnan(self.first[[a, b]]).any(), np.nan, np.maximum(days, 0.0))
        return days, np.array([abs(self.last_seq[a] - self.last_seq[b])])

    def _pair_dots(self, a: int, b: int) -> tuple[float, float]:
        """Dot products of two slots' sparse and dense sums."""
        bases_a = np.array(self.holds.get(a, []), dtype=np.int64)
        bases_b = np.array(self.holds.get(b, []), dtype=np.int64)
        mem_a, mem_b = self._members(a), self._members(b)
        raw = dense = 0.0
        if len(bases_a) and len(bases_b):
            raw += float((self.base[bases_a].sum(axis=0) @ self.base[bases_b].sum(axis=0).T).item())
            dense += float(self.base_dense[bases_a].sum(axis=0) @ self.base_dense[bases_b].sum(axis=0))
        if len(bases_a) and len(mem_b):
            raw += float(self.dots[np.ix_(mem_b, bases_a)].sum())
            dense += float(self.dense_dots[np.ix_(mem_b, bases_a)].sum())
        if len(bases_b) and len(mem_a):
            raw += float(self.dots[np.ix_(mem_a, bases_b)].sum())
            dense += float(self.dense_dots[np.ix_(mem_a, bases_b)].sum())
        if len(mem_a) and len(mem_b):
            raw += float(self.gram[np.ix_(mem_a, mem_b)].sum())
            dense += float(self.dense_gram[np.ix_(mem_a, mem_b)].sum())
        return raw, dense

    def _maybe_merge(self, a: int, b: int, w: float) -> None:
        if not (self.alive[a] and self.alive[b]):
            return
        raw, dense = self._pair_dots(a, b)
        norm2 = self.norm2[a] * self.norm2[b]
        dense_norm2 = self.dense_norm2[a] * self.dense_norm2[b]
        similarity = self._similarity(raw, dense, norm2, dense_norm2, w)
        pair = np.array([a, b])
        half_life = self.clusterer.half_life(
            self.last[pair] - self.first[pair], self.sizes[pair], bool(self.last_timed[pair].all())
        )
        decay = self.clusterer.decay(*self._span_gap(a, b), float(np.max(half_life)))[0]
        needed = w * self.config.merge_threshold + (1.0 - w) * self.config.merge_threshold_long
        if similarity * decay < needed:
            return
        # the survivor: a stored story before one started in this batch (ids stay put), then the bigger
        rank = {k: (k < self.m or bool(self.holds.get(k)), self.sizes[k], -k) for k in (a, b)}
        keep, gone = (a, b) if rank[a] >= rank[b] else (b, a)
        self.norm2[keep] += 2.0 * raw + self.norm2[gone]
        self.dense_norm2[keep] += 2.0 * dense + self.dense_norm2[gone]
        self.sizes[keep] += self.sizes[gone]
        self.first[keep] = np.fmin(self.first[keep], self.first[gone])
        if not self.last[gone] < self.last[keep]:
            self.last_timed[keep] = self.last_timed[gone]
        self.last[keep] = np.fmax(self.last[keep], self.last[gone])
        self.last_seq[keep] = max(self.last_seq[keep], self.last_seq[gone])
        self.alive[gone] = False
        placed = self.slot_of[: self.placed]
        placed[placed == gone] = keep
        for stored in self.holds.pop(gone, []):
            self.owner[stored] = keep
            self.holds.setdefault(keep, []).append(stored)
        self.merged_into[gone] = keep

    # ---- the batch's outcome -----------------------------------------------------------

    def finish(self, new_id: Callable[[], str]) -> Assignment:
        """New states for every surviving slot the batch touched, ids for the stories it started, merges."""
        m, config = self.m, self.config
        touched = np.unique(self.slot_of)
        ids = {k: self.stories[k].id for k in range(m)}
        ids |= {int(k): new_id() for k in touched if k >= m}  # in order of creation
        merged = {self.stories[p].id: ids[int(self.owner[p])] for p in range(m) if self.owner[p] != p}
        row_of = np.searchsorted(touched, self.slot_of)
        members = sparse.csr_matrix(
            (np.ones(self.n, dtype=np.float32), (row_of, np.arange(self.n))), shape=(len(touched), self.n)
        )
        holds = [self.holds.get(int(k), []) for k in touched]
        owned = sparse.csr_matrix(
            (
                np.ones(sum(map(len, holds)), dtype=np.float32),
                ([r for r, h in enumerate(holds) for _ in h], [p for h in holds for p in h]),
            ),
            shape=(len(touched), m),
        )
        sums = (members @ self.x + owned @ self.base).tocsr()
        sums.sum_duplicates()
        dense_sums = members @ self.e + owned @ self.base_dense
        changed: list[StoryState] = []
        for row, slot in enumerate(touched):
            indices = sums.indices[sums.indptr[row] : sums.indptr[row + 1]]
            values = sums.data[sums.indptr[row] : sums.indptr[row + 1]]
            if len(values) > config.top_terms:
                keep = np.sort(np.argpartition(values, -config.top_terms)[-config.top_terms :])
                indices, values = indices[keep], values[keep]
            found = [self.articles[int(i)].date for i in np.flatnonzero(self.slot_of == slot)]
            found += [d for p in holds[row] for d in (self.stories[p].first_date, self.stories[p].last_date)]
            days = [d for d in found if d is not None]
            state = StoryState(
                ids[int(slot)],
                indices.astype(np.int32),
                values.astype(np.float32),
                float(np.linalg.norm(values)),
                min(days, default=None),
                max(days, default=None),
                int(self.last_seq[slot]),
                int(self.sizes[slot]),
                dense_sums[row].astype(np.float32),
                float(np.linalg.norm(dense_sums[row])),
                float(self.first[slot]),
                float(self.last[slot]),
                bool(self.last_timed[slot]),
            )
            changed.append(state)
        for story_id in merged:
            self.clusterer.active_.pop(story_id, None)
        for state in changed:
            self.clusterer.remember(state)
        self.clusterer._evict()
        return Assignment([ids[int(k)] for k in self.slot_of], changed, merged)

"""The use cases, in one place: what the command line and the web app do with a story store.

Faces (the CLI, the web app) call these functions and the public API only; the functions put the
stages, the clustering algorithm and the store together.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from storyline.clean import clean_article
from storyline.cluster import ClusterConfig, Clusterer, StoryState
from storyline.models import Article, Problem
from storyline.store import Store, StoredArticle, StoryUpdate, text_hash

__all__ = ["IngestCount", "ingest"]


@dataclass
class IngestCount:
    """What an ingest did: new articles, repeats recognised, and inputs rejected, by reason."""

    new: int = 0
    duplicates: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    created: set[str] = field(default_factory=set)  # stories this ingest started
    extended: set[str] = field(default_factory=set)  # stories that existed before and gained articles

    @property
    def new_stories(self) -> int:
        return len(self.created)

    @property
    def updated_stories(self) -> int:
        return len(self.extended)

    def line(self) -> str:
        rejected = sum(self.rejected.values())
        reasons = "; ".join(f"{n} {reason}" for reason, n in self.rejected.most_common(5))
        more = "; …" if len(self.rejected) > 5 else ""
        return (
            f"{self.new} new, {self.duplicates} duplicate{'s' * (self.duplicates != 1)}, {rejected} rejected"
            + (f" ({reasons}{more})" if rejected else "")
            + f"; {self.new_stories} new stor{'ies' if self.new_stories != 1 else 'y'},"
            f" {self.updated_stories} earlier stor{'ies' if self.updated_stories != 1 else 'y'} updated"
        )


_DIGITS = re.compile(r"\d+")


def _reason(problem: Problem) -> str:
    """A problem's message with counts and positions blanked, to group like with like."""
    return _DIGITS.sub("N", problem.message.split(" (")[0])


def _snippet(text: str, limit: int = 80) -> str:
    """A title for a story none of whose articles has one: the start of its first paragraph."""
    first = text.split("\n", 1)[0].strip()
    return first if len(first) <= limit else first[:limit].rsplit(" ", 1)[0] + "…"


@dataclass
class _Pending:
    """The articles of the batch being gathered, with what makes each one a repeat."""

    articles: list[Article] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)  # URLs and text hashes
    ids: set[str] = field(default_factory=set)

    def holds(self, url: str, digest: str) -> bool:
        return bool(url and url in self.seen) or digest in self.seen

    def add(self, article: Article, digest: str) -> None:
        self.articles.append(article)
        self.digests.append(digest)
        self.seen.update(x for x in (article.url, digest) if x)
        self.ids.add(article.id)


def ingest(
    store: Store,
    items: Iterable[Article | Problem],
    config: ClusterConfig | None = None,
    batch_size: int = 500,
    on_problem: Callable[[Problem], None] | None = None,
) -> IngestCount:
    """Clean, de-duplicate and cluster a stream of articles into the store, committing every `batch_size`.

    A repeat (same URL, or same cleaned text, as a stored or earlier article) is counted, not stored,
    so re-running an ingest is harmless. Each commit holds whole articles with their stories.
    """
    config = config or ClusterConfig()
    clusterer = Clusterer(config)
    states = [StoryState.from_bytes(*row) for row in store.recent_states(config.max_active) if row[1]]
    clusterer.load_state(store.get_meta(_STATE_KEY), states)
    count = IngestCount()
    next_story = int(store.get_meta(_NEXT_STORY_KEY) or 1)
    seq = store.next_seq()
    pending = _Pending()

    def new_id() -> str:
        nonlocal next_story
        next_story += 1
        return f"s{next_story - 1}"

    def flush() -> None:
        nonlocal seq, pending
        if not pending.articles:
            return
        batch = pending.articles
        seqs = list(range(seq, seq + len(batch)))
        before = next_story
        decided = clusterer.assign(batch, seqs, new_id)
        story_ids, changed = decided.story_ids, decided.changed
        members: dict[str, list[Article]] = {}
        for article, story_id in zip(batch, story_ids, strict=True):
            members.setdefault(story_id, []).append(article)
        updates = [_update(state, members[state.id]) for state in changed]
        stored = [StoredArticle(a, sid, d) for a, sid, d in zip(batch, story_ids, pending.digests, strict=True)]
        meta = {_STATE_KEY: clusterer.state_bytes(), _NEXT_STORY_KEY: next_story}
        store.write_batch(stored, updates, meta)
        count.new += len(batch)
        started = {f"s{number}" for number in range(before, next_story)}
        count.created |= started
        count.extended |= {state.id for state in changed} - count.created
        seq += len(batch)
        pending = _Pending()

    for item in items:
        if isinstance(item, Problem):
            count.rejected[_reason(item)] += 1
            if on_problem:
                on_problem(item)
            continue
        article = clean_article(item)
        if not article.text.strip():
            problem = Problem(article.path or article.id, "no article text left after removing boilerplate")
            count.rejected[problem.message] += 1
            if on_problem:
                on_problem(problem)
            continue
        digest = text_hash(article.text)
        if pending.holds(article.url, digest) or store.known(article.url, digest):
            count.duplicates += 1
            continue
        pending.add(_unique_id(article, pending.ids, store), digest)
        if len(pending.articles) >= batch_size:
            flush()
    flush()
    return count


_STATE_KEY = "cluster_state"
_NEXT_STORY_KEY = "next_story"


def _unique_id(article: Article, batch_ids: set[str], store: Store) -> Article:
    """The article's own id unless another stored article has it: then `id-2`, `id-3`, …"""

    def taken(candidate: str) -> bool:
        return candidate in batch_ids or store.has_article_id(candidate)

    if not taken(article.id):
        return article
    number = 2
    while taken(f"{article.id}-{number}"):
        number += 1
    return replace(article, id=f"{article.id}-{number}")


def _update(state: StoryState, added: list[Article]) -> StoryUpdate:
    titled = next((a.title for a in added if a.title), "")
    dates = [a.date for a in added if a.date]
    return StoryUpdate(
        id=state.id,
        added=len(added),
        title=titled or _snippet(added[0].text),
        first_date=min(dates, default=None),
        last_date=max(dates, default=None),
        updated_seq=state.last_seq,
        centroid=state.to_bytes(),
    )

"""The use cases, in one place: what the command line and the web app do.

    ingest(store, items)                      a stream of articles into stories, in the store
    stored_briefing(store, story_id, ...)      a stored story's briefing dict, cached per story version and build
    render_stored(store, ids, ...)             stored stories rendered in a format
    list_stories(store, query)                 a page of stories and how many match
    find_story(store, story_id)                a story by id, following merges
    brief_uploads(uploads, settings)           pasted or uploaded articles, briefed within the request limits

Faces (the CLI, the web app) call these and the public API only; these put the stages, the clustering
algorithm and a store (`storyline.store.StoryStore`) together. Nothing here reads settings from the
environment: values arrive as arguments.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

from storyline.batch import Runner
from storyline.cluster import ClusterConfig, Clusterer, StoryState
from storyline.errors import InputError, StorylineError
from storyline.fingerprint import is_copy, sketch
from storyline.models import Article, Problem, Report
from storyline.pipeline import clean_or_problem
from storyline.settings import Settings
from storyline.store import (
    Batch,
    BriefKey,
    StoredArticle,
    StoreError,
    StoryInfo,
    StoryQuery,
    StoryStore,
    StoryUpdate,
    text_hash,
)
from storyline.store.base import lede_of

__all__ = [
    "IngestCount",
    "RequestTooLarge",
    "Upload",
    "brief_uploads",
    "build_id",
    "find_story",
    "ingest",
    "list_stories",
    "render_stored",
    "stored_briefing",
]

_STATE_KEY = "cluster_state"
_NEXT_STORY_KEY = "next_story"
_DIGITS = re.compile(r"\d+")


# ---- ingest a stream ---------------------------------------------------------------------------


@dataclass
class IngestCount:
    """What an ingest did: new articles, repeats recognised, and inputs rejected, by reason."""

    new: int = 0
    duplicates: int = 0
    headline_only: int = 0  # new articles whose text is only their headline
    rejected: Counter[str] = field(default_factory=Counter)
    new_stories: int = 0  # stories this ingest started (and did not merge away again)
    # Stories that existed before and gained articles: a set only of earlier stories, so that counting a stream
    # of a million articles into a new store keeps no id per story.
    extended: set[str] = field(default_factory=set)
    merged: int = 0  # stories found to be one with another and merged into it

    @property
    def updated_stories(self) -> int:
        return len(self.extended)

    def line(self) -> str:
        rejected = sum(self.rejected.values())
        reasons = "; ".join(f"{n} {reason}" for reason, n in self.rejected.most_common(5))
        more = "; …" if len(self.rejected) > 5 else ""
        headlines = f" ({self.headline_only} headline only)" if self.headline_only else ""
        merged = f", {self.merged} merged" if self.merged else ""
        return (
            f"{self.new} new{headlines}, {self.duplicates} duplicate{'s' * (self.duplicates != 1)}, {rejected} rejected"
            + (f" ({reasons}{more})" if rejected else "")
            + f"; {self.new_stories} new stor{'ies' if self.new_stories != 1 else 'y'},"
            f" {self.updated_stories} earlier stor{'ies' if self.updated_stories != 1 else 'y'} updated{merged}"
        )


def _reason(problem: Problem) -> str:
    """A problem's message with counts and positions blanked, to group like with like."""
    return _DIGITS.sub("N", problem.message.split(" (")[0])


def _snippet(text: str, limit: int = 80) -> str:
    """A title for a story none of whose articles has one: the start of its first paragraph."""
    first = text.split("\n", 1)[0].strip()
    return first if len(first) <= limit else first[:limit].rsplit(" ", 1)[0] + "…"


@dataclass
class _Ingest:
    """One ingest run's state: the clusterer, the counters, and the ids handed out."""

    store: StoryStore
    clusterer: Clusterer
    count: IngestCount
    next_story: int
    seq: int
    first_story: int = field(init=False)  # the number of the first story this run may start

    def __post_init__(self) -> None:
        self.first_story = self.next_story

    def started_here(self, story_id: str) -> bool:
        return story_id[1:].isdigit() and int(story_id[1:]) >= self.first_story

    def new_id(self) -> str:
        self.next_story += 1
        return f"s{self.next_story - 1}"

    def flush(self, candidates: list[Article]) -> None:
        """De-duplicate a batch against the store and itself, cluster it, and write it in one transaction."""
        digests = [text_hash(a.text) for a in candidates]
        stored = self.store.known([(a.url, d, a.source) for a, d in zip(candidates, digests, strict=True)])
        batch: list[Article] = []
        batch_digests: list[str] = []
        seen: set[tuple[str, ...]] = set()
        for k, (article, digest) in enumerate(zip(candidates, digests, strict=True)):
            keys: set[tuple[str, ...]] = {("text", digest, article.source)}
            if article.url:
                keys.add(("url", article.url))
            if k in stored or keys & seen:
                self.count.duplicates += 1
                continue
            seen |= keys
            batch.append(article)
            batch_digests.append(digest)
        if not batch:
            return
        batch = self._unique_ids(batch)
        seqs = list(range(self.seq, self.seq + len(batch)))
        before = self.next_story
        decided = self.clusterer.assign(batch, seqs, self.new_id)
        groups, sketches = self._source_groups(batch, batch_digests, decided.story_ids)
        members: dict[str, list[Article]] = {}
        for article, story_id in zip(batch, decided.story_ids, strict=True):
            members.setdefault(story_id, []).append(article)
        updates = [_story_update(state, members.get(state.id, [])) for state in decided.changed]
        stored_articles = [
            StoredArticle(seq, a, story_id, digest, group, headline_only=_headline_only(a))
            for seq, a, story_id, digest, group in zip(
                seqs, batch, decided.story_ids, batch_digests, groups, strict=True
            )
        ]
        meta = {_STATE_KEY: self.clusterer.state_bytes(), _NEXT_STORY_KEY: str(self.next_story).encode()}
        self.store.write(Batch(stored_articles, updates, decided.merged, meta, sketches))
        self.count.new += len(batch)
        self.count.headline_only += sum(s.headline_only for s in stored_articles)
        self.count.merged += len(decided.merged)
        self.count.new_stories += self.next_story - before
        self.count.new_stories -= sum(self.started_here(old) for old in decided.merged)
        self.count.extended -= set(decided.merged)
        self.count.extended |= {state.id for state in decided.changed if not self.started_here(state.id)}
        self.seq += len(batch)

    def _unique_ids(self, batch: list[Article]) -> list[Article]:
        """Each article keeps its own id unless a stored or earlier one has it: then `id-2`, `id-3`, …"""
        taken = self.store.taken_ids([a.id for a in batch])
        used: set[str] = set()
        result = []
        for article in batch:
            candidate, number = article.id, 1
            while candidate in taken or candidate in used:
                number += 1
                candidate = f"{article.id}-{number}"
                if candidate not in used and candidate not in taken:
                    taken |= self.store.taken_ids([candidate])  # a query per suffix tried: clashes are rare
            used.add(candidate)
            result.append(article if candidate == article.id else replace(article, id=candidate))
        return result

    def _source_groups(
        self, batch: list[Article], digests: list[str], story_ids: list[str]
    ) -> tuple[list[str], list[tuple[str, str, bytes]]]:
        """The group each article counts in, and the fingerprints of groups it starts: an article joins the
        group of an earlier copy of its text in its story (the same text, or a reprint its fingerprint
        recognises), else its outlet's group, else a group of its own."""
        pairs = list(zip(story_ids, digests, strict=True))
        exact = self.store.copy_groups(pairs)
        known = self.store.group_sketches(story_ids)
        groups: list[str] = []
        started: list[tuple[str, str, bytes]] = []
        for article, (story_id, digest) in zip(batch, pairs, strict=True):
            text_print = sketch(article.text)
            group = exact.get((story_id, digest)) or next(
                (g for g, other in known.get(story_id, []) if is_copy(text_print, other)), ""
            )
            if not group:
                group = f"outlet:{article.source}" if article.source else f"article:{article.id}"
                if all(g != group for g, _ in known.get(story_id, [])):
                    known.setdefault(story_id, []).append((group, text_print))
                    started.append((story_id, group, text_print))
            exact.setdefault((story_id, digest), group)
            groups.append(group)
        return groups, started


def _headline_only(article: Article) -> bool:
    return bool(article.title) and article.text == article.title


def _story_update(state: StoryState, added: list[Article]) -> StoryUpdate:
    titled = next((a.title for a in added if a.title), "")
    told = next((a.text for a in added if not _headline_only(a)), "")
    return StoryUpdate(
        id=state.id,
        title=titled or (_snippet(added[0].text) if added else ""),
        lede=lede_of(told) if told else "",
        updated_seq=state.last_seq,
        centroid=state.to_bytes(),
    )


def ingest(
    store: StoryStore,
    items: Iterable[Article | Problem],
    config: ClusterConfig | None = None,
    batch_size: int = 500,
    on_problem: Callable[[Problem], None] | None = None,
    on_wait: Callable[[], None] | None = None,
) -> IngestCount:
    """Clean, de-duplicate and cluster a stream of articles into the store, committing every `batch_size`.

    One ingest writes to a store at a time: a second one calls `on_wait` and waits for the first. A repeat
    (same URL, or same cleaned text from the same outlet, as a stored or earlier article) is counted, not
    stored, so re-running an ingest is harmless. Each commit holds whole articles with their stories.
    """
    config = config or ClusterConfig()
    count = IngestCount()

    def reject(problem: Problem) -> None:
        count.rejected[_reason(problem)] += 1
        if on_problem:
            on_problem(problem)

    with store.writer(on_wait or (lambda: None)):
        clusterer = Clusterer(config)
        states = [StoryState.from_bytes(*row) for row in store.recent_states(config.max_active) if row[1]]
        clusterer.load_state(store.get_meta(_STATE_KEY), states)
        run = _Ingest(store, clusterer, count, int(store.get_meta(_NEXT_STORY_KEY) or 1), store.next_seq())
        candidates: list[Article] = []
        for item in items:
            if isinstance(item, Problem):
                reject(item)
                continue
            article = clean_or_problem(item)
            if isinstance(article, Problem):
                reject(article)
                continue
            if not article.text.strip():
                reject(Problem(article.path or article.id, "no article text left after removing boilerplate"))
                continue
            candidates.append(article)
            if len(candidates) >= batch_size:
                run.flush(candidates)
                candidates = []
        if candidates:
            run.flush(candidates)
    return count


# ---- stored stories --------------------------------------------------------------------------


@cache
def build_id() -> str:
    """What made a briefing: the package version and a digest of the package's code, models and templates.

    Cached briefings carry it, so a briefing made by other code or another model is never served.
    """
    from storyline import __version__

    digest = hashlib.sha1()
    root = resources.files("storyline")
    for path in sorted(_package_files(root), key=str):
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:16]}"


def _package_files(folder: Any) -> Iterator[Any]:
    for entry in folder.iterdir():
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _package_files(entry)
        elif entry.name.endswith((".py", ".npz", ".html", ".css", ".js", ".json")):
            yield entry


def find_story(store: StoryStore, story_id: str, with_articles: bool = False) -> StoryInfo | None:
    """A story by id; an id merged into another story finds the story it became part of."""
    current = store.resolve(story_id)
    return store.get_story(current, with_articles) if current else None


def list_stories(store: StoryStore, query: StoryQuery, with_articles: bool = False) -> tuple[list[StoryInfo], int]:
    """A page of stories in the query's order, and how many match in all."""
    return store.list_stories(query, with_articles), store.count_stories(query)


def stored_briefing(store: StoryStore, info: StoryInfo, words: int, method: str) -> dict[str, Any]:
    """The briefing dict (as `storyline brief --format json` gives it) of a stored story, from the cache when it
    was made from the story as it is now by this build, else briefed afresh and cached."""
    key = BriefKey(words, method, "json", build_id())
    cached = store.cached_output(info.id, key)
    if cached is not None:
        return dict(json.loads(cached))
    briefing = _brief_stored(store, info, words, method)
    from storyline.render.json import briefing_dict

    data = briefing_dict(briefing)
    store.save_output(info.id, key, info.version, json.dumps(data, ensure_ascii=False))
    return data


def _brief_stored(store: StoryStore, info: StoryInfo, words: int, method: str) -> Any:
    from storyline.pipeline import brief_articles
    from storyline.select import get_selector

    return brief_articles(store.story_articles(info.id), words, get_selector(method), story_id=info.id)


def render_stored(
    store: StoryStore,
    story_ids: Sequence[str],
    all_stories: bool,
    words: int,
    method: str,
    fmt: str,
    run: Runner | None = None,
    location: str = "",
) -> tuple[Iterator[str], int, list[Problem]]:
    """Stored stories (the named ones, or all, oldest first) rendered in `fmt`: (output pieces, stories, problems).

    Briefings are reused while their story and the build are unchanged: one story in any format, and any
    number in JSON, which is written story by story as the briefings come (an archive never sits in memory
    whole). Several stories in another format are briefed afresh (their JSON is cached on the way). With `run`
    (a `storyline.batch` runner: worker processes or Ray) the stories are briefed where it runs them, each
    worker opening the store at `location`; the output is the same as in this process.
    """
    from storyline.render import render
    from storyline.render.json import briefing_dict

    problems: list[Problem] = []
    infos: list[StoryInfo] = []
    for story_id in store.story_ids() if all_stories else story_ids:
        info = store.get_story(story_id) if all_stories else find_story(store, story_id)
        if info is None:
            problems.append(Problem(store.location, f"no story {story_id!r} (see `storyline stories`)"))
        elif all_stories or all(info.id != seen.id for seen in infos):
            infos.append(info)
    if not infos:
        return iter(()), 0, problems
    as_json = fmt == "json"

    def briefed() -> Iterator[Any]:
        if run is None:
            yield from (_briefing_of(store, info.id, words, method, as_json) for info in infos)
        else:
            jobs = [(location or store.location, info.id, words, method, as_json) for info in infos]
            yield from run.map(_stored_job, jobs, chunk=16)

    if fmt == "json":
        return _json_pieces(briefed(), problems), len(infos), problems
    if len(infos) == 1:
        key = BriefKey(words, method, fmt, build_id())
        cached = store.cached_output(infos[0].id, key)
        if cached is None:
            briefing = next(briefed())
            json_key = BriefKey(words, method, "json", build_id())
            store.save_output(infos[0].id, json_key, infos[0].version, json.dumps(briefing_dict(briefing)))
            cached = render(Report(stories=[briefing]), fmt)
            store.save_output(infos[0].id, key, infos[0].version, cached)
        return iter([cached]), 1, problems
    return iter([render(Report(stories=list(briefed())), fmt)]), len(infos), problems


def _json_pieces(dicts: Iterator[dict[str, Any]], problems: list[Problem]) -> Iterator[str]:
    """`{"stories": [...], "problems": [...]}` written one story at a time (the same text as json.dumps with an
    indent of 2)."""
    yield '{\n  "stories": ['
    for number, data in enumerate(dicts):
        body = json.dumps(data, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        yield ("," if number else "") + "\n    " + body
    problem_dicts = [{"path": p.path, "message": p.message} for p in problems]
    tail = json.dumps(problem_dicts, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    yield f'\n  ],\n  "problems": {tail}\n}}\n'


_worker_stores: dict[str, StoryStore] = {}  # per process: the store each location names, opened once


def _stored_job(job: tuple[str, str, int, str, bool]) -> Any:
    """`_briefing_of` in a worker process or on a Ray node: the store at `location`, opened once per process."""
    location, story_id, words, method, as_json = job
    store = _worker_stores.get(location)
    if store is None:
        from storyline.store import open_store

        store = _worker_stores[location] = open_store(location, create=False)
    return _briefing_of(store, story_id, words, method, as_json)


def _briefing_of(store: StoryStore, story_id: str, words: int, method: str, as_json: bool) -> Any:
    """One stored story's briefing: its JSON dict (cached) when `as_json`, else the Briefing."""
    info = store.get_story(story_id)
    if info is None:
        raise StoreError(store.location, f"story {story_id!r} vanished while being briefed")
    return stored_briefing(store, info, words, method) if as_json else _brief_stored(store, info, words, method)


# ---- briefing uploads -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Upload:
    """One pasted text or uploaded file: a name to report problems under, and its bytes."""

    name: str
    data: bytes
    kind: str = ""  # a file suffix that picks the reader; by default the name's own, else sniffed

    @property
    def suffix(self) -> str:
        from pathlib import PurePath

        return self.kind or PurePath(self.name).suffix.lower()


class RequestTooLarge(StorylineError):
    """A request holds more than one briefing may cost: the message says which limit it passed."""


def brief_uploads(uploads: Sequence[Upload], settings: Settings) -> Report:
    """One briefing of every article in the uploads; unusable uploads become problems, as in the CLI.

    More articles, or more words of article text, than `settings` lets one request brief raise
    `RequestTooLarge` before any briefing work.
    """
    from storyline.ingest import read_string
    from storyline.ingest.decode import decode
    from storyline.pipeline import brief

    items: list[Article | Problem] = []
    articles = words = 0
    for upload in uploads:
        try:
            text = decode(upload.data, upload.name)
        except InputError as error:
            items.append(Problem(error.path, error.message))
            continue
        if not text.strip():
            items.append(Problem(upload.name, "empty"))
            continue
        for item in read_string(text, upload.name, upload.suffix):
            items.append(item)
            if isinstance(item, Article):
                articles += 1
                words += item.words
                if articles > settings.max_request_articles:
                    raise RequestTooLarge(
                        f"more than {settings.max_request_articles} articles: one request may brief at most"
                        f" {settings.max_request_articles}"
                    )
                if words > settings.max_request_words:
                    raise RequestTooLarge(
                        f"more than {settings.max_request_words:,} words of article text: one request may brief at"
                        f" most {settings.max_request_words:,}"
                    )
    report = brief([item for item in items if isinstance(item, Article)], settings.words, settings.method)
    report.problems[:0] = [item for item in items if isinstance(item, Problem)]
    return report

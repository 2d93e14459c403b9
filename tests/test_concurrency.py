"""Every stage is safe to call from many threads at once: threaded results equal single-threaded ones."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import EXAMPLES, SEEDS

from storyline import brief
from storyline.render.json import report_dict
from storyline.segment import split_paragraph

THREADS = 8
ROUNDS = 6

# Paragraphs that go to pysbd itself (single quotes, dash asides, list items, nested quotations), where a
# segmenter shared between threads hands one thread's spans to another.
HARD_PARAGRAPHS = [
    "He said 'it is over' -- and left. The crowd, about 300 people, stayed until 9 p.m. on Friday. Police said "
    "nothing more.",
    "The plan has three parts: a) a new road, b) a bridge and c) a school. Work starts in May. 'We are ready,' "
    "the mayor said.",
    "“Nobody told us,” said one resident. “We found out on the radio.” The council's statement came later -- "
    "after midnight. It apologised.",
    "Prices rose 2.5% in March, the U.S. Labor Department said. Analysts had expected 2.1%. 'This is not "
    "transitory,' one wrote.",
    "i. The first claim was rejected. ii. The second was upheld. The court adjourned until Monday. 'Justice was "
    "done,' a lawyer said.",
]


def test_split_paragraph_threads_agree_with_one_thread() -> None:
    paragraphs = HARD_PARAGRAPHS * 12
    expected = [list(split_paragraph(p)) for p in paragraphs]
    with ThreadPoolExecutor(THREADS) as pool:
        for _ in range(ROUNDS):
            assert list(pool.map(lambda p: list(split_paragraph(p)), paragraphs)) == expected


def _brief_json(paths: list[Path]) -> str:
    return json.dumps(report_dict(brief(paths, words=120)), sort_keys=True)


@pytest.mark.parametrize("name", ["example", "seeds"])
def test_brief_threads_give_identical_json(name: str) -> None:
    paths = [EXAMPLES / "harbour-fire"] if name == "example" else [SEEDS]
    if not paths[0].is_dir():
        pytest.skip(f"{paths[0]} not found (../shared is absent)")
    expected = _brief_json(paths)
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(lambda _: _brief_json(paths), range(THREADS * 2)))
    assert all(result == expected for result in results)

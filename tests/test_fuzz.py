"""A fast slice of the fuzz campaign (benchmarks/fuzz.py runs 10,000+ inputs): hostile files through the readers
and `brief` never raise, hang or print a multi-line message; the CLI answers each with one line per problem."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hostile import hostile_file
from hypothesis import HealthCheck, given, settings

from storyline.ingest import read_inputs
from storyline.models import Problem
from storyline.pipeline import brief

FAST = settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@FAST
@given(hostile_file())
def test_hostile_files_become_articles_or_one_line_problems(drawn: tuple[str, bytes]) -> None:
    name, content = drawn
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, name)
        path.write_bytes(content)
        for item in read_inputs([path]):
            if isinstance(item, Problem):
                assert "\n" not in item.message and "Traceback" not in item.message
        report = brief([path], words=60)
        assert all("\n" not in problem.message for problem in report.problems)

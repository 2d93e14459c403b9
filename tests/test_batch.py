"""Batch work gives the same output wherever it runs: in this process, in worker processes, on Ray."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES, SEEDS
from typer.testing import CliRunner

from storyline.batch import ADDRESS, runner
from storyline.cli import _fill_optional_values, _register, app
from storyline.ingest import read_inputs
from storyline.service import ingest
from storyline.store import Store


def _square(x: int) -> int:
    return x * x


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("batch") / "stories.db"
    inputs = [EXAMPLES / "harbour-fire", *([SEEDS] if SEEDS.is_dir() else [])]
    with Store(path) as store:
        ingest(store, read_inputs(inputs))
        ingest(store, read_inputs([Path(__file__).parent / "fixtures" / "feeds"]))
    return path


@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray", reason="Ray is the ray extra")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield "local"
    ray.shutdown()


def brief_all(store_path: Path, *options: str) -> str:
    _register()
    result = CliRunner().invoke(app, ["brief", "--db", str(store_path), "--all", "--format", "json", *options])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_bare_ray_option_means_a_local_ray_and_an_address_is_kept() -> None:
    assert _fill_optional_values(["eval", "data.jsonl", "--ray"]) == ["eval", "data.jsonl", "--ray=local"]
    assert _fill_optional_values(["eval", "--ray", "data.jsonl"]) == ["eval", "--ray=local", "data.jsonl"]
    assert _fill_optional_values(["eval", "--ray", "ray://head:10001", "x"]) == [
        "eval",
        "--ray",
        "ray://head:10001",
        "x",
    ]
    assert all(ADDRESS.match(a) for a in ("auto", "local", "ray://10.0.0.1:10001", "head:6379"))


def test_runners_keep_the_order_of_the_items() -> None:
    with runner(workers=2) as run:
        assert list(run.map(_square, range(50), chunk=3)) == [x * x for x in range(50)]


def test_briefing_an_archive_streams_the_same_json_in_workers(store_path: Path) -> None:
    alone = brief_all(store_path)
    data = json.loads(alone)
    assert len(data["stories"]) >= 3 and data["problems"] == []
    assert alone == json.dumps(data, ensure_ascii=False, indent=2) + "\n"  # streamed, yet as json.dumps writes it
    assert brief_all(store_path, "--workers", "2") == alone


@pytest.mark.slow
def test_briefing_an_archive_on_ray_gives_the_same_json(store_path: Path, local_ray: str) -> None:
    assert brief_all(store_path, "--ray") == brief_all(store_path)


@pytest.mark.slow
def test_eval_on_ray_scores_as_in_one_process(tmp_path: Path, local_ray: str) -> None:
    pytest.importorskip("rouge_score", reason="scoring needs the eval extra")
    from storyline.evaluate import evaluate

    texts = sorted(p.read_text() for p in (EXAMPLES / "harbour-fire").glob("*.txt"))
    rows = [
        {"id": f"c{k}", "documents": texts[k:] + texts[:k], "summaries": [texts[k].split("\n\n", 2)[-1][:600]]}
        for k in range(len(texts))
    ]
    data = tmp_path / "bench.jsonl"
    data.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    here = evaluate(data, "lead", 60, workers=1, progress=False)
    there = evaluate(data, "lead", 60, ray=local_ray, progress=False)
    assert there.clusters == here.clusters == len(rows) and there.scores == here.scores

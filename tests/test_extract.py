"""`storyline extract`: each article as Storyline reads it, with the same input and error rules as `brief`."""

from __future__ import annotations

import json
from pathlib import Path

from test_ingest_bad_input import run_cli

from storyline.extract import extract

PAGE = Path(__file__).parent / "fixtures" / "html" / "telegraph-like.html"


def test_extract_shows_metadata_sentences_and_removed_lines(tmp_path: Path) -> None:
    code, out, err = run_cli("extract", "--format", "json", str(PAGE))
    assert code == 0, err
    (article,) = json.loads(out)["articles"]
    assert article["title"] == "Harbour fire: grain terminal burns for six hours"
    assert article["source"] == "The Example Telegraph"
    assert article["date"] == "2020-01-28" and article["published_at"] == "2020-01-28T21:40:00+00:00"
    assert article["language"] == "en" and article["recased"] is False
    for sentence in article["sentences"]:
        assert article["text"][sentence["start"] : sentence["end"]] == sentence["text"]
    texts = [s["text"] for s in article["sentences"]]
    assert any(t.startswith("A fire broke out") and t.endswith("the port authority said.") for t in texts)
    assert all(s["reason"] for s in article["removed"])


def test_extract_text_format_and_bad_inputs_follow_brief(tmp_path: Path) -> None:
    home = tmp_path / "home.html"
    home.write_text("<html><body><p>Home</p></body></html>")
    code, out, err = run_cli("extract", str(PAGE), str(home), str(tmp_path / "missing.txt"))
    assert code == 0
    assert "title:     Harbour fire" in out and "Sentences" in out
    assert f"{home}: no full sentence" in err and "missing.txt: no such file or directory" in err
    code, out, err = run_cli("extract", str(home))
    assert code == 1 and out == "" and "nothing to extract" in err
    code, _, err = run_cli("extract", "--format", "xml", str(PAGE))
    assert code == 2 and err.count("\n") == 1
    code, _, _ = run_cli("extract")
    assert code == 2


def test_extract_reads_re_cased_text_as_such(tmp_path: Path) -> None:
    path = tmp_path / "recased.txt"
    path.write_text(
        "Fire at the harbour\n\nofficials said the u.s. team left at noon on friday. the mayor said it was over. "
        "it was quiet at dawn on the coast. crews went home after the fire was out."
    )
    (item,) = extract([path]).articles
    assert item.recased
    assert [s.text for s in item.sentences][1] == "the mayor said it was over."

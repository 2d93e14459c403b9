"""How often the English shortcut of storyline/ingest/language.py answers without the model, and how close other
languages come to it.

    .venv/bin/python benchmarks/language_shortcut.py

Texts: the 181 real pages (their extracted text, labelled by py3langid itself) and the documents of the first
1,500 Multi-News validation clusters (all English).
"""

from __future__ import annotations

import gzip
import itertools
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _results import machine, markdown_table, write_section

from storyline.errors import InputError
from storyline.ingest import language
from storyline.ingest.html import parse_html

SHARED = Path(__file__).resolve().parents[2] / "shared"


def share(text: str) -> float | None:
    words = language._WORDS.findall(text[: language.SAMPLE_CHARS].lower())
    if len(words) < language.MIN_WORDS:
        return None
    return sum(w in language.ENGLISH_WORDS for w in words) / len(words)


def main() -> None:
    english, other = [], []
    for path in sorted((SHARED / "realpages" / "html").glob("*.html.gz")):
        with gzip.open(path, "rt", errors="replace") as handle:
            page = handle.read()
        try:
            text = parse_html(page, str(path)).text
        except InputError:
            continue
        found = share(text)
        if found is not None:
            (english if language._model().classify(text[: language.SAMPLE_CHARS])[0] == "en" else other).append(found)
    multinews = []
    with gzip.open(SHARED / "data" / "multinews-validation.jsonl.gz", "rt") as handle:
        for line in itertools.islice(handle, 1500):
            for document in json.loads(line)["documents"]:
                found = share(document if isinstance(document, str) else document["text"])
                if found is not None:
                    multinews.append(found)
    threshold = language.ENGLISH_SHARE
    rows = [
        [
            "real pages in English",
            len(english),
            f"{sum(s >= threshold for s in english) / len(english):.0%}",
            f"{max(english):.2f}",
        ],
        [
            "real pages in other languages",
            len(other),
            f"{sum(s >= threshold for s in other) / max(len(other), 1):.0%}",
            f"{max(other):.2f}",
        ],
        [
            "Multi-News documents",
            len(multinews),
            f"{sum(s >= threshold for s in multinews) / len(multinews):.0%}",
            f"{max(multinews):.2f}",
        ],
    ]
    table = markdown_table(
        ["texts", "count", f"answered by the shortcut (share >= {threshold})", "highest share"], rows
    )
    body = (
        "## Language detection: the English shortcut (`benchmarks/language_shortcut.py`)\n\n"
        f"Share of a text's first {language.SAMPLE_CHARS} characters' words that are common English function words; "
        "at or above the threshold the text is English without py3langid (half a millisecond an article).\n\n"
        f"{table}\n\n{machine()}. Reproduce: `.venv/bin/python benchmarks/language_shortcut.py`"
    )
    write_section("language_shortcut", body)
    print(body)


if __name__ == "__main__":
    main()

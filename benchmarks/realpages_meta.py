"""Titles, outlets and published dates on our annotated sample of ../shared/realpages, and sentence fragments in
briefings of those pages.

    .venv/bin/python benchmarks/realpages_meta.py

The annotations (tests/fixtures/realpages/annotations.json) are ours: 40 pages read by hand, several accepted
titles, outlet names or dates where the page itself gives several. A title or outlet is right when it equals one
of them, case, punctuation and spacing ignored. Each page is then briefed on its own (`storyline brief PAGE`);
a briefing sentence is a fragment when it starts with a lower-case letter or ends without a terminal mark (or a
closing quotation mark). Split as in realpages_body.py: the held-out half was not looked at while writing rules.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _results import machine, markdown_table, write_section
from realpages_body import REALPAGES, held_out

from storyline.clean import clean_article
from storyline.ingest.decode import decode
from storyline.ingest.html import parse_html
from storyline.pipeline import brief_articles

ANNOTATIONS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "realpages" / "annotations.json"
_NOT_WORD = re.compile(r"[\W_]+")
_FRAGMENT_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def key(text: str) -> str:
    return _NOT_WORD.sub(" ", text.lower().replace("’", "'")).strip()


def fragment(sentence: str) -> bool:
    return sentence[:1].islower() or not _FRAGMENT_END.search(sentence)


def main() -> None:
    if not REALPAGES.is_dir():
        sys.exit(f"real pages not found at {REALPAGES} (../shared is absent)")
    pages = json.loads(ANNOTATIONS.read_text())["pages"]
    tallies = {
        name: {
            "pages": 0,
            "title": 0,
            "outlet": 0,
            "dated": 0,
            "date": 0,
            "sentences": 0,
            "fragments": 0,
            "language": 0,
        }
        for name in ("tuning half", "held-out half")
    }
    misses = []
    for page_key, gold in pages.items():
        tally = tallies["held-out half" if held_out(page_key) else "tuning half"]
        html = decode(gzip.decompress((REALPAGES / "html" / f"{page_key}.html.gz").read_bytes()), page_key)
        article = clean_article(parse_html(html, page_key))
        tally["pages"] += 1
        right_title = key(article.title) in {key(t) for t in gold["titles"]}
        right_outlet = key(article.source) in {key(o) for o in gold["outlets"]}
        tally["title"] += right_title
        tally["outlet"] += right_outlet
        tally["language"] += article.language == gold["language"]
        if gold["published"]:
            tally["dated"] += 1
            tally["date"] += bool(article.date and article.date.isoformat() in gold["published"])
        briefing = brief_articles([article])
        for sentence in briefing.summary:
            tally["sentences"] += 1
            if fragment(sentence.text):
                tally["fragments"] += 1
                misses.append(f"fragment in {gold['url']}: {sentence.text!r}")
        if article.language != gold["language"]:
            misses.append(f"language of {gold['url']}: {article.language!r}")
        if not right_title:
            misses.append(f"title of {gold['url']}: {article.title!r}")
        if not right_outlet:
            misses.append(f"outlet of {gold['url']}: {article.source!r}")
        if gold["published"] and not (article.date and article.date.isoformat() in gold["published"]):
            misses.append(f"date of {gold['url']}: {article.date}")
    rows = []
    for name, t in [
        *tallies.items(),
        ("all", {k: sum(t[k] for t in tallies.values()) for k in tallies["tuning half"]}),
    ]:
        rows.append(
            [
                name,
                t["pages"],
                f"{t['title']}/{t['pages']} ({t['title'] / t['pages']:.0%})",
                f"{t['outlet']}/{t['pages']} ({t['outlet'] / t['pages']:.0%})",
                f"{t['date']}/{t['dated']} ({t['date'] / t['dated']:.0%})",
                f"{t['language']}/{t['pages']}",
                f"{t['fragments']} of {t['sentences']}",
            ]
        )
    body = "\n\n".join(
        [
            "## Real pages: titles, outlets, dates and briefing fragments (our annotated sample)",
            "Command: `.venv/bin/python benchmarks/realpages_meta.py`. 40 pages of ../shared/realpages annotated by "
            "hand (tests/fixtures/realpages/annotations.json); dates scored on the pages that state one. Fragments: "
            "briefing sentences (each page briefed alone, default settings) that start in lower case or lack a "
            "terminal mark. "
            "Machine: " + machine() + ".",
            markdown_table(
                ["pages", "n", "title right", "outlet right", "published date right", "language right", "fragments"],
                rows,
            ),
            "Misses:\n\n" + ("\n".join(f"- {m}" for m in misses) or "- none"),
        ]
    )
    write_section("realpages-meta", body)
    print(body)


if __name__ == "__main__":
    main()

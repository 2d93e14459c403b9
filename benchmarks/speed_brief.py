"""Speed: `storyline brief` on the five seed articles against sumy's LexRank on the same text, side by side.

    .venv/bin/python benchmarks/speed_brief.py [--repeats 21]

Storyline is timed end to end (read files, clean, segment, select, attribute, cross-source analysis).
sumy cannot segment offline (its tokenizer needs an NLTK download), so it is handed Storyline's
already-segmented sentences and timed for rating and picking only: a handicap in sumy's favour.
Both run warm in this process, alternating, and the median of the repeats is reported.
A second table splits one brief into its stages (also medians, same run) to show where the time goes.
For context, cold runs: a whole `storyline brief` process (interpreter start, imports, the brief, rendering),
and the first brief in a fresh process once its imports are done (no stems, name keys or gazetteer
lookups cached yet: warm runs reuse those per-process caches).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _results import machine, markdown_table, write_section
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.utils import get_stop_words

from storyline import compare
from storyline.attribute import attribute
from storyline.ingest import read_inputs
from storyline.models import Story
from storyline.pipeline import brief, prepare
from storyline.represent import SentenceSpace
from storyline.segment import make_story
from storyline.select import DEFAULT_METHOD, get_selector
from storyline.select.peers import WordTokenizer

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
WORDS = 120


def sumy_lexrank(sentences: list[str], count: int) -> tuple:
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = WordTokenizer()
    document = ObjectDocumentModel([Paragraph([Sentence(text, tokenizer) for text in sentences])])
    return summarizer(document, count)


def storyline_select(story: Story) -> list[int]:
    return get_selector(DEFAULT_METHOD).select(story, WORDS, SentenceSpace.of(story))


def timed(function: object, *args: object) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def stage_times() -> dict[str, float]:
    """One brief, stage by stage, as `brief` runs them."""
    times: dict[str, float] = {}

    def run(name: str, function: object, *args: object) -> object:
        start = time.perf_counter()
        result = function(*args)
        times[name] = time.perf_counter() - start
        return result

    items = run("read files", lambda: list(read_inputs([SEEDS])))
    articles, _ = run("clean (prepare)", prepare, items)
    story = run("segment (pysbd on the hard parts)", make_story, articles)
    space = run("represent (TF-IDF)", SentenceSpace.of, story)
    chosen = run("select (features, trees, pick)", get_selector(DEFAULT_METHOD).select, story, WORDS, space)
    summary = run("attribute", attribute, story, space, chosen)
    run("cross-source analysis", compare.analyse, story, space, summary)
    return times


FIRST_BRIEF = """
import sys, time
from storyline.pipeline import brief
start = time.perf_counter()
brief([sys.argv[1]], words=int(sys.argv[2]))
first = time.perf_counter() - start
start = time.perf_counter()
brief([sys.argv[1]], words=int(sys.argv[2]))
print(first, time.perf_counter() - start)
"""


def cold_runs(repeats: int) -> tuple[float, float, float]:
    """Medians over fresh processes: whole CLI run, first brief after imports, second brief in that process."""
    cli = Path(sys.executable).with_name("storyline")
    whole, first, second = [], [], []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([str(cli), "brief", str(SEEDS), "--words", str(WORDS)], check=True, capture_output=True)
        whole.append(time.perf_counter() - start)
        out = subprocess.run(
            [sys.executable, "-c", FIRST_BRIEF, str(SEEDS), str(WORDS)], check=True, capture_output=True, text=True
        ).stdout.split()
        first.append(float(out[0]))
        second.append(float(out[1]))
    return statistics.median(whole), statistics.median(first), statistics.median(second)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    articles, _ = prepare(read_inputs([SEEDS]))
    story = make_story(articles)
    sentences = [s.text for s in story.sentences if not s.heading]
    report = brief([SEEDS], words=WORDS)
    count = len(report.stories[0].summary)
    brief([SEEDS], words=WORDS), sumy_lexrank(sentences, count)  # warm both: imports, caches
    ours, theirs, selection, stages = [], [], [], []
    for _ in range(args.repeats):
        ours.append(timed(brief, [SEEDS], WORDS))
        theirs.append(timed(sumy_lexrank, sentences, count))
        selection.append(timed(storyline_select, story))
        stages.append(stage_times())
    mine, other, select = statistics.median(ours), statistics.median(theirs), statistics.median(selection)
    words = sum(a.words for a in articles)
    rows = [
        ["storyline brief (default method, whole pipeline from files)", f"{mine * 1000:.1f}", "1.00"],
        [
            f"sumy LexRank ({len(sentences)} pre-segmented sentences, pick {count})",
            f"{other * 1000:.1f}",
            f"{other / mine:.2f}",
        ],
        [
            "storyline selection only (same segmented story: represent + select)",
            f"{select * 1000:.1f}",
            f"{select / mine:.2f}",
        ],
    ]
    table = markdown_table(["run", "median ms", "time / storyline"], rows)
    stage_rows = [[name, f"{statistics.median(t[name] for t in stages) * 1000:.1f}"] for name in stages[0]]
    breakdown = markdown_table(["stage of one brief", "median ms"], stage_rows)
    whole, first, second = cold_runs(max(3, args.repeats // 4))
    cold = markdown_table(
        ["cold run (median of fresh processes)", "ms"],
        [
            ["whole `storyline brief` process (start, imports, brief, rendering)", f"{whole * 1000:.0f}"],
            ["first brief in a fresh process, imports done", f"{first * 1000:.1f}"],
            ["second brief in that process", f"{second * 1000:.1f}"],
        ],
    )
    print(table)
    print(breakdown)
    print(cold)
    print(
        f"storyline is {other / mine:.1f}x faster than sumy LexRank (floor: 3x); selection alone {other / select:.1f}x"
    )
    write_section(
        "speed-brief",
        "## Speed: `storyline brief` vs sumy LexRank on the five seeds\n\n"
        f"Command: `.venv/bin/python benchmarks/speed_brief.py --repeats {args.repeats}`\n\n"
        f"Machine: {machine()}; load average {load:.1f} at the start (a measure of other work on the machine). "
        f"Five seed articles, {words} words after cleaning, {WORDS}-word briefing; "
        f"median of {args.repeats} warm runs, alternating. sumy gets Storyline's segmented sentences (its own "
        "tokenizer needs an NLTK download) and is timed for rating and picking only.\n\n"
        f"{table}\n\nWhole `storyline brief`: **{other / mine:.1f}x** sumy LexRank's speed (floor 3x). "
        f"Selection alone, on the same segmented sentences sumy gets: {other / select:.1f}x.\n\n"
        f"Where the time of one brief goes (same run, medians; stages timed one by one):\n\n{breakdown}\n\n"
        "Warm runs reuse what a process caches as it goes (word stems, name keys, gazetteer lookups); a single "
        "`storyline brief` pays for them once, and for starting Python and importing its libraries. Cold, in the "
        f"same run:\n\n{cold}\n",
    )


if __name__ == "__main__":
    main()

"""Hypothesis strategies for malformed and hostile inputs: what a careless exporter, a broken download or an
attacker hands Storyline. Each draws `(file name, bytes)`: the suffix picks the reader, as a user's would.

Used by tests/test_fuzz.py (a fast slice) and benchmarks/fuzz.py (the campaign).
"""

from __future__ import annotations

import gzip
import json

from hypothesis import strategies as st

SENTENCES = [
    "The fire at the grain terminal was put out by noon on Monday, officials said.",
    "Police said 1,200 people were evacuated from the port of Karvelle overnight.",
    "«Nobody was hurt», the harbour master told reporters on Tuesday.",
    "Prices rose 2.5% in March, the U.S. Labor Department said at 8:30 a.m.",
    "Flüchtlinge erreichten am 17. Februar die Grenze, berichtete die Zeitung.",
]
SUFFIXES = [
    ".txt",
    ".md",
    ".html",
    ".htm",
    ".json",
    ".jsonl",
    ".ndjson",
    ".rss",
    ".atom",
    ".xml",
    ".jsonl.gz",
    ".json.gz",
]

# Pieces that break parsers: control characters, lone surrogates (as JSON escapes), BOMs, odd line ends,
# byte sequences that are not UTF-8, markup that never closes, numbers too long to read.
NASTY_TEXT = st.sampled_from(
    [
        "\x00",
        "\x1b[31m",
        "\ufeff",
        "\r",
        "\u2028",
        "\u202e",
        "<script>alert(1)</script>",
        "]]>",
        "&amp;&lt;&#0;&#x110000;&#99999999999;",
        "\\ud800",
        "9" * 5000,
        "'" * 50,
        '"' * 51,
        "." * 300,
        "U.S. " * 200,
        "-- " * 100,
        "a" * 20000,
    ]
)


@st.composite
def prose(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(SENTENCES), NASTY_TEXT, st.text(max_size=80)), max_size=12))
    return draw(st.sampled_from([" ", "\n", "\n\n", "|||||"])).join(parts)


@st.composite
def json_value(draw: st.DrawFn) -> object:
    """A JSON value shaped roughly like a record, with wrong types and odd values mixed in."""
    leaf = st.one_of(
        prose(),
        st.integers(),
        st.floats(allow_nan=False),
        st.booleans(),
        st.none(),
        st.just(10**4000),
    )
    value = st.recursive(
        leaf,
        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
        max_leaves=12,
    )
    record = st.fixed_dictionaries(
        {},
        optional={
            "id": value,
            "text": st.one_of(prose(), value),
            "title": st.one_of(prose(), value),
            "source": value,
            "url": st.one_of(st.just("javascript:alert(1)"), st.text(max_size=40), value),
            "date": st.one_of(
                st.sampled_from(["2024-02-30", "yesterday", "9" * 200, "2014-03-10T16:52:50+99:00"]), value
            ),
            "timestamp": value,
            "documents": st.lists(st.one_of(prose(), value), max_size=3),
            "articles": st.lists(value, max_size=3),
        },
    )
    return draw(st.one_of(record, value, st.lists(record, max_size=4)))


def _json_bytes(value: object) -> bytes:
    try:
        return json.dumps(value).encode()
    except ValueError:  # an integer too long for str(): write it by hand, as a hostile file would
        return b'{"text": ' + b"7" * 5000 + b"}"


@st.composite
def deep_json(draw: st.DrawFn) -> bytes:
    depth = draw(st.integers(min_value=50, max_value=200_000))
    opener, closer = draw(st.sampled_from([(b"[", b"]"), (b'{"a":', b"}")]))
    return opener * depth + b"1" + closer * draw(st.integers(min_value=0, max_value=depth))


@st.composite
def jsonl_bytes(draw: st.DrawFn) -> bytes:
    lines = draw(
        st.lists(
            st.one_of(
                st.builds(_json_bytes, json_value()),
                deep_json(),
                st.binary(max_size=200),
                st.just(b'{"text": "' + b"x" * 100_000 + b'"}'),
                st.just(b""),
            ),
            max_size=8,
        )
    )
    return draw(st.sampled_from([b"\n", b"\r\n", b"\r"])).join(lines)


@st.composite
def html_bytes(draw: st.DrawFn) -> bytes:
    body = draw(prose())
    wrappers = draw(
        st.sampled_from(
            [
                "<html><head><title>{t}</title></head><body><article><p>{b}</p></article></body></html>",
                "<div>" * 5000 + "{b}",
                "<html><body><p>{b}",
                "<!DOCTYPE html><html><head><meta property='og:title' content='{t}'></head><body>{b}</body></html>",
                "<svg><script>{b}</script></svg>",
                "<html><body>" + "<p>Home</p>" * 3 + "</body></html>",
                "{b}",
            ]
        )
    )
    text = wrappers.replace("{t}", draw(st.text(max_size=40))).replace("{b}", body)
    return text.encode(draw(st.sampled_from(["utf-8", "latin-1", "utf-16"])), "replace")


@st.composite
def feed_bytes(draw: st.DrawFn) -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{k} "' + f"&lol{k - 1};" * 10 + '">' for k in range(1, 9)]
    entity_bomb = (  # "billion laughs": a few hundred bytes that expand to 100 million "lol"s
        f'<?xml version="1.0"?><!DOCTYPE lolz [{"".join(entities)}]><rss version="2.0"><channel><item>'
        "<title>&lol8;</title><description>&lol8;</description></item></channel></rss>"
    )
    external = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<rss><channel><item><title>x</title><description>&x;</description></item></channel></rss>"
    )
    item = "<item><title>{t}</title><description>{b}</description><pubDate>{d}</pubDate></item>"
    normal = '<?xml version="1.0"?><rss version="2.0"><channel><title>{t}</title>' + item * 3 + "</channel></rss>"
    template = draw(st.sampled_from([entity_bomb, external, normal, normal[:200], "<feed>" + item]))
    filled = template.replace("{t}", draw(st.text(max_size=30))).replace("{b}", draw(prose()))
    return filled.replace("{d}", draw(st.sampled_from(["Mon, 10 Mar 2014 16:52:50 GMT", "never", "9" * 300]))).encode(
        "utf-8", "surrogatepass"
    )


@st.composite
def bomb_bytes(draw: st.DrawFn) -> bytes:
    """A small gzip member that inflates to many MB (no line breaks, or millions of blank lines)."""
    filler = draw(st.sampled_from([b"\x00", b"\n", b" ", b"{"]))
    return gzip.compress(filler * draw(st.integers(min_value=1, max_value=25)) * 2**20, compresslevel=1)


@st.composite
def hostile_file(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file name with a suffix, and content that may or may not match it."""
    suffix = draw(st.sampled_from(SUFFIXES))
    content = draw(
        st.one_of(
            st.binary(max_size=2000),
            st.builds(lambda t: t.encode("utf-8", "surrogatepass"), prose()),
            st.builds(_json_bytes, json_value()),
            deep_json(),
            jsonl_bytes(),
            html_bytes(),
            feed_bytes(),
        )
    )
    if suffix.endswith(".gz"):
        content = draw(st.one_of(st.builds(gzip.compress, st.just(content)), bomb_bytes(), st.just(content[:100])))
    return f"input{suffix}", content

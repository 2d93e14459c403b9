"""Entities: people, places and organisations, merged across spellings and abbreviations.

Names are found by rule, not by a statistical tagger: capitalised word sequences, with the
particles and connectors names carry ("Maaret al-Numan", "Syrian Observatory for Human Rights").
spaCy's small English model was measured for this (benchmarks/analysis_quality.py): it takes
about half a second per 5,000 words, several times the whole briefing, and on the seeds it calls
"Maaret al-Numan" a person and "Aleppo" a nationality. Types here come from, in order: a title
before the name (person), an organisation word in it or an acronym (organisation), the GeoNames
gazetteer or a place cue around it ("in", "the town of", ", a village") (place), else the shape of
the name. Variants merge by consonant skeleton (Maaret / Maarat / Maarrat), acronym (U.N. / UN /
United Nations) and short form (Assad / Bashar al-Assad, Observatory / Syrian Observatory ...).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from storyline.compare import gazetteer
from storyline.compare.names import acronym_of, as_acronym, fold, skeleton, tokens
from storyline.models import Entity, Story
from storyline.represent import STOP_WORDS

SINGLE_WORD_PLACE = 15_000  # a one-word name is a place by gazetteer only if that place is this big

_WORD = r"(?:[A-Z](?:\.[A-Z])+\.?|[A-Z][A-Za-z0-9]*(?:['’][a-z]+)?(?:-[A-Za-z]+)*)"
_PARTICLE = r"(?:al|el|an|ad|ash|as|az|bin|ibn|de|da|di|van|von|der|du|la|le)"
_NAME = re.compile(
    rf"(?<![\w.-])(?:{_PARTICLE}-)?{_WORD}(?:(?:\s+|\s+(?:of|for|de|of the)\s+|\s+{_PARTICLE}[- ]){_WORD})*(?![\w-])"
)
_TITLES = re.compile(
    r"\b(?:President|Vice President|Prime Minister|Minister|Secretary(?: of State| General| of \w+)?|Mayor|"
    r"Governor|Gov\.|Senator|Sen\.|Rep\.|Chancellor|King|Queen|Prince|Princess|Pope|General|Gen\.|Col\.|"
    r"Lt\.|Capt\.|Sgt\.|Dr\.|Mr\.|Mrs\.|Ms\.|Judge|Justice|Chief|Director|Ambassador|Envoy|Sheikh|Rabbi|Father)\s+"
)
_PERSON_BEFORE = re.compile(
    r"(?:\b(?:president|minister|secretary|mayor|governor|spokesman|spokeswoman|spokesperson|envoy|chief|head|"
    r"director|leader|commander|chairman|official|resident|founder|ceo|said|says|told|by|according to)|"
    r"\b(?:Mr|Mrs|Ms|Dr)\.)\s+$",
    re.I,
)
_PERSON_AFTER = re.compile(r",?\s+(?:said|says|told|added|wrote|who)\b")  # matched right after the name
_PLACE_BEFORE = re.compile(
    r"\b(?:in|at|near|outside|into|across|around|from|towards?|(?:town|city|village|province|region|capital|"
    r"port|district|country|county|state|area|suburbs?) of)\s+$"
)
_PLACE_AFTER = re.compile(  # matched right after the name
    r"(?:,?\s+(?:a|the)\s+(?:\w+\s+)?(?:village|town|city|province|region|district|country)"
    r"|\s+(?:region|province|town|city|village|district|area|highway|harbou?r|port)s?)\b"
)
_ORG_WORDS = frozenset(
    [
        "observatory",
        "ministry",
        "agency",
        "council",
        "committee",
        "party",
        "forces",
        "army",
        "authority",
        "service",
        "university",
        "company",
        "cooperative",
        "news",
        "fm",
        "tv",
        "corporation",
        "corp",
        "inc",
        "ltd",
        "bank",
        "group",
        "association",
        "union",
        "organization",
        "organisation",
        "court",
        "police",
        "department",
        "office",
        "nations",
        "front",
        "brigade",
        "brigades",
        "institute",
        "foundation",
        "commission",
        "parliament",
        "congress",
        "senate",
        "times",
        "post",
        "press",
        "network",
        "radio",
        "channel",
        "airlines",
        "club",
        "league",
        "federation",
        "movement",
        "coalition",
        "alliance",
        "watch",
        "society",
        "church",
        "board",
        "bureau",
        "command",
        "guard",
        "guards",
        "institution",
        "school",
        "hospital",
    ]
)
# Abbreviations that name one thing everywhere; anything else is merged only with a name in the story.
ALIASES = {
    "US": ("United States", "place"),
    "USA": ("United States", "place"),
    "UK": ("United Kingdom", "place"),
    "UN": ("United Nations", "organization"),
    "EU": ("European Union", "organization"),
    "UAE": ("United Arab Emirates", "place"),
    "NATO": ("NATO", "organization"),
}
# Capitalised words that are not names: weekdays, months, nationalities and other adjectives.
_NOT_NAMES = frozenset(
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
        "Western",
        "Eastern",
        "Northern",
        "Southern",
        "Islamist",
        "Islamic",
        "Jihadist",
        "Christian",
        "Muslim",
        "Sunni",
        "Shia",
        "Shiite",
        "Kurdish",
        "Arab",
        "Arabic",
        "English",
        "God",
        "TV",
        "I",
        "A",
        "An",
        "The",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "He",
        "She",
        "We",
        "They",
        "His",
        "Her",
        "Their",
        "Our",
        "My",
    ]
)
_ADJECTIVE = re.compile(r"(?:ian|ean|ese|ish|ic|ist|i|an)s?$")  # "Syrian", "Turkish", "Israelis", "Moroccan"
_NOT_LAST = _NOT_NAMES | {"of", "for", "de"}
_HYPHENATED = re.compile(r"-[a-z]+$")  # "Britain-based"
_POSSESSIVE = re.compile(r"['’]s$")
_AFTER_POSSESSIVE = re.compile(r"(?<=['’]s) ")
_SPACE = re.compile(r"\s")
_LONGEST_CUE = 16  # characters: "spokesperson", "according to", "province of", with room to spare


@dataclass
class _Group:
    """Mentions being merged into one entity, with the type evidence each mention brought."""

    names: Counter = field(default_factory=Counter)
    cues: Counter = field(default_factory=Counter)  # person / place / organization evidence
    sources: set[str] = field(default_factory=set)
    initial_only: bool = True  # seen only at sentence starts (then often not a name at all)
    _name: str = ""  # `name`, once asked for; cleared by `add` (names are only counted before any is asked)

    def add(self, other: _Group) -> None:
        self.names.update(other.names)
        self.cues.update(other.cues)
        self.sources |= other.sources
        self.initial_only = self.initial_only and other.initial_only
        self._name = ""

    @property
    def name(self) -> str:
        """The most frequent of the fullest spellings: "United Nations" over "UN", "Bashar al-Assad" over "Assad"."""
        if not self._name:
            self._name = max(self.names, key=lambda n: (not as_acronym(n), len(tokens(n)), self.names[n], -len(n)))
        return self._name


def _split_title(text: str, start: int) -> list[tuple[str, int, str]]:
    """Split "U.S. Secretary of State Mike Pompeo" into ("U.S.", ...) and ("Mike Pompeo", ..., "person")."""
    if not _SPACE.search(text):
        return [(text, start, "")]  # a title is followed by a space
    match = next(reversed(list(_TITLES.finditer(text))), None)  # the last title is the one naming the person
    if match is None:
        return [(text, start, "")]
    parts = []
    before = text[: match.start()].strip()
    if before:
        parts.append((before, start, ""))
    after = text[match.end() :]
    if after:
        parts.append((after, start + match.end(), "person"))
    return parts


def candidates(sentence: str) -> list[tuple[str, int, str]]:
    """(name, offset, type cue) for each capitalised name in a sentence."""
    found = []
    for match in _NAME.finditer(sentence):
        text = match.group()
        if text.startswith(("The ", "A ", "An ")):
            text, offset = text.split(" ", 1)[1], match.start() + len(text.split(" ", 1)[0]) + 1
        else:
            offset = match.start()
        if "'" not in text and "’" not in text:  # no possessive to cut at (most names)
            found += _names_in(sentence, text, offset)
            continue
        text = _POSSESSIVE.sub("", text)
        pieces = []
        for piece in _AFTER_POSSESSIVE.split(text):  # "Turkey's Defense Ministry": two names
            pieces.append((_POSSESSIVE.sub("", piece), offset))
            offset += len(piece) + 1
        for piece, piece_offset in pieces:
            found += _names_in(sentence, piece, piece_offset)
    return found


def _names_in(sentence: str, text: str, offset: int) -> list[tuple[str, int, str]]:
    found = []
    for part, part_offset, cue in _split_title(text, offset):
        words = part.split()
        # Leading words that are not part of the name: "If", "But", "Britain-based".
        while words and (
            words[0] in _NOT_NAMES
            or (words[0].lower() in STOP_WORDS and not as_acronym(words[0]))  # "If", "But"; not "US"
            or _HYPHENATED.search(words[0])
        ):
            part_offset += len(words[0]) + 1
            words = words[1:]
        while words and words[-1] in _NOT_LAST:
            words = words[:-1]
        if not words:
            continue
        name = " ".join(words)
        if len(words) == 1 and not as_acronym(name) and _ADJECTIVE.search(name) and not _is_place(name):
            continue  # "Syrian", "Turkish": adjectives, not names
        found.append((name, part_offset, cue or _context_cue(sentence, part_offset, part_offset + len(name))))
    return found


def _context_cue(sentence: str, start: int, end: int) -> str:
    # The cue words before a name end where the spaces before it start: only the last few characters can match.
    near = max(0, len(sentence[:start].rstrip()) - _LONGEST_CUE)
    if _PLACE_BEFORE.search(sentence, near, start) or _PLACE_AFTER.match(sentence, end):
        return "place"
    if _PERSON_BEFORE.search(sentence, near, start) or _PERSON_AFTER.match(sentence, end):
        return "person"
    return ""


@lru_cache(maxsize=4096)
def _is_place(name: str) -> bool:
    """A gazetteer place: multi-word names by spelling or skeleton, one-word names only when big."""
    if as_acronym(name):
        return False
    if len(tokens(name)) >= 2:
        return gazetteer.population(name, fuzzy=True) is not None
    size = gazetteer.population(name)
    return size is not None and size >= SINGLE_WORD_PLACE


def entity_type(group: _Group) -> str:
    """Known abbreviation > acronym > title or person cue > organisation word > gazetteer or place cue > shape."""
    name = group.name
    words = fold(name).split()
    if any(as_acronym(n) in ALIASES for n in group.names):
        return next(ALIASES[as_acronym(n)][1] for n in group.names if as_acronym(n) in ALIASES)
    if any(as_acronym(n) for n in group.names):
        return "organization"  # "SANA", "Hayat Tahrir al-Sham (HTS)"
    if group.cues["person"] > group.cues["place"] and not _ORG_WORDS.intersection(words):
        return "person"
    if _ORG_WORDS.intersection(words):
        return "organization"
    if any(_is_place(n) for n in group.names) or group.cues["place"]:
        return "place"
    if len(tokens(name)) >= 2:
        return "person"  # two or three capitalised words, no organisation word, not a known place
    return "other"


def _merge(groups: dict[str, _Group]) -> list[_Group]:
    """Merge groups keyed by folded name: skeleton, then acronyms, then short forms of a unique long name."""
    by_skeleton: dict[str, _Group] = {}
    merged: list[_Group] = []
    for key, group in groups.items():
        sk = skeleton(key)
        if len(key.split()) >= 2 and len(sk) >= gazetteer.MIN_SKELETON and sk in by_skeleton:
            by_skeleton[sk].add(group)
            continue
        by_skeleton.setdefault(sk, group)
        merged.append(group)
    long_names = [g for g in merged if len(tokens(g.name)) >= 2]
    kinds = {id(g): entity_type(g) for g in long_names}  # before merging changes any group
    # Each long name's words, read once; a group's name changes only when another merges into it (refreshed there).
    longer = {id(g): tokens(g.name) for g in long_names}
    acronyms: dict[str, list[_Group]] = {}
    for group in long_names:
        for name in group.names:
            if acronym_of(name):
                acronyms.setdefault(acronym_of(name), []).append(group)
    folded = {id(g): {fold(n) for n in g.names} for g in long_names}
    for full, _ in ALIASES.values():
        for group in long_names:
            if fold(full) in folded[id(group)]:
                acronyms.setdefault(acronym_of(full), [group])
    result = []
    for group in merged:
        name = group.name
        target = None
        acronym = as_acronym(name)
        if acronym and len({id(g) for g in acronyms.get(acronym, [])}) == 1:
            target = acronyms[acronym][0]
        elif not acronym and group.cues["place"] <= sum(group.cues.values()) / 2:
            words = tokens(name)
            containing = [g for g in long_names if g is not group and _short_form(words, longer[id(g)], kinds[id(g)])]
            # "Observatory" is in both "Syrian Observatory" and its full name: keep only the fullest.
            containing = [
                g
                for g in containing
                if not any(_short_form(longer[id(g)], longer[id(h)], kinds[id(h)]) for h in containing)
            ]
            # A surname joins its person even when some place shares it ("Pompeo"); other short forms only
            # when they are no known place and were seen mid-sentence ("Grain traders" is no "Grain Cooperative").
            if len(containing) == 1 and (
                kinds[id(containing[0])] == "person" or not (_is_place(name) or group.initial_only)
            ):
                target = containing[0]
        if target is not None and target is not group:
            target.add(group)
            if id(target) in longer:
                longer[id(target)] = tokens(target.name)
        else:
            result.append(group)
    return result


def _short_form(words: tuple[str, ...], longer: tuple[str, ...], kind: str) -> bool:
    """A surname of a person ("Assad"), a later word of an organisation ("Observatory"), or a prefix of
    either ("Syrian Observatory"), of the name whose words are `longer`."""
    if len(longer) <= len(words) or not words:
        return False
    if len(words) == 1:
        if kind == "person":
            return words[0] == longer[-1]
        return kind == "organization" and words[0] in longer[1:]
    return kind in ("person", "organization") and longer[: len(words)] == words


def _group_key(name: str) -> str:
    acronym = as_acronym(name)
    return fold(ALIASES[acronym][0]) if acronym in ALIASES else fold(name)


def entities(story: Story) -> list[Entity]:
    """Entities of the story, most mentioned first (each distinct sentence is read once)."""
    # Per distinct sentence: (group key, name, type cue, whether only quotation marks come before the name).
    found: dict[str, list[tuple[str, str, str, bool]]] = {}
    groups: dict[str, _Group] = {}
    for sentence in story.sentences:
        text = sentence.text
        if text not in found:
            found[text] = [
                (_group_key(name), name, cue, not text[:offset].strip(" \"“‘'("))
                for name, offset, cue in candidates(text)
            ]
        for key, name, cue, initial in found[text]:
            group = groups.get(key)
            if group is None:
                group = groups[key] = _Group()
            group.names[name] += 1
            group.cues[cue] += bool(cue)
            group.sources.add(sentence.article_id)
            group.initial_only = group.initial_only and initial
    order = {a.id: k for k, a in enumerate(story.articles)}
    result = []
    for group in _merge(groups):
        if group.initial_only and len(tokens(group.name)) == 1:
            continue  # "Thousands", "Grain traders": a word only ever seen starting a sentence is no name
        result.append(
            Entity(
                name=group.name,
                type=entity_type(group),
                variants=tuple(n for n, _ in group.names.most_common()),
                mentions=sum(group.names.values()),
                sources=tuple(sorted(group.sources, key=order.__getitem__)),
            )
        )
    result.sort(key=lambda e: (-e.mentions, e.name))
    return result

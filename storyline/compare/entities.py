"""Entities: people, places and organisations, merged across spellings and abbreviations.

With the `nlp` extra installed, names come from spaCy's small English model (`storyline.compare.tagger`),
one pass per distinct article, with corrections for what it gets wrong on news (benchmarks/entity_quality.py:
typed F1 0.82 on annotated real pages, against 0.73 for the model alone and 0.60 for the rules): spans cut
to the name ("the Associated Press that"), shouted headings dropped, datelines read as places, and types
corrected by organisation words, titles and the GeoNames gazetteer ("Maaret al-Numan" and "Aleppo" are
places, not a person and a nationality). Without it, the default install finds names by rule: capitalised
word sequences with the particles and connectors names carry ("Maaret al-Numan", "Syrian Observatory for
Human Rights"), typed by, in order: a title before the name (person), an organisation word or an acronym
(organisation), the gazetteer or a place cue around it ("in", "the town of", ", a village") (place), else
the shape of the name. Either way variants merge by consonant skeleton (Maaret / Maarat / Maarrat), acronym
(U.N. / UN / United Nations) and short form (Assad / Bashar al-Assad, Observatory / Syrian Observatory ...).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from storyline.compare import gazetteer, tagger
from storyline.compare.names import acronym_of, as_acronym, fold, skeleton, tokens
from storyline.models import Entity, Story
from storyline.represent import STOP_WORDS

SINGLE_WORD_PLACE = 15_000  # a one-word name is a place by gazetteer only if that place is this big
CITY_NOT_SURNAME = 1_000_000  # a one-word name the tagger calls a person is a place if a place this big has it

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
    labels: Counter = field(default_factory=Counter)  # the tagger's types, one per mention (when it ran)
    label_of: dict[str, Counter] = field(default_factory=dict)  # name -> the tagger's types for that spelling
    sources: set[str] = field(default_factory=set)
    initial_only: bool = True  # seen only at sentence starts (then often not a name at all)
    _name: str = ""  # `name`, once asked for; cleared by `add` (names are only counted before any is asked)

    def add(self, other: _Group) -> None:
        self.names.update(other.names)
        self.cues.update(other.cues)
        self.labels.update(other.labels)
        for name, counts in other.label_of.items():
            self.label_of.setdefault(name, Counter()).update(counts)
        self.sources |= other.sources
        self.initial_only = self.initial_only and other.initial_only
        self._name = ""

    @property
    def full_label(self) -> str:
        """The tagger's most frequent type for the group's name ("" when it never tagged that spelling)."""
        counts = self.label_of.get(self.name)
        return max(counts, key=counts.__getitem__) if counts else ""

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
    """Known abbreviation > the tagger's majority type (when it ran) > acronym > title or person cue > organisation
    word > gazetteer or place cue > shape."""
    name = group.name
    words = fold(name).split()
    if any(as_acronym(n) in ALIASES for n in group.names):
        return next(ALIASES[as_acronym(n)][1] for n in group.names if as_acronym(n) in ALIASES)
    if group.labels:
        return _tagged_type(group, words)
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


_CLUB_WORDS = frozenset({"united", "city", "town", "fc", "rovers", "athletic", "wanderers", "albion", "hotspur"})


def _tagged_type(group: _Group, words: list[str]) -> str:
    """The tagger's type for the fullest spelling (else its most frequent: "Adam Neumann" is a person even where
    a lone "Neumann" was taken for a company), corrected where it is known to go wrong on news: an organisation
    word makes an organisation, and so does a club's ("Manchester United"); a title before the name a person
    ("Mayor Ilse Varga"); a place GeoNames knows makes its organisations, nationalities and many-word people
    places ("Logar", "Aleppo", "Maaret al-Numan"), and its one-word people when the place is a big city; a
    nationality that is no place is left out ("other")."""
    label = group.full_label or max(group.labels, key=lambda t: (group.labels[t], t == "person"))
    if _ORG_WORDS.intersection(words) and label != "person":
        return "organization"
    parts = tokens(group.name)
    if len(parts) >= 2 and parts[-1] in _CLUB_WORDS and _is_place(parts[0]) and not _is_place(group.name):
        return "organization"  # "Manchester United", "Ipswich Town": a club named after its town
    if group.cues["title"] and label != "place":
        return "person"
    replaceable = label in ("organization", "nationality") or (label == "person" and len(tokens(group.name)) >= 2)
    if replaceable and _is_place(group.name):
        return "place"
    if label == "person" and (gazetteer.population(group.name) or 0) >= CITY_NOT_SURNAME:
        return "place"  # "Aleppo" alone: a city of millions, not a surname
    return "other" if label == "nationality" else label


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
    """Entities of the story, most mentioned first: found by spaCy's tagger when the `nlp` extra is installed,
    else by rule (each distinct sentence read once); merged and typed the same way either way.

    The tagger's names are listed only where a second reading confirms them: the name recurs, a cue says the same
    type (`_evidence`), or the rules find it with the same type. A name the tagger saw once and nothing else
    reads that way (a band taken for a person, a venue for an organisation) is too uncertain to show
    (benchmarks/entity_quality.py)."""
    nlp = tagger.load()
    groups = _tagged_groups(story, nlp) if nlp is not None else _rule_groups(story)
    confirmed = _rule_types(story) if nlp is not None else {}
    order = {a.id: k for k, a in enumerate(story.articles)}
    result = []
    for group in _merge(groups):
        if group.initial_only and len(tokens(group.name)) == 1 and not group.labels:
            continue  # "Thousands", "Grain traders": a word only ever seen starting a sentence is no name
        kind = entity_type(group)
        if group.labels and kind == "other":
            continue  # a nationality or language the tagger found ("Syrian"): no person, place or organisation
        once = sum(group.names.values()) < 2
        if (
            nlp is not None
            and once
            and not _evidence(group, kind)
            and all(confirmed.get(fold(n)) != kind for n in group.names)
        ):
            continue  # one mention, and neither the rules nor a cue read it the same way
        result.append(
            Entity(
                name=group.name,
                type=kind,
                variants=tuple(n for n, _ in group.names.most_common()),
                mentions=sum(group.names.values()),
                sources=tuple(sorted(group.sources, key=order.__getitem__)),
            )
        )
    result.sort(key=lambda e: (-e.mentions, e.name))
    return result


def _evidence(group: _Group, kind: str) -> bool:
    """Whether something besides the tagger says the group is of this type: an organisation or club word, a title
    before a person, GeoNames or a place cue ("in", a dateline) for a place."""
    words = fold(group.name).split()
    parts = tokens(group.name)
    if kind == "organization":
        club = len(parts) >= 2 and parts[-1] in _CLUB_WORDS and _is_place(parts[0])
        return bool(_ORG_WORDS.intersection(words)) or club or any(as_acronym(n) in ALIASES for n in group.names)
    if kind == "person":
        return bool(group.cues["title"])
    return kind == "place" and (bool(group.cues["place"]) or any(_is_place(n) for n in group.names))


def _rule_types(story: Story) -> dict[str, str]:
    """Folded spelling -> the type the rules give its entity."""
    return {fold(name): entity_type(group) for group in _merge(_rule_groups(story)) for name in group.names}


def _rule_groups(story: Story) -> dict[str, _Group]:
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
    return groups


_TAGGER_TYPES = {
    "PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place",
    "NORP": "nationality", "LANGUAGE": "nationality",  # "Aleppo" as a nationality: a place when GeoNames knows it
}  # fmt: skip
_TITLE_BEFORE = re.compile(_TITLES.pattern + r"$")
_NOT_TAGGED = re.compile(r"https?:|www\.|@|\.(?:com|org|net)/|[\d\W]+$")  # addresses and bare numbers


def _tagged_groups(story: Story, nlp) -> dict[str, _Group]:
    """Mentions the tagger finds in each distinct article text (identical copies are tagged once), datelines
    included ("HONOLULU, Hawaii -")."""
    documents: dict[str, list[str]] = {}
    for article in story.articles:
        documents.setdefault(article.text, []).append(article.id)
    groups: dict[str, _Group] = {}
    for ids, doc in zip(documents.values(), nlp.pipe(documents), strict=True):
        for ent in doc.ents:
            kind = _TAGGER_TYPES.get(ent.label_)
            if kind is None:
                continue
            if ent.text.isupper() and len(ent.text) > _LONGEST_ACRONYM:
                continue  # a shouted heading or promotion ("GET FOX BUSINESS ON THE GO"), or a dateline (below)
            title = _TITLE_BEFORE.search(doc.text, max(0, ent.start_char - _LONGEST_CUE * 2), ent.start_char)
            cue = "title" if title else ""
            before = doc.text[: ent.start_char].rstrip()
            starts_sentence = not before or before[-1] in '.!?"“”\n'
            for name in _clean_tagged(ent.text, starts_sentence):
                key = _group_key(name)
                group = groups.get(key)
                if group is None:
                    group = groups[key] = _Group()
                group.names[name] += len(ids)
                group.cues[cue] += len(ids) * bool(cue)
                group.labels[kind] += len(ids)
                group.label_of.setdefault(name, Counter())[kind] += len(ids)
                group.sources.update(ids)
                group.initial_only = False
        for match in _DATELINE.finditer(doc.text):
            name = match["place"].title()
            group = groups.setdefault(_group_key(name), _Group())
            group.names[name] += len(ids)
            group.labels["place"] += len(ids)
            group.label_of.setdefault(name, Counter())["place"] += len(ids)
            group.sources.update(ids)
            group.initial_only = False
    return groups


# "BERLIN -- ", "HONOLULU, Hawaii (HawaiiNewsNow) - ", "SANTA FE, N.M. (AP) — ": a dateline names a place.
_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,2})(?=,| \(| ?--| ?[—–-] )", re.M)
_SENTENCE_VERB = re.compile(r"^[A-Z][a-z]+ing\s+(?=[A-Z])")  # "Taking Archie to Canada ..."
_LONGEST_ACRONYM = 6  # letters: "NATO", "UNESCO"; longer upper-case words are shouted prose
_NOT_TAGGED_NAMES = frozenset(
    {"IPO", "CEO", "CFO", "COO", "GDP", "TV", "AM", "PM", "OK", "DNA", "AI", "State"}
)  # "Secretary of State"
# "the Associated Press that": lower-case words after the name ("al-Numan" is no such word: it has a capital).
_LOWER_TAIL = re.compile(r"(?:\s+(?![\w'’-]*[A-Z])[a-z][\w'’-]*)+$")


def _clean_tagged(text: str, starts_sentence: bool = False) -> list[str]:
    """A tagged span as names: no leading "the", possessive (which splits "Earth's Moon" in two), bracketed
    remainder, line break or lower-case words after the name, nor a verb that only starts the sentence ("Taking
    Archie"); none when it is an address, a number or a word that is never a name."""
    text = text.split("\n")[0].split("(")[0].split(")")[0].strip(" \"“”‘’'-–—,:;")
    text = re.sub(r"^(?:the|The|THE)\s+", "", text)
    verb = _SENTENCE_VERB.match(text) if starts_sentence else None
    if verb and not _is_place(verb.group().strip()):  # "Reading Football Club" keeps its town
        text = text[verb.end() :]
    text = _LOWER_TAIL.sub("", text)
    names = []
    for piece in _AFTER_POSSESSIVE.split(text):
        piece = _POSSESSIVE.sub("", piece).strip()
        if len(piece) >= 2 and not _NOT_TAGGED.match(piece) and piece not in _NOT_NAMES | _NOT_TAGGED_NAMES:
            names.append(piece)
    return names

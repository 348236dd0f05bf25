"""Turn the figures of a clean document into claims: what is counted, which measure, where,
who says so, how hedged and when, with the evidence span.

A figure becomes a claim only when it counts something in scope (people, troops, casualties,
captives, weapons, munitions) or is money; everything else (distances, durations, nations,
scores) is left out, because a ledger that lists every number is no ledger.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from corroborate.config import Config
from corroborate.extract.attribution import source_of
from corroborate.extract.modality import modality_of
from corroborate.extract.numbers import find_quantities
from corroborate.extract.places import place_of_figure
from corroborate.extract.sentences import clause_bounds, split_sentences
from corroborate.extract.timeref import time_of
from corroborate.lang.en import claims as words
from corroborate.records import Claim, Document, Quantity, Sentence

__all__ = ["extract_claims"]

_TOKEN = re.compile(r"[A-Za-z][A-Za-z’'\-]*|\d[\d,.]*|[^\sA-Za-z\d]")

_COUNT_CLASSES = (
    ("captive", words.CAPTIVE_NOUNS),
    ("troops", words.TROOP_NOUNS),
    ("munitions", words.MUNITION_NOUNS),
    ("weapons", words.WEAPON_NOUNS),
    ("people", words.PEOPLE_NOUNS),
    ("killed", words.KILLED_NOUNS),
    ("wounded", words.WOUNDED_NOUNS),
    ("casualties", words.CASUALTY_NOUNS),
)
# Nouns that can continue a compound ("artillery rounds", "rocket launchers"); casualty words
# cannot ("soldiers killed" is a noun and a verb).
_COMPOUND = (
    words.TROOP_NOUNS | words.PEOPLE_NOUNS | words.MUNITION_NOUNS | words.WEAPON_NOUNS | words.CAPTIVE_NOUNS
)


_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ians|eans|ans|ese|is|ers)$")  # Koreans, Chinese, Israelis


def _noun_class(word: str) -> str | None:
    w = word.lower().strip("’'")
    for name, nouns in _COUNT_CLASSES:
        if w in nouns:
            return name
    if len(word) > 4 and _DEMONYM.match(word) and w not in words.NOT_DEMONYMS:
        return "people"  # "200 North Koreans", "three Israelis"
    return None


@dataclass(frozen=True, slots=True)
class _Counted:
    phrase: str
    kind: str  # a _COUNT_CLASSES name, or "money"
    end: int  # end of the noun phrase in the sentence


def _counted_after(sentence: str, fig_end: int) -> _Counted | None:
    """The noun phrase right after the figure: "10,000 [North Korean soldiers]"."""
    toks = list(_TOKEN.finditer(sentence, fig_end))[:8]
    if len(toks) > 2 and toks[0].group().lower() == "of" and toks[1].group().lower() in _PRONOUNS:
        return _elided_after(toks[2:])  # "1,000 of them had been killed"
    if len(toks) > 2 and toks[0].group().lower() in words.CONTAINER_NOUNS and toks[1].group().lower() == "of":
        inner = _counted_after(sentence, toks[1].end())  # "20,000 containers of munitions"
        if inner is not None:
            return _Counted(sentence[toks[0].start() : inner.end], inner.kind, inner.end)
    i = 0
    if toks and toks[0].group().lower() == "of":  # "thousands of soldiers"
        i = 1
        if len(toks) > 1 and toks[1].group().lower() in ("the", "these", "those", "its", "their"):
            i = 2
    first, head, kind = None, None, None
    while i < len(toks):
        tok = toks[i].group()
        low = tok.lower()
        cls = _noun_class(tok)
        if cls:
            first = first if first is not None else toks[i]
            head, kind = toks[i], cls
            # extend over a compound: "artillery rounds", "rocket launchers"
            while i + 1 < len(toks) and toks[i + 1].group().lower() in _COMPOUND:
                i += 1
                head, kind = toks[i], _noun_class(toks[i].group()) or kind
            break
        if (
            low in words.NP_MODIFIERS
            or (tok[0].isupper() and low not in ("the", "and"))
            or ("-" in tok and tok[0].isalpha())
        ):
            first = first if first is not None else toks[i]
            i += 1
            continue
        break
    if head is None or kind is None or first is None:
        return _elided_after(toks)
    return _Counted(sentence[first.start() : head.end()], kind, head.end())


_PRONOUNS = frozenset("them those these whom which".split())
_AUXILIARY = frozenset(
    "have has had been were was are is be being reportedly already either both were all now".split()
)


def _elided_after(toks: list[re.Match[str]]) -> _Counted | None:
    """A figure whose noun is left out: "1,000 have been killed", "three were injured"."""
    for n, tok in enumerate(toks[:5]):
        low = tok.group().lower()
        if low in _AUXILIARY:
            continue
        if low in words.KILLED_WORDS and low not in ("lost", "fatally"):
            nxt = [t.group().lower() for t in toks[n + 1 : n + 3]]
            if len(nxt) == 2 and nxt[0] in ("or", "and") and nxt[1] in words.WOUNDED_WORDS:
                return _Counted(f"{tok.group()} {nxt[0]} {nxt[1]}", "casualties", toks[n + 2].end())
            return _Counted(tok.group(), "killed", tok.end())
        if low in words.WOUNDED_WORDS:
            return _Counted(tok.group(), "wounded", tok.end())
        if low in words.CAPTURED_WORDS:
            return _Counted(tok.group(), "captive", tok.end())
        return None
    return None


def _counted_before(sentence: str, fig_start: int) -> _Counted | None:
    """A noun that a linking phrase ties to the figure: "deployments numbering [15,000]"."""
    left = sentence[:fig_start].rstrip().lower()
    for link in words.LINK_BEFORE_FIGURE:
        if left.endswith(" " + link) or left == link:
            rest_end = len(left) - len(link)
            toks = list(_TOKEN.finditer(sentence, 0, rest_end))[-5:]
            for tok in reversed(toks):
                if tok.group().lower() in _TALLY_NOUNS:
                    # "bringing the total to 14,000": the tally of whatever the sentence counts
                    kind = "killed" if tok.group().lower() == "toll" else _sentence_kind(sentence)
                    return _Counted(tok.group(), kind, fig_start) if kind else None
                cls = _noun_class(tok.group())
                if cls:
                    if (
                        link in words.CASUALTY_ONLY_LINKS
                        and cls not in ("killed", "wounded", "casualties", "captive")
                        and "toll" not in left[-60:]
                    ):
                        return None
                    return _Counted(tok.group(), cls, fig_start)
                low = tok.group().lower()
                if not (
                    low.endswith("ly")
                    or low in ("the", "of", "a", "an", "initial", "total", "number")
                    or low in words.NP_MODIFIERS
                ):
                    break
            return None
    return None


_DEPLOY_BEFORE = re.compile(
    r"\b(?:sent|send|sends|sending|deployed|deploy|deploys|deploying|dispatched|dispatch|"
    r"dispatching|transferred|moved)\s+(?:(?:an?|another|an additional|a further|"
    r"some|the)\s+)?$",
    re.IGNORECASE,
)


def _elided_troops(sentence: str, fig_start: int, fig_end: int) -> _Counted | None:
    """ "North Korea has sent another 3,000 to Russia": a deployment verb right before a figure
    with no noun of its own, in a sentence that talks about troops, counts troops."""
    if not any(w.lower() in words.TROOP_NOUNS for w in re.findall(r"[A-Za-z]+", sentence)):
        return None
    nxt = [w.lower() for w in re.findall(r"[A-Za-z]+", sentence[fig_end : fig_end + 40])[:2]]
    deployed_before = _DEPLOY_BEFORE.search(sentence[max(0, fig_start - 40) : fig_start])
    # "the roughly 11,000 sent last year", "with 6,000 more expected"
    deployed_after = bool(nxt) and (
        nxt[0] in _DEPLOY_PARTICIPLES
        or (nxt[0] in ("more", "additional") and (len(nxt) == 1 or nxt[1] not in _ANY_NOUN))
    )
    if deployed_after:
        return _Counted("troops", "troops", fig_end)
    if not deployed_before:
        return None
    if nxt and nxt[0] not in ("more", "additional", "to", "into", "in", "and", "or"):
        return None
    return _Counted("troops", "troops", fig_end)


_DEPLOY_PARTICIPLES = frozenset("sent deployed dispatched stationed transferred expected".split())
_ANY_NOUN = _COMPOUND | words.KILLED_NOUNS | words.WOUNDED_NOUNS | words.CASUALTY_NOUNS
_ACTION_VERBS = words.KILLING_VERBS | words.WOUNDING_VERBS | words.CAPTURING_VERBS | words.LOSING_VERBS
_TALLY_NOUNS = frozenset("total tally toll figure number".split())


def _sentence_kind(sentence: str) -> str | None:
    """The first in-scope noun class met in the sentence, for a tally that names none."""
    for w in re.findall(r"[A-Za-z]+", sentence):
        cls = _noun_class(w)
        if cls and cls != "people":
            return cls
    return None


def _object_of_action(sentence: str, fig_start: int, fig_end: int) -> _Counted | None:
    """ "...killed two people and injured three": a bare figure right after a casualty verb."""
    before = re.findall(r"[a-z]+", sentence[max(0, fig_start - 20) : fig_start].lower())[-1:]
    if not before or before[0] not in _ACTION_VERBS:
        return None
    nxt = re.match(r"\s*(\w*)", sentence[fig_end:])
    if nxt and nxt.group(1) and nxt.group(1).lower() not in ("and", "or", "others", "more", "in", "on", "at"):
        return None
    return _Counted("people", "people", fig_end)


def _casualty_words(text: str) -> tuple[bool, bool, bool, bool]:
    toks = {t.lower() for t in re.findall(r"[A-Za-z]+", text)}
    return (
        bool(toks & words.KILLED_WORDS),
        bool(toks & words.WOUNDED_WORDS),
        bool(toks & words.CAPTURED_WORDS),
        bool(toks & words.SHOT_WORDS),
    )


# where the words about one figure end and those about the next begin: "300 killed and some 700 wounded"
_NEXT_FIGURE = re.compile(
    r",|;|\s(?:and|while|but)\s+(?=(?:some|about|around|another|at least|more than|nearly|\d|"
    r"killing|wounding|injuring|"
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds|thousands)\b))",
    re.IGNORECASE,
)


def _measure(counted: _Counted, sentence: str, fig_start: int, clause_end: int, modality: str) -> str:
    kind = counted.kind
    if kind == "money":
        return "money"
    if kind == "killed":
        return "casualties_killed"
    if kind == "wounded":
        return "casualties_wounded"
    if kind == "casualties":
        return "casualties_killed_or_wounded"
    if kind == "captive":
        return "captured"
    if kind == "munitions":
        return "munitions"
    if kind == "weapons":
        return "weapons_systems"
    # people and troops: what happened to them decides the measure
    after = _NEXT_FIGURE.split(sentence[counted.end : clause_end], maxsplit=1)[0]
    killed, wounded, captured, shot = _casualty_words(" ".join(after.split()[:8]))
    # only the words of this figure's own phrase: "left a man dead and six wounded" must not make
    # "six" dead
    left = re.split(r",|;|\band\b|\bor\b", sentence[max(0, fig_start - 30) : fig_start].lower())[-1]
    before = re.findall(r"[a-z]+", left)[-3:]
    if before and before[-1] in _ACTION_VERBS:
        # the verb right before the figure governs it: "killing one man and wounding six others"
        verb = before[-1]
        killed = verb in words.KILLING_VERBS or verb in words.LOSING_VERBS
        wounded = verb in words.WOUNDING_VERBS or verb in words.LOSING_VERBS
        captured = verb in words.CAPTURING_VERBS
    elif not (killed or wounded or captured) and before:
        # "killing 12 soldiers", "the deaths of 30 soldiers"
        lost = any(w in words.LOSING_VERBS for w in before)  # "Russia has lost 600,000 soldiers"
        killed = lost or any(w in words.KILLING_VERBS or w in words.KILLED_NOUNS for w in before)
        wounded = lost
        wounded = wounded or any(w in words.WOUNDING_VERBS or w in words.WOUNDED_NOUNS for w in before)
        captured = any(w in words.CAPTURING_VERBS for w in before)
    if (killed and wounded) or (shot and not killed and not wounded):
        return "casualties_killed_or_wounded"
    if killed:
        return "casualties_killed"
    if wounded:
        return "casualties_wounded"
    if captured:
        return "captured"
    if kind == "people":
        return "other"
    low = sentence.lower()
    if any(cue in low for cue in words.FORCE_SIZE_CUES):
        return "other"
    if modality in ("expected", "possible"):
        return "troops_planned"
    return "troops_deployed"


def _claim_for(doc: Document, sent: Sentence, q: Quantity) -> Claim | None:
    text = sent.text
    fs, fe = q.start - sent.start, q.end - sent.start
    if q.multiplier or q.unit == "percent" or (q.value_low is None and q.value_high is None):
        return None
    if q.unit:  # a currency
        counted: _Counted | None = _Counted(q.unit, "money", fe)
    else:
        counted = _counted_after(text, fe) or _counted_before(text, fs)
    if counted is None:
        counted = _elided_troops(text, fs, fe) or _object_of_action(text, fs, fe)
    if counted is None:
        return None
    clause = clause_bounds(text, fs, fe)
    modality = modality_of(text, fs, fe, clause)
    measure = _measure(counted, text, fs, clause[1], modality)
    where = place_of_figure(text, fs, fe, clause)
    source = source_of(text, fs, fe, max(counted.end, fe))
    when = time_of(text, fs, fe, doc.published)
    return Claim(
        doc_id=doc.id,
        doc=doc.name,
        start=q.start,
        end=q.end,
        figure=q.text,
        value_low=q.value_low,
        value_high=q.value_high,
        approx=q.approx,
        vague=q.vague,
        unit=q.unit,
        counted=counted.phrase,
        measure=measure,
        where=where,
        source=source,
        modality=modality,
        time=when,
        quote=text[clause[0] : clause[1]].strip(),
        sentence=text,
        sentence_start=sent.start,
        sentence_end=sent.end,
    )


def extract_claims(doc: Document, config: Config) -> list[Claim]:
    """Every quantitative claim in ``doc.text`` (the clean text), in order of position."""
    del config  # one language today; the config will pick the word lists
    text = doc.text
    sentences = split_sentences(doc.id, text)
    starts = [s.start for s in sentences]
    claims: list[Claim] = []
    for q in find_quantities(text):
        i = bisect_right(starts, q.start) - 1
        if i < 0 or q.end > sentences[i].end:
            continue  # a figure across a sentence break is a splitting error, not a claim
        claim = _claim_for(doc, sentences[i], q)
        if claim is not None:
            claims.append(claim)
    return claims

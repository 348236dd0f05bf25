"""Find who a figure is attributed to ("according to X", "X said", "the 3,000 troops that X suggest").

Tried in order of how tightly the attribution is bound to the figure: a relative clause on the
figure's own noun phrase, then "according to X" in the sentence, then the subject of the first
verb of saying before the figure (the outermost speaker: in "X stated that Kyiv anticipates
15,000", X is the source), then a verb of saying after the figure ("..., the ministry said").
Pronoun subjects ("he said") give no source rather than a wrong one.
"""

from __future__ import annotations

import re

from corroborate.lang.en.attribution import (
    GENERIC_REPORT_WORDS,
    NOT_SOURCE_START,
    REPORTING_VERBS,
    SOURCE_NOUNS,
)

__all__ = ["source_of"]

_WORD = re.compile(r"[A-Za-z][\w’'.\-]*")
_ACCORDING = re.compile(r"\baccording to\s+([^,;:.()]+(?:\([^)]*\)[^,;:.]*)?)", re.IGNORECASE)
_BY_ESTIMATES = re.compile(
    r"\b(?:by|in)\s+((?:[\w’'\-]+\s+){0,3}(?:estimates?|assessments?|counts?))\b", re.IGNORECASE
)
_RELATIVE = re.compile(r"^\s*(?:that|which|as)\s+([^,;:.]*)", re.IGNORECASE)
_SUBJECT_START = re.compile(
    r"(?:^|[:;]\s|\s[-–—]\s|\)\s|,\s+(?:with|and|while|as|but)\s+|\bthat\s+|\bwhile\s+|\bwith\s+|\bas\s+|\band\s+)",
    re.IGNORECASE,
)
_TRAILING_ADVERB = re.compile(
    r"(?:,?\s+(?:also|recently|previously|earlier|later|separately|"
    r"reportedly|publicly|privately|has|have|had|was|were|is|are))+\s*$",
    re.IGNORECASE,
)
_AFTER_SAY = re.compile(
    r",\s*(?:(?:the|a|an)\s+)?([^,;:]{2,80}?)\s+(said|says|told|stated|reported|estimated|claimed|"
    r"added|noted|wrote)\b|,\s*(?:said|says|according to)\s+([^,;:.]{2,80})",
    re.IGNORECASE,
)
_MAX_WORDS = 14
# after a verb of saying these mean it was a noun ("reports of", "autopsy reports for") or a
# participle ("estimated at", "believed to be")
_NOUN_FOLLOWERS = frozenset("at to by of for on from in about with were was are is have had".split())
_NOUN_OR_PARTICIPLE = frozenset(
    "report reports claim claims estimate estimates count counts note notes state states estimated "
    "believed put assessed calculated expected predicted reported claimed".split()
)
_DANGLING = frozenset("to of the a an and or with for in on at by from that".split())
_SEGMENT_OPENERS = frozenset("the a an his her its their our".split())


def _clean(np: str) -> str | None:
    np = _TRAILING_ADVERB.sub("", np.strip(" ,\t\"“”'-–—•*")).strip(" ,")
    words = np.split()
    if not words or len(words) > _MAX_WORDS:
        return None
    if words[0].lower() in NOT_SOURCE_START:
        return None
    if not any(w[0].isalpha() for w in words):
        return None
    if words[-1].lower() in _DANGLING:
        return None  # "lack of provocation leads police to": cut mid-phrase, not a source
    if _AUXILIARIES.search(np) and "," not in np:
        return None  # a clause, not a noun phrase: "Police stopped a white minivan and"
    if len(words) == 1 and words[0].lower() in GENERIC_REPORT_WORDS:
        return "reports"
    return np


def _relative_source(tail: str) -> str | None:
    """Source in a relative clause on the figure: "... troops that some intelligence reports suggest"."""
    rel = _RELATIVE.match(tail)
    if not rel:
        return None
    words = rel.group(1).split()
    for i, w in enumerate(words[:8]):
        if (
            i
            and w.lower() in REPORTING_VERBS
            and (i + 1 >= len(words) or words[i + 1].lower() not in REPORTING_VERBS)
        ):
            return _clean(" ".join(words[:i]))
    return None


def _subject_before(sentence: str, verb_start: int) -> str | None:
    """The noun phrase that ends right before the verb at ``verb_start``."""
    head = sentence[:verb_start]
    start = 0
    for m in _SUBJECT_START.finditer(head):
        if m.end() < len(head):
            start = m.end()
    return _clean(head[start:])


def source_of(sentence: str, start: int, end: int, np_end: int) -> str | None:
    """Who the figure at ``sentence[start:end]`` (noun phrase ending at ``np_end``) is attributed to."""
    found = _relative_source(sentence[np_end:])
    if found:
        return found
    acc = _ACCORDING.search(sentence) or _BY_ESTIMATES.search(sentence)
    if acc:
        found = _clean(acc.group(1))
        if found:
            return found
    words = list(_WORD.finditer(sentence, 0, start))
    for i, m in enumerate(words):
        word = m.group().lower()
        if word not in REPORTING_VERBS or word == "according":
            continue
        following = words[i + 1].group().lower() if i + 1 < len(words) else ""
        if following in REPORTING_VERBS:
            continue  # "reports suggest": the first word is the subject noun
        if (word in _NOUN_OR_PARTICIPLE and following in _NOUN_FOLLOWERS) or _participle_after_comma(
            sentence, m.start()
        ):
            continue  # a participle ("estimated at", "believed to be") or a noun ("reports of")
        found = _subject_before(sentence, m.start())
        if found:
            return found
    return _speaker_after(sentence, end)


def _participle_after_comma(sentence: str, verb_start: int) -> bool:
    """ "an army, estimated at ...": a comma after a common noun makes the verb a participle;
    after a name ("Petra Lind, said") it closes an apposition and the verb is the speaker's."""
    head = sentence[:verb_start].rstrip()
    if not head.endswith(","):
        return False
    last = head[:-1].split()[-1:] or [""]
    return not last[0][:1].isupper()


_AUXILIARIES = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|could)\b", re.IGNORECASE)
_VERB_AFTER = re.compile(
    r"\b(said|says|told|stated|reported|estimated|claimed|added|noted|wrote|"
    r"announced|confirmed|warned)\b",
    re.IGNORECASE,
)
_CLAUSE_WORDS = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|could|and|that|which|who)\b", re.IGNORECASE
)


def _speaker_after(sentence: str, end: int) -> str | None:
    """A speaker named after the figure: "..., the ministry said", "..., Tomas Berg, said",
    or inverted "..., said the ministry"."""
    verb = _VERB_AFTER.search(sentence, end)
    if not verb:
        return None
    head = sentence[end : verb.start()].rstrip()
    if not head.strip(" ,"):
        inverted = re.match(r"\s*((?:the\s+)?[A-Z][^,;:.]{1,80})", sentence[verb.end() :])
        return _clean(inverted.group(1)) if inverted else None
    segments = [seg.strip(" \"“”'‘’") for seg in head.split(",")]
    if segments and not segments[-1]:
        segments.pop()
    picked: list[str] = []
    for seg in reversed(segments[1:] if len(segments) > 1 else []):
        words = seg.split()
        if not words or len(words) > 8 or _CLAUSE_WORDS.search(seg):
            break
        if not (
            words[0][0].isupper() or words[0].lower() in _SEGMENT_OPENERS or words[0].lower() in SOURCE_NOUNS
        ):
            break  # "including the suspect", "in the rampage": not a name or a title
        picked.insert(0, seg)
        if len(picked) == 2:
            break
    return _clean(", ".join(picked)) if picked else None

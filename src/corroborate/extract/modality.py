"""Decide how a text commits to a figure: reported, estimated, expected, possible, denied, hypothetical.

The cue words live in ``lang/en/modality.py``. Cues are looked for in the clause that holds the
figure; when several kinds appear, the one nearest the figure wins, because English puts the
modal verb next to what it governs ("may send up to 100,000", "10,000+ troops ... would").
"""

from __future__ import annotations

import re
from functools import lru_cache

from corroborate.lang.en import modality as cues

__all__ = ["modality_of"]


@lru_cache(maxsize=8)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = sorted(words, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in alternatives) + r")\b", re.IGNORECASE)


# How far from the figure a cue may stand, in characters: a modal verb governs what is near
# it ("may send up to 100,000"); a hedge at the far end of a long clause ("figures that could
# not be verified") is about the sentence, not the number.
_REACH_BEFORE, _REACH_AFTER = 100, 50


def _nearest(words: tuple[str, ...], text: str, start: int, end: int) -> int | None:
    """Distance in characters from the figure [start, end) to the nearest cue in ``text``."""
    best = None
    for m in _pattern(words).finditer(text):
        if m.group() == "May" and m.start() > 0:
            continue  # the month, not the modal verb
        d = start - m.end() if m.end() <= start else m.start() - end if m.start() >= end else 0
        if d > (_REACH_BEFORE if m.end() <= start else _REACH_AFTER):
            continue
        if best is None or d < best:
            best = d
    return best


_IF = re.compile(
    r"(?<!know )(?<!knew )(?<!known )(?<!clear )(?<!unclear )(?<!sure )(?<!see )(?<!ask )(?<!asked )"
    r"(?<!determine )(?<!whether or )\b(?:if|unless|suppose|supposing|assuming|in the event that)\b[^,;:.]*$",
    re.IGNORECASE,
)
_SAYS = re.compile(r"\b(?:said|says|told|stated|according|warned|announced)\b", re.IGNORECASE)


def modality_of(sentence: str, start: int, end: int, clause: tuple[int, int]) -> str:
    """Modality of the figure at ``sentence[start:end]`` whose clause spans ``clause``."""
    cs, ce = clause
    before = sentence[:start]
    # a condition that opens before the figure and has not closed with a comma yet
    if _IF.search(before):
        return "hypothetical"
    text = sentence[cs:ce]
    s, e = start - cs, end - cs
    if _nearest(cues.DENIAL_WORDS, sentence, start, end) is not None:
        return "denied"
    would = _nearest(("would", "would be", "would have"), text, s, e)
    if would is not None and not _SAYS.search(sentence) and "would" not in text[:s].lower():
        # the figure is the subject of a counterfactual ("10,000 troops ... would ...")
        return "hypothetical"
    ranked = []
    for label, words in (("expected", cues.EXPECTED_WORDS), ("possible", cues.POSSIBLE_WORDS)):
        d = _nearest(words, text, s, e)
        if d is not None:
            ranked.append((d, label))
    if would is not None:
        ranked.append((would, "expected"))  # reported future: "said it would send 5,000"
    if ranked:
        return min(ranked)[1]
    if _nearest(cues.ESTIMATED_WORDS, text, s, e) is not None:
        return "estimated"
    return "reported"

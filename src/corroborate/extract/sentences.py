"""Split a document's clean text into sentences with character spans.

Lines are hard boundaries (scraped text keeps headings and list items on their own lines);
inside a line a sentence ends at . ! or ? followed by space and a capital, quote or digit,
unless the word before the dot is a known abbreviation or a single initial.
"""

from __future__ import annotations

import re

from corroborate.lang.en.sentences import ABBREVIATIONS
from corroborate.records import Sentence

__all__ = ["clause_bounds", "split_sentences"]

_LINE = re.compile(r"[^\n]+")
# A candidate end: terminal punctuation (plus closing quotes/brackets), then space, then a
# character that can open a sentence.
_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def _is_abbreviation(line: str, dot: int) -> bool:
    if line[dot] != ".":
        return False
    if line[:dot].strip().isdigit():  # "1. Heading": list numbering, not a sentence
        return True
    m = _WORD_BEFORE.search(line, 0, dot)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    return word in ABBREVIATIONS or len(word) == 1


def split_sentences(doc_id: str, text: str) -> list[Sentence]:
    """Sentences of ``text`` in order, each with its span; blank stretches are skipped."""
    out: list[Sentence] = []
    for line_m in _LINE.finditer(text):
        line, base = line_m.group(), line_m.start()
        start = 0
        for end_m in _END.finditer(line):
            if _is_abbreviation(line, end_m.start()):
                continue
            _emit(out, doc_id, line, base, start, end_m.end())
            start = end_m.end()
        _emit(out, doc_id, line, base, start, len(line))
    return out


def _emit(out: list[Sentence], doc_id: str, line: str, base: int, start: int, end: int) -> None:
    # trim white space so spans point at the words themselves
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(doc_id, base + start, base + end, line[start:end]))


# Places where one clause of a sentence ends and another begins, for scoping cues to a figure.
_CLAUSE_BREAK = re.compile(
    r"[;:]\s|\s[–—-]\s|,\s+(?=(?:while|whereas|although|though|but|which|who|with|as|and|or|"
    r"yet|so|because|since|after|before|when|where|however|possibly|potentially)\b)"
    r"|\s(?=but\s|whereas\s|although\s)|\(|\)"
    r"|\sand\s(?=(?:is|are|was|were|has|have|had|will|would|could|may|might)\b)"
)


def clause_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause of ``sentence`` that holds the span [start, end): (clause_start, clause_end)."""
    cs, ce = 0, len(sentence)
    for m in _CLAUSE_BREAK.finditer(sentence):
        if m.end() <= start:
            cs = m.end()
        elif m.start() >= end:
            ce = m.start()
            break
    return cs, ce

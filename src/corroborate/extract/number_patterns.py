"""Compiled patterns and constants of the number grammar (``extract/numbers.py``).

Built once at import from the word lists in ``corroborate.lang.en.numbers``; constants, never
mutated. Kept apart from the parser so each module stays readable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from types import MappingProxyType

from corroborate.lang.en import numbers as words

_MAX_VALUE = 1e15  # above this a "number" is a code or a run of digits, not a figure
_MAX_DIGITS = 16
_LEFT = 80  # characters of left context read for prefixes
_YEARS = (1800, 2100)  # a bare four-digit integer in this range is read as a year
_NO_SEPARATORS = str.maketrans("", "", ", \u00a0\u2007\u2009\u202f")
# Case folding is ASCII only: Unicode folding would let "İ" or "ſ" match a phrase whose lower-case
# form then is not in the word lists.
_I = re.IGNORECASE | re.ASCII

# ---------------------------------------------------------------------------------- patterns
# Compiled once at import from the word lists; constants, never mutated.
_SP = "[ \\t\\u00a0\\u2007\\u2009\\u202f]"  # spaces inside one line: a figure never spans lines
# Runs of spaces are bounded: a figure's words are never far apart, and unbounded runs would let
# a long run of blanks make the patterns backtrack.
_S0, _S1 = _SP + "{0,3}", _SP + "{1,3}"
_DIGITS = (
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])"  # 10,000
    r"|[0-9]{1,3}(?:[\u00a0\u2007\u2009\u202f][0-9]{3})+(?![0-9])"  # 40\u202f000 (thin space)
    # a plain space groups digits only when that cannot be two numbers: "1 234 567", "12 000";
    # "50 911 calls" is fifty calls to 911
    r"|[0-9]{1,3}(?: [0-9]{3}){2,}(?![0-9])|[0-9]{1,3} [0-9]00(?![0-9])"
    r"|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+"
)


def _phrases(items: Iterable[str], cased: bool = False) -> str:
    """One regex alternation for a list of phrases: longest first, a space matches any run."""
    body = "|".join(
        f"{_S1}".join(re.escape(part) for part in p.split(" "))
        for p in sorted(set(items), key=len, reverse=True)
    )
    return f"(?-i:{body})" if cased else f"(?:{body})"


def _norm(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _last_words(phrases: Iterable[str]) -> frozenset[str]:
    return frozenset(p.split()[-1].lower() for p in phrases)


def _shapes(sources: Iterable[str], month: str) -> str:
    day = r"[0-9]{1,2}(?:st|nd|rd|th)?"
    spaced = (s.replace("{SP}+", _S1).replace("{SP}*", _S0).replace("{SP}", _SP) for s in sources)
    return "|".join(s.replace("{MONTH}", month).replace("{DAY}", day) for s in spaced)


_W = words
#: Kind and value of every number word. Kinds: D digits, U 0-9, T 10-19, X tens, H hundred,
#: S scale, Z dozen, F half/quarter, A "a"/"an", & "and".
_KINDS = MappingProxyType(
    {
        "and": ("&", 0.0), "a": ("A", 1.0), "an": ("A", 1.0),
        **{k: ("U", float(v)) for k, v in _W.UNITS.items()},
        **{k: ("T", float(v)) for k, v in _W.TEENS.items()},
        **{k: ("X", float(v)) for k, v in _W.TENS.items()},
        **{k: ("H", 100.0) for k in _W.HUNDRED_WORDS},
        **{k: ("S", v) for k, v in _W.SCALES.items()},
        **{k: ("Z", 12.0) for k in _W.DOZEN_WORDS},
        **{k: ("F", v) for k, v in _W.FRACTION_WORDS.items()},
    }
)  # fmt: skip
_NUMWORD = (
    rf"\b{_phrases([*_W.UNITS, *_W.TEENS, *_W.TENS, *_W.HUNDRED_WORDS, *_W.SCALES, *_W.DOZEN_WORDS])}\b"
)
_BIG = _phrases([*_W.HUNDRED_WORDS, *_W.SCALES, *_W.DOZEN_WORDS, *_W.FRACTION_WORDS])
_LEAD = rf"(?:an?|half|quarter)(?={_S1}(?:an?{_S1})?{_BIG}\b)"  # "a" only before a scale
_ABBR = _phrases(_W.SCALE_ABBREVIATIONS, cased=True)
_DIGTOK = rf"(?:{_DIGITS})(?:{_SP}?{_ABBR}(?![A-Za-z0-9]))?"
_MORE = (
    rf"(?:{_S0}-{_S0}|{_S1}and{_S1}|{_S1})"
    rf"(?:{_DIGTOK}(?![/:])|{_NUMWORD}|\b(?:half|quarters?)\b|\b{_LEAD})"
)
_MONTH = rf"(?:{_phrases(_W.MONTHS)}|{_phrases(_W.MONTHS_CASED, cased=True)})"
# Alternatives are tried in order at each position: shapes that are not figures come first, so a
# time or a code is consumed whole before its digits could be read. They are grouped by first
# character (digit, sign, letter) so that most positions fail after one test.
_SCAN = re.compile(
    rf"(?=[0-9.])(?:(?P<skip>{_shapes(_W.NOT_FIGURES_DIGIT_FIRST, _MONTH)})"
    rf"|(?P<mult>[0-9]+(?:\.[0-9]+)?-?fold\b)"
    rf"|(?P<atom>(?<![A-Za-z0-9_./:])(?<![A-Za-z]-){_DIGTOK}(?:{_MORE})*))"
    rf"|(?=[+(])(?P<skip2>{_shapes(_W.NOT_FIGURES_SIGN_FIRST, _MONTH)})"
    rf"|\b(?=[A-Za-z])(?:(?P<skip3>{_shapes(_W.NOT_FIGURES_LETTER_FIRST, _MONTH)})"
    rf"|(?P<vague>{_phrases(_W.VAGUE_MULTIPLES)}{_S1}of{_S1}(?:thousands|millions|billions)\b"
    rf"|{_phrases(_W.VAGUE_QUANTIFIERS)}{_S1}(?:dozen|hundred|thousand|million|billion)"
    rf"(?:{_S1}(?:thousand|million|billion))?\b(?!{_S0}-)"
    rf"|(?:scores(?={_S1}of\b)|{_phrases(p for p in _W.VAGUE_PLURALS if p != 'scores')})\b)"
    rf"|(?P<mult2>{_phrases(_W.MULTIPLIER_WORDS)}\b"
    rf"|{_phrases(_W.MULTIPLIER_BARE)}(?={_S1}{_phrases(_W.MULTIPLIER_BARE_BEFORE)}\b)"
    rf"|{_phrases([*_W.UNITS, *_W.TEENS, *_W.TENS])}-?fold\b)"
    rf"|(?P<atom2>(?:{_NUMWORD}|{_LEAD})(?:{_MORE})*)"
    rf"|(?P<code>{_W.CODE}))",
    _I,
)
_TOKEN = re.compile(rf"(?P<d>{_DIGITS})(?:{_SP}?(?P<abbr>{_ABBR})(?![A-Za-z0-9]))?|(?P<w>[A-Za-z]+)")

# Words before a number: one pattern per question, each anchored at the end of the left context.
_PREFIX_KINDS = MappingProxyType(
    {
        **{_norm(p): "upper" for p in _W.UPPER_PREFIXES},
        **{_norm(p): "lower" for p in _W.LOWER_PREFIXES},
        **{_norm(p): "approx" for p in _W.APPROX_PREFIXES},
        **{_norm(p): "range" for p in _W.RANGE_OPENERS},
    }
)
# One small pattern per last word ("than" -> "more than", "fewer than", ...): a figure takes up
# to two of these phrases ("up to an estimated"), read from right to left.
_PREFIX_BY_LAST = MappingProxyType(
    {
        end: re.compile(
            rf"(?<![A-Za-z]){_phrases(p for p in _PREFIX_KINDS if p.split()[-1] == end)}"
            rf"(?:{_S1}|(?<=[~≈]){_S0})$",
            _I,
        )
        for end in {p.split()[-1] for p in _PREFIX_KINDS}
    }
)
_SIGNS = _phrases(_W.CURRENCY_SIGNS)
_CURRENCY_BEFORE = re.compile(rf"(?<![A-Za-z])(?P<c>{_SIGNS}){_SP}?$", _I)
_IDENTIFIER_BEFORE = re.compile(rf"(?<![A-Za-z]){_phrases(_W.IDENTIFIER_WORDS)}{_S0}$", _I)
_NAME_WORDS_BEFORE = re.compile(rf"(?<![A-Za-z]){_phrases(_W.IDENTIFIER_WORDS_CASED, cased=True)}{_S1}$")
_ACRONYM_BEFORE = re.compile(rf"\b[A-Z]{{2,5}}{_SP}$")
_AGE_BEFORE = re.compile(
    rf"(?<![A-Za-z])(?:{_phrases(_W.AGE_PREFIXES)}|{_phrases(_W.DEATH_WORDS)}{_S1}at){_S1}$", _I
)
# "Dustin Grey, " or "a man, " before an age
_NAME_BEFORE = re.compile(rf"\b(?:[A-Z][a-z]+\.?|{_phrases(_W.AGE_APPOSITION_NOUNS)}),{_SP}$")
_ONE_BEFORE = re.compile(rf"(?<![A-Za-z]){_phrases(_W.ONE_PRONOUN_BEFORE)}{_S1}$", _I)
_LINE_START = re.compile(rf"(?:^|\n){_S0}$")
# Cheap tests on the last word before a number, so most numbers skip the patterns above.
_IDENTIFIER_ENDS = _last_words([*_W.IDENTIFIER_WORDS, *_W.IDENTIFIER_WORDS_CASED])
_AGE_ENDS = _last_words(_W.AGE_PREFIXES) | {"at"}
_SIGN_ENDS = frozenset(sign[-1] for sign in _W.CURRENCY_SIGNS)

# Words after a number, matched at its end.
_DROP_AFTER = re.compile(
    rf"(?P<ordinal>(?:st|nd|rd|th)\b)|(?P<decade>['’′]?s\b)"
    rf"|(?P<age>{_S0}-?{_S0}(?:years?|yrs?)(?:-|{_S1})old\b)"
    rf"|(?P<unit>{_S0}-?{_S0}(?:{_phrases(_W.MEASURE_UNITS)}|{_phrases(_W.MEASURE_UNITS_CASED, cased=True)})"
    rf"(?![A-Za-z]))"
    rf"|(?P<fraction>{_S0}-?{_S0}{_phrases(_W.DENOMINATORS)}\b|{_S1}[0-9]+/[0-9]+|[½¼¾⅓⅔⅛])"
    rf"|(?P<clock>{_S1}o['’]clock)|(?P<glued>(?<=[0-9])[A-Za-z])",  # 8News, 15CR44001
    _I,
)
_NAME_AFTER = re.compile(
    rf"{_S0}{_phrases(_W.STATION_WORDS, cased=True)}\b"
    rf"|{_S1}(?:[A-Z][A-Za-z]*\.?{_S1}){{1,3}}{_phrases(_W.STREET_WORDS, cased=True)}\b"
    rf"|{_S1}(?:Freeway|Fwy|Expressway)\b|{_S1}(?i:block)\b"
    rf"|{_S1}{_phrases(_W.STREET_DIRECTIONS, cased=True)}\.?{_S1}[A-Z][a-z]"
)
_WORD_AFTER = re.compile(rf"{_S1}[A-Za-z]")
_CAPS_AFTER = re.compile(rf"{_S1}[A-Z]{{2,}}\b")
_COMPOUND_AFTER = re.compile(r"-(?P<word>[A-Za-z]+)")
_ONE_AFTER = re.compile(rf"(?:{_S1}{_phrases(_W.ONE_PRONOUN_AFTER)}|['’]s)\b", _I)
_END_OF_CLAUSE = re.compile(rf"(?:,|;|\)|{_S1}and\b|\.(?:\s|$)|\s*$)")
_PERCENT_AFTER = re.compile(rf"{_S0}%|{_S1}(?:percent|per{_S1}cent|pct|percentage{_S1}points?)\b", _I)
_CURRENCY_AFTER = re.compile(
    rf"{_S0}(?P<code>{_phrases(_W.CURRENCY_CODES, cased=True)})\b"
    rf"|{_S1}(?:(?P<country>{_phrases(_W.DOLLAR_COUNTRIES)}){_S1})?(?P<word>{_phrases(_W.CURRENCY_WORDS)})\b",
    _I,
)
_VAGUE_CURRENCY = re.compile(rf"{_S1}of{_S1}(?P<word>{_phrases(_W.CURRENCY_WORDS)})\b", _I)
_TIMES_AFTER = re.compile(rf"{_S1}(?P<t>times){_S1}{_phrases(_W.TIMES_FOLLOWERS)}\b", _I)
_SUFFIX_KINDS = MappingProxyType(
    {
        **{_norm(s): "lower" for s in _W.LOWER_SUFFIXES},
        **{_norm(s): "upper" for s in _W.UPPER_SUFFIXES},
        **{_norm(s): "approx" for s in _W.APPROX_SUFFIXES},
    }
)
# "200 or greater than" takes "than" only at the end of a clause; no suffix is read when a number
# follows ("5000 or more than 4500" is two figures, "above 1000 and below 1500" a range).
_SUFFIX_AFTER = re.compile(
    rf"(?P<plus>{_S0}\+(?![0-9]))|-(?P<dplus>plus|odd)\b|{_S1}(?P<wplus>plus)\b(?!{_S0}[0-9$])"
    rf"|{_S1}(?P<word>{_phrases(s for s in _SUFFIX_KINDS if s not in ('plus', 'odd'))})"
    rf"(?:{_S1}than(?={_S0}(?:[.,;:!?)]|$)))?\b(?!{_S1}than\b)(?!{_S1}(?:[0-9$€£]|{_NUMWORD}))",
    _I,
)
_JOINER = re.compile(
    rf"(?:{_S0}[{re.escape(_W.RANGE_DASHES)}]{_S0}|{_S1}(?P<word>{_phrases(_W.RANGE_JOINERS)}){_S1})"
    rf"(?:{_SIGNS}{_SP}?)?",
    _I,
)
_PAIR_JOINER = re.compile(rf"{_S0}(?:,{_S0})?(?:(?:and|but){_S1})?", _I)

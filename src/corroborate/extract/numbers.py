"""Find the figures a news text states, each with the bounds its wording implies.

``find_quantities`` scans the text once with one precompiled pattern whose alternatives, tried in
order at each position, are: shapes written in digits that are not figures (times, dates, phone
numbers, codes such as "G-20" or "MH370", dimensions such as "7.62x39"), consumed and dropped;
vague amounts ("tens of thousands"); multipliers ("tripling"); and runs of number tokens
("1.28 million", "four-thousand-100"). A small parser splits each run into numbers; short
anchored patterns then read the words around each number (bounds, approximation, currency,
percent) and drop the numbers that name or date something (years, ages, ordinals, identifiers,
measurements). Word lists and shapes are data in ``corroborate.lang.en.numbers``; what is in and
out of scope is written down in docs/number-scope.md.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from corroborate.extract.number_patterns import (
    _ACRONYM_BEFORE,
    _AGE_BEFORE,
    _AGE_ENDS,
    _CAPS_AFTER,
    _COMPOUND_AFTER,
    _CURRENCY_AFTER,
    _CURRENCY_BEFORE,
    _DROP_AFTER,
    _END_OF_CLAUSE,
    _IDENTIFIER_BEFORE,
    _IDENTIFIER_ENDS,
    _JOINER,
    _KINDS,
    _LEFT,
    _LINE_START,
    _MAX_DIGITS,
    _MAX_VALUE,
    _NAME_AFTER,
    _NAME_BEFORE,
    _NAME_WORDS_BEFORE,
    _NO_SEPARATORS,
    _ONE_AFTER,
    _ONE_BEFORE,
    _PAIR_JOINER,
    _PERCENT_AFTER,
    _PREFIX_BY_LAST,
    _PREFIX_KINDS,
    _SCAN,
    _SIGN_ENDS,
    _SUFFIX_AFTER,
    _SUFFIX_KINDS,
    _TIMES_AFTER,
    _TOKEN,
    _VAGUE_CURRENCY,
    _W,
    _WORD_AFTER,
    _YEARS,
    _norm,
)
from corroborate.records import Quantity

__all__ = ["find_quantities"]


def _last_word(left: str) -> str:
    """The word that ends ``left`` (trailing spaces ignored), lower case, with a final "." "#"
    or "~" kept: "...services.Precinct " -> "precinct", "No. " -> "no.", "~" -> "~"."""
    tail = left[-24:].rstrip()
    end = len(tail)
    start = end - 1 if end and tail[-1] in ".#~≈" else end
    while start > 0 and tail[start - 1].isalpha():
        start -= 1
    return tail[start:end].lower()


# ------------------------------------------------------------------------------------ parser
@dataclass(slots=True)
class _Tok:
    """One token of a number run (kinds as in ``_KINDS``; "?" for anything unreadable)."""

    kind: str
    value: float
    start: int
    end: int
    abbr: str = ""
    raw: str = ""
    hyphen: bool = False  # joined to the previous token by a hyphen ("four-thousand-100")


def _tokens(run: re.Match[str]) -> list[_Tok]:
    """Tokens of one run of number words and digits, with offsets into the text."""
    said, base, last = run.group(), run.start(), 0
    toks: list[_Tok] = []
    for t in _TOKEN.finditer(said):
        start, end = base + t.start(), base + t.end()
        hyphen, last = "-" in said[last : t.start()], t.end()
        raw = t.group("d")
        if raw is None:
            kind, value = _KINDS.get(t.group("w").lower(), ("?", 0.0))
            toks.append(_Tok(kind, value, start, end, "", t.group("w"), hyphen))
            continue
        digits, abbr = raw.translate(_NO_SEPARATORS), t.group("abbr") or ""
        if len(digits) > _MAX_DIGITS:
            toks.append(_Tok("?", 0.0, start, end))
            continue
        scale = _W.SCALE_ABBREVIATIONS[abbr][0] if abbr else 1.0
        toks.append(_Tok("D", float(digits) * scale, start, end, abbr, raw, hyphen))
    return toks


def _fraction_at(toks: list[_Tok], k: int) -> bool:
    """Does "a half" / "one half" / "three quarters" start at token k?"""
    return (
        k + 1 < len(toks)
        and toks[k + 1].kind == "F"
        and (toks[k].kind == "A" or (toks[k].kind == "U" and 1 <= toks[k].value <= 3))
    )


def _parse_number(toks: list[_Tok], i: int) -> tuple[int, float | None]:
    """Read the longest number starting at token i.

    Returns (end token index, value). An end equal to i means no number starts here; a value of
    None means the tokens up to end form something to drop ("three quarters").
    """
    n = len(toks)

    def kind_at(k: int) -> str:
        return toks[k].kind if k < n else ""

    t = toks[i]
    total = cur = tail = 0.0
    hundreds = pending = False  # pending: a group after a scale must reach a hundred or a scale
    last_scale = math.inf
    k = i
    if t.kind == "D":
        if t.abbr:
            return i + 1, t.value
        cur, prev = t.value, "D"
    elif t.kind in "UTX":
        if t.value == 0:
            return i + 1, 0.0
        cur, prev = t.value, t.kind
    elif t.kind == "A" and kind_at(i + 1) in ("H", "S", "Z"):
        cur, prev = 1.0, "A"
    elif t.kind == "A" and kind_at(i + 1) == "F" and kind_at(i + 2) in ("S", "Z"):
        cur, prev, k = toks[i + 1].value, "F", i + 1  # a half million
    elif t.kind == "F" and kind_at(i + 1 + (kind_at(i + 1) == "A")) in ("S", "Z"):
        cur, prev, k = t.value, "F", i + (kind_at(i + 1) == "A")  # half a million
    elif t.kind == "H" and kind_at(i + 1) == "S":
        cur, prev, hundreds = 100.0, "H", True  # "hundred thousand"
    else:
        return i, None
    best: tuple[int, float | None] = (k + 1, cur) if prev in ("D", "U", "T", "X", "H") else (i, None)
    snap: tuple[int, float | None] | None = None  # where to fall back to if the next group fails
    k += 1
    while k < n:
        t, kind, after_and = toks[k], toks[k].kind, toks[k - 1].kind == "&"
        if kind == "&":
            if prev not in ("H", "S") and not _fraction_at(toks, k + 1):
                break
            snap, k = best, k + 1
            continue
        if after_and and _fraction_at(toks, k):
            frac = (1.0 if t.kind == "A" else t.value) * toks[k + 1].value
            k += 2
            if prev == "S" and not (kind_at(k) == "S" and toks[k].value < last_scale):
                return k, total + frac * last_scale  # "3 million and a half"
            cur = frac if prev == "S" else cur + frac  # "one and a half (million)"
            prev, best = "F", (k, total + cur)
            continue
        if kind in ("U", "T", "X", "D") and t.value > 0 and not t.abbr:
            small = kind != "D" or (t.value < 100 and t.value.is_integer())
            if prev == "X" and kind == "U" and not after_and:
                cur += t.value  # twenty-five
            elif prev == "H" and cur % 100 == 0 and small:
                cur, tail = cur + t.value, t.value  # one hundred and six
            elif prev == "S" and t.value < min(1000.0, last_scale):
                snap, cur, hundreds, pending = best, t.value, False, not (after_and or t.hyphen)
            else:
                break
            prev = kind
        elif kind == "H":
            if prev not in ("U", "T", "X", "D", "A") or hundreds:
                return snap if snap is not None else best
            cur, hundreds, tail, pending, prev = cur * 100, True, 0.0, False, "H"
        elif kind == "S":
            if prev == "S" and not after_and and t.value > last_scale:
                total *= t.value  # "three lakh crore", "thousand million"
            elif prev in ("U", "T", "X", "D", "H", "A", "F") and t.value < last_scale:
                total += cur * t.value
            else:
                return snap if snap is not None else best
            cur, hundreds, pending, snap, last_scale, prev = 0.0, False, False, None, t.value, "S"
        elif kind == "Z" and prev in ("U", "T", "X", "D", "A", "F", "H"):
            cur = cur - tail + tail * 12 if hundreds and tail else cur * 12
            return k + 1, total + cur  # "three dozen", "half a dozen"
        elif kind == "F" and prev in "UTX" and not after_and:
            return k + 1, None  # "three quarters", "one half": a proportion, not a figure
        else:
            break
        k += 1
        if not pending:
            best = (k, total + cur)
    return best


@dataclass(slots=True)
class _Num:
    """A number as parsed, before its context is read."""

    start: int
    end: int
    value: float
    digits: bool  # written in digits only
    plain: bool  # one bare integer in digits: no separator, decimal, scale or abbreviation
    decimal: bool
    scaled: bool  # has a scale word or abbreviation
    abbr: str
    one: bool  # the lone word "one"
    ndigits: int  # digits of a plain number, else 0


def _numbers(run: re.Match[str]) -> list[_Num]:
    """Split a run of number tokens into numbers."""
    toks, nums, i = _tokens(run), [], 0
    while i < len(toks):
        j, value = _parse_number(toks, i)
        if j <= i:
            i += 1
            continue
        part, i = toks[i:j], j
        if value is None or not math.isfinite(value) or value > _MAX_VALUE:
            continue
        digits, raw = all(t.kind == "D" for t in part), part[0].raw
        plain = len(part) == 1 and digits and not part[0].abbr and raw.isdigit()
        nums.append(
            _Num(
                start=part[0].start, end=part[-1].end, value=value, digits=digits, plain=plain,
                decimal=any("." in t.raw for t in part if t.kind == "D"),
                scaled=any(t.kind in ("S", "H") or t.abbr for t in part), abbr=part[-1].abbr,
                one=len(part) == 1 and raw.lower() == "one", ndigits=len(raw) if plain else 0,
            )
        )  # fmt: skip
    return nums


# ----------------------------------------------------------------------------------- context
@dataclass(slots=True)
class _Fig:
    """A number with what the words around it say: bounds, unit, and reasons to drop it."""

    num: _Num
    start: int  # first character of the figure with its currency sign (not its bound words)
    unit_end: int  # end of the number with its unit (percent, currency word)
    end: int  # end with a bound suffix ("+", "or more")
    lead: int  # start of the bound/approximation words, or ``start``
    range_lead: int = -1  # start of the words before, range opener ("between", "from") included
    unit: str | None = None
    bound: str = ""  # upper | lower (from words before or after)
    approx: bool = False
    opener: str = ""  # "between", "from", ... when the words before open a range
    approx_words: tuple[str, ...] = ()
    drop_left: str = ""  # a reason from the words before: identifier, age, label, pronoun
    drop_right: str = ""  # a reason from the words after: ordinal, unit, age, name, compound
    multiplier: bool = False

    @property
    def dropped(self) -> bool:
        return bool(self.drop_left or self.drop_right)


def _drop_reason_before(text: str, num: _Num, left: str, last: str) -> str:
    """Why the words before make this number a name, a date, an age or a label ("" if none)."""
    after = text[num.end : num.end + 2]
    if (
        num.plain
        and (
            (num.ndigits == 2 and left[-1:] in ("'", "’"))  # class of '88
            or "|" in (left[-1:], after[:1])  # a table cell
            or (left[-1:] == "(" and after[:1] == ")")  # "(65)", "(274637)"
            or text[num.start : num.end] in _W.SERVICE_NUMBERS  # a 911 call
        )
    ):
        return "label"
    if num.scaled or num.decimal or not num.value.is_integer():
        return ""
    if last in _IDENTIFIER_ENDS and (
        (num.digits and _IDENTIFIER_BEFORE.search(left)) or _NAME_WORDS_BEFORE.search(left)
    ):
        return "identifier"  # Article 5, Flight 370, Boeing 737, Group of 20
    if num.value < 130 and last in _AGE_ENDS and _AGE_BEFORE.search(left):
        return "age"  # aged 40, died at 91
    if num.plain and num.value <= 120 and left[-2:-1] == "," and _NAME_BEFORE.search(left):
        if _END_OF_CLAUSE.match(text, num.end):
            return "age"  # "Dustin Grey, 21, of Franklin"
    if num.plain and num.ndigits <= 3:
        if after[:1] in (".", ")") and after[1:2] in (" ", "\t") and _LINE_START.search(left):
            return "label"  # "1. Strengthening Military Ties"
        if last.isalpha() and _ACRONYM_BEFORE.search(left) and not _CAPS_AFTER.match(text, num.end):
            return "identifier"  # "NBC 5", "FOX 59" (but not inside an all-caps headline)
    if num.one and (_ONE_BEFORE.search(left) or _ONE_AFTER.match(text, num.end)):
        return "pronoun"  # "no one", "the one that", "one of the", "one day"
    return ""


def _read_before(text: str, fig: _Fig) -> None:
    """Read the words right before the number: currency sign, bounds, and reasons to drop it."""
    num = fig.num
    left = text[max(0, num.start - _LEFT) : num.start]
    offset = num.start - len(left)
    m = _CURRENCY_BEFORE.search(left) if left.rstrip()[-1:].lower() in _SIGN_ENDS else None
    if m:
        fig.unit = _W.CURRENCY_SIGNS[_norm(m.group("c"))]
        fig.start = fig.lead = offset + m.start()
        left = left[: m.start()]
    last = _last_word(left)
    fig.drop_left = "" if fig.unit else _drop_reason_before(text, num, left, last)
    for _ in range(2):  # "up to an estimated 10,000", "between about 20 and 30"
        pattern = _PREFIX_BY_LAST.get(last)
        m = pattern.search(left, max(0, len(left) - 40)) if pattern else None
        if not m:
            break
        phrase, left = _norm(m.group()), left[: m.start()]
        kind, fig.range_lead = _PREFIX_KINDS[phrase], offset + m.start()
        if kind == "range":
            fig.opener = phrase
        elif kind == "approx":
            fig.approx, fig.approx_words, fig.lead = True, (*fig.approx_words, phrase), fig.range_lead
        else:
            fig.bound, fig.lead = kind, fig.range_lead
        last = _last_word(left)
    if fig.opener and num.value < 130 and _AGE_BEFORE.search(left):
        fig.drop_left = "age"  # "ranging in age from 21 to 36"


def _unit_after(text: str, fig: _Fig, end: int) -> int:
    """Read a percent sign or a currency after the number; returns where the unit ends."""
    m = _PERCENT_AFTER.match(text, end)
    if m:
        fig.unit = "percent"
        return m.end()
    m = _CURRENCY_AFTER.match(text, end)
    if not m:
        return end
    if m.group("code"):
        code = m.group("code").upper()
        fig.unit = fig.unit or ("CNY" if code == "RMB" else code)
        return m.end()
    word = _norm(m.group("word"))
    if word in _W.AMBIGUOUS_CURRENCY_WORDS and not fig.num.scaled and not fig.unit:
        fig.drop_right = "unit"  # "500 pounds" of explosives is a weight
        return end
    dollar = _W.DOLLAR_COUNTRIES.get(_norm(m.group("country") or ""), "USD")
    fig.unit = fig.unit or (dollar if word.startswith("dollar") else _W.CURRENCY_WORDS[word])
    return m.end()


def _read_after(text: str, fig: _Fig) -> None:
    """Read the words right after the number: what it measures, its unit, a bound suffix."""
    num = fig.num
    m = _DROP_AFTER.match(text, num.end)
    if m and (num.digits or m.lastgroup not in ("ordinal", "decade", "glued")):
        fig.drop_right = m.lastgroup or "unit"
        return
    if text[num.start] == "." and _WORD_AFTER.match(text, num.end):
        fig.drop_right = "unit"  # ".45 pistol", ".22 rifle": a calibre
        return
    if num.plain and _NAME_AFTER.match(text, num.end):
        fig.drop_right = "name"  # "11 News", "1014 Floral Lane", "the 1500 block of"
        return
    m = _COMPOUND_AFTER.match(text, num.end)
    if m and m.group("word").lower() not in _W.COUNT_COMPOUNDS and m.group("word").lower() not in _KINDS:
        fig.drop_right = "compound"  # "a three-day visit", "one-sided", "a 10-man team"
        return
    end = _unit_after(text, fig, num.end)
    if num.abbr:
        rule = _W.SCALE_ABBREVIATIONS[num.abbr][1]
        money = fig.unit not in (None, "percent")
        if (
            rule == "never"
            or (rule == "money" and not money)
            or (rule == "money_or_decimal" and not (money or num.decimal))
        ):
            fig.drop_right = "unit"  # "5m" is five metres, "10G" a network, "4B" a flat
    if fig.drop_right:
        return
    fig.unit_end = fig.end = end
    m = _TIMES_AFTER.match(text, end)
    if m:
        fig.multiplier, fig.end = True, m.end("t")
        return
    m = _SUFFIX_AFTER.match(text, end)
    if m:
        word = m.group("word") or m.group("dplus") or "plus"
        kind = _SUFFIX_KINDS[_norm(word)]
        fig.approx = fig.approx or kind == "approx"
        fig.bound = fig.bound if kind == "approx" else kind
        fig.end = m.end()


def _read(text: str, num: _Num) -> _Fig:
    fig = _Fig(num=num, start=num.start, unit_end=num.end, end=num.end, lead=num.start)
    _read_before(text, fig)
    _read_after(text, fig)
    return fig


def _year_like(fig: _Fig) -> bool:
    """A bare four-digit integer that reads as a year ("in 1950", "the 2024 election")."""
    num = fig.num
    return num.plain and num.ndigits == 4 and _YEARS[0] <= num.value <= _YEARS[1] and not fig.unit


def _keeps_year(fig: _Fig) -> bool:
    """Words that make a year-like number a count: "more than 2000", "some 1500", "2000+"."""
    if fig.num.value % 100:
        return False  # "at least 2007" is a year; a count that big is written "2,007"
    return bool(fig.bound) or any(w not in _W.APPROX_KEEPING_YEARS for w in fig.approx_words)


# ------------------------------------------------------------------------------------ ranges
def _carry_scale(low: _Fig, high: _Fig) -> float:
    """The low end of "11 to 12,000" or "two to three million" takes the high end's scale."""
    a, b = low.num.value, high.num.value
    if low.num.scaled or b < 1000 or a >= 1000 or not a:
        return a
    scale = 1000.0 ** math.floor(math.log(b, 1000) + 1e-9)
    lead = b / scale
    return a * scale if lead / 10 <= a < lead else a


def _pair(text: str, a: _Fig, b: _Fig) -> str:
    """How figures a and b relate: "range", "drop" (both), or "" (independent)."""
    gap = text[a.unit_end : b.num.start]
    if a.multiplier or b.multiplier or len(gap) > 24 or a.end > a.unit_end:
        return ""
    m = _JOINER.fullmatch(gap)
    if not m:
        return ""
    joiner = (m.group("word") or "").lower()
    if joiner == "and" and a.drop_left == "age" and b.num.value < 130:
        return "drop"  # "between the ages of 12 and 18"
    if joiner == "and" and not a.opener.endswith("between"):
        return ""
    if not joiner and not (text[a.num.start] in "0123456789." and text[b.num.start].isdigit()):
        # dashes join ranges written in digits; "three-nought-four" is three numbers
        return "drop" if gap == "-" and a.num.digits and not b.num.digits else ""  # 7-Eleven
    if a.drop_left or b.drop_right:
        return "drop"  # "ages 18 to 25", "10-15 mm"
    if a.dropped or b.dropped or (a.unit and b.unit and a.unit != b.unit):
        return ""
    if _year_like(a) and (_year_like(b) or (b.num.plain and b.num.ndigits == 2)):
        return "drop"  # 2010-2015, from 2010 to 2015, 2010-15
    if _carry_scale(a, b) < b.num.value:
        return "range"
    if not joiner and gap.strip() == "-" and a.num.digits and b.num.digits:
        return "drop"  # a score "3-2", a code "1995-01"
    return ""


def _quantity(text: str, start: int, end: int, bounds: tuple[float | None, float | None],
              fig: _Fig, approx: bool) -> Quantity:  # fmt: skip
    return Quantity(
        start=start, end=end, text=text[start:end], value_low=bounds[0], value_high=bounds[1],
        approx=approx, unit=fig.unit, multiplier=fig.multiplier,
    )  # fmt: skip


def _bounded(low: float, high: float, fig: _Fig) -> tuple[float | None, float | None]:
    if fig.bound == "upper" and not fig.multiplier:
        return None, high
    if fig.bound == "lower" and not fig.multiplier:
        return low, None
    return low, high


def _figures(text: str, nums: list[_Num]) -> list[Quantity]:
    """Quantities from parsed numbers: read each one's context, then join ranges."""
    figs = [_read(text, n) for n in nums]
    out: list[Quantity] = []
    i = 0
    while i < len(figs):
        a = figs[i]
        if i and figs[i - 1].drop_left == "age" and a.num.plain and a.num.value < 130:
            gap = text[figs[i - 1].num.end : a.num.start]
            if gap.strip() and _PAIR_JOINER.fullmatch(gap):
                a.drop_left = "age"  # "ages 18, 19 and 21"
        relation = _pair(text, a, figs[i + 1]) if i + 1 < len(figs) else ""
        if relation == "range":
            b = figs[i + 1]
            a.unit = a.unit or b.unit
            start = a.range_lead if a.range_lead >= 0 else a.lead
            bounds = _bounded(_carry_scale(a, b), b.num.value, a)
            out.append(_quantity(text, start, b.end, bounds, a, a.approx or b.approx))
        elif not relation and not a.dropped and not (_year_like(a) and not _keeps_year(a)):
            # six digits and more with no comma: a code (164135), not a count
            if a.num.ndigits < 6 or a.bound or a.approx or a.unit:
                start = a.lead if (a.bound or a.approx) else a.start
                bounds = _bounded(a.num.value, a.num.value, a)
                out.append(_quantity(text, start, a.end, bounds, a, a.approx))
        i += 2 if relation else 1
    return out


def _join_comparisons(text: str, qs: list[Quantity]) -> list[Quantity]:
    """Join "more than 10 and less than 40" (or "at most 100 and at least 20") into one range."""
    out: list[Quantity] = []
    for q in qs:
        p = out[-1] if out else None
        if (
            p is not None
            and not (p.vague or q.vague or p.multiplier or q.multiplier)
            and p.unit == q.unit
            and (p.value_low is None) != (p.value_high is None)
            and (q.value_low is None) != (q.value_high is None)
            and (p.value_low is None) != (q.value_low is None)
            and text[p.end : q.start].strip()
            and _PAIR_JOINER.fullmatch(text[p.end : q.start])
        ):
            low = p.value_low if p.value_low is not None else q.value_low
            high = p.value_high if p.value_high is not None else q.value_high
            if low is not None and high is not None and low < high:
                out[-1] = Quantity(
                    start=p.start, end=q.end, text=text[p.start : q.end], value_low=low,
                    value_high=high, approx=p.approx or q.approx, unit=p.unit,
                )  # fmt: skip
                continue
        out.append(q)
    return out


# ------------------------------------------------------------------ vague amounts, multipliers
def _vague(text: str, m: re.Match[str]) -> Quantity:
    said = m.group().lower().split()
    if said[-1] in _W.VAGUE_PLURALS:
        value = float(_W.VAGUE_PLURALS[said[-1]])
        if len(said) > 1 and said[0] in _W.VAGUE_MULTIPLES:
            value *= _W.VAGUE_MULTIPLES[said[0]]  # tens of thousands
    else:  # several thousand, a few hundred
        value = math.prod(_KINDS[w][1] for w in said if _KINDS.get(w, ("",))[0] in ("H", "S", "Z"))
    cur = _VAGUE_CURRENCY.match(text, m.end())  # "millions of dollars"
    unit = _W.CURRENCY_WORDS[_norm(cur.group("word"))] if cur else None
    return Quantity(
        start=m.start(), end=m.end(), text=m.group(), value_low=value, value_high=None,
        approx=True, vague=True, unit=unit,
    )  # fmt: skip


def _multiplier(m: re.Match[str]) -> Quantity | None:
    said = m.group().lower()
    value = _W.MULTIPLIER_WORDS.get(said) or _W.MULTIPLIER_BARE.get(said)
    if value is None:  # "threefold", "3-fold", "twenty-fold"
        head = said[: -len("fold")].rstrip("-")
        value = _KINDS[head][1] if head in _KINDS else float(head) if head[:1].isdigit() else 0
    if not value:
        return None
    return Quantity(
        start=m.start(), end=m.end(), text=m.group(), value_low=float(value),
        value_high=float(value), multiplier=True,
    )  # fmt: skip


# -------------------------------------------------------------------------------------- api
def find_quantities(text: str) -> list[Quantity]:
    """Every figure stated in ``text``, in order, with the bounds its wording implies.

    Spans are character offsets into ``text`` and cover the whole figure with its bound and
    approximation words ("up to 15,000", "around 1.28 million", "10,000+"). Years, dates, times,
    ages, ordinals, identifiers and measurements are not figures and are left out. Pure and
    deterministic; any string is accepted; spans are sorted and never overlap.
    """
    if not isinstance(text, str) or not text:
        return []
    found: list[Quantity] = []
    nums: list[_Num] = []
    for m in _SCAN.finditer(text):
        kind = m.lastgroup
        if kind in ("atom", "atom2"):
            nums.extend(_numbers(m))
        elif kind == "vague":
            found.append(_vague(text, m))
        elif kind in ("mult", "mult2"):
            q = _multiplier(m)
            if q is not None:
                found.append(q)
    found.extend(_figures(text, nums))
    kept: list[Quantity] = []
    for q in sorted(found, key=lambda q: (q.start, q.start - q.end)):
        if q.end > q.start and (not kept or q.start >= kept[-1].end):
            kept.append(q)
    return _join_comparisons(text, kept)

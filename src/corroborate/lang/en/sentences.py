"""English abbreviations that end in a full stop without ending a sentence.

Compiled for corroborate from AP-style abbreviations common in news copy (titles, months,
states, corporate suffixes, "No.", "vs."); lower case, without the final dot.
"""

from __future__ import annotations

ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col maj capt sgt cpl pvt adm cmdr gov sen rep rev st sr jr
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    no nos vs v etc inc corp co ltd llc dept univ approx est fig ft mt
    ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo
    mont neb nev okla ore pa tenn tex va vt wash wis wyo
    u.s u.k u.n e.u a.m p.m d.c
    """.split()
)

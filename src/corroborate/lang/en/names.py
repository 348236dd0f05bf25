"""Words that introduce a person's name in English news copy without being part of it.

Compiled for corroborate's story clustering (``provenance/stories.py``), which resolves a bare
surname ("Obama") to the full name the same article gave earlier ("Michelle Obama"): a title in
front of a name ("President Obama", "First Lady Michelle Obama", "Prime Minister Tsipras") would
otherwise make a different name phrase of every title. Written out from general knowledge of
English forms of address and office titles (courtesy titles, heads of state and government,
legislators, officials, military and police ranks, clergy, nobility); not taken from a published
list. Lower case; the courtesy titles "mr", "mrs", "ms", "dr" are stop words already
(``lang/en/stopwords.py``) and end a name phrase by themselves.
"""

from __future__ import annotations

__all__ = ["TITLE_WORDS"]

TITLE_WORDS = frozenset(
    """
    miss madam madame sir dame lord lady prof professor
    president vice prime minister chancellor premier secretary governor gov mayor
    senator sen representative rep congressman congresswoman speaker ambassador
    judge justice attorney general commissioner chairman chairwoman chair ceo
    king queen prince princess duke duchess emperor empress sheikh
    pope cardinal archbishop bishop reverend rev father rabbi imam
    officer sergeant sgt detective det lieutenant lt captain capt major colonel col commander
    chief sheriff deputy corporal private admiral
    coach manager
    """.split()
)

"""English words that say nothing about which story an article belongs to.

Compiled for corroborate's story clustering (``provenance/stories.py``): English function words
(articles, pronouns, auxiliaries, prepositions, conjunctions, common adverbs and determiners),
written out from a grammar of English rather than taken from a published list; then reporting
verbs and web-page furniture words seen in the gun-violence news set under ../shared/eval
(``said``, ``told``, ``click``, ``share``...), which appear in every story and would otherwise
pull unrelated articles together before document frequencies have built up. Lower case.
"""

from __future__ import annotations

__all__ = ["CALENDAR_WORDS", "STOPWORDS"]

STOPWORDS = frozenset(
    """
    a an the this that these those such
    i me my mine myself we us our ours ourselves you your yours yourself yourselves
    he him his himself she her hers herself it its itself they them their theirs themselves
    who whom whose which what whatever whoever whichever
    am is are was were be been being do does did doing done have has had having
    will would shall should can could may might must ought
    not no nor none neither either both each every all any some few many much more most
    other others another own same so than too very just only also even still yet already
    about above across after against along amid among around as at before behind below
    beneath beside besides between beyond by down during except for from in inside into
    like near of off on onto out outside over past per since through throughout till to
    toward towards under underneath until up upon via with within without
    and but or if then else because while whereas although though unless whether
    when where why how there here now then once again ever never always often sometimes
    however therefore thus hence meanwhile otherwise instead rather quite almost
    get gets got getting go goes went gone going make makes made making
    say says said saying tell tells told telling according
    one ones thing things way ways lot lots something anything nothing everything
    someone anyone everyone somebody anybody nobody everybody
    new old first last next many several really well back
    s t don didn doesn isn wasn aren weren won wouldn couldn shouldn ll ve re d m
    mr mrs ms dr
    click share email print comment comments subscribe subscriber newsletter login
    sign read story stories video photo photos image images copyright rights reserved
    advertisement sponsored updated update follow facebook twitter
    """.split()
)

#: Names of days and months: capitalised, yet no clue to which story an article tells.
CALENDAR_WORDS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    today yesterday tomorrow tonight morning afternoon evening night week weekend month year
    """.split()
)

"""English patterns for who a figure is attributed to.

Compiled for corroborate from attribution conventions of English news writing ("according to
X", "X said", "X told <outlet>", "X's intelligence"), following the verbs of saying listed in
journalism style guides; lower case, matched on whole words.
"""

from __future__ import annotations

#: Verbs of saying/assessing whose subject is the source ("the ministry said", "analysts estimate").
REPORTING_VERBS = frozenset(
    """
    said say says saying stated states state told tell tells telling reported report reports
    reporting claimed claims claim claiming estimated estimates estimate estimating assessed
    assesses believe believes believed announced announces announcing confirmed confirms
    confirming indicated indicates indicate indicating suggested suggests suggest suggesting
    revealed reveals added adds noted notes wrote writes warned warns alleged alleges alleging
    predicted predicts predict predicting anticipates anticipated anticipate expects expected
    expect insisted insists argued argues explained
    explains acknowledged acknowledges admitted admits disclosed discloses tweeted posted
    put puts calculated calculates counted counts cited cites quoted according
    denied denies dismissed dismisses rejected rejects disputed disputes
    """.split()
)

#: Nouns that make a subject a generic report rather than a named source.
GENERIC_REPORT_WORDS = frozenset("reports report media accounts rumours rumors".split())

#: Words that cannot start a source noun phrase (pronouns, conjunctions, figures' own words).
NOT_SOURCE_START = frozenset(
    """
    it this that these those which who what there here and but or so if when while as
    he she they we i you his her their its our
    """.split()
)

#: Titles/roles that belong to a person's name when they precede it.
ROLE_WORDS = frozenset(
    """
    president minister ambassador spokesperson spokesman spokeswoman chief general commander
    official officials director secretary chancellor prime premier governor mayor sheriff
    lieutenant colonel major captain sergeant analyst analysts expert experts researcher
    senator representative lawmaker envoy adviser advisor head leader deputy
    """.split()
)

#: Common nouns that name a source on their own, lower case ("..., officials said").
SOURCE_NOUNS = frozenset(
    """
    officials official police authorities analysts analyst experts expert sources source witnesses
    witness residents investigators prosecutors diplomats observers monitors researchers
    commanders spokesman spokeswoman spokesperson reports media intelligence officers
    """.split()
)

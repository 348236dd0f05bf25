"""English cues for how a text commits to a figure: reported, estimated, expected, possible,
denied or hypothetical.

Compiled for corroborate from hedging and reporting vocabulary in English news style guides
(modal verbs, epistemic adverbs, forecasting verbs, denial verbs). Each list is whole words or
phrases, lower case; the extractor looks for them in the clause that holds the figure.
"""

from __future__ import annotations

#: The figure sits in a condition or counterfactual.
HYPOTHETICAL_OPENERS = (
    "if ",
    "even if ",
    "suppose ",
    "supposing ",
    "were ",
    "should ",
    "in case ",
    "assuming ",
    "imagine ",
    "what if ",
    "in the event ",
)
HYPOTHETICAL_WORDS = ("would", "would be", "would have", "wouldn't", "hypothetical", "hypothetically")

#: The text reports that someone rejects the figure.
DENIAL_WORDS = (
    "denied",
    "denies",
    "deny",
    "denying",
    "dismissed",
    "dismisses",
    "rejected",
    "rejects",
    "refuted",
    "refutes",
    "fabricated",
    "fake",
    "false",
    "baseless",
    "unfounded",
    "untrue",
    "no truth",
    "not true",
    "disinformation",
    "rumours",
    "rumors",
    "propaganda",
    "debunked",
)

#: A future or planned figure ("is expected to send", "plans to deploy", "will arrive").
EXPECTED_WORDS = (
    "expected",
    "expects",
    "expect",
    "expecting",
    "anticipates",
    "anticipated",
    "anticipate",
    "predicting",
    "predicts",
    "predicted",
    "predict",
    "forecast",
    "forecasts",
    "plans to",
    "planning to",
    "planned",
    "plan to",
    "intends",
    "intend",
    "intended",
    "poised to",
    "set to",
    "will",
    "is to",
    "are to",
    "preparing to",
    "prepares to",
    "prepare to",
    "ready to",
    "due to",
    "scheduled",
    "on track to",
    "going to",
    "about to",
    "to dispatch",
    "to deploy",
    "to send",
    "upcoming",
    "pledged",
    "promised",
    "vowed",
)

#: A figure presented as possible rather than certain.
POSSIBLE_WORDS = (
    "may",
    "might",
    "could",
    "can",
    "possibly",
    "possible",
    "potentially",
    "potential",
    "prospect",
    "perhaps",
    "likely",
    "unlikely",
    "probable",
    "probably",
    "reportedly considering",
    "considering",
    "mulling",
    "weighing",
    "risk",
    "chance",
    "feasibility",
    "possibility",
)

#: A figure presented as someone's estimate.
ESTIMATED_WORDS = (
    "estimated",
    "estimates",
    "estimate",
    "estimating",
    "assessed",
    "assesses",
    "assessment",
    "believed",
    "believes",
    "thought to",
    "calculated",
    "calculates",
    "projected",
    "put the number",
    "puts the number",
    "put the figure",
    "puts the figure",
    "according to estimates",
    "approximated",
)

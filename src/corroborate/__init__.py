"""corroborate: from a pile of news articles to a sourced ledger of quantitative claims."""

from corroborate.config import Config
from corroborate.records import Claim, Document, Quantity, Rejection, Removal, Sentence

__all__ = ["Claim", "Config", "Document", "Quantity", "Rejection", "Removal", "Sentence"]
__version__ = "0.1.0"

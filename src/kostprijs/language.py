"""The one language of a run: Dutch (default) or English (``--lang en``), set once (cli/options.py).

At the root so that every layer that turns something into a text a person reads (analysis/labels.py,
presentation/i18n.py) reads the same choice without depending on a layer above it.
"""

from __future__ import annotations

LANGUAGES = ("nl", "en")
_state = {"lang": "nl"}


def set_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _state["lang"] = lang


def language() -> str:
    return _state["lang"]


def pick(nl, en):
    """``nl`` or ``en`` by the run's language."""
    return nl if _state["lang"] == "nl" else en

"""Normalising names and identifiers so search ignores case, accents and punctuation."""

from __future__ import annotations

import re
from collections.abc import Iterable

from unidecode import unidecode

_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def normalise_token(token: str) -> str:
    return _NOT_ALPHANUMERIC.sub("", unidecode(token).lower())


def normalise_words(text: str) -> list[str]:
    return [t for t in (normalise_token(word) for word in text.split()) if t]


def _name_words(name: str) -> list[str]:
    """Each word of a name, and the parts of a hyphenated or apostrophed one as well, so
    "Smith-Jones" is found by "Smith-Jones", "Jones" and "Smith Jones"."""
    words: list[str] = []
    for raw in name.split():
        joined = normalise_token(raw)
        if not joined:
            continue
        words.append(joined)
        parts = [part for part in _NOT_ALPHANUMERIC.split(unidecode(raw).lower()) if part]
        if len(parts) > 1:
            words.extend(parts)
    return words


def search_text_for(names: Iterable[str], identifiers: Iterable[str]) -> str:
    words: list[str] = []
    for name in names:
        words.extend(_name_words(name))
    words.extend(t for t in (normalise_token(i) for i in identifiers) if t)
    return " " + " ".join(words) + " "

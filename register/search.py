"""Normalising names and identifiers so search ignores case, accents and punctuation."""

from __future__ import annotations

import re
from collections.abc import Iterable

from unidecode import unidecode

_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]")


def normalise_token(token: str) -> str:
    return _NOT_ALPHANUMERIC.sub("", unidecode(token).lower())


def normalise_words(text: str) -> list[str]:
    return [t for t in (normalise_token(word) for word in text.split()) if t]


def search_text_for(names: Iterable[str], identifiers: Iterable[str]) -> str:
    words: list[str] = []
    for name in names:
        words.extend(normalise_words(name))
    words.extend(t for t in (normalise_token(i) for i in identifiers) if t)
    return " " + " ".join(words) + " "

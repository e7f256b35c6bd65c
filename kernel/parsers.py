"""The API's JSON parser: DRF's, refusing what the database cannot store (kernel/input_checks.py)
with a 400 in the error shape that names the field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError

from .input_checks import MAX_JSON_DEPTH, json_problem


class JSONParser(parsers.JSONParser):
    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(f"JSON parse error - nested more than {MAX_JSON_DEPTH} deep") from error
        problem = json_problem(data)
        if problem is not None:
            field, message = problem
            raise ValidationError({field: [message]})
        return data

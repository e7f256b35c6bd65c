"""The one error type raised for bad input to any rule."""

from __future__ import annotations


class RuleInputError(ValueError):
    """Raised when a rule is asked a question it cannot answer from the input.

    ``field`` names the argument at fault so that forms and API serializers can
    attach the message to the right input; ``message`` names the rule broken,
    for example "date_of_birth must be on or before relevant_date".
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

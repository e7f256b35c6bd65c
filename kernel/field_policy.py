"""Every integer field of a form or serializer is bounded.

A field declared without bounds (`forms.IntegerField()`, `serializers.IntegerField()`)
would pass 6469693229 on to a column that holds at most 2147483647, and the database's
refusal would be a 500. Installed once at start-up (kernel/apps.py), this gives each such
field the bounds of a PostgreSQL integer column, so the value is refused with the field's
own error (a GOV.UK error summary on a page, the error shape in the API). A field with
bounds of its own keeps them; a model's bigint fields get theirs from the model already.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django import forms
from rest_framework import fields

INTEGER_MIN, INTEGER_MAX = -(2**31), 2**31 - 1

_installed: list[bool] = []


def _with_column_bounds(init: Callable[..., None], skip: tuple[type, ...] = ()) -> Callable[..., None]:
    @functools.wraps(init)
    def bounded_init(self: Any, *args: Any, **kwargs: Any) -> None:
        if not isinstance(self, skip):
            if kwargs.get("max_value") is None:
                kwargs["max_value"] = INTEGER_MAX
            if kwargs.get("min_value") is None:
                kwargs["min_value"] = INTEGER_MIN
        init(self, *args, **kwargs)

    return bounded_init


def install() -> None:
    if _installed:
        return
    # Django's FloatField and DecimalField are IntegerFields too; their columns differ.
    forms.IntegerField.__init__ = _with_column_bounds(  # type: ignore[method-assign]
        forms.IntegerField.__init__, skip=(forms.FloatField, forms.DecimalField)
    )
    fields.IntegerField.__init__ = _with_column_bounds(fields.IntegerField.__init__)  # type: ignore[method-assign]
    _installed.append(True)

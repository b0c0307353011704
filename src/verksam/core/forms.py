"""Shared form fields (formulärfält) for Swedish input.

``SwedishDecimalField`` reads numbers written the Swedish way through the one parser of the
rule (``verksam.core.swedish_numbers.parse_swedish_number``, DESIGN.md "Swedish numbers in")
and shows stored values back the same way ("1 234,5" with U+00A0).
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import DecimalValidator

from verksam.core.swedish_numbers import (
    SwedishNumberError, check_storable, format_swedish_number, parse_swedish_number,
)


class SwedishDecimalField(forms.Field):
    """A number field for Swedish input: decimal comma, thousands grouped by space, U+00A0 or
    U+202F, minus ``-`` or U+2212.

    ``clean`` returns a ``Decimal`` (or None when empty and not required). Ambiguous input such as
    "1,234.5" or "1.234" is refused with the parser's Swedish message at the field.
    ``max_digits``/``decimal_places`` match the model's ``DecimalField`` so nothing is rounded
    silently on save. The input is a text box (``inputmode="decimal"``) because a browser's
    number input would reject a decimal comma.
    """

    widget = forms.TextInput

    def __init__(self, *, max_digits: int | None = None, decimal_places: int | None = None, **kwargs):
        self.max_digits, self.decimal_places = max_digits, decimal_places
        super().__init__(**kwargs)
        if max_digits is not None or decimal_places is not None:
            self.validators.append(DecimalValidator(max_digits, decimal_places))

    def widget_attrs(self, widget):
        """Ask phones for a numeric keyboard that still has a comma."""
        attrs = super().widget_attrs(widget)
        attrs.setdefault("inputmode", "decimal")
        attrs.setdefault("autocomplete", "off")
        return attrs

    def to_python(self, value) -> Decimal | None:
        """Text → Decimal; ``ValidationError`` with the parser's Swedish message when unreadable."""
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return Decimal(value)
        try:
            number = parse_swedish_number(str(value))
            check_storable(number)
            return number
        except SwedishNumberError as err:
            raise forms.ValidationError(str(err), code="invalid") from err

    def prepare_value(self, value):
        """Show a stored Decimal as Swedish text ("4,5"); leave typed text untouched."""
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return format_swedish_number(value)
        return value

    def has_changed(self, initial, data) -> bool:
        """Compare as numbers, so "4,50" against a stored 4.5 is no change."""
        try:
            return self.to_python(data) != self.to_python(initial)
        except forms.ValidationError:
            return True

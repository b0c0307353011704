"""Template helpers of the assessment and roll-up pages: verdicts as traffic lights with text.

``{{ value|goal_verdict }}`` and ``{{ value|indicator_verdict }}`` render a verdict value
("helt", "delvis", "ej", "not_measured", …) as ``<span class="verdict verdict-helt">`` with a
shape (●, ◐, ○, –) hidden from screen readers and the Swedish label — colour is never the only
carrier: the words are always there. ``{{ done|activity_done }}`` does the same for an
activity (True genomförd, False ej genomförd, None ej redovisad).
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from verksam.followup.rules import GoalVerdict, Verdict

register = template.Library()

SHAPES = {"helt": "●", "delvis": "◐", "ej": "○"}
ACTIVITY = {True: ("helt", _("genomförd")), False: ("ej", _("ej genomförd")), None: ("none", _("ej redovisad"))}


def _badge(css: str, label) -> str:
    shape = SHAPES.get(css, "–")
    return format_html('<span class="verdict verdict-{}"><span aria-hidden="true">{}</span> {}</span>',
                       css, shape, label)


@register.filter
def goal_verdict(value):
    """A goal verdict value as a badge ("uppfyllt helt" …); "" or None → "ej bedömd"."""
    value = getattr(value, "value", value) or GoalVerdict.NOT_ASSESSED.value
    label = GoalVerdict(value).label if value in GoalVerdict.values else value
    return _badge(value if value in SHAPES else "none", label)


@register.filter
def indicator_verdict(value):
    """An indicator verdict value as a badge ("Årsmålet uppnås helt" …, "Ej mätt")."""
    value = getattr(value, "value", value) or Verdict.NOT_MEASURED.value
    label = Verdict(value).label if value in Verdict.values else value
    return _badge(value if value in SHAPES else "none", label)


@register.filter
def activity_done(value):
    """An activity's state in the proposal as a badge: genomförd / ej genomförd / ej redovisad."""
    css, label = ACTIVITY.get(value, ACTIVITY[None])
    return _badge(css, label)


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` or None — for the page's lookups by id."""
    return mapping.get(key) if hasattr(mapping, "get") else None

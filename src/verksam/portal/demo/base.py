"""Shared mechanics of the demo steps: the loading context and idempotent upserts.

Every demo step looks its objects up by a natural key (a municipality by its code, a unit by
its name, a goal by plan, level and code …), creates what is missing and updates what differs.
Saves go through ``verksam.core.audit.save_audited`` or ``verksam.planning.actions``, so a
second run that finds everything in place changes nothing and writes no history rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import models

from verksam.core.audit import save_audited


@dataclass
class DemoContext:
    """What the steps share while the demo loads.

    ``acting_user`` is the user every change is recorded under (the demo ``admin``, or an
    existing superuser when demo users are not created); ``write`` prints one line (str → None);
    ``municipality`` is set by the organisation step;
    ``units``, ``parties``, ``persons``, ``plans`` and ``goals`` are filled by the steps, keyed by
    the short keys used in the data modules ("ks", "M", "Karin Wanngård", "ks_2024", "1.1"…).
    ``counts`` counts "created" and "changed" objects for the summary.
    """

    acting_user: object
    write: object = print
    municipality: object = None
    units: dict = field(default_factory=dict)
    parties: dict = field(default_factory=dict)
    persons: dict = field(default_factory=dict)
    plans: dict = field(default_factory=dict)
    goals: dict = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)


def upsert(ctx: DemoContext, model: type[models.Model], lookup: dict, values: dict,
           reason: str = "Demodata") -> models.Model:
    """Find the ``model`` row matching ``lookup`` (field → value); create it with ``values`` when
    missing, otherwise set ``values`` and save only when something differs. Returns the object.

    History rows name ``ctx.acting_user``; raises whatever the model's ``save`` raises (e.g.
    ``PlanLockedError`` for content of a decided plan).
    """
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        save_audited(instance, acting_user=ctx.acting_user, reason=reason, created=True)
        ctx.counts["created"] += 1
        return instance
    for name, value in values.items():
        setattr(instance, name, value)
    if save_audited(instance, acting_user=ctx.acting_user, reason=reason):
        ctx.counts["changed"] += 1
    return instance

"""Organisation (organisation): the municipality, its unit tree, parties, persons, memberships.

Glossary: kommun/region → Municipality; kommunfullmäktige, kommunstyrelse, nämnd, styrelse,
bolag, förvaltning, avdelning, enhet → Unit (kind); parti → Party; förtroendevald → Person;
ledamot, ersättare, ordförande, borgarråd → Membership (role).
"""

from __future__ import annotations

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from verksam.core.models import VersionedModel


class Municipality(VersionedModel):
    """The kommun or region this install serves; ``code`` is the SCB/Kolada id ("0180")."""

    name = models.CharField(_("namn"), max_length=200)
    code = models.CharField(_("kommunkod"), max_length=4, unique=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    """Kinds of unit, political bodies first, then the administration."""

    COUNCIL = "council", _("Kommunfullmäktige")
    EXECUTIVE_BOARD = "executive_board", _("Kommunstyrelse")
    BOARD = "board", _("Nämnd")
    COMPANY_BOARD = "company_board", _("Styrelse")
    COMPANY = "company", _("Bolag")
    PREPARATORY_BODY = "preparatory_body", _("Beredning")
    ADMINISTRATION = "administration", _("Förvaltning")
    DEPARTMENT = "department", _("Avdelning")
    SECTION = "section", _("Enhet")


class Unit(VersionedModel):
    """A node in the organisation tree of any depth.

    ``path`` is a materialised path of primary keys ("1/4/9/") maintained on save; it makes
    subtree queries (permissions, roll-ups) one indexed ``startswith`` filter.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="units", verbose_name=_("kommun")
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("överordnad enhet"),
    )
    kind = models.CharField(_("typ"), max_length=30, choices=UnitKind.choices)
    name = models.CharField(_("namn"), max_length=200)
    short_name = models.CharField(_("förkortning"), max_length=30, blank=True)
    registry_prefix = models.CharField(
        _("diarieprefix"), max_length=20, blank=True, help_text=_("T.ex. KS i ”KS 2023/1237”.")
    )
    kolada_ou_id = models.CharField(_("Kolada-enhets-id"), max_length=40, blank=True)
    sort_order = models.PositiveIntegerField(_("ordning"), default=0)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    is_example = models.BooleanField(_("exempeldata"), default=False)
    history = HistoricalRecords(excluded_fields=["path"])

    class Meta:
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        """0 for a root unit, 1 for its children, and so on."""
        return max(self.path.count("/") - 1, 0)

    def save(self, *args, **kwargs):
        """Save and keep ``path`` equal to the parent's path plus this unit's primary key."""
        with transaction.atomic():
            super().save(*args, **kwargs)
            expected = f"{self.parent.path if self.parent_id else ''}{self.pk}/"
            if self.path != expected:
                self.path = expected
                Unit.objects.filter(pk=self.pk).update(path=expected)

    def ancestors(self):
        """Units above this one, root first (one query)."""
        ids = [int(p) for p in self.path.strip("/").split("/")[:-1] if p]
        return Unit.objects.filter(pk__in=ids).order_by("path")

    def descendants(self, include_self: bool = False):
        """Units beneath this one (one query)."""
        qs = Unit.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)


class Party(VersionedModel):
    """A political party (parti) represented in the council; ``abbreviation`` as in memos ("M")."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="parties")
    name = models.CharField(_("namn"), max_length=120)
    abbreviation = models.CharField(_("förkortning"), max_length=10)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("parti")
        verbose_name_plural = _("partier")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "abbreviation"], name="unique_party_abbr")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.abbreviation})"


class Person(VersionedModel):
    """A person: förtroendevald (elected) or tjänsteperson (official)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="persons")
    name = models.CharField(_("namn"), max_length=200)
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="persons",
        verbose_name=_("parti"),
    )
    is_example = models.BooleanField(_("exempeldata"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.party.abbreviation})" if self.party_id else self.name


class MembershipRole(models.TextChoices):
    """Roles in a body: ledamot, ersättare, ordförande, vice ordförande, borgarråd."""

    MEMBER = "member", _("Ledamot")
    SUBSTITUTE = "substitute", _("Ersättare")
    CHAIR = "chair", _("Ordförande")
    VICE_CHAIR = "vice_chair", _("Vice ordförande")
    MAYOR = "mayor", _("Borgarråd")


class Membership(VersionedModel):
    """A person's role in a unit (a political body) between two dates (inclusive)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("roll"), max_length=20, choices=MembershipRole.choices)
    title = models.CharField(_("titel"), max_length=120, blank=True, help_text=_("T.ex. finansborgarråd."))
    start = models.DateField(_("från"), null=True, blank=True)
    end = models.DateField(_("till"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uppdrag i organ")
        verbose_name_plural = _("uppdrag i organ")
        ordering = ["unit__path", "role", "person__name"]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} – {self.unit}"

"""Planning (planering): plans, goals, activities, assignments, indicators and annual targets.

Glossary: verksamhetsplan (VP), budget → Plan (kind, year, status); inriktningsmål,
verksamhetsområdesmål, nämndmål, enhetsmål → Goal (level); aktivitet → Activity; uppdrag →
Assignment; indikator → Indicator; årsmål → Target.

A decided plan (beslutad) is immutable: ``PlanContent.save`` refuses any change to it or its
content with ``PlanLockedError``. The only exception is an årsmål revised by a later decision
(avstämning av mål och budget, tertialrapport 2), made through
``verksam.planning.actions.revise_target`` which records the deciding decision.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from verksam.core.errors import PlanLockedError
from verksam.core.models import VersionedModel


class PlanKind(models.TextChoices):
    """Kinds of plan: the council's budget and a unit's operational plan."""

    COUNCIL_BUDGET = "council_budget", _("KF-budget")
    OPERATIONAL_PLAN = "operational_plan", _("Verksamhetsplan")


class PlanStatus(models.TextChoices):
    """utkast → inskickad → beslutad."""

    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Inskickad")
    DECIDED = "decided", _("Beslutad")


class Plan(VersionedModel):
    """A unit's plan for one year; ``reference`` is its diarienummer ("KS 2023/1237").

    When decided, ``decided_on`` (date), ``decided_by`` (the body), ``decision_reference``
    and ``decision_point`` record the decision that adopted it.
    """

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="plans",
                             verbose_name=_("enhet"))
    year = models.PositiveIntegerField(_("år"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    kind = models.CharField(_("typ"), max_length=30, choices=PlanKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT)
    reference = models.CharField(_("diarienummer"), max_length=60, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    decided_by = models.ForeignKey("organisation.Unit", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="decided_plans", verbose_name=_("beslutande organ"))
    decision_reference = models.CharField(_("beslutets diarienummer"), max_length=60, blank=True)
    decision_point = models.CharField(_("beslutspunkt"), max_length=20, blank=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("planer")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "kind"], name="unique_plan_per_unit_year_kind")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_decided(self) -> bool:
        """True once the plan is beslutad (read-only)."""
        return self.status == PlanStatus.DECIDED

    def save(self, *args, **kwargs):
        """Refuse changes to a plan that is already decided in the database."""
        if self.pk and not getattr(self, "_allow_decided_change", False):
            stored = Plan.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == PlanStatus.DECIDED:
                raise PlanLockedError()
        super().save(*args, **kwargs)


class PlanContent(VersionedModel):
    """Base for records inside a plan (each subclass has a ``plan`` foreign key); refuses writes
    when the plan is decided."""

    class Meta:
        abstract = True

    def _plan_for_lock(self) -> Plan:
        return Plan.objects.only("status").get(pk=self.plan_id)

    def save(self, *args, **kwargs):
        """Save unless the plan is decided (``PlanLockedError``)."""
        if not getattr(self, "_allow_decided_change", False) and self._plan_for_lock().is_decided:
            raise PlanLockedError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        """Delete unless the plan is decided (``PlanLockedError``)."""
        if self._plan_for_lock().is_decided:
            raise PlanLockedError()
        return super().delete(*args, **kwargs)


class PlanAttachment(PlanContent):
    """A numbered attachment (bilaga) of a plan, e.g. 5 "Väsentlighets- och riskanalys …"."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="attachments")
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("titel"), max_length=300)
    reference = models.CharField(_("diarienummer"), max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="unique_attachment_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class GoalLevel(models.TextChoices):
    """Goal levels, top down (Stockholm's integrerade ledningssystem)."""

    DIRECTION = "direction", _("Inriktningsmål")
    AREA = "area", _("Verksamhetsområdesmål")
    BOARD = "board", _("Nämndmål")
    UNIT = "unit", _("Enhetsmål")


GOAL_LEVEL_ORDER = [GoalLevel.DIRECTION, GoalLevel.AREA, GoalLevel.BOARD, GoalLevel.UNIT]


class Goal(PlanContent):
    """A goal. ``code`` reads "inriktningsmål.verksamhetsområdesmål" ("3.5"); ``parent`` may lie in
    another plan (a nämndmål in a board's VP serves a KF-mål in the KF budget)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children", verbose_name=_("överordnat mål"))
    level = models.CharField(_("nivå"), max_length=20, choices=GoalLevel.choices)
    code = models.CharField(_("nummer"), max_length=20, blank=True)
    title = models.CharField(_("titel"), max_length=400)
    description = models.TextField(_("beskrivning"), blank=True)
    owner_unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="goals",
                                   verbose_name=_("ansvarig enhet"))
    sort_order = models.PositiveIntegerField(_("ordning"), default=0)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["plan", "sort_order", "code", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class ActivityStatus(models.TextChoices):
    """Status of an activity."""

    PLANNED = "planned", _("Planerad")
    ONGOING = "ongoing", _("Pågående")
    DONE = "done", _("Genomförd")
    POSTPONED = "postponed", _("Uppskjuten")
    CANCELLED = "cancelled", _("Avbruten")


class Origin(models.TextChoices):
    """Whether an item comes from the council's budget (KF) or is the unit's own."""

    COUNCIL = "council", _("KF")
    OWN = "own", _("Egen")


class Activity(PlanContent):
    """An activity (aktivitet) serving a goal, with owner, start and end dates (inclusive)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="activities", verbose_name=_("mål"))
    title = models.CharField(_("titel"), max_length=500)
    description = models.TextField(_("beskrivning"), blank=True)
    owner_unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT,
                                   related_name="activities", verbose_name=_("ansvarig enhet"))
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("slut"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ActivityStatus.choices,
                              default=ActivityStatus.PLANNED)
    origin = models.CharField(_("ursprung"), max_length=20, choices=Origin.choices, default=Origin.OWN)
    sort_order = models.PositiveIntegerField(_("ordning"), default=0)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["plan", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.title


class Assignment(PlanContent):
    """A KF assignment (uppdrag) in the council's budget, given to one responsible unit."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assignments")
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="assignments", verbose_name=_("mål"))
    title = models.CharField(_("titel"), max_length=500)
    description = models.TextField(_("beskrivning"), blank=True)
    responsible_unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT,
                                         related_name="assignments", verbose_name=_("ansvarig"))
    due = models.DateField(_("klart senast"), null=True, blank=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")
        ordering = ["plan", "pk"]

    def __str__(self) -> str:
        return self.title


class Direction(models.TextChoices):
    """Which way is better for an indicator; neutral indicators get no verdict colour."""

    HIGHER = "higher", _("Högre är bättre")
    LOWER = "lower", _("Lägre är bättre")
    NEUTRAL = "neutral", _("Neutral")


class Periodicity(models.TextChoices):
    """How often an indicator is measured."""

    YEARLY = "yearly", _("Årligen")
    TERTIAL = "tertial", _("Per tertial")
    MONTHLY = "monthly", _("Månadsvis")


class ToleranceKind(models.TextChoices):
    """How the delvis band of an indicator verdict is set (DESIGN: indicator verdicts)."""

    RELATIVE = "relative", _("Procent av årsmålet")
    ABSOLUTE = "absolute", _("Absolut")


class Indicator(PlanContent):
    """An indicator (indikator) measuring a goal; ``unit_of_measure`` e.g. "%", "antal", "kr".

    ``kolada_kpi`` binds it to a Kolada key figure ("N00090"); ``by_sex`` means outcomes are
    reported as totalt, kvinnor and män; ``additive`` says whether values add up (antal, kr:
    totalt = kvinnor + män) or not (%, snitt). ``tolerance`` sets the delvis band (relative: % of the
    target; absolute: in the indicator's own unit).
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="indicators", verbose_name=_("mål"))
    name = models.CharField(_("namn"), max_length=400)
    description = models.TextField(_("beskrivning"), blank=True)
    unit_of_measure = models.CharField(_("enhet"), max_length=40, blank=True)
    direction = models.CharField(_("riktning"), max_length=10, choices=Direction.choices,
                                 default=Direction.HIGHER)
    by_sex = models.BooleanField(_("redovisas per kön"), default=False)
    additive = models.BooleanField(
        _("summerbar"), default=False,
        help_text=_("Antal och belopp är summerbara: totalt = kvinnor + män och enheter summeras. "
                    "Andelar och snitt (%) är det inte."),
    )
    periodicity = models.CharField(_("periodicitet"), max_length=10, choices=Periodicity.choices,
                                   default=Periodicity.YEARLY)
    source = models.CharField(_("källa"), max_length=200, blank=True)
    kolada_kpi = models.CharField(_("Kolada-KPI"), max_length=12, blank=True,
                                  help_text=_("T.ex. N00090."))
    responsible_unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT,
                                         related_name="indicators", verbose_name=_("ansvarig enhet"))
    origin = models.CharField(_("ursprung"), max_length=20, choices=Origin.choices, default=Origin.OWN)
    tolerance_kind = models.CharField(_("toleranstyp"), max_length=10, choices=ToleranceKind.choices,
                                      default=ToleranceKind.RELATIVE)
    tolerance = models.DecimalField(_("tolerans för delvis"), max_digits=14, decimal_places=4,
                                    default=Decimal("10"))
    sort_order = models.PositiveIntegerField(_("ordning"), default=0)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["plan", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class Target(PlanContent):
    """An annual target (årsmål) of an indicator for one unit and year.

    ``value`` is in the indicator's unit; ``value_women``/``value_men`` are optional targets by
    sex. ``baseline`` is the start value used for progress. ``decision_reference`` names the
    decision that set the current value ("KS 2023/1237, punkt 1", "KF 2024-06-10 § 5"); each
    change is kept in the history with the acting user and reason.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="targets",
                             verbose_name=_("enhet"))
    year = models.PositiveIntegerField(_("år"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    value = models.DecimalField(_("årsmål"), max_digits=18, decimal_places=4, null=True, blank=True)
    value_women = models.DecimalField(_("årsmål kvinnor"), max_digits=18, decimal_places=4, null=True, blank=True)
    value_men = models.DecimalField(_("årsmål män"), max_digits=18, decimal_places=4, null=True, blank=True)
    baseline = models.DecimalField(_("startvärde"), max_digits=18, decimal_places=4, null=True, blank=True)
    decision_reference = models.CharField(_("beslut"), max_length=200, blank=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("årsmål")
        verbose_name_plural = _("årsmål")
        ordering = ["indicator", "year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "year"], name="unique_target")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value}"

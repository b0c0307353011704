"""Follow-up (uppföljning): periods, outcomes, assessments and reports.

Glossary: tertialrapport 1 / 2, verksamhetsberättelse → Period (kind T1, T2, VB); utfall →
Outcome (totalt, kvinnor, män); bedömning → IndicatorAssessment / GoalAssessment (verdict);
rapport → Report with ReportSection per unit, frozen as an immutable snapshot when approved.

Rules (DESIGN "Rules decided", implemented in ``verksam.followup.rules``): a value for a locked
period is only a correction with a reason; frozen reports do not change; the date a value
belongs to (``as_of``) is kept apart from when it was entered (``entered_at``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from verksam.core.models import VersionedModel
from verksam.followup.rules.aggregation import GoalVerdict
from verksam.followup.rules.verdicts import Verdict


class PeriodKind(models.TextChoices):
    """The three follow-up occasions of a plan year (Stockholm practice)."""

    T1 = "T1", _("Tertialrapport 1")
    T2 = "T2", _("Tertialrapport 2")
    VB = "VB", _("Verksamhetsberättelse")


PERIOD_END = {PeriodKind.T1: (4, 30), PeriodKind.T2: (8, 31), PeriodKind.VB: (12, 31)}
"""Month and day each period is reported per: T1 per 30 april, T2 per 31 augusti, VB per 31 december."""

PERIODS_WITH_FORECAST = frozenset({PeriodKind.T1, PeriodKind.T2})
"""T1 and T2 carry a full-year forecast (helårsprognos)."""


class PeriodStatus(models.TextChoices):
    """open: entry allowed; closed: entry finished, corrections by controllers; locked: only
    corrections with a reason."""

    OPEN = "open", _("Öppen")
    CLOSED = "closed", _("Stängd")
    LOCKED = "locked", _("Låst")


class Period(VersionedModel):
    """A follow-up period of one year in the municipality: T1, T2 or VB, per ``as_of`` (date)."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT,
                                     related_name="periods")
    year = models.PositiveIntegerField(_("år"))
    kind = models.CharField(_("period"), max_length=2, choices=PeriodKind.choices)
    as_of = models.DateField(_("per datum"))
    status = models.CharField(_("status"), max_length=10, choices=PeriodStatus.choices,
                              default=PeriodStatus.OPEN)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uppföljningsperiod")
        verbose_name_plural = _("uppföljningsperioder")
        ordering = ["year", "as_of"]
        constraints = [models.UniqueConstraint(fields=["municipality", "year", "kind"], name="unique_period")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"

    @property
    def has_forecast(self) -> bool:
        """True for T1 and T2 (helårsprognos)."""
        return self.kind in PERIODS_WITH_FORECAST


class PeriodDeadline(models.Model):
    """When units of one kind must have reported in a period (lowest level first)."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="deadlines")
    unit_kind = models.CharField(_("enhetstyp"), max_length=30)
    due = models.DateField(_("senast"))

    class Meta:
        verbose_name = _("sista dag")
        verbose_name_plural = _("sista dagar")
        ordering = ["period", "due"]
        constraints = [models.UniqueConstraint(fields=["period", "unit_kind"], name="unique_deadline")]


class OutcomeSource(models.TextChoices):
    """Where an outcome came from."""

    MANUAL = "manual", _("Inmatad")
    IMPORT = "import", _("Importerad")
    KOLADA = "kolada", _("Kolada")


class Outcome(VersionedModel):
    """An outcome (utfall) of an indicator for a unit in a period, in the indicator's unit.

    ``value`` is the total; ``value_women``/``value_men`` when the indicator is reported by sex
    (the total is then their sum unless ``total_reason`` explains otherwise). ``forecast`` is the
    full-year forecast at T1/T2. ``as_of`` is the date the value belongs to; ``entered_at``/
    ``entered_by`` when and by whom it was entered; ``fetched_at`` when a synced value was fetched.
    """

    indicator = models.ForeignKey("planning.Indicator", on_delete=models.CASCADE, related_name="outcomes")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="outcomes")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="outcomes")
    value = models.DecimalField(_("utfall"), max_digits=18, decimal_places=4, null=True, blank=True)
    value_women = models.DecimalField(_("kvinnor"), max_digits=18, decimal_places=4, null=True, blank=True)
    value_men = models.DecimalField(_("män"), max_digits=18, decimal_places=4, null=True, blank=True)
    total_reason = models.CharField(_("skäl till avvikande totalt"), max_length=300, blank=True)
    forecast = models.DecimalField(_("helårsprognos"), max_digits=18, decimal_places=4, null=True, blank=True)
    comment = models.TextField(_("kommentar"), blank=True)
    source = models.CharField(_("källa"), max_length=10, choices=OutcomeSource.choices,
                              default=OutcomeSource.MANUAL)
    source_note = models.CharField(_("källhänvisning"), max_length=300, blank=True)
    as_of = models.DateField(_("avser datum"))
    entered_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("registrerad av"))
    fetched_at = models.DateTimeField(_("hämtad"), null=True, blank=True)
    correction_reason = models.CharField(_("skäl till rättelse"), max_length=300, blank=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utfall")
        verbose_name_plural = _("utfall")
        ordering = ["period", "indicator", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["indicator", "unit", "period"], name="unique_outcome")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}: {self.value}"


class IndicatorAssessment(VersionedModel):
    """The stored verdict on an indicator for a unit in a period (årsmålet uppnås helt/delvis/ej).

    ``proposed`` is what the rule computed (from outcome or forecast); ``verdict`` what the unit
    gave; ``reason`` is required when they differ.
    """

    indicator = models.ForeignKey("planning.Indicator", on_delete=models.CASCADE, related_name="assessments")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="indicator_assessments")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="indicator_assessments")
    proposed = models.CharField(_("förslag"), max_length=20, choices=Verdict.choices)
    verdict = models.CharField(_("bedömning"), max_length=20, choices=Verdict.choices)
    based_on_forecast = models.BooleanField(_("bygger på prognos"), default=False)
    reason = models.TextField(_("skäl när bedömningen avviker"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bedömning av indikator")
        verbose_name_plural = _("bedömningar av indikatorer")
        constraints = [models.UniqueConstraint(fields=["indicator", "unit", "period"],
                                               name="unique_indicator_assessment")]


class GoalAssessment(VersionedModel):
    """A goal's assessment (uppfyllt helt / delvis / ej) by a unit in a period.

    Keeps the rule used (``rule_id``, e.g. "weighted_score_v1"), the computed proposal
    (``proposed`` and ``proposal`` — the rule's record, ``Proposal.as_dict()``), the verdict
    given, the analysis, the reason when verdict and proposal differ, and who approved it.
    """

    goal = models.ForeignKey("planning.Goal", on_delete=models.CASCADE, related_name="assessments")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="goal_assessments")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="goal_assessments")
    rule_id = models.CharField(_("regel"), max_length=40)
    proposed = models.CharField(_("förslag"), max_length=20, choices=GoalVerdict.choices)
    proposal = models.JSONField(_("beräkning"), default=dict)
    verdict = models.CharField(_("bedömning"), max_length=20, choices=GoalVerdict.choices, blank=True)
    analysis = models.TextField(_("analys"), blank=True)
    reason = models.TextField(_("skäl när bedömningen avviker"), blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("godkänd av"))
    approved_at = models.DateTimeField(_("godkänd"), null=True, blank=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bedömning av mål")
        verbose_name_plural = _("bedömningar av mål")
        constraints = [models.UniqueConstraint(fields=["goal", "unit", "period"], name="unique_goal_assessment")]


class ReportStatus(models.TextChoices):
    """utkast → klar → godkänd (frozen snapshot)."""

    DRAFT = "draft", _("Utkast")
    READY = "ready", _("Klar")
    APPROVED = "approved", _("Godkänd")


class Report(VersionedModel):
    """A tertialrapport or verksamhetsberättelse of a unit for a period.

    When approved, ``snapshot`` holds the whole report as data (JSON) and ``pdf``/``docx`` the
    rendered files; none of them change afterwards — a later correction is a ReportCorrection.
    """

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="reports")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="reports")
    plan = models.ForeignKey("planning.Plan", on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    summary = models.TextField(_("sammanfattning"), blank=True)
    snapshot = models.JSONField(_("ögonblicksbild"), null=True, blank=True)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True)
    docx = models.BinaryField(_("DOCX"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("godkänd av"))
    approved_at = models.DateTimeField(_("godkänd"), null=True, blank=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    history = HistoricalRecords(excluded_fields=["pdf", "docx", "snapshot"])

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporter")
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="unique_report")]

    def __str__(self) -> str:
        return f"{self.period.get_kind_display()} {self.period.year} – {self.unit}"


class ReportSection(VersionedModel):
    """A unit's section of a report (one per unit beneath the report's unit), marked ready."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("text"), blank=True)
    is_ready = models.BooleanField(_("klar"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rapportavsnitt")
        verbose_name_plural = _("rapportavsnitt")
        constraints = [models.UniqueConstraint(fields=["report", "unit"], name="unique_report_section")]


class ReportCorrection(models.Model):
    """A correction recorded after a report was approved: what changed and why."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="corrections")
    reason = models.TextField(_("skäl"))
    change = models.JSONField(_("ändring"), default=dict)
    created_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("rättelse")
        verbose_name_plural = _("rättelser")
        ordering = ["report", "created_at"]


class TaskStatus(models.TextChoices):
    """Status of a background task."""

    QUEUED = "queued", _("Köad")
    RUNNING = "running", _("Pågår")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Misslyckades")


class BackgroundTask(models.Model):
    """Long work (report generation, imports, Kolada sync) with progress shown to the user."""

    kind = models.CharField(_("typ"), max_length=40)
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.QUEUED)
    progress = models.PositiveIntegerField(_("klart"), default=0)
    total = models.PositiveIntegerField(_("totalt"), default=0)
    message = models.TextField(_("meddelande"), blank=True)
    params = models.JSONField(default=dict)
    result = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bakgrundsjobb")
        verbose_name_plural = _("bakgrundsjobb")
        ordering = ["-created_at"]

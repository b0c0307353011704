"""Internal control (intern kontroll, kommunallagen 6 kap. 6 §): the three parts per board and year.

Glossary: system för internkontroll → ControlSystem; riskmatris → RiskMatrix with
RiskMatrixVersion; väsentlighets- och riskanalys → RiskAnalysis; risk → Risk (sannolikhet →
likelihood, konsekvens → consequence); internkontrollplan → ControlPlan; kontrollmoment →
Control; kontrolltillfälle → ControlOccasion; kontrollresultat → ControlResult; avvikelse →
Deviation.

Every change goes through ``verksam.control.actions`` (permission check, change and history
row in one transaction). Two rules are also guarded here so that no code path can break them:
a matrix version in use is not edited in place (``MatrixVersionInUseError``) and an approved
system för internkontroll is immutable (``ControlSystemLockedError``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from verksam.control.rules.matrix import MatrixError
from verksam.control.rules.recurrence import Frequency
from verksam.core.errors import DomainError
from verksam.core.models import VersionedModel
from verksam.followup.models import PeriodKind

_YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


class MatrixVersionInUseError(MatrixError):
    """The matrix version has risks scored in it: make a new version with a cell mapping."""

    default_message = _("Matrisversionen används och kan inte ändras. Skapa en ny version med en "
                        "mappning av de gamla cellerna.")


class ControlSystemLockedError(DomainError):
    """The system för internkontroll is approved and therefore read-only."""

    default_message = _("Systemet för internkontroll är godkänt och kan inte ändras. Skapa en ny version.")


class RiskMatrix(VersionedModel):
    """A risk matrix (riskmatris) that units in ``unit``'s subtree may score risks in.

    Its definition lives in numbered ``versions``; new risks are scored in the latest version.
    """

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="risk_matrices",
                             verbose_name=_("förvaltas av"))
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("riskmatris")
        verbose_name_plural = _("riskmatriser")
        ordering = ["unit__path", "name"]

    def __str__(self) -> str:
        return self.name

    def latest_version(self) -> "RiskMatrixVersion":
        """The version with the highest number (one query)."""
        return self.versions.order_by("-number").first()


MATRIX_DEFINITION_FIELDS = ("likelihood_scale", "consequence_scale", "bands")


class RiskMatrixVersion(VersionedModel):
    """Version ``number`` of a risk matrix: its scales and colour bands as data.

    ``likelihood_scale`` / ``consequence_scale``: lists of ``{"label", "description"}``, position
    0 is value 1 (default 4 × 4: osannolik / mindre sannolik / möjlig / sannolik; försumbar /
    lindrig / kännbar / allvarlig). ``bands``: ``{"min", "max", "label", "colour",
    "colour_name"}`` covering scores 1 … L × C. ``cell_mapping`` maps every cell of
    ``previous`` ("l,c") to a cell of this version ([l, c]). ``in_use`` is set when the first
    risk is scored in the version; from then on its definition is frozen.
    """

    matrix = models.ForeignKey(RiskMatrix, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    likelihood_scale = models.JSONField(_("skala för sannolikhet"))
    consequence_scale = models.JSONField(_("skala för konsekvens"))
    bands = models.JSONField(_("färgband"))
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("föregående version"))
    cell_mapping = models.JSONField(_("mappning från föregående version"), default=dict, blank=True)
    note = models.TextField(_("skäl till ny version"), blank=True)
    in_use = models.BooleanField(_("används"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("version av riskmatris")
        verbose_name_plural = _("versioner av riskmatriser")
        ordering = ["matrix", "number"]
        constraints = [models.UniqueConstraint(fields=["matrix", "number"], name="unique_matrix_version")]

    def __str__(self) -> str:
        return f"{self.matrix.name}, version {self.number}"

    @property
    def likelihood_levels(self) -> int:
        """Number of likelihood levels (rows), e.g. 4."""
        return len(self.likelihood_scale or [])

    @property
    def consequence_levels(self) -> int:
        """Number of consequence levels (columns), e.g. 4."""
        return len(self.consequence_scale or [])

    @property
    def size_label(self) -> str:
        """"4 × 4" (likelihood × consequence)."""
        return f"{self.likelihood_levels} × {self.consequence_levels}"

    def save(self, *args, **kwargs):
        """Refuse a change of scales or bands once the stored version is in use."""
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).values("in_use", *MATRIX_DEFINITION_FIELDS).first()
            if stored and stored["in_use"] and any(stored[f] != getattr(self, f) for f in MATRIX_DEFINITION_FIELDS):
                raise MatrixVersionInUseError(field="likelihood_scale")
        super().save(*args, **kwargs)


class ControlSystemStatus(models.TextChoices):
    """utkast → godkänd (immutable)."""

    DRAFT = "draft", _("Utkast")
    APPROVED = "approved", _("Godkänd")


class ControlSystem(VersionedModel):
    """A board's system för internkontroll for one year, version ``version`` (1, 2 … within the
    year): the control environment in four sections. Reviewed and approved yearly; an approved
    version is immutable — a change needs a new version."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="control_systems",
                             verbose_name=_("nämnd"))
    year = models.PositiveIntegerField(_("år"), validators=_YEAR)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    plan = models.ForeignKey("planning.Plan", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="control_systems", verbose_name=_("verksamhetsplan"))
    organisation = models.TextField(_("organisation"), blank=True)
    roles = models.TextField(_("roller och ansvar"), blank=True)
    routines = models.TextField(_("rutiner"), blank=True)
    systems = models.TextField(_("system"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ControlSystemStatus.choices,
                              default=ControlSystemStatus.DRAFT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("godkänd av"))
    approved_at = models.DateTimeField(_("godkänd"), null=True, blank=True)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("föregående version"))
    is_example = models.BooleanField(_("exempeldata"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("system för internkontroll")
        verbose_name_plural = _("system för internkontroll")
        ordering = ["unit__path", "-year", "-version"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "version"], name="unique_control_system")]

    def __str__(self) -> str:
        return f"System för internkontroll {self.year} ({self.unit.name}), version {self.version}"

    @property
    def is_approved(self) -> bool:
        """True once godkänd (read-only)."""
        return self.status == ControlSystemStatus.APPROVED

    def _stored_approved(self) -> bool:
        return bool(self.pk) and type(self).objects.filter(
            pk=self.pk, status=ControlSystemStatus.APPROVED).exists()

    def save(self, *args, **kwargs):
        """Refuse any change to a version already approved in the database."""
        if self._stored_approved():
            raise ControlSystemLockedError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        """Refuse to delete an approved version."""
        if self._stored_approved():
            raise ControlSystemLockedError()
        return super().delete(*args, **kwargs)


class RiskAnalysis(VersionedModel):
    """A board's väsentlighets- och riskanalys for one year, tied to its verksamhetsplan
    (``plan``, attachment 5) and scored in ``matrix`` (new risks take its latest version)."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="risk_analyses",
                             verbose_name=_("nämnd"))
    year = models.PositiveIntegerField(_("år"), validators=_YEAR)
    plan = models.ForeignKey("planning.Plan", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="risk_analyses", verbose_name=_("verksamhetsplan"))
    matrix = models.ForeignKey(RiskMatrix, on_delete=models.PROTECT, related_name="analyses",
                               verbose_name=_("riskmatris"))
    title = models.CharField(_("titel"), max_length=300, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("kopierad från"))
    is_example = models.BooleanField(_("exempeldata"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("väsentlighets- och riskanalys")
        verbose_name_plural = _("väsentlighets- och riskanalyser")
        ordering = ["unit__path", "-year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unique_risk_analysis")]

    def __str__(self) -> str:
        return self.title or f"Väsentlighets- och riskanalys {self.year} ({self.unit.name})"


class RiskCategory(models.TextChoices):
    """Risk categories (riskkategorier)."""

    EXTERNAL = "external", _("Omvärld")
    OPERATIONAL = "operational", _("Verksamhet")
    LEGAL = "legal", _("Legal")
    IT = "it", _("IT")
    REPORTING = "reporting", _("Rapportering")
    FINANCIAL = "financial", _("Ekonomi")
    STAFF = "staff", _("Personal")
    INFORMATION_SECURITY = "information_security", _("Informationssäkerhet")
    OTHER = "other", _("Övrigt")


class Treatment(models.TextChoices):
    """The decision on a risk (riskhantering); blank means not yet decided."""

    ACCEPT = "accept", _("Accepteras")
    CONTROL = "control", _("Kontroll i internkontrollplanen")
    ACTION = "action", _("Åtgärd i verksamhetsplanen")


class Risk(VersionedModel):
    """A risk (risk) in a risk analysis: that a goal is not met, or in a process behind it.

    Scored inherent (bruttorisk) and residual (nettorisk, after controls) as likelihood ×
    consequence in ``matrix_version`` — the version it was scored in, kept when the matrix gets
    a new version. ``inherent_score``/``residual_score`` are stored by the actions for filtering.
    ``treatment``: accept (``treatment_motivation`` required), control (a Control in the
    internkontrollplan points to it) or action (``action_activity``, an activity of the same
    year's plan). ``goal`` is the KF-mål or nämndmål at risk; ``activity`` the activity the risk
    concerns.
    """

    analysis = models.ForeignKey(RiskAnalysis, on_delete=models.CASCADE, related_name="risks")
    title = models.CharField(_("risk"), max_length=400)
    description = models.TextField(_("beskrivning"), blank=True)
    category = models.CharField(_("kategori"), max_length=30, choices=RiskCategory.choices)
    owner = models.CharField(_("riskägare"), max_length=200, blank=True)
    goal = models.ForeignKey("planning.Goal", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="risks", verbose_name=_("mål"))
    process = models.CharField(_("process"), max_length=300, blank=True)
    activity = models.ForeignKey("planning.Activity", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="risks", verbose_name=_("aktivitet"))
    matrix_version = models.ForeignKey(RiskMatrixVersion, on_delete=models.PROTECT, related_name="risks",
                                       verbose_name=_("matrisversion"))
    inherent_likelihood = models.PositiveSmallIntegerField(_("sannolikhet"))
    inherent_consequence = models.PositiveSmallIntegerField(_("konsekvens"))
    inherent_score = models.PositiveSmallIntegerField(_("riskvärde"))
    residual_likelihood = models.PositiveSmallIntegerField(_("sannolikhet efter kontroll"), null=True, blank=True)
    residual_consequence = models.PositiveSmallIntegerField(_("konsekvens efter kontroll"), null=True, blank=True)
    residual_score = models.PositiveSmallIntegerField(_("riskvärde efter kontroll"), null=True, blank=True)
    treatment = models.CharField(_("hantering"), max_length=10, choices=Treatment.choices, blank=True)
    treatment_motivation = models.TextField(_("motivering"), blank=True)
    action_activity = models.ForeignKey("planning.Activity", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="treated_risks", verbose_name=_("åtgärd (aktivitet)"))
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("kopierad från"))
    sort_order = models.PositiveIntegerField(_("ordning"), default=0)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risker")
        ordering = ["analysis", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.title


class ControlPlan(VersionedModel):
    """A board's internkontrollplan for one year (attachment 5 with the risk analysis)."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="control_plans",
                             verbose_name=_("nämnd"))
    year = models.PositiveIntegerField(_("år"), validators=_YEAR)
    plan = models.ForeignKey("planning.Plan", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="control_plans", verbose_name=_("verksamhetsplan"))
    title = models.CharField(_("titel"), max_length=300, blank=True)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("kopierad från"))
    is_example = models.BooleanField(_("exempeldata"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("internkontrollplan")
        verbose_name_plural = _("internkontrollplaner")
        ordering = ["unit__path", "-year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unique_control_plan")]

    def __str__(self) -> str:
        return self.title or f"Internkontrollplan {self.year} ({self.unit.name})"


class ControlMethod(models.TextChoices):
    """How a control is performed (kontrollmetod)."""

    SAMPLE = "sample", _("Stickprov")
    RECONCILIATION = "reconciliation", _("Avstämning")
    REVIEW = "review", _("Genomgång")
    ANALYSIS = "analysis", _("Analys")
    INTERVIEW = "interview", _("Intervju")
    OBSERVATION = "observation", _("Observation")
    OTHER = "other", _("Annan metod")


class Control(VersionedModel):
    """A control (kontrollmoment) of an internkontrollplan, usually against a ``risk``.

    ``frequency`` with ``start`` and ``end`` (inclusive) generates the ``occasions``
    (``verksam.control.rules.recurrence``); ``responsible`` (ansvarig, required) performs it;
    ``reported_in`` is the follow-up period (T1, T2, VB) it is reported in.
    """

    control_plan = models.ForeignKey(ControlPlan, on_delete=models.CASCADE, related_name="controls",
                                     verbose_name=_("internkontrollplan"))
    risk = models.ForeignKey(Risk, null=True, blank=True, on_delete=models.PROTECT, related_name="controls",
                             verbose_name=_("risk"))
    title = models.CharField(_("kontrollmoment"), max_length=400)
    description = models.TextField(_("beskrivning"), blank=True)
    method = models.CharField(_("kontrollmetod"), max_length=20, choices=ControlMethod.choices)
    frequency = models.CharField(_("frekvens"), max_length=10, choices=Frequency.choices)
    start = models.DateField(_("första tillfälle"))
    end = models.DateField(_("sista dag"))
    responsible = models.CharField(_("ansvarig"), max_length=200)
    reported_in = models.CharField(_("rapporteras i"), max_length=2, choices=PeriodKind.choices,
                                   default=PeriodKind.T2)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("kopierad från"))
    sort_order = models.PositiveIntegerField(_("ordning"), default=0)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kontrollmoment")
        verbose_name_plural = _("kontrollmoment")
        ordering = ["control_plan", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.title


class ControlOccasion(models.Model):
    """One occasion (kontrolltillfälle) of a control: the date it is due."""

    control = models.ForeignKey(Control, on_delete=models.CASCADE, related_name="occasions")
    due = models.DateField(_("datum"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kontrolltillfälle")
        verbose_name_plural = _("kontrolltillfällen")
        ordering = ["control", "due"]
        constraints = [models.UniqueConstraint(fields=["control", "due"], name="unique_control_occasion")]

    def __str__(self) -> str:
        return f"{self.control.title} {self.due.isoformat()}"


class ResultOutcome(models.TextChoices):
    """The outcome of a control occasion."""

    NO_REMARKS = "no_remarks", _("Utan anmärkning")
    DEVIATION = "deviation", _("Avvikelse")


class ControlResult(VersionedModel):
    """The result (kontrollresultat) of one occasion: utan anmärkning or avvikelse, with the
    finding. ``as_of`` is the date the result belongs to; ``entered_at``/``entered_by`` when and
    by whom it was entered (DESIGN "Dates"); ``period`` the follow-up period (T1/T2/VB) whose
    report it falls in — from then on locked with that period, changed only as a correction with
    ``correction_reason``."""

    occasion = models.OneToOneField(ControlOccasion, on_delete=models.PROTECT, related_name="result",
                                    verbose_name=_("kontrolltillfälle"))
    outcome = models.CharField(_("resultat"), max_length=20, choices=ResultOutcome.choices)
    finding = models.TextField(_("iakttagelse"), blank=True)
    as_of = models.DateField(_("avser datum"))
    entered_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("registrerad av"))
    period = models.ForeignKey("followup.Period", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="control_results", verbose_name=_("period"))
    correction_reason = models.CharField(_("skäl till rättelse"), max_length=300, blank=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kontrollresultat")
        verbose_name_plural = _("kontrollresultat")
        ordering = ["occasion__due"]

    def __str__(self) -> str:
        return f"{self.occasion}: {self.get_outcome_display()}"


class DeviationStatus(models.TextChoices):
    """öppen → stängd."""

    OPEN = "open", _("Öppen")
    CLOSED = "closed", _("Stängd")


class Deviation(VersionedModel):
    """A deviation (avvikelse) found by a control result, followed until closed: the finding,
    the actions (åtgärder), who is responsible and by when (``due``)."""

    result = models.ForeignKey(ControlResult, on_delete=models.PROTECT, related_name="deviations",
                               verbose_name=_("kontrollresultat"))
    finding = models.TextField(_("avvikelse"))
    actions = models.TextField(_("åtgärder"), blank=True)
    responsible = models.CharField(_("ansvarig"), max_length=200)
    due = models.DateField(_("klart senast"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DeviationStatus.choices,
                              default=DeviationStatus.OPEN)
    closed_at = models.DateTimeField(_("stängd"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("stängd av"))
    closing_note = models.TextField(_("kommentar vid stängning"), blank=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("avvikelse")
        verbose_name_plural = _("avvikelser")
        ordering = ["result__occasion__due", "pk"]

    def __str__(self) -> str:
        return self.finding[:80]

"""Political cases (ärenden): the case, its documents, handling, proposals, decisions, statements.

Glossary (DESIGN.md): ärende, diarienummer (dnr) → Case, ``reference``; tjänsteutlåtande, PM,
utlåtande, protokoll(sutdrag) → Document (kind); bilaga → CaseAttachment; sammanträde →
Meeting; ärendets gång (förvaltning → borgarrådsberedningen → kommunstyrelsen →
kommunfullmäktige) → HandlingStep, which at a meeting is the agenda item (dagordningspunkt);
förslag till beslut, beslutspunkt → Proposal; beslut → Decision; reservation, särskilt
uttalande, ersättaryttrande → Statement (kind) with its persons (StatementPerson, the party as
stated), own numbered points (StatementPoint) and proposed activities (ProposedActivity);
resultatenhet → ProfitCentre; omslutningsförändring → TurnoverChange.

A decided case (beslutat) is immutable: ``Case.save`` and every ``CaseContent`` refuse changes
with ``CaseLockedError``; the one way to decide is ``verksam.cases.actions.decide_case``.
Amounts are Decimal kronor ("746,2 mnkr" is stored as 746200000).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from verksam.cases.references import InvalidReference, parse_reference
from verksam.core.errors import DomainError
from verksam.core.models import VersionedModel


class CaseLockedError(DomainError):
    """The case is decided (beslutat) and therefore read-only."""

    default_message = _("Ärendet är beslutat och kan inte ändras.")


class CaseStatus(models.TextChoices):
    """under beredning → beslutat."""

    PREPARING = "preparing", _("Under beredning")
    DECIDED = "decided", _("Beslutat")


class DocumentKind(models.TextChoices):
    """Kinds of case document; the Swedish label is also the kind's name in the import JSON."""

    PM = "pm", "PM"
    OFFICIAL_REPORT = "official_report", _("tjänsteutlåtande")
    REPORT = "report", _("utlåtande")
    MINUTES_EXTRACT = "minutes_extract", _("protokollsutdrag")
    MINUTES = "minutes", _("protokoll")


#: Import JSON kind (Swedish, as in issue 3) → DocumentKind value.
DOCUMENT_KIND_BY_NAME = {
    "PM": DocumentKind.PM, "tjänsteutlåtande": DocumentKind.OFFICIAL_REPORT,
    "utlåtande": DocumentKind.REPORT, "protokollsutdrag": DocumentKind.MINUTES_EXTRACT,
    "protokoll": DocumentKind.MINUTES,
}
DOCUMENT_NAME_BY_KIND = {value: name for name, value in DOCUMENT_KIND_BY_NAME.items()}


class Stage(models.TextChoices):
    """Where in the chain a handling step lies (förvaltning → … → kommunfullmäktige)."""

    ADMINISTRATION = "administration", _("Förvaltning")
    PREPARATION = "preparation", _("Borgarrådsberedningen")
    EXECUTIVE = "executive", _("Kommunstyrelsen")
    COUNCIL = "council", _("Kommunfullmäktige")
    BOARD = "board", _("Nämnd")


class StatementKind(models.TextChoices):
    """Kinds of statement; the label is the kind's name in the import JSON."""

    RESERVATION = "reservation", _("reservation")
    SPECIAL = "special", _("särskilt uttalande")
    SUBSTITUTE = "substitute", _("ersättaryttrande")


STATEMENT_KIND_BY_NAME = {
    "reservation": StatementKind.RESERVATION, "särskilt uttalande": StatementKind.SPECIAL,
    "ersättaryttrande": StatementKind.SUBSTITUTE,
}
STATEMENT_NAME_BY_KIND = {value: name for name, value in STATEMENT_KIND_BY_NAME.items()}


class Stance(models.TextChoices):
    """A statement's stance toward the proposal; the label is its name in the import JSON."""

    APPROVE = "approve", _("bifall")
    APPROVE_IN_PART = "approve_in_part", _("delvis bifall")
    REJECT = "reject", _("avslag")
    REJECT_IN_PART = "reject_in_part", _("delvis avslag")


STANCE_BY_NAME = {
    "bifall": Stance.APPROVE, "delvis bifall": Stance.APPROVE_IN_PART,
    "avslag": Stance.REJECT, "delvis avslag": Stance.REJECT_IN_PART,
}
STANCE_NAME_BY_VALUE = {value: name for name, value in STANCE_BY_NAME.items()}


class Case(VersionedModel):
    """A case (ärende) with its diarienummer, unique within the municipality.

    ``reference`` is canonical ("KS 2023/1237", older form "111-47/2016"; validated through
    ``verksam.cases.references.parse_reference``). ``date`` is the date of the case's main
    document (the PM's "Stockholm den 10 januari 2024"); ``decided_on`` the date of the final
    decision. ``plan`` is the plan version the case adopts. ``source_text`` keeps the imported
    memo's text, ``notes`` says which facts are example data.
    """

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT,
                                     related_name="cases", verbose_name=_("kommun"))
    reference = models.CharField(_("diarienummer"), max_length=60)
    kind = models.CharField(_("handlingstyp"), max_length=30, choices=DocumentKind.choices,
                            default=DocumentKind.PM)
    title = models.CharField(_("rubrik"), max_length=500)
    summary = models.TextField(_("sammanfattning"), blank=True)
    responsible_unit = models.ForeignKey("organisation.Unit", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="cases", verbose_name=_("ansvarig nämnd"))
    rotel = models.CharField(_("rotel"), max_length=40, blank=True)
    rapporteur = models.ForeignKey("organisation.Person", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="reported_cases", verbose_name=_("föredragande"))
    rapporteur_role = models.CharField(_("föredragandes roll"), max_length=120, blank=True)
    prepared_by = models.CharField(_("beredning"), max_length=300, blank=True,
                                   help_text=_("T.ex. ”stadsledningskontoret”."))
    prepared_by_unit = models.ForeignKey("organisation.Unit", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="prepared_cases", verbose_name=_("beredande enhet"))
    rapporteur_views = models.TextField(_("föredragandes synpunkter"), blank=True,
                                        help_text=_("”Föredragande borgarrådets synpunkter” i promemorian."))
    date = models.DateField(_("datum"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices,
                              default=CaseStatus.PREPARING)
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    plan = models.ForeignKey("planning.Plan", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="cases", verbose_name=_("plan som ärendet antar"))
    source_text = models.TextField(_("källtext"), blank=True)
    source_filename = models.CharField(_("källfil"), max_length=255, blank=True)
    notes = models.TextField(_("anmärkning"), blank=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    history = HistoricalRecords(excluded_fields=["source_text"])

    class Meta:
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")
        ordering = ["-date", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "reference"], name="unique_case_reference")
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_decided(self) -> bool:
        """True once the case is beslutat (read-only)."""
        return self.status == CaseStatus.DECIDED

    @property
    def kind_name(self) -> str:
        """The kind as named in memos and the import JSON ("PM", "tjänsteutlåtande" …)."""
        return DOCUMENT_NAME_BY_KIND.get(self.kind, self.kind)

    def clean(self):
        """Validate ``reference`` as a diarienummer of the case itself (no attachment suffix) and
        store its canonical spelling; ``ValidationError`` with the Swedish message otherwise."""
        super().clean()
        try:
            parsed = parse_reference(self.reference or "")
        except InvalidReference as error:
            raise ValidationError({"reference": str(error)}) from error
        if parsed.attachment:
            raise ValidationError({"reference": _("Ärendets diarienummer får inte ha bilagenummer.")})
        self.reference = str(parsed)

    def save(self, *args, **kwargs):
        """Refuse changes to a case already decided in the database (``CaseLockedError``)."""
        if self.pk and not getattr(self, "_allow_decided_change", False):
            stored = Case.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == CaseStatus.DECIDED:
                raise CaseLockedError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        """Refuse to delete a decided case."""
        if self.is_decided:
            raise CaseLockedError()
        return super().delete(*args, **kwargs)


class CaseContent(VersionedModel):
    """Base for records of a case (each subclass has a ``case`` foreign key, directly or through
    ``_case_id_for_lock``); refuses writes and deletions once the case is decided."""

    class Meta:
        abstract = True

    def _case_id_for_lock(self) -> int:
        return self.case_id

    def _check_case_open(self) -> None:
        if getattr(self, "_allow_decided_change", False):
            return
        status = Case.objects.filter(pk=self._case_id_for_lock()).values_list("status", flat=True).first()
        if status == CaseStatus.DECIDED:
            raise CaseLockedError()

    def save(self, *args, **kwargs):
        """Save unless the case is decided (``CaseLockedError``)."""
        self._check_case_open()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        """Delete unless the case is decided (``CaseLockedError``)."""
        self._check_case_open()
        return super().delete(*args, **kwargs)


class Document(CaseContent):
    """A document of the case (handling): PM, tjänsteutlåtande, utlåtande, protokoll(sutdrag).

    ``author`` as written ("Stadsledningskontoret", "Karin Wanngård"); ``author_unit`` when it
    names a unit of the organisation; ``text`` the document's text as the memo quotes it (the
    tjänsteutlåtande "har i huvudsak följande lydelse"), paragraphs separated by a blank line.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("typ"), max_length=30, choices=DocumentKind.choices)
    title = models.CharField(_("rubrik"), max_length=300, blank=True)
    author = models.CharField(_("upprättad av"), max_length=300, blank=True)
    author_unit = models.ForeignKey("organisation.Unit", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="case_documents", verbose_name=_("enhet"))
    date = models.DateField(_("datum"), null=True, blank=True)
    reference = models.CharField(_("diarienummer"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    text = models.TextField(_("text"), blank=True,
                            help_text=_("Handlingens text som promemorian återger den (t.ex. tjänsteutlåtandet)."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("handling")
        verbose_name_plural = _("handlingar")
        ordering = ["case", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title}".strip()


class CaseAttachment(CaseContent):
    """A numbered attachment (bilaga) of the case, with its own reference ("KS 2023/1237-1.1")."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("titel"), max_length=500)
    reference = models.CharField(_("diarienummer"), max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")
        ordering = ["case", "number", "pk"]

    def clean(self):
        """Validate ``reference`` (when given) as a diarienummer, stored canonically."""
        super().clean()
        if self.reference:
            try:
                self.reference = str(parse_reference(self.reference))
            except InvalidReference as error:
                raise ValidationError({"reference": str(error)}) from error

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Meeting(VersionedModel):
    """A meeting (sammanträde) of a body on a date. ``body`` when the body is a unit of the
    organisation, otherwise only ``body_name`` ("borgarrådsberedningen"). ``is_example`` marks
    a date that is example data (not taken from a source document)."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT,
                                     related_name="meetings", verbose_name=_("kommun"))
    body = models.ForeignKey("organisation.Unit", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="meetings", verbose_name=_("organ"))
    body_name = models.CharField(_("organ"), max_length=200)
    date = models.DateField(_("datum"))
    is_example = models.BooleanField(_("exempeldata"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sammanträde")
        verbose_name_plural = _("sammanträden")
        ordering = ["-date", "body_name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "body_name", "date"], name="unique_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.body_name} {self.date:%Y-%m-%d}"


class HandlingStep(CaseContent):
    """One step of the case's way through the bodies (ärendets gång), in ``order``.

    At a meeting the step is the case's agenda item (dagordningspunkt): ``meeting`` and
    ``item_number`` ("§ 5") are set. ``document`` is the document the step produced or
    handled (the tjänsteutlåtande, the PM). ``date`` may be unknown; ``date_is_example`` marks
    an example date.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    stage = models.CharField(_("steg"), max_length=20, choices=Stage.choices)
    body = models.ForeignKey("organisation.Unit", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="case_steps", verbose_name=_("organ"))
    body_name = models.CharField(_("organ"), max_length=200)
    date = models.DateField(_("datum"), null=True, blank=True)
    date_is_example = models.BooleanField(_("datumet är exempeldata"), default=False)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="agenda_items", verbose_name=_("sammanträde"))
    item_number = models.CharField(_("paragraf"), max_length=20, blank=True)
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="steps", verbose_name=_("handling"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ärendesteg")
        verbose_name_plural = _("ärendets gång")
        ordering = ["case", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.order}. {self.body_name}"


class Proposal(CaseContent):
    """A numbered point of the proposal (förslag till beslut, beslutspunkt).

    ``amount_sek``: the amount the point names, in kronor (Decimal), or None.
    ``proposed_by`` as written ("Borgarrådsberedningen").
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="proposals")
    number = models.PositiveSmallIntegerField(_("punkt"))
    text = models.TextField(_("text"))
    amount_sek = models.DecimalField(_("belopp (kr)"), max_digits=18, decimal_places=2, null=True, blank=True)
    proposed_by = models.CharField(_("föreslås av"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beslutspunkt")
        verbose_name_plural = _("förslag till beslut")
        ordering = ["case", "number", "pk"]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class Decision(CaseContent):
    """A decision (beslut) by a body on one point of the case.

    ``point_number`` is the proposal's number ("1"); ``outcome`` the decision in words
    ("Bifall till förslaget."). ``plan`` is set on the point that adopted a plan.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="decisions", verbose_name=_("beslutspunkt"))
    body = models.ForeignKey("organisation.Unit", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="case_decisions", verbose_name=_("beslutande organ"))
    body_name = models.CharField(_("beslutande organ"), max_length=200)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="decisions", verbose_name=_("sammanträde"))
    decided_on = models.DateField(_("beslutsdatum"))
    point_number = models.CharField(_("punkt"), max_length=20)
    outcome = models.TextField(_("beslut"))
    plan = models.ForeignKey("planning.Plan", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="case_decisions", verbose_name=_("antagen plan"))
    is_example = models.BooleanField(_("exempeldata"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")
        ordering = ["case", "decided_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case.reference}, punkt {self.point_number}"


class StatementPerson(models.Model):
    """A person behind a statement, with the party abbreviation as stated ("M") and the party
    it names (None when the abbreviation is unknown or not given)."""

    statement = models.ForeignKey("cases.Statement", on_delete=models.CASCADE, related_name="signatories")
    person = models.ForeignKey("organisation.Person", on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey("organisation.Party", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("parti"))
    party_abbreviation = models.CharField(_("parti (som angivet)"), max_length=20, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("undertecknare")
        verbose_name_plural = _("undertecknare")
        ordering = ["statement", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "person"], name="unique_statement_person")
        ]

    def __str__(self) -> str:
        return f"{self.person.name} ({self.party_abbreviation})" if self.party_abbreviation else self.person.name


class Statement(CaseContent):
    """A statement (reservation, särskilt uttalande, ersättaryttrande) on the case, in ``order``.

    ``body``/``body_name``: where it was made ("borgarrådsberedningen", "kommunstyrelsen").
    ``persons`` through StatementPerson keeps each person's party as stated in the memo.
    ``stance``: toward the proposal (bifall, delvis bifall, avslag, delvis avslag) or blank.
    ``same_as``: the statement it is identical to ("likalydande med").
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="statements")
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    kind = models.CharField(_("typ"), max_length=20, choices=StatementKind.choices)
    body = models.ForeignKey("organisation.Unit", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="case_statements", verbose_name=_("organ"))
    body_name = models.CharField(_("organ"), max_length=200, blank=True)
    stance = models.CharField(_("ställningstagande"), max_length=20, choices=Stance.choices, blank=True)
    text = models.TextField(_("text"), blank=True)
    same_as = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="identical_statements", verbose_name=_("likalydande med"))
    persons = models.ManyToManyField("organisation.Person", through=StatementPerson,
                                     related_name="case_statements", verbose_name=_("personer"))
    history = HistoricalRecords(m2m_fields=[persons])

    class Meta:
        verbose_name = _("yttrande")
        verbose_name_plural = _("yttranden")
        ordering = ["case", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.order})"


class StatementPoint(CaseContent):
    """A numbered point of a statement's own proposal ("1. Att … godkänns delvis")."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="points")
    number = models.PositiveSmallIntegerField(_("punkt"))
    text = models.TextField(_("text"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yrkandepunkt")
        verbose_name_plural = _("yrkandepunkter")
        ordering = ["statement", "number", "pk"]

    def _case_id_for_lock(self) -> int:
        return Statement.objects.filter(pk=self.statement_id).values_list("case_id", flat=True).first()

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class ProposedActivity(CaseContent):
    """An activity a statement proposes instead ("ska kommunstyrelsen arbeta särskilt med att: …")."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="proposed_activities")
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("föreslagen aktivitet")
        verbose_name_plural = _("föreslagna aktiviteter")
        ordering = ["statement", "order", "pk"]

    def _case_id_for_lock(self) -> int:
        return Statement.objects.filter(pk=self.statement_id).values_list("case_id", flat=True).first()

    def __str__(self) -> str:
        return self.text


class ProfitCentre(VersionedModel):
    """A resultatenhet: a part of the board's budget that carries its own surplus or deficit
    between years, approved for one budget ``year`` by ``decision`` (e.g. "Visningsenheten",
    KS 2024, KS 2023/1237 punkt 2)."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="profit_centres",
                             verbose_name=_("nämnd"))
    year = models.PositiveIntegerField(_("budgetår"))
    name = models.CharField(_("namn"), max_length=300)
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="profit_centres",
                                 verbose_name=_("beslut"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resultatenhet")
        verbose_name_plural = _("resultatenheter")
        ordering = ["-year", "unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "name"], name="unique_profit_centre")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class TurnoverChange(VersionedModel):
    """An omslutningsförändring: gross costs and gross revenues of the board's budget ``year``
    both change by ``amount_sek`` (Decimal kronor), net budget unchanged; decided centrally."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="turnover_changes",
                             verbose_name=_("nämnd"))
    year = models.PositiveIntegerField(_("budgetår"))
    amount_sek = models.DecimalField(_("belopp (kr)"), max_digits=18, decimal_places=2)
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="turnover_changes",
                                 verbose_name=_("beslut"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("omslutningsförändring")
        verbose_name_plural = _("omslutningsförändringar")
        ordering = ["-year", "unit__path"]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.amount_sek} kr"

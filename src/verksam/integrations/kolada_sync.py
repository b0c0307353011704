"""Kolada sync (Kolada-synk): fill the outcomes (utfall) of indicators bound to a Kolada KPI.

``sync_year(2024, acting_user=None)`` finds the indicators of the year's plans in the
municipality that have ``kolada_kpi`` set, fetches that year's figures for the municipality's
code (``Municipality.code``, e.g. "0180") with :class:`~verksam.integrations.kolada.KoladaClient`
and writes them as outcomes of the year's verksamhetsberättelse (period VB, per 31 December:
Kolada's figures are yearly). The outcome belongs to the indicator's responsible unit
(``Indicator.responsible_unit``). Units with their own ``kolada_ou_id`` (Kolada's
organisatoriska enheter, e.g. a school) that have an årsmål for the indicator get their own
figure from Kolada's ``oudata`` endpoint (``ou_units``).

Every write goes through :func:`verksam.followup.actions.enter_outcomes`, one indicator at a
time, so the outcome rules hold (permissions, locked periods, by sex, no-op saves):

- value = Kolada's total (gender T); when the indicator is by sex, value_women = K and
  value_men = M. For an additive indicator whose T differs from K + M, the total is kept with
  ``KOLADA_TOTAL_REASON``; when T is missing, the total is K + M (the by-sex rule).
- source = ``OutcomeSource.KOLADA``, fetched_at = when Kolada answered, source_note =
  ``credit_text(kpi, fetched_at)`` ("Källa: Kolada (N00090), hämtad 2024-05-02 14:05").
- An outcome whose stored Kolada figures already equal the fetched ones is left as it is — no
  write, no history row — and counted as unchanged; its ``fetched_at`` then still says when
  these figures were first fetched. A sync that changes nothing records nothing.
- An existing manual or imported outcome for the indicator is overwritten by Kolada's figures
  (the indicator is bound to Kolada); its earlier values stay in the history. Comment and
  forecast are not touched — except that an example outcome (``is_example``, the demo's)
  becomes real data: the flag is cleared and its demo comment removed.

Failure (DESIGN "Synced data"): a network failure raises ``KoladaError`` before anything is
written — nothing changes, not even periods or the system user. One bad record (a malformed
Kolada record, a KPI without a value, a write refused by a rule such as a locked period) is
reported as a ``SyncProblem`` naming the KPI and year; it does not stop the others and the
outcome's old values stay as they were.

The acting user: ``acting_user=None`` means the system user "kolada" (``SYSTEM_USERNAME``),
created when missing with an unusable password (nobody can log in as it) and the role
Redaktör (editor) on the municipality's top units — the least of the existing roles that
holds ``ENTER_OUTCOMES`` everywhere. It cannot correct closed or locked periods (that needs
``APPROVE_FOLLOWUP`` and a reason), so those are reported, not overwritten. An administrator
can see and remove its role like anyone else's; an existing "kolada" user is used as it is
(roles are only granted when the user is created).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verksam.core.errors import DomainError
from verksam.core.models import Role, RoleAssignment
from verksam.followup.actions import OutcomeInput, enter_outcomes, ensure_periods
from verksam.followup.models import Outcome, OutcomeSource, PeriodKind
from verksam.followup.rules.by_sex import BySexError, total_from_sexes
from verksam.integrations.kolada import KPI_ID_PATTERN, OU_ID_PATTERN, FetchResult, KoladaClient
from verksam.organisation.models import Municipality, Unit
from verksam.planning.models import Indicator, Target

SYSTEM_USERNAME = "kolada"
"""Username of the system identity that writes synced outcomes when no user is given."""

STORED_PLACES = Decimal("0.0001")
"""Outcome values are stored with four decimals (``Outcome.value``: max_digits 18)."""

LARGEST_STORED = Decimal(10) ** 14


def kolada_total_reason() -> str:
    """The total_reason stored when Kolada's total differs from kvinnor + män (additive only)."""
    return _("Totalen enligt Kolada; den skiljer sig från summan av kvinnor och män.")


def credit_text(kpi: str, fetched_at: dt.datetime) -> str:
    """The credit shown with a synced figure: "Källa: Kolada (N00090), hämtad 2024-05-02 14:05".

    ``fetched_at`` is an aware datetime, shown in local time (settings.TIME_ZONE). The one
    format used for ``Outcome.source_note`` and the template partial
    ``integrations/_kolada_source.html``.
    """
    when = timezone.localtime(fetched_at).strftime("%Y-%m-%d %H:%M")
    return _("Källa: Kolada (%(kpi)s), hämtad %(when)s") % {"kpi": kpi, "when": when}


@dataclass(frozen=True)
class SyncProblem:
    """One record that was not written: ``kpi`` ("N00090", or "?" when unknown), ``year`` and
    ``text``, a Swedish line beginning "Nyckeltal N00090, …" that says what was kept."""

    kpi: str
    year: int
    text: str


@dataclass
class SyncReport:
    """What ``sync_year`` did.

    ``created``/``changed``/``unchanged``: outcomes (one per indicator with a figure);
    ``problems``: ``SyncProblem`` list; ``indicators``: indicators with a KPI found;
    ``fetched_at``: when Kolada answered (None when nothing was fetched); ``source_urls``: the
    URLs requested; ``dry_run``: True when the changes were rolled back; ``units``: units with a
    Kolada enhets-id whose own figures were fetched (``ou_units``).
    """

    year: int
    municipality_code: str
    municipality_name: str
    indicators: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    problems: list[SyncProblem] = field(default_factory=list)
    fetched_at: dt.datetime | None = None
    source_urls: list[str] = field(default_factory=list)
    dry_run: bool = False
    units: int = 0

    def summary_lines(self) -> list[str]:
        """The Swedish lines the command prints, e.g.::

            Kolada 2024, Stockholms stad (0180): 2 indikatorer med nyckeltal.
            Utfall: 1 nya, 0 ändrade, 0 oförändrade, 1 problem.
            Nyckeltal N01951, kommun 0180, år 2024: … tidigare värden lämnas orörda.
            Källa: Kolada, hämtad 2025-03-01 10:15
        """
        lines = [ngettext("Kolada %(year)s, %(name)s (%(code)s): %(count)s indikator med nyckeltal.",
                          "Kolada %(year)s, %(name)s (%(code)s): %(count)s indikatorer med nyckeltal.",
                          self.indicators) % {
            "year": self.year, "name": self.municipality_name, "code": self.municipality_code,
            "count": self.indicators}]
        if self.units:
            lines.append(ngettext("%(n)s enhet med eget Kolada-id.", "%(n)s enheter med eget Kolada-id.",
                                  self.units) % {"n": self.units})
        lines.append(_("Utfall: %(created)s nya, %(changed)s ändrade, %(unchanged)s oförändrade, "
                       "%(problems)s problem.") % {
            "created": self.created, "changed": self.changed, "unchanged": self.unchanged,
            "problems": len(self.problems)})
        lines.extend(problem.text for problem in self.problems)
        if self.fetched_at is not None:
            lines.append(_("Källa: Kolada, hämtad %(when)s") % {
                "when": timezone.localtime(self.fetched_at).strftime("%Y-%m-%d %H:%M")})
        if self.dry_run:
            lines.append(_("Provkörning: inget sparades."))
        return lines


def system_user(municipality: Municipality):
    """The system user "kolada", created when missing (see the module docstring).

    A new user gets an unusable password and the role Redaktör on every top unit of
    ``municipality``; an existing one is returned unchanged.
    """
    users = get_user_model()
    user = users.objects.filter(username=SYSTEM_USERNAME).first()
    if user is not None:
        return user
    user = users(username=SYSTEM_USERNAME, first_name="Kolada", last_name=_("(systemanvändare)"))
    user.set_unusable_password()
    user.save()
    for unit in Unit.objects.filter(municipality=municipality, parent__isnull=True):
        RoleAssignment.objects.create(user=user, unit=unit, role=Role.EDITOR)
    return user


def sync_year(year: int, *, client: KoladaClient | None = None, acting_user,
              municipality: Municipality | str | None = None, dry_run: bool = False,
              progress=None) -> SyncReport:
    """Fill the VB outcomes of ``year`` for indicators bound to a Kolada KPI.

    ``year``: a plan year that has ended (31 December lies in the past). ``client``: a
    ``KoladaClient`` (default: the public API). ``acting_user``: the user the writes are
    recorded for, or None for the system user ``SYSTEM_USERNAME``. ``municipality``: a
    Municipality, its code ("0180") or None for the only one in the database. ``dry_run``:
    do everything, report it, then roll back. ``progress``: optional
    ``callable(done, total, message)`` (the background task's reporter), called after the
    fetch and after each written outcome. The command and the web page
    (``verksam.integrations.kolada_tasks``) both call this function.

    The responsible unit of each indicator gets the municipality's figure; each other unit with
    a ``kolada_ou_id`` that follows the indicator up (has an årsmål for it that year,
    ``ou_units``) gets its organisational unit's figure from ``oudata``.

    Returns a ``SyncReport``. Raises ``KoladaError`` (Swedish ``message``) when Kolada cannot be
    read — nothing is changed — and ``DomainError`` (Swedish) for a year that has not ended, an
    unknown or ambiguous municipality, or a municipality code Kolada does not accept.
    """
    check_year(year)
    municipality = find_municipality(municipality)
    progress = progress or (lambda *args, **kwargs: None)
    report = SyncReport(year=year, municipality_code=municipality.code,
                        municipality_name=municipality.name, dry_run=dry_run)
    indicators = list(
        Indicator.objects.filter(plan__year=year, plan__unit__municipality=municipality)
        .exclude(kolada_kpi="").select_related("plan", "responsible_unit")
        .order_by("kolada_kpi", "plan__unit__path", "sort_order", "pk")
    )
    report.indicators = len(indicators)
    bound = []
    for indicator in indicators:
        kpi = indicator.kolada_kpi.strip()
        if KPI_ID_PATTERN.fullmatch(kpi):
            bound.append((indicator, kpi))
        else:
            report.problems.append(_problem(kpi or "?", year, _(
                "%(indicator)s: ogiltigt nyckeltals-id; ett Kolada-id är en stor bokstav och fem "
                "siffror, t.ex. N00945. Utfallet lämnas orört.") % {"indicator": _name(indicator)}))
    if not bound:
        return report
    by_ou = ou_units(year, [indicator for indicator, _kpi in bound], report)

    client = client or KoladaClient()
    progress(0, None, _("Hämtar värden från Kolada …"))
    try:
        result = client.fetch_values(sorted({kpi for _i, kpi in bound}), [municipality.code], [year])
    except ValueError as exc:  # a municipality code Kolada does not accept
        raise DomainError(str(exc), field="municipality") from exc
    ou_result = None
    ou_kpis = sorted({kpi for indicator, kpi in bound if by_ou.get(indicator.pk)})
    if ou_kpis:
        ou_ids = sorted({unit.kolada_ou_id for units in by_ou.values() for unit in units})
        ou_result = client.fetch_ou_values(ou_kpis, ou_ids, [year])
    report.fetched_at = result.fetched_at if ou_result is None else ou_result.fetched_at
    report.source_urls = list(result.source_urls) + (list(ou_result.source_urls) if ou_result else [])
    kpis_with_problems = _record_problems(result, [kpi for _i, kpi in bound], year, report)
    figures = _figures(result, municipality.code, year)
    ou_problems, ou_figures = set(), {}
    if ou_result is not None:
        ou_problems = _record_problems(ou_result, ou_kpis, year, report)
        ou_figures = _ou_figures(ou_result, year)

    writes = [(indicator, indicator.responsible_unit, kpi, figures.get(kpi, {}), result,
               kpi in kpis_with_problems, None) for indicator, kpi in bound]
    for indicator, kpi in bound:
        for unit in by_ou.get(indicator.pk, []):
            writes.append((indicator, unit, kpi, ou_figures.get((kpi, unit.kolada_ou_id), {}), ou_result,
                           kpi in ou_problems, unit.kolada_ou_id))
    report.units = len({unit.pk for units in by_ou.values() for unit in units})
    total = len(writes)
    progress(0, total, _("Sparar utfall …"))
    with transaction.atomic():
        user = acting_user if acting_user is not None else system_user(municipality)
        period = next(p for p in ensure_periods(municipality, year, acting_user=user) if p.kind == PeriodKind.VB)
        stored = {
            (o.indicator_id, o.unit_id): o
            for o in Outcome.objects.filter(period=period, indicator__in=[i for i, _k in bound])
        }
        for done, (indicator, unit, kpi, genders, fetched, skipped, ou) in enumerate(writes, start=1):
            if not skipped:  # else the client already reported the malformed record
                _sync_one(indicator, unit, kpi, genders, period, stored, fetched, user, report, ou=ou)
            progress(done, total)
        if dry_run:
            transaction.set_rollback(True)
    return report


def ou_units(year: int, indicators: list, report: SyncReport | None = None) -> dict[int, list[Unit]]:
    """{indicator id: [units]}: the units with a ``kolada_ou_id`` that follow each indicator up
    in ``year`` — they have an årsmål (``Target``) for it that year — other than its responsible
    unit (which gets the municipality's figure), by unit path. A unit whose id is not a Kolada
    enhets-id ("V15E144001301") is left out and reported in ``report``."""
    by_indicator: dict[int, list[Unit]] = {}
    targets = (Target.objects.filter(year=year, indicator__in=indicators).exclude(unit__kolada_ou_id="")
               .select_related("unit", "indicator").order_by("unit__path", "pk"))
    for target in targets:
        unit, indicator = target.unit, target.indicator
        if unit.pk == indicator.responsible_unit_id or unit in by_indicator.get(indicator.pk, []):
            continue
        if not OU_ID_PATTERN.fullmatch(unit.kolada_ou_id.strip()):
            if report is not None:
                report.problems.append(_problem(indicator.kolada_kpi.strip(), year, _(
                    "%(unit)s: ogiltigt Kolada-enhets-id %(ou)s; ett enhets-id är versaler och siffror, "
                    "t.ex. V15E144001301. Utfallet lämnas orört.") % {"unit": unit.name, "ou": unit.kolada_ou_id}))
            continue
        by_indicator.setdefault(indicator.pk, []).append(unit)
    return by_indicator


def _sync_one(indicator, unit, kpi, genders, period, stored, result: FetchResult, user, report,
              *, ou: str | None = None) -> None:
    """Write the outcome of ``indicator`` for ``unit`` from ``genders`` ({"T": Decimal, …}) or
    report why not. ``ou``: the organisational unit id the figures are for (None: the
    municipality). An example outcome (demo data) that is overwritten becomes real data: its
    ``is_example`` flag and its demo comment are cleared."""
    year = period.year
    label = _name(indicator) if ou is None else f"{indicator.name} ({unit.name})"
    try:
        values = _values(indicator, genders)
    except DomainError as err:
        report.problems.append(_problem(kpi, year, f"{label}: {err.message} " + _(
            "Tidigare värden lämnas orörda.")))
        return
    if values is None:
        where = (_("kommun %(code)s") % {"code": report.municipality_code} if ou is None
                 else _("enhet %(ou)s") % {"ou": ou})
        report.problems.append(_problem(kpi, year, _(
            "%(indicator)s: Kolada har inget värde för %(where)s. Utfallet lämnas orört.") % {
            "indicator": label, "where": where}))
        return
    outcome = stored.get((indicator.pk, unit.pk))
    if outcome is not None and _same(outcome, values, period.as_of):
        report.unchanged += 1
        return
    values["source_note"] = credit_text(kpi, result.fetched_at)
    if outcome is not None and outcome.is_example:
        values["comment"] = ""
    entry = OutcomeInput(indicator, unit, period, values, as_of=period.as_of,
                         source=OutcomeSource.KOLADA, fetched_at=result.fetched_at, is_example=False)
    try:
        counts = enter_outcomes([entry], acting_user=user)
    except DomainError as err:
        report.problems.append(_problem(kpi, year, f"{label}: {err.message} " + _(
            "Tidigare värden lämnas orörda.")))
        return
    report.created += counts.created
    report.changed += counts.changed
    report.unchanged += counts.unchanged


def _values(indicator, genders: dict) -> dict | None:
    """The outcome fields to write from Kolada's T/K/M, or None when Kolada has no value."""
    total = _stored_value(genders.get("T"))
    if not indicator.by_sex:
        return None if total is None else {"value": total}
    women, men = _stored_value(genders.get("K")), _stored_value(genders.get("M"))
    if total is None and women is None and men is None:
        return None
    values = {"value": total, "value_women": women, "value_men": men, "total_reason": ""}
    if indicator.additive:
        try:
            values["value"] = total_from_sexes(total, women, men)
        except BySexError:
            values["total_reason"] = kolada_total_reason()
    return values


def _stored_value(value: Decimal | None) -> Decimal | None:
    """``value`` rounded to the four decimals an outcome stores; too large → ``DomainError``."""
    if value is None:
        return None
    if abs(value) >= LARGEST_STORED:
        raise DomainError(_("Värdet %(value)s är för stort för ett utfall.") % {"value": value}, field="value")
    return value.quantize(STORED_PLACES)


def _same(outcome: Outcome, values: dict, as_of: dt.date) -> bool:
    """True when ``outcome`` already holds these Kolada figures for this date."""
    return (outcome.source == OutcomeSource.KOLADA and outcome.as_of == as_of and not outcome.is_example
            and all(getattr(outcome, name) == value for name, value in values.items()))


def _figures(result: FetchResult, code: str, year: int) -> dict[str, dict[str, Decimal | None]]:
    """{kpi: {gender: value}} for ``code`` and ``year``; records for others are ignored."""
    figures: dict[str, dict[str, Decimal | None]] = {}
    for value in result.values:
        if value.municipality == code and value.year == year:
            figures.setdefault(value.kpi, {})[value.gender] = value.value
    return figures


def _ou_figures(result: FetchResult, year: int) -> dict[tuple[str, str], dict[str, Decimal | None]]:
    """{(kpi, ou id): {gender: value}} for ``year`` from an ``oudata`` answer."""
    figures: dict[tuple[str, str], dict[str, Decimal | None]] = {}
    for value in result.values:
        if value.ou and value.year == year:
            figures.setdefault((value.kpi, value.ou), {})[value.gender] = value.value
    return figures


def _record_problems(result: FetchResult, kpis: list[str], year: int, report: SyncReport) -> set[str]:
    """Add the client's problem lines to ``report``; return the KPIs they name."""
    named = set()
    for text in result.problems:
        kpi = next((k for k in kpis if k in text), "?")
        named.add(kpi)
        report.problems.append(SyncProblem(kpi=kpi, year=year, text=text))
    return named


def _problem(kpi: str, year: int, message: str) -> SyncProblem:
    """A SyncProblem whose text starts "Nyckeltal N00090, år 2024: "."""
    return SyncProblem(kpi=kpi, year=year, text=_("Nyckeltal %(kpi)s, år %(year)s: %(message)s") % {
        "kpi": kpi, "year": year, "message": message})


def _name(indicator) -> str:
    """"Sjukfrånvaro (Kommunstyrelsen)": the indicator and its responsible unit."""
    return f"{indicator.name} ({indicator.responsible_unit.name})"


def check_year(year) -> None:
    """Refuse a year that is not an int or has not ended (Kolada's figures are yearly) with
    ``DomainError`` (field "year")."""
    if isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 9999:
        raise DomainError(_("Ogiltigt år %(year)s: ange årtal med fyra siffror, t.ex. 2024.") % {
            "year": year}, field="year")
    if dt.date(year, 12, 31) >= timezone.localdate():
        raise DomainError(_("År %(year)s är inte slut. Kolada redovisar årsvärden per 31 december; "
                            "hämta dem när året är slut.") % {"year": year}, field="year")


def find_municipality(municipality) -> Municipality:
    """The Municipality for an instance, a code or None (the only one); else ``DomainError``."""
    if isinstance(municipality, Municipality):
        return municipality
    if municipality:
        found = Municipality.objects.filter(code=municipality).first()
        if found is None:
            raise DomainError(_("Ingen kommun med kod %(code)s finns i databasen.") % {
                "code": municipality}, field="municipality")
        return found
    found = list(Municipality.objects.order_by("pk")[:2])
    if not found:
        raise DomainError(_("Ingen kommun finns i databasen. Kör först ”verksam demo” eller lägg upp "
                            "kommunen i administrationen."), field="municipality")
    if len(found) > 1:
        raise DomainError(_("Databasen har flera kommuner: ange kommunkoden, t.ex. --municipality 0180."),
                          field="municipality")
    return found[0]

"""Error responses of the API (felsvar): Swedish ``{"detail": …}`` bodies for 404 and 422.

django-ninja's own handlers answer in English with a list of pydantic errors; these replace
them so that a consumer gets one Swedish sentence naming each bad parameter, e.g.
``{"detail": "Parametern ”year” måste vara minst 2000 (angivet: ”1800”)."}``.
Bad parameters never reach the database, so they never give 500.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError

MAX_ECHO = 40  # characters of a bad value repeated back in the message


SOURCES = ("query", "path", "body", "header", "cookie", "form")


def _parameter_name(loc) -> str:
    """The parameter a pydantic error location points at: ("query", "year") → "year"."""
    names = [str(part) for part in loc if part not in SOURCES]
    return ".".join(names) or "?"


def _given_value(request: HttpRequest, loc):
    """The raw value the caller sent for the parameter at ``loc`` (ninja drops it from errors)."""
    if len(loc) != 2:
        return None
    source, name = loc
    if source == "query":
        return request.GET.get(name)
    if source == "path" and request.resolver_match is not None:
        return request.resolver_match.kwargs.get(name)
    return None


def _echo(value) -> str:
    text = str(value)
    return text if len(text) <= MAX_ECHO else text[:MAX_ECHO] + "…"


def validation_message(error: dict, given_value=None) -> str:
    """One Swedish sentence for one ninja/pydantic error dict (``type``, ``loc``, ``ctx``);
    ``given_value`` is the raw value sent, repeated (shortened) in the message."""
    name = _parameter_name(error.get("loc", ()))
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("Parametern ”%(name)s” saknas.") % {"name": name}
    given = {"name": name, "value": _echo("" if given_value is None else given_value)}
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Parametern ”%(name)s” måste vara ett heltal (angivet: ”%(value)s”).") % given
    if kind == "greater_than_equal":
        return _("Parametern ”%(name)s” måste vara minst %(limit)s (angivet: ”%(value)s”).") % {
            **given, "limit": ctx.get("ge")}
    if kind == "less_than_equal":
        return _("Parametern ”%(name)s” får vara högst %(limit)s (angivet: ”%(value)s”).") % {
            **given, "limit": ctx.get("le")}
    return _("Parametern ”%(name)s” har ett ogiltigt värde (angivet: ”%(value)s”).") % given


def _validation_error(request: HttpRequest, exc: ValidationError, api: NinjaAPI) -> HttpResponse:
    messages = list(dict.fromkeys(
        validation_message(e, _given_value(request, tuple(e.get("loc", ())))) for e in exc.errors))
    return api.create_response(request, {"detail": " ".join(messages)}, status=422)


class NotFoundError(Http404):
    """An object that does not exist or that the caller may not see (one message for both, so
    drafts are not revealed). ``message``: Swedish, shown as ``detail`` with status 404."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


def _not_found(request: HttpRequest, exc: Http404, api: NinjaAPI) -> HttpResponse:
    message = exc.message if isinstance(exc, NotFoundError) else _("Hittades inte.")
    return api.create_response(request, {"detail": message}, status=404)


def install(api: NinjaAPI) -> None:
    """Replace ninja's 404 and 422 handlers on ``api`` with the Swedish ones of this module.

    Routers raise ``NotFoundError(<Swedish message>)``; any other ``Http404`` (whose Django
    message is English) is answered with the generic "Hittades inte."
    """
    api.add_exception_handler(ValidationError, lambda request, exc: _validation_error(request, exc, api))
    api.add_exception_handler(Http404, lambda request, exc: _not_found(request, exc, api))

"""Language selection: Swedish unless the user has chosen another language.

Django's LocaleMiddleware follows the browser's Accept-Language header, which would show an
English UI to every visitor whose browser prefers English. Verksam's UI is Swedish by default
(DESIGN: "Swedish UI by default, English by gettext"): only an explicit choice — the language
cookie set by the language form (``/i18n/setlang/``) — switches it.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware:
    """Activate the language from the language cookie, else ``settings.LANGUAGE_CODE``."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response

"""Portal test settings: a fast password hasher (the demo creates six users per load), and the
active language restored after each test (a request in English leaves English active in the
thread, which other tests' gettext calls would then see)."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def restore_language():
    yield
    translation.deactivate()

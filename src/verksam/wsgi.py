"""WSGI entry point: ``verksam.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verksam.settings")
application = get_wsgi_application()

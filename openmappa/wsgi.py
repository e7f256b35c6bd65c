"""WSGI entry point, used by gunicorn in production."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openmappa.settings")
application = get_wsgi_application()
# Load every route and view now, not on a worker's first request: that request may be the
# load balancer's /healthz, which must answer within its deadline.
get_resolver().url_patterns  # noqa: B018 - imported for the side effect of loading

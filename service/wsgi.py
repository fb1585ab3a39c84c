"""The WSGI entry point: ``gkg serve`` runs it under granian (any WSGI server can:
``gunicorn service.wsgi:app``).

Configured by the environment (GKG_STORE, GKG_QUERY_TIMEOUT, GKG_BACKEND_URL, ...;
see :data:`service.settings.ENVIRONMENT`); ``gkg serve`` sets these.
The request limits (:mod:`service.web.request_limits`) and the access log
(:mod:`service.web.access_log`) wrap the app here, so they hold under any server.
The backend is made at import and starts its query processes in the background
(``/readyz`` answers 503 until they are up), so queries do not wait for them.
"""

from __future__ import annotations

from service.app import create_app
from service.logs import configure_logging
from service.store.backends import get_backend
from service.web.access_log import AccessLog
from service.web.request_limits import RequestLimits

configure_logging()
app = create_app()
app.wsgi_app = AccessLog(RequestLimits(app.wsgi_app))  # type: ignore[method-assign]
with app.app_context():
    backend = get_backend()
    if hasattr(backend, "warm_up"):
        backend.warm_up()

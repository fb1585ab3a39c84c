"""The WSGI entry point: ``gunicorn service.wsgi:app``.

Configured by the environment (GKG_STORE, GKG_QUERY_TIMEOUT, GKG_BACKEND_URL, ...;
see :data:`service.settings.ENVIRONMENT`); ``gkg serve`` sets these and runs gunicorn.
The backend is made (and its first query process started) at import, so the
first query does not wait for it.
"""

from __future__ import annotations

from service.app import create_app
from service.logs import configure_logging
from service.store.backends import get_backend

configure_logging()
app = create_app()
with app.app_context():
    backend = get_backend()
    if hasattr(backend, "warm_up"):
        backend.warm_up()

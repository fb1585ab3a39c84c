"""The WSGI entry point: ``gunicorn service.wsgi:app``.

Configured by the environment (GKG_STORE, GKG_QUERY_TIMEOUT, GKG_BACKEND_URL, ...;
see :data:`service.settings.ENVIRONMENT`); ``gkg serve`` sets these and runs gunicorn.
The backend is made at import and starts its query processes in the background
(``/readyz`` answers 503 until they are up), so queries do not wait for them.
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

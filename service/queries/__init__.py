"""Named queries: the `queries/*.rq` library, parameter binding and the API."""

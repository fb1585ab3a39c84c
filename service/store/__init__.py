"""The store: immutable releases on disk, their named graphs, and the backends that answer queries
from a local release or an external SPARQL 1.1 store.
"""

"""The SPARQL 1.1 Protocol endpoint: checks, limits, negotiation."""

"""RDF building: records -> triples, one module per subject."""

"""The SHACL gate: a build's graph is validated here before it may be published."""

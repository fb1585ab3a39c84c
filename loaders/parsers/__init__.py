"""Parsers: source text -> plain typed records with their line spans."""

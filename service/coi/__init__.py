"""The conflict-of-interest network: built through SPARQL, analysed, exported, served."""

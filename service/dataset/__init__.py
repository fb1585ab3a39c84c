"""The dataset's VoID/DCAT description and its dumps."""

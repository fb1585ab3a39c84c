"""The HTML pages: home, resources, modules, source viewer, editor, reports."""

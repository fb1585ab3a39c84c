"""The one error a loader raises for bad input: what is wrong, and where."""

from __future__ import annotations


class SourceError(Exception):
    """Bad input: names the file and line, and says what is wrong in one paragraph."""

    def __init__(self, path: str, line: int, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}, line {line}" if line else path
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple:  # crosses process boundaries (parallel parsing) intact
        return (type(self), (self.path, self.line, self.message))

"""Build progress reporting (no MkDocs imports).

A build (core/pipeline.py `Build.progress`) reports its phases and page counts to a `Progress`; the CLI
gives it a `TerminalProgress` when stderr is a terminal and CI is not set, otherwise nothing is printed
(CI logs stay quiet).
"""

from __future__ import annotations

import sys
from typing import TextIO


class Progress:
    """Silent reporter (the default)."""

    def phase(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass


class TerminalProgress(Progress):
    """One self-overwriting status line: phase, count and total."""

    def __init__(self, stream: TextIO = sys.stderr):
        self.stream = stream
        self.name = ""
        self.total: int | None = None
        self.count = 0

    def phase(self, name: str, total: int | None = None) -> None:
        if self.name:
            self._draw(final=True)
        self.name, self.total, self.count = name, total, 0
        self._draw()

    def advance(self, n: int = 1) -> None:
        self.count += n
        if self.count % 50 == 0 or self.count == self.total:
            self._draw()

    def finish(self) -> None:
        if self.name:
            self._draw(final=True)
        self.name = ""

    def _draw(self, final: bool = False) -> None:
        count = f" {self.count}/{self.total}" if self.total else (f" {self.count}" if self.count else "")
        self.stream.write(f"\r\033[K[gongkai] {self.name}{count}" + ("\n" if final else ""))
        self.stream.flush()

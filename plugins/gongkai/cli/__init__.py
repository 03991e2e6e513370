"""The `gongkai` command (click): thin commands over the pipeline, the engine and the core.

A command parses its options, calls one library function and prints the result (the sqlite-utils style).
Heavy imports stay inside the command bodies, so `gongkai --help` starts fast. Each command family lives in
its own module and registers itself on the group of common.py, with the helpers every command shares.
"""

from __future__ import annotations

from . import build, catalog, check, kiosk, new, nianbao, report  # each registers its commands on `cli`
from .common import cli

__all__ = ["build", "catalog", "check", "cli", "kiosk", "main", "new", "nianbao", "report"]


def main():
    cli(prog_name="gongkai")

"""The console of a build: MkDocs' logger tree, shown in Chinese, with every warning counted.

gongkai build fails on any warning, whatever the console shows (`-q` hides them, the count stays), so the
counter sits on the `mkdocs` logger itself; the pipeline's own log (core.pipeline.Build.log) is the plugin's
logger, inside that tree.
"""

from __future__ import annotations

import logging
import sys


class WarningCounter(logging.Handler):
    """Counts WARNING and worse from the mkdocs logger tree whatever the console verbosity (strict gate)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


class ConsoleHandler(logging.StreamHandler):
    LABELS = {logging.WARNING: "警告", logging.ERROR: "错误", logging.CRITICAL: "错误"}

    def format(self, record):
        label = self.LABELS.get(record.levelno)
        message = record.getMessage()
        return f"{label}：{message}" if label else message


def setup_logging(verbose: bool, quiet: bool, stream=None) -> WarningCounter:
    """Route MkDocs' (and so the plugin's) log to `stream` (stderr) and return the warning counter."""
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)  # never raised: warnings must reach the counter
    logger.propagate = False
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    console = ConsoleHandler(stream or sys.stderr)
    console.setLevel(logging.DEBUG if verbose else (logging.ERROR if quiet else logging.WARNING))
    counter = WarningCounter()
    logger.addHandler(console)
    logger.addHandler(counter)
    return counter


def log_error(message: str) -> None:
    """Show a failed build's reason on the console, as MkDocs shows a plugin's error."""
    logging.getLogger("mkdocs").error(message)

"""The console of a build: MkDocs' logger tree, shown in Chinese, with every warning counted.

gongkai build fails on any warning, whatever the console shows (`-q` hides them, the count stays), so the
counter sits on the `mkdocs` logger itself; the pipeline's own log (core.pipeline.Build.log) is the plugin's
logger, inside that tree.
"""

from __future__ import annotations

import logging
import re
import sys


class WarningCounter(logging.Handler):
    """Counts WARNING and worse from the mkdocs logger tree whatever the console verbosity (strict gate)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


# a message that is already a report of problem lines ("path:line: 错误 CODE …") carries its own labels
_LABELLED_RE = re.compile(r"^\S[^\n]*?: (?:错误|警告|提示) [A-Z]")
# MkDocs' own lines on the console of `gongkai serve` and `gongkai build -v`
MKDOCS_MESSAGES = [
    (re.compile(r"^Building documentation\.\.\.$"), "正在生成网站……"),
    (re.compile(r"^Documentation built in ([\d.]+) seconds$"), r"网站已生成，用时 \1 秒"),
    (re.compile(r"^Serving on (\S+)$"), r"预览地址：\1"),
    (re.compile(r"^Reloading browsers$"), "已刷新浏览器"),
    (re.compile(r"^Detected file changes$"), "检测到文件修改，重新生成"),
    (re.compile(r"^Shutting down\.\.\.$"), "正在停止预览……"),
    (re.compile(r"^Start watching changes$"), "开始监视文件修改"),
    (re.compile(r"^Start detecting changes$"), "开始检测文件修改"),
    (re.compile(r"^Watching paths for changes: (.*)$"), r"监视这些目录的修改：\1"),
    (re.compile(r"^Cleaning site directory$"), "正在清空网站目录"),
    (re.compile(r"^Building documentation to directory: (.*)$"), r"生成网站到目录：\1"),
    (
        re.compile(r"^An error happened during the rebuild\..*$"),
        "重新生成失败（原因见上方）：改正后保存文件即可重新生成，在此之前浏览器显示的是上一次的结果",
    ),
]


def chinese(message: str) -> str:
    """MkDocs' own console line in Chinese (unknown lines are shown as they are)."""
    for pattern, text in MKDOCS_MESSAGES:
        if pattern.match(message):
            return pattern.sub(text, message)
    return message


class ConsoleHandler(logging.StreamHandler):
    LABELS = {logging.WARNING: "警告", logging.ERROR: "错误", logging.CRITICAL: "错误"}

    def format(self, record):
        label = self.LABELS.get(record.levelno)
        message = chinese(record.getMessage())
        return f"{label}：{message}" if label and not _LABELLED_RE.match(message) else message


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

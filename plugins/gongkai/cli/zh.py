"""click's own messages in Chinese, and how every command shows an error (no English, no doubled 错误：).

click marks each of its messages with the standard library's gettext (``_("Missing option")``) so that an
application can translate them. The standard gettext picks a catalog by the user's locale environment, which
on a county office's PC or a CI runner is often ``C``; gongkai's staff read Chinese whatever the locale, so
`install()` points click's message functions at the table below instead. It replaces only functions that are
the standard library's own, so a future click that drops gettext is left alone (and the CLI test, which runs
every command with a bad option, then fails loudly).

`ChineseGroup` is the click group of the ``gongkai`` command: it shows a usage error as 用法 / 帮助 / 错误 lines,
a failure whose message is already a report of problem lines (`Failure`) as it is; click itself shows an abort,
as 已中止。
"""

from __future__ import annotations

import gettext
import re

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types
import click.utils

MESSAGES = {
    "Aborted!": "已中止。",
    "Missing command.": "缺少命令。",
    "Options": "选项",
    "Positional arguments": "参数",
    "Commands": "命令",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": (
        "提示：命令 {name!r} 已停用。{extra_message}"
    ),
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": (
        "提示：{param_type} {name!r} 已停用。{extra_message}"
    ),
    "Value must be an iterable.": "应为一组值。",
    "env var: {var}": "环境变量：{var}",
    "default: {default}": "默认：{default}",
    "(dynamic)": "（动态）",
    "Do you want to continue?": "是否继续？",
    "Confirm the action without prompting.": "不询问，直接确认。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Show the version and exit.": "显示版本号并退出。",
    "Show this message and exit.": "显示本帮助并退出。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "unknown error": "未知错误",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Usage:": "用法：",
    "Invalid start character for option ({option})": "选项的开头字符无效（{option}）",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Press any key to continue...": "按任意键继续……",
    "Repeat for confirmation": "请再输入一次以确认",
    "Error: The two entered values do not match.": "错误：两次输入的值不一致。",
    "Error: invalid input": "错误：输入无效",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "{value} is not in the range {range}.": "{value} 不在 {range} 的范围内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是“是”或“否”。可写：{states}",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value!r} is not a valid UUID.": "{value!r} 不是有效的 UUID。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，应为目录。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录，应为文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 无法读取。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 无法写入。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不能执行。",
    "required": "必填",
    "{editor}: Editing failed": "{editor}：编辑失败",
    "{editor}: Editing failed: {e}": "{editor}：编辑失败：{e}",
}
PLURALS = {
    "Got unexpected extra argument ({args})": ("多余的参数：{args}", "多余的参数：{args}"),
    "Takes {nargs} values but 1 was given.": ("需要 {nargs} 个值，只给了 1 个。", "需要 {nargs} 个值，给了 {len} 个。"),
    "Did you mean {possibility}?": ("是否应为 {possibility}？", "（是否应为以下之一：{possibilities}？）"),
    "Option {name!r} requires an argument.": (
        "选项 {name!r} 后面要写一个值。",
        "选项 {name!r} 后面要写 {nargs} 个值。",
    ),
    "{value!r} is not {choice}.": ("{value!r} 不是 {choice}。", "{value!r} 不是以下之一：{choices}。"),
    "{value!r} does not match the format {format}.": (
        "{value!r} 不符合格式 {format}。",
        "{value!r} 不符合格式 {formats}。",
    ),
    "{len_type} values are required, but {len_value} was given.": (
        "需要 {len_type} 个值，给了 {len_value} 个。",
        "需要 {len_type} 个值，给了 {len_value} 个。",
    ),
}
# English words click fills into its messages (a parameter's kind, a type's name)
WORDS = {
    "option": "选项",
    "argument": "参数",
    "parameter": "参数",
    "integer": "整数",
    "integer range": "整数",
    "float": "数字",
    "float range": "数字",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "text": "文字",
}
_FILLED = ("param_type", "number_type", "name")
# the metavars click derives from a type's name (-d, --domain TEXT)
METAVARS = {"TEXT": "文字", "INTEGER RANGE": "整数", "INTEGER": "整数", "FLOAT": "数字", "BOOLEAN": "是/否"}
_METAVAR_RE = re.compile(r"\b(" + "|".join(METAVARS) + r")\b")


class _Template(str):
    """A translated message whose English fill-ins (option, integer …) are translated when it is formatted."""

    def format(self, *args, **kwargs):
        kwargs = {k: WORDS.get(v, v) if k in _FILLED and isinstance(v, str) else v for k, v in kwargs.items()}
        return str.format(self, *args, **kwargs)


def translate(message: str) -> str:
    return _Template(MESSAGES.get(message, message))


def translate_plural(singular: str, plural: str, n: int) -> str:
    forms = PLURALS.get(singular)
    if forms is None:
        return singular if n == 1 else plural
    return _Template(forms[0] if n == 1 else forms[1])


def install() -> None:
    """Point click's message functions at the Chinese table (only where they are the standard gettext)."""
    for module in (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.termui,
        click.types,
        click.utils,
    ):
        if getattr(module, "_", None) is gettext.gettext:
            module._ = translate
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = translate_plural


class Failure(click.ClickException):
    """A failure whose message is already a full report (problem lines that carry their own 错误 label, or a
    headline and those lines): shown as it is, without a second 错误： in front."""

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True)


def sentence(text: str) -> str:
    """click ends a few messages with an English full stop ("缺少选项 '--output'."): make it Chinese."""
    return text[:-1] + "。" if text.endswith(".") and not text.endswith("..") else text


def show(exc: click.ClickException) -> None:
    """An error as staff read it: for a usage error the usage line and where help is, then 错误：…"""
    if isinstance(exc, Failure):
        exc.show()
        return
    if isinstance(exc, click.UsageError) and exc.ctx is not None:
        ctx = exc.ctx
        click.echo(ctx.get_usage(), err=True)
        help_option = next(iter(ctx.help_option_names), "--help") if ctx.command.get_help_option(ctx) else None
        if help_option:
            hint = translate("Try '{command} {option}' for help.")
            click.echo(hint.format(command=ctx.command_path, option=help_option), err=True)
        click.echo("", err=True)
    click.echo(translate("Error: {message}").format(message=sentence(exc.format_message())), err=True)


class _Shown(click.ClickException):
    """click's own error (or a command's), carried to click's top level to be shown in Chinese by `show`."""

    def __init__(self, original: click.ClickException):
        super().__init__(original.format_message())
        self.original = original
        self.exit_code = original.exit_code

    def show(self, file=None) -> None:
        show(self.original)


class ChineseFormatter(click.HelpFormatter):
    """Help text with Chinese punctuation: 用法：gongkai …, 选项：, 命令："""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, translate("Usage:") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


class ChineseContext(click.Context):
    formatter_class = ChineseFormatter


def _chinese_records(command: click.Command, ctx: click.Context) -> list[tuple[str, str]]:
    records = []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is not None:
            records.append((_METAVAR_RE.sub(lambda m: METAVARS[m.group(1)], record[0]), record[1]))
    return records


class ChineseCommand(click.Command):
    """A command whose usage line and option list read in Chinese ([选项], -d, --domain 文字)."""

    context_class = ChineseContext

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)

    def format_options(self, ctx, formatter) -> None:
        records = _chinese_records(self, ctx)
        if records:
            with formatter.section(translate("Options")):
                formatter.write_dl(records)


class ChineseGroup(click.Group):
    """The ``gongkai`` group: every error of a command or of click's parsing is shown by `show` (Chinese, one
    错误：, usage and where help is for a usage error); exit codes and click's own flow are unchanged. Its
    commands and sub-groups are Chinese too (command_class, group_class)."""

    context_class = ChineseContext
    command_class = ChineseCommand
    group_class = type  # a sub-group (gongkai catalog …) is a ChineseGroup

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def format_options(self, ctx, formatter) -> None:
        records = _chinese_records(self, ctx)
        if records:
            with formatter.section(translate("Options")):
                formatter.write_dl(records)
        self.format_commands(ctx, formatter)

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as exc:
            raise exc if isinstance(exc, _Shown) else _Shown(exc) from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            raise exc if isinstance(exc, _Shown) else _Shown(exc) from None

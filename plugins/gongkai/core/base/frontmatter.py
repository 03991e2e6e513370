"""Strict reader for Markdown files with YAML front matter (no MkDocs imports).

MkDocs' own reader swallows YAML errors and publishes the raw block as page text.
This reader never does: every file either yields a mapping
of *strings* (the schema types them later) or a list of Problems naming the
line and the fix.

What it guards against:
* encodings other than UTF-8 (a UTF-8 BOM is accepted);
* missing or full-width delimiters;
* YAML 1.1 implicit typing (``no``, ``010``, ``1.10``, ``12:30``, dates): no
  implicit resolvers, so every scalar stays the text the author typed;
* duplicate keys, full-width colons and quotes in keys, `` #`` truncation,
  tabs, unquoted ``: `` inside values;
* anchors, aliases and tags: a disclosure item never needs them, and nested
  aliases expand exponentially (nine levels of ``&a``/``*a`` took minutes and
  gigabytes), so they are refused from the token stream, before anything is built;
* files and front matter beyond the limits of core/base/limits.py.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import yaml

from . import memo
from .limits import DATA_FILE_MAX_BYTES, FRONT_MATTER_MAX_BYTES, MARKDOWN_MAX_BYTES, read_limited, too_large
from .problems import Problem

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Composes nodes only; with no implicit resolvers every plain scalar is a str."""

    yaml_implicit_resolvers: dict = {}


_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"

_FULLWIDTH_DELIMITER = re.compile(r"^\s*[－—―─-]{3,}\s*$")
_FULLWIDTH_COLON_KEY = re.compile(r"^(\s*)([^\s:：#'\"-][^:：#]*?)\s*：")
_FULLWIDTH_QUOTES = "“”‘’「」『』＂＇"
_PLAIN_VALUE_WITH_HASH = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w-]*\s*:\s+([^'\"\s\[{|>].*?)\s+#")


@dataclasses.dataclass
class FrontMatter:
    data: dict[str, Any]  # values are str, list or dict (nested), never typed
    lines: dict[str, int]  # dotted key path (e.g. "attachments[0].file") -> 1-based file line
    body: str  # the Markdown after the closing delimiter
    body_line: int  # file line where the body starts
    # False: the YAML block could not be read (its problems are reported), `data` is empty; the body and the raw
    # block are still known, so links, scripts and personal information are checked all the same
    complete: bool = True
    raw_yaml: str = ""  # the block as written (only kept when it could not be read)
    yaml_line: int = 2  # file line of its first line


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Decode file bytes as UTF-8 (BOM allowed), naming the encoding when it is something else."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            Problem(
                path,
                1,
                "ENC-UTF16",
                "文件是 UTF-16 编码（常见于 Windows 记事本“Unicode”或 PowerShell 重定向）",
                "用编辑器另存为“UTF-8”编码后再提交",
            )
        ]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return None, [
            Problem(
                path,
                line,
                "ENC-NUL",
                "文件中含有空字符（NUL），不是纯文本",
                "删除该字符，或从原稿重新复制文本并保存为 UTF-8",
            )
        ]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
            what = "文件似乎是 GBK/GB18030 编码（常见于 Windows 记事本、WPS 的默认保存）"
        except UnicodeDecodeError:
            what = "文件不是有效的 UTF-8 文本"
        return None, [
            Problem(
                path,
                line,
                "ENC-NOT-UTF8",
                f"{what}，第 {line} 行起无法按 UTF-8 读取",
                "用编辑器“另存为”并选择 UTF-8 编码后再提交",
            )
        ]


def split(text: str, path: str) -> tuple[str | None, int, str, int, list[Problem]]:
    """Split text into (yaml_text, yaml_first_line, body, body_line, problems)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    first = lines[0] if lines else ""
    if first.strip() != "---":
        leading = next((i for i, line in enumerate(lines) if line.strip()), 0)
        if leading and lines[leading].strip() == "---":
            return (
                None,
                0,
                text,
                1,
                [
                    Problem(
                        path,
                        leading + 1,
                        "FM-DELIM-NOT-FIRST",
                        f"分隔线 --- 前面有 {leading} 个空行，前置元数据必须从第 1 行开始",
                        "删除第一行 --- 之前的空行",
                    )
                ],
            )
        if _FULLWIDTH_DELIMITER.match(first) and first.strip() != "---":
            return (
                None,
                0,
                text,
                1,
                [
                    Problem(
                        path,
                        1,
                        "FM-DELIM-FULLWIDTH",
                        f"第 1 行“{first.strip()}”不是前置元数据分隔线",
                        "改为三个半角减号 ---（不要用全角“－”或破折号）",
                    )
                ],
            )
        return (
            None,
            0,
            text,
            1,
            [
                Problem(
                    path,
                    1,
                    "FM-MISSING",
                    "文件开头没有前置元数据（front matter）",
                    "在第 1 行写 ---，接着写 title、index_no 等字段，再用一行 --- 结束",
                )
            ],
        )
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]) + "\n", 2, "\n".join(lines[i + 1 :]), i + 2, []
        if _FULLWIDTH_DELIMITER.match(lines[i]) and lines[i].strip() != "---":
            return (
                None,
                0,
                text,
                1,
                [
                    Problem(
                        path,
                        i + 1,
                        "FM-DELIM-FULLWIDTH",
                        f"第 {i + 1} 行“{lines[i].strip()}”不是前置元数据分隔线",
                        "改为三个半角减号 ---（不要用全角“－”或破折号）",
                    )
                ],
            )
    return (
        None,
        0,
        text,
        1,
        [Problem(path, 1, "FM-UNCLOSED", "前置元数据没有结束分隔线", "在最后一个字段之后加一行 ---，再写正文")],
    )


def _lint_lines(yaml_text: str, first_line: int, path: str) -> list[Problem]:
    """Line checks for mistakes YAML would accept silently or report confusingly.

    Only key lines are checked (top level or the first key of a list item); the
    content of block scalars (``key: |``) is skipped.
    """
    problems = []
    block_indent: int | None = None  # indentation of the key that opened a block scalar
    for offset, line in enumerate(yaml_text.split("\n")):
        lineno = first_line + offset
        stripped = line.lstrip(" \t")
        indent = len(line) - len(stripped)
        if not stripped or stripped.startswith("#"):
            continue
        if block_indent is not None:
            if indent > block_indent:
                continue
            block_indent = None
        if "\t" in line[:indent]:
            problems.append(
                Problem(path, lineno, "FM-TAB", "行首用了制表符（Tab）缩进", "改用空格缩进（每级两个空格）")
            )
            continue
        key_line = stripped[2:] if stripped.startswith("- ") else stripped
        if indent == 0 or stripped.startswith("- "):
            m = _FULLWIDTH_COLON_KEY.match(key_line)
            if m and ":" not in key_line[: m.end()]:
                key = m.group(2).strip()
                problems.append(
                    Problem(
                        path,
                        lineno,
                        "FM-FULLWIDTH-COLON",
                        f"字段名“{key}”后面用了全角冒号“：”，整行会被当成文本",
                        f"改为半角冒号加空格：{key}: …",
                        field=key,
                    )
                )
                continue
            key_part = key_line.split(":", 1)[0] if ":" in key_line else ""
            if key_part and any(q in key_part for q in _FULLWIDTH_QUOTES):
                bare = key_part.strip().strip(_FULLWIDTH_QUOTES + " ")
                problems.append(
                    Problem(
                        path,
                        lineno,
                        "FM-FULLWIDTH-QUOTE",
                        f"字段名 {key_part.strip()} 带有中文引号",
                        f"去掉引号，写成 {bare}: …；值需要引号时请用半角引号 \" 或 '",
                        field=bare,
                    )
                )
                continue
        if re.match(r"^[^:#]+:\s*[|>][-+0-9]*\s*$", key_line):
            block_indent = indent
            continue
        m = _PLAIN_VALUE_WITH_HASH.match(key_line)
        if m:
            key, value = (part.strip() for part in key_line.split(":", 1))
            problems.append(
                Problem(
                    path,
                    lineno,
                    "FM-HASH-TRUNCATES",
                    "值中的“ #”会被当作注释，后面的文字会丢失",
                    f"给整个值加半角引号：{key}: {_quoted(value)}",
                    field=key,
                )
            )
    return problems


def _quoted(value: str) -> str:
    """`value` as a YAML quoted scalar: double quotes unless it holds " or \\, then single quotes."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


_KEY_VALUE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*:\s+(.*?)\s*$")


def _yaml_error(exc: yaml.YAMLError, yaml_text: str, first_line: int, path: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = first_line + mark.line if mark is not None else first_line
    problem = (getattr(exc, "problem", None) or str(exc)).strip()
    text_lines = yaml_text.split("\n")
    kv = _KEY_VALUE.match(text_lines[mark.line]) if mark is not None and mark.line < len(text_lines) else None
    key, value = kv.groups() if kv else (None, "")
    if "mapping values are not allowed" in problem:
        example = f"{key}: {_quoted(value)}" if key else 'title: "关于: 的通知"'
        return Problem(
            path,
            line,
            "FM-YAML-COLON",
            "值里含有“: ”（冒号加空格），YAML 无法分辨字段",
            f"给整个值加半角引号：{example}",
            field=key,
        )
    if "expected alphabetic or numeric character" in problem and value[:1] in ("*", "&"):
        return Problem(
            path,
            line,
            "FM-YAML-ALIAS",
            f"值以“{value[0]}”开头，YAML 把它当成{'别名' if value[0] == '*' else '锚点'}（引用别处的值）",
            f"给整个值加半角引号：{key}: {_quoted(value)}" if key else "给整个值加半角引号",
            field=key,
        )
    if "found character '\\t'" in problem or "\\t" in problem:
        return Problem(path, line, "FM-TAB", "用了制表符（Tab）", "改用空格缩进（每级两个空格）", field=key)
    if "unknown escape character" in problem:
        if key and len(value) > 1 and value[0] == value[-1] == '"':
            fix = f"去掉双引号，写成 {key}: {value[1:-1]}（或改用单引号）"
        else:
            fix = "去掉双引号（例如 topic: 民政、扶贫、救灾\\社会福利），或改用单引号"
        return Problem(path, line, "FM-YAML-ESCAPE", "双引号中的反斜杠“\\”被当成转义符", fix, field=key)
    return Problem(
        path,
        line,
        "FM-YAML-SYNTAX",
        f"YAML 语法错误：{problem}",
        "检查该行的缩进、引号和冒号；含冒号或 # 的值请加半角引号",
        field=key,
    )


def _to_python(
    node: yaml.Node, key_path: str, first_line: int, path: str, lines: dict[str, int], problems: list[Problem]
) -> Any:
    line = first_line + node.start_mark.line
    if isinstance(node, yaml.ScalarNode):
        if node.tag != _STR_TAG:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            problems.append(
                Problem(
                    path,
                    line,
                    "FM-YAML-TAG",
                    f"不支持 YAML 标签 {tag}",
                    "去掉 !! 开头的标签，直接写值",
                    field=key_path or None,
                )
            )
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_python(child, f"{key_path}[{i}]", first_line, path, lines, problems)
            for i, child in enumerate(node.value)
        ]
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = first_line + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    Problem(path, key_line, "FM-KEY-NOT-TEXT", "字段名必须是文字", "把字段名写成单个词，例如 title")
                )
                continue
            key = key_node.value
            child_path = f"{key_path}.{key}" if key_path else key
            if key in result:
                problems.append(
                    Problem(
                        path,
                        key_line,
                        "FM-DUP-KEY",
                        f"字段重复（第 {lines[child_path]} 行已出现）",
                        f"删除多余的一行，只保留一个 {key}",
                        field=child_path,
                    )
                )
                continue
            lines[child_path] = key_line
            result[key] = _to_python(value_node, child_path, first_line, path, lines, problems)
        return result
    raise TypeError(f"unexpected YAML node {node!r}")  # the composer yields only the three kinds


def _reference_problems(yaml_text: str, first_line: int, path: str) -> list[Problem]:
    """Anchors, aliases and tags, found by the scanner (linear in the text) before the composer could expand them."""
    problems = []
    text_lines = yaml_text.split("\n")
    reported: set[int] = set()  # one problem per line: nine levels of aliases are one mistake, not a hundred
    try:
        for token in yaml.scan(yaml_text, Loader=_StrictLoader):
            if not isinstance(token, (yaml.AnchorToken, yaml.AliasToken, yaml.TagToken)):
                continue
            row = token.start_mark.line
            if row in reported:
                continue
            reported.add(row)
            kv = _KEY_VALUE.match(text_lines[row]) if row < len(text_lines) else None
            key = kv.group(1) if kv else None
            if isinstance(token, yaml.TagToken):
                tag = "".join(token.value)
                problems.append(
                    Problem(
                        path,
                        first_line + row,
                        "FM-YAML-TAG",
                        f"不支持 YAML 标签 {tag}",
                        "去掉 !! 开头的标签，直接写值",
                        key,
                    )
                )
                continue
            sign, what = ("&", "锚点") if isinstance(token, yaml.AnchorToken) else ("*", "别名")
            problems.append(
                Problem(
                    path,
                    first_line + row,
                    "FM-YAML-ALIAS",
                    f"“{sign}{token.value}”被 YAML 当成{what}（引用别处的值），前置元数据和目录文件不支持锚点和别名",
                    "把值直接写出来；值本身以 & 或 * 开头时，给整个值加半角引号，"
                    + (f'例如 {key}: "{sign}{token.value}"' if key else f'例如 "{sign}{token.value}"'),
                    key,
                )
            )
    except yaml.YAMLError:
        pass  # the composer reports the syntax error with its line
    return problems


def parse_yaml_mapping(yaml_text: str, first_line: int, path: str) -> tuple[dict | None, dict[str, int], list[Problem]]:
    """Parse YAML text into a mapping of strings; `first_line` is the file line of its first line."""
    problems = _lint_lines(yaml_text, first_line, path) or _reference_problems(yaml_text, first_line, path)
    if problems:
        return None, {}, problems
    try:
        node = yaml.compose(yaml_text, Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        return None, {}, [_yaml_error(exc, yaml_text, first_line, path)]
    if node is None:
        return {}, {}, []
    if not isinstance(node, yaml.MappingNode):
        is_list = isinstance(node, yaml.SequenceNode)
        return (
            None,
            {},
            [
                Problem(
                    path,
                    first_line,
                    "FM-NOT-MAPPING",
                    "前置元数据"
                    + ("写成了列表（行首是“- ”）" if is_list else "只有一段文字")
                    + "，应当每行一个“字段: 值”",
                    ("去掉行首的“- ”，" if is_list else "") + "每行写一个字段，例如 title: 关于……的通知",
                )
            ],
        )
    lines: dict[str, int] = {}
    data = _to_python(node, "", first_line, path, lines, problems)
    return (None if problems else data), lines, problems


def read_text(text: str, path: str, partial: bool = False) -> tuple[FrontMatter | None, list[Problem]]:
    """The front matter and body of a Markdown file, or (None, problems). With `partial`, a YAML block that cannot
    be read still gives an incomplete FrontMatter (body and raw block) beside its problems."""
    yaml_text, first_line, body, body_line, problems = split(text, path)
    if yaml_text is None:
        return None, problems
    size = len(yaml_text.encode("utf-8"))
    if size > FRONT_MATTER_MAX_BYTES:
        problem = too_large(
            path, size, FRONT_MATTER_MAX_BYTES, "前置元数据", "前置元数据只写字段；长的说明写在正文或附件中"
        )
        return None, [dataclasses.replace(problem, line=first_line - 1, code="FM-TOO-LARGE")]
    data, lines, problems = memo.cached(  # parsing is most of a check's time (core/base/memo.py)
        "front_matter", (yaml_text, first_line, path), lambda: parse_yaml_mapping(yaml_text, first_line, path)
    )
    if data is None:
        return (FrontMatter({}, {}, body, body_line, False, yaml_text, first_line) if partial else None), problems
    return FrontMatter(data, lines, body, body_line), []


def read_bytes(raw: bytes, path: str, partial: bool = False) -> tuple[FrontMatter | None, list[Problem]]:
    text, problems = decode(raw, path)
    if text is None:
        return None, problems
    return read_text(text, path, partial)


def read_markdown_path(abs_path: str, path: str, partial: bool = False) -> tuple[FrontMatter | None, list[Problem]]:
    """Read a Markdown file with front matter (`path`: for messages), unless it is over the size limit."""
    raw, problems = read_limited(
        abs_path, path, MARKDOWN_MAX_BYTES, "文件", "正文很长时，把全文作为 PDF 附件发布，页面上写摘要；或拆成几条信息"
    )
    return (None, problems) if raw is None else read_bytes(raw, path, partial)


def read_data_path(abs_path: str, path: str) -> tuple[dict | None, dict[str, int], list[Problem]]:
    """Read a YAML data file (registries, catalogs, ledgers) from disk, unless it is over the size limit."""
    raw, problems = read_limited(
        abs_path, path, DATA_FILE_MAX_BYTES, "数据文件", "检查文件是否误粘贴了大量内容；确属需要的，拆成几个文件"
    )
    return (None, {}, problems) if raw is None else read_data_file(raw, path)


def read_data_file(raw: bytes, path: str) -> tuple[dict | None, dict[str, int], list[Problem]]:
    """Read a whole YAML data file (registries, catalogs) with the same strict rules."""
    text, problems = decode(raw, path)
    if text is None:
        return None, {}, problems
    return parse_yaml_mapping(text.replace("\r\n", "\n"), 1, path)

"""Checks on Markdown bodies: links to items and anchors, raw HTML/script, empty bodies (no MkDocs imports).

Python-Markdown passes raw HTML through and ``attr_list`` turns ``{: onclick=… }`` into an event
handler (Python-Markdown keeps raw HTML as it is), so the source lines are checked here and every finding is an error
with its line; nothing is stripped or rewritten silently.

Links: relative ``.md`` links are resolved against the corpus and ``#anchors`` against the target's
headings, slugified with the site's own ``toc`` slugify (passed in) and de-duplicated the way the
``toc`` extension does (``x``, ``x_1``, ``x_2``).
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import unquote

from ..base.problems import ERROR, WARNING, Problem

Slugify = Callable[[str, str], str]

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_COMMENT_RE = re.compile(r"<!--.*?-->")
_INLINE_LINK_RE = re.compile(r"\]\(\s*<?([^)\s>]*)")
_REF_DEF_RE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)")
_HTML_URL_RE = re.compile(r"""\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_ATTR_ID_RE = re.compile(r"\{:?[^{}]*?#([\w-]+)[^{}]*\}\s*$")
_ATTR_BLOCK_RE = re.compile(r"\s*\{:?[^{}]*\}\s*$")
_HTML_ID_RE = re.compile(r"""\s(?:id|name)\s*=\s*["']([^"']+)["']""", re.I)
_SCRIPT_RE = re.compile(r"<\s*script\b", re.I)
_EMBED_RE = re.compile(r"<\s*(iframe|object|embed|frame|frameset)\b", re.I)
_TAG_HANDLER_RE = re.compile(r"<[A-Za-z][^>]*?\s(on[a-z]+)\s*=", re.I)
_ATTR_LIST_HANDLER_RE = re.compile(r"\{[^{}]*?(?<![\w-])(on[a-z]+)\s*=[^{}]*\}", re.I)
_DANGEROUS_SCHEME_RE = re.compile(r"(javascript|vbscript|data:text/html)", re.I)
_WS_RE = re.compile(r"[\s\x00-\x1f]+")


def code_free_lines(body: str) -> Iterator[tuple[int, str]]:
    """(offset, line) for body lines outside fenced code, with code spans and HTML comments blanked."""
    fence: str | None = None
    in_comment = False
    for offset, line in enumerate(body.split("\n")):
        m = _FENCE_RE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        if in_comment:
            if "-->" not in line:
                continue
            line = line.split("-->", 1)[1]
            in_comment = False
        if "<!--" in line:
            line = _COMMENT_RE.sub("", line)
            if "<!--" in line:
                line, in_comment = line.split("<!--", 1)[0], True
        yield offset, (CODE_SPAN_RE.sub("", line) if "`" in line else line)


def body_is_empty(body: str) -> bool:
    return not any(line.strip() for _, line in code_free_lines(body)) and "```" not in body


# --- raw HTML and script ---------------------------------------------------------------------------------

_SUSPECT_RE = re.compile(r"[<{&]|script:", re.I)


def script_problems(path: str, body: str, body_line: int, lines: list[tuple[int, str]] | None = None) -> list[Problem]:
    problems = []
    if not _SUSPECT_RE.search(body):
        return problems
    for offset, line in lines if lines is not None else code_free_lines(body):
        if not _SUSPECT_RE.search(line):
            continue
        lineno = body_line + offset
        if _SCRIPT_RE.search(line):
            problems.append(
                Problem(
                    path,
                    lineno,
                    "MD-SCRIPT",
                    "正文中有 <script> 脚本标签",
                    "删除脚本：内容中不允许运行脚本；确需的功能请由网站管理员在模板中实现",
                )
            )
        m = _EMBED_RE.search(line)
        if m:
            problems.append(
                Problem(
                    path,
                    lineno,
                    "MD-EMBED",
                    f"正文中有 <{m.group(1).lower()}> 嵌入标签，会从别处加载内容",
                    "删除该标签；视频、地图等改为链接，或把文件作为附件发布",
                )
            )
        for regex in (_TAG_HANDLER_RE, _ATTR_LIST_HANDLER_RE):
            for m in regex.finditer(line):
                how = "HTML 标签" if regex is _TAG_HANDLER_RE else "属性列表 {: … }"
                problems.append(
                    Problem(
                        path,
                        lineno,
                        "MD-EVENT-HANDLER",
                        f"{how}中有事件属性 {m.group(1).lower()}=，会在读者的浏览器中运行脚本",
                        f"删除 {m.group(1).lower()}=… 这一属性",
                    )
                )
        compact = _WS_RE.sub("", html.unescape(line))
        m = _DANGEROUS_SCHEME_RE.search(compact)
        if m and (m.group(1).lower() == "data:text/html" or compact[m.end() : m.end() + 1] == ":"):
            scheme = m.group(1).lower().split(":")[0]
            problems.append(
                Problem(
                    path,
                    lineno,
                    "MD-JS-URL",
                    f"链接或地址使用了 {scheme}: 协议，点击会运行脚本",
                    "改为普通网址（https://…）或站内相对链接，或删除该链接",
                )
            )
    return problems


# --- headings and anchors --------------------------------------------------------------------------------


def _heading_text(raw: str) -> str:
    text = _ATTR_BLOCK_RE.sub("", raw)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    return html.unescape(text).strip()


def _unique(slug: str, seen: set[str]) -> str:
    """Python-Markdown toc's de-duplication: x, x_1, x_2 …; an empty slug becomes _1."""
    while slug in seen or not slug:
        m = re.match(r"^(.*)_([0-9]+)$", slug)
        slug = f"{m.group(1)}_{int(m.group(2)) + 1}" if m else f"{slug}_1"
    seen.add(slug)
    return slug


def anchors_of(body: str, slugify: Slugify) -> list[str]:
    """The ids a body's rendering will carry: headings (slugified, de-duplicated), attr_list #ids, id=/name=."""
    seen: set[str] = set()
    ids = []
    for _, line in code_free_lines(body):
        m = _HEADING_RE.match(line)
        if m:
            explicit = _ATTR_ID_RE.search(m.group(2))
            if explicit:
                seen.add(explicit.group(1))
                ids.append(explicit.group(1))
            else:
                ids.append(_unique(slugify(_heading_text(m.group(2)), "-"), seen))
            continue
        explicit = _ATTR_ID_RE.search(line)
        if explicit:
            seen.add(explicit.group(1))
            ids.append(explicit.group(1))
        for hid in _HTML_ID_RE.findall(line):
            seen.add(hid)
            ids.append(hid)
    return ids


# --- links ----------------------------------------------------------------------------------------------


def link_targets(body: str, lines: list[tuple[int, str]] | None = None) -> Iterator[tuple[int, str]]:
    """(offset, target) for inline links/images, reference definitions and raw href/src."""
    if "](" not in body and "]:" not in body and "=" not in body:
        return
    for offset, line in lines if lines is not None else code_free_lines(body):
        if "](" in line:
            for target in _INLINE_LINK_RE.findall(line):
                yield offset, target
        if "]:" in line:
            m = _REF_DEF_RE.match(line)
            if m:
                yield offset, m.group(1)
        if "=" in line:
            for groups in _HTML_URL_RE.findall(line):
                yield offset, next(g for g in groups if g)


class LinkChecker:
    """Resolves links of every document against the corpus; anchors are computed once per target."""

    def __init__(
        self,
        docs: dict[str, tuple[str, str]],
        withheld: dict[str, str],
        file_exists: Callable[[str], bool],
        slugify: Slugify,
    ):
        self.docs = docs  # src_uri -> (path for messages, body) of everything that will be built
        self.withheld = withheld  # src_uri -> publication date text, for scheduled items not built yet
        self.file_exists = file_exists  # src_uri of a non-Markdown file under the content dir -> exists?
        self.slugify = slugify
        self._anchors: dict[str, list[str]] = {}

    def anchors(self, src_uri: str) -> list[str]:
        if src_uri not in self._anchors:
            self._anchors[src_uri] = anchors_of(self.docs[src_uri][1], self.slugify)
        return self._anchors[src_uri]

    def check(self, src_uri: str, path: str, body_line: int, targets: Iterable[tuple[int, str]]) -> list[Problem]:
        """Problems of one document's link targets (`link_targets` of its body)."""
        problems = []
        folder = posixpath.dirname(src_uri)
        for offset, raw in targets:
            line = body_line + offset

            def bad(code: str, message: str, fix: str) -> None:
                problems.append(Problem(path, line, code, message, fix))

            target = html.unescape(raw.strip())
            if not target or _SCHEME_RE.match(target) or target.startswith("//"):
                continue  # external, mailto:, tel: (javascript: is reported by script_problems)
            link_path, _, fragment = unquote(target).partition("#")
            if link_path.startswith("/"):
                bad("LINK-ABSOLUTE", f"站内链接“{raw}”以 / 开头", "改用相对于本文件的路径，例如 ../2023/xxx.md")
                continue
            if not link_path:
                if fragment and fragment not in self.anchors(src_uri):
                    bad("LINK-ANCHOR", f"本页没有锚点“#{fragment}”", self._anchor_fix(src_uri, fragment))
                continue
            resolved = posixpath.normpath(posixpath.join(folder, link_path))
            if resolved.startswith("../") or resolved == "..":
                bad("LINK-MISSING", f"链接“{raw}”指向内容目录之外", "只链接 content/ 中的条目和附件")
                continue
            if resolved.endswith(".md"):
                if resolved in self.withheld:
                    bad(
                        "LINK-SCHEDULED",
                        f"链接的条目 {resolved} 定于 {self.withheld[resolved]} 发布，现在还不在网站上",
                        "等该条目发布后再加链接，或把本条也设为 scheduled 并用不早于它的发布日期",
                    )
                elif resolved not in self.docs:
                    close = difflib.get_close_matches(resolved, [d for d in self.docs if d != src_uri], n=1, cutoff=0.8)
                    bad(
                        "LINK-MISSING",
                        f"链接的文件 {resolved} 不存在",
                        f"是否应为 {posixpath.relpath(close[0], folder)}？"
                        if close
                        else "链接写成目标条目 .md 文件相对于本文件的路径，例如 ../2023/xxx.md",
                    )
                elif fragment and fragment not in self.anchors(resolved):
                    bad("LINK-ANCHOR", f"{resolved} 中没有锚点“#{fragment}”", self._anchor_fix(resolved, fragment))
                continue
            if link_path.endswith("/") or "." not in posixpath.basename(link_path):
                bad(
                    "LINK-NOT-MD",
                    f"链接“{raw}”不是指向文件的相对路径",
                    "链接其他条目时写它的 .md 文件路径（例如 ../2023/xxx.md），不要写网址形式的目录",
                )
            elif not self.file_exists(resolved):
                bad("LINK-MISSING", f"链接的文件 {resolved} 不存在", "把文件放到该位置，或改正路径（区分大小写）")
        return problems

    def _anchor_fix(self, src_uri: str, fragment: str) -> str:
        anchors = self.anchors(src_uri)
        close = difflib.get_close_matches(fragment, anchors, n=1, cutoff=0.5)
        if close:
            return f"是否应为 #{close[0]}？"
        if anchors:
            return "可用的锚点：" + "、".join("#" + a for a in anchors[:8]) + (" 等" if len(anchors) > 8 else "")
        return "目标页没有小标题，删除 # 及其后的部分"


def no_body_problem(path: str, body: str, has_attachments: bool) -> Problem | None:
    if not body_is_empty(body):
        return None
    return Problem(
        path,
        None,
        "ITEM-NO-BODY",
        "正文为空" + ("，页面只有附件" if has_attachments else ""),
        "在正文中用一两段文字说明主要内容（便于检索，也便于读屏软件和手机阅读）",
        severity=WARNING,
    )


__all__ = [
    "ERROR",
    "LinkChecker",
    "anchors_of",
    "body_is_empty",
    "code_free_lines",
    "no_body_problem",
    "script_problems",
]


# Structures Python-Markdown cannot process in reasonable time or at all (measured: unmatched "[" in one
# paragraph cost 0.4 s at 2 000 and 39 s at 20 000; 800 nested list levels overflow Python's stack). Real
# documents stay far below both limits: a deeply nested list is four levels, a paragraph a few links.
MAX_NESTING = 20
MAX_BRACKETS_PER_PARAGRAPH = 1000
_LIST_ITEM_RE = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s")
_QUOTE_RE = re.compile(r"^\s*((?:>\s*)+)")


def structure_problems(path: str, body: str, body_line: int) -> list[Problem]:
    """Markdown that would make the build run for minutes or crash: nesting too deep, or a paragraph with too
    many "[" (Python-Markdown's link parsing is quadratic in unmatched brackets). One problem of each kind."""
    problems: list[Problem] = []
    deep = crowded = False
    paragraph_start, brackets, previous = None, 0, -1
    for offset, line in code_free_lines(body):  # code blocks are not parsed for links
        lineno = body_line + offset
        if offset != previous + 1:  # a code block or comment ended the paragraph
            paragraph_start, brackets = None, 0
        previous = offset
        item = _LIST_ITEM_RE.match(line)
        quote = _QUOTE_RE.match(line)
        depth = max(len(item.group(1).expandtabs(4)) // 2 + 1 if item else 0, quote.group(1).count(">") if quote else 0)
        if depth > MAX_NESTING and not deep:
            deep = True
            problems.append(
                Problem(
                    path,
                    lineno,
                    "MD-TOO-DEEP",
                    f"列表或引用嵌套了 {depth} 层，超过 {MAX_NESTING} 层的上限，网页无法生成",
                    "减少嵌套层次；层次很多的内容改用表格，或作为附件发布",
                )
            )
        # a paragraph: consecutive lines that are not blank, table rows or list items (those are parsed apart)
        if not line.strip() or line.lstrip().startswith("|") or item:
            paragraph_start, brackets = None, 0
            continue
        paragraph_start = lineno if paragraph_start is None else paragraph_start
        brackets += line.count("[")
        if brackets > MAX_BRACKETS_PER_PARAGRAPH and not crowded:
            crowded = True
            problems.append(
                Problem(
                    path,
                    paragraph_start,
                    "MD-TOO-MANY-BRACKETS",
                    f"从这一行开始的段落中有超过 {MAX_BRACKETS_PER_PARAGRAPH} 个方括号“[”，生成网页会极慢",
                    "检查是否误粘贴了大段符号；方括号多的内容请分段，或放进代码块（用 ``` 包起来）",
                )
            )
    return problems

"""gongkai's Python-Markdown extension, registered for every site by the plugin (engine/plugin.py, on_config).

* **No space between Chinese characters across a line break.** Staff wrap long Chinese lines in their editor;
  Markdown keeps the line break as a newline, which browsers show as a space ("走访排查， 做到"). A line break
  with a CJK character or CJK punctuation on both sides is removed. Code (``code``, ``pre``) is left alone;
  a line break next to a Latin letter or a digit stays (it is a word space there); a hard break (two spaces or
  a backslash at the end of the line) stays a ``<br>``.
* **落款** (the signing unit and the date at the end of a notice, right-aligned on separate lines): a paragraph
  with the class ``luokuan`` (attr_list: ``{: .luokuan }`` on the line after it) keeps each of its lines on a
  line of its own and is aligned right (an inline ``text-align: right``: the same on screen, in print and in the
  kiosk, whatever stylesheet the site has) (docs/content-model.md).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

_CJK = (
    "\u2e80-\u2fdf"  # radicals
    "\u3000-\u303f"  # CJK punctuation: 、。「」〔〕…
    "\u3040-\u30ff"  # kana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # ideographs
    "\ufe30-\ufe4f"  # CJK compatibility forms
    "\uff00-\uffef"  # full-width forms: ，：；（）！？
    "\u2014\u2026\u201c\u201d\u2018\u2019"  # —— …… “” ‘’ as Chinese text uses them
)
_JOIN_RE = re.compile(rf"(?<=[{_CJK}])[ \t]*\n[ \t]*(?=[{_CJK}])")
_ENDS_CJK_RE = re.compile(rf"[{_CJK}][ \t]*\n[ \t]*$")
_STARTS_CJK_RE = re.compile(rf"^[ \t]*\n?[ \t]*[{_CJK}]")
_LEADING_BREAK_RE = re.compile(r"^[ \t]*\n[ \t]*")
_TRAILING_BREAK_RE = re.compile(r"[ \t]*\n[ \t]*$")
SKIP = {"code", "pre", "script", "style", "kbd", "samp"}
SIGNATURE_CLASS = "luokuan"


class CjkLineBreaks(Treeprocessor):
    """Joins soft line breaks between CJK characters; splits a 落款 paragraph into lines."""

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            if parent.tag == "p" and SIGNATURE_CLASS in (parent.get("class") or "").split():
                _signature_lines(parent)
        self._join(root)

    def _join(self, element: etree.Element) -> None:
        if element.tag in SKIP:
            return
        if element.text:
            element.text = _JOIN_RE.sub("", element.text)
        children = list(element)
        for i, child in enumerate(children):
            # "走访排查，\n<strong>做到</strong>": the break sits at the end of the text before the child
            before = element.text if i == 0 else children[i - 1].tail
            if before and child.tag not in SKIP and child.tag != "br" and _ENDS_CJK_RE.search(before):
                if _STARTS_CJK_RE.match(child.text or ""):
                    stripped = _TRAILING_BREAK_RE.sub("", before)
                    if i == 0:
                        element.text = stripped
                    else:
                        children[i - 1].tail = stripped
            self._join(child)
            if child.tail:
                child.tail = _JOIN_RE.sub("", child.tail)
                # "<strong>走访排查</strong>\n做到": the break opens the tail after an element ending in CJK
                if child.tag not in SKIP and child.tag != "br" and _ends_cjk(child):
                    if _STARTS_CJK_RE.match(child.tail) and child.tail[:1] in " \t\n":
                        child.tail = _LEADING_BREAK_RE.sub("", child.tail)


def _ends_cjk(element: etree.Element) -> bool:
    text = "".join(element.itertext())
    return bool(text) and re.match(rf"[{_CJK}]", text[-1]) is not None


def _signature_lines(p: etree.Element) -> None:
    """Each soft line break of the 落款 becomes a <br> (the unit and the date each on a line of their own)."""
    pieces = [(None, p.text or "")] + [(child, child.tail or "") for child in p]
    for owner, text in pieces:
        lines = text.split("\n")
        if len(lines) == 1:
            continue
        head, rest = lines[0], lines[1:]
        if owner is None:
            p.text = head
            index = 0
        else:
            owner.tail = head
            index = list(p).index(owner) + 1
        for offset, line in enumerate(rest):
            br = etree.Element("br")
            br.tail = line.strip() if offset < len(rest) - 1 or line.strip() else ""
            p.insert(index + offset, br)
    while len(p) and p[-1].tag == "br" and not (p[-1].tail or "").strip():
        p.remove(p[-1])  # a trailing newline is no line of its own
    p.set("style", "text-align: right")


class GongkaiMarkdown(Extension):
    def extendMarkdown(self, md) -> None:
        # after inline patterns (20) and attr_list (8), which sets the 落款 class; before toc (5)
        md.treeprocessors.register(CjkLineBreaks(md), "gongkai_cjk", 7)


def makeExtension(**kwargs) -> GongkaiMarkdown:  # `markdown_extensions: [gongkai.engine.markdown_ext]`
    return GongkaiMarkdown(**kwargs)

"""The maintained synonym list (catalogs/synonyms.yml) and its index-time expansion (no MkDocs imports).

People search for 低保, the documents say 最低生活保障; they type 五保 for 特困人员, 危改 for 危房改造,
公租房 for 公共租赁住房. Pagefind has no synonym support, so the build expands at INDEX time: for each
item, every group with a term in the title, keywords, summary or body contributes its other terms to a
hidden element that Pagefind indexes (the visible page is unchanged). Searching 低保 then finds a
notice that only ever says 最低生活保障, and ranking still comes from the item's own text.

The element also holds each found group's concept word (`concept_word`: gk + letters, one per group), as
often as the group occurs, and weighted as the title is when the title has it. For a colloquial term the
search page searches that one word, so 低保 reads one index chunk instead of one for 低保 and one for each
piece jieba splits the 规范说法 into (最低/生活/保障): the first search on a phone stays small
(docs/search.md §6).

File format (read with the strict reader: every value is text, duplicate keys are errors)::

    synonyms:
      最低生活保障: [低保, 城乡低保]     # 规范说法: [群众常用说法, ...]
      特困人员: [五保, 五保户, 特困供养]

Each line is one group (the key and its list are all equivalent). A term may belong to one group
only, so an expansion never chains.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from collections.abc import Iterable

from ..base import memo
from ..base.frontmatter import read_data_path
from ..base.problems import ContentError, Problem

FILE_NAME = "synonyms.yml"
REPEAT_MAX = 4
TITLE_BONUS = 3
CONCEPT_MAX = 12  # a concept word stands for the group's own words: counted as they are, up to where ranking saturates
_BAD_CHARS = re.compile(r"[\s,，、;；]")


@dataclasses.dataclass
class Synonyms:
    groups: list[list[str]]  # first term is the 规范说法 (the key in the file)
    _pattern: re.Pattern | None = dataclasses.field(default=None, repr=False)
    _group_of: dict[str, int] = dataclasses.field(default_factory=dict, repr=False)
    _groups_in: dict[str, list[int]] = dataclasses.field(default_factory=dict, repr=False)

    def __post_init__(self):
        for n, group in enumerate(self.groups):
            for term in group:
                self._group_of[term] = n
        terms = sorted(self._group_of, key=len, reverse=True)  # longest first at each position
        self._pattern = re.compile("|".join(map(re.escape, terms))) if terms else None
        # the groups a term holds a term of: 征地补偿 is also 征地 (征收土地), as a search for 征地 finds it
        for term in terms:
            self._groups_in[term] = sorted({self._group_of[t] for t in terms if t in term})

    def expansion(self, text: str, title: str = "") -> tuple[str, str]:
        """The words to add for `text`, space-separated, as (words, title words).

        words: the other members of every group found in it, each repeated as often as the group occurs in the
        text (at most REPEAT_MAX) plus TITLE_BONUS times when the title has it, so that a search for 五保 ranks
        the pages that are about 特困人员 above pages that mention it once, as a search for 特困人员 itself
        would; then the concept word of each group, as often as the group occurs (at most CONCEPT_MAX).
        title words: the concept words of the groups in the title, which the page weights as its title
        (gongkai/partials/item_index.html), so that a concept word ranks a page as its title's words do.
        """
        terms, title_terms = self._terms(text), self._terms(title)
        in_title = {self._group_of[t] for t in title_terms}
        extra = []
        for n, count in _count([self._group_of[t]] for t in terms).items():
            repeat = min(count, REPEAT_MAX) + (TITLE_BONUS if n in in_title else 0)
            extra += [t for t in self.groups[n] if t not in text] * repeat
        title_concepts = {n for t in title_terms for n in self._groups_in[t]}
        title_words = [concept_word(self.groups[n][0]) for n in sorted(title_concepts)]
        return " ".join(extra + self._concepts(terms)), " ".join(title_words)

    def concepts(self, text: str) -> str:
        """Only the concept words of `text` (a record whose text is all shown: the 办事一本通 PDF)."""
        return " ".join(self._concepts(self._terms(text)))

    def concept_groups(self) -> dict[str, list[str]]:
        """Each group's concept word -> the group, 规范说法 first (the search page's vocabulary)."""
        return {concept_word(group[0]): group for group in self.groups}

    def _concepts(self, terms: list[str]) -> list[str]:
        """The concept words of the matched `terms`: each match counts for its group and the groups of the terms
        inside it."""
        hits = _count(self._groups_in[t] for t in terms)
        return [w for n, count in hits.items() for w in [concept_word(self.groups[n][0])] * min(count, CONCEPT_MAX)]

    def _terms(self, text: str) -> list[str]:
        """The group terms in `text`, longest match first at each position (one scan serves every count)."""
        return self._pattern.findall(text) if self._pattern is not None and text else []


def _count(groups_per_match: Iterable[Iterable[int]]) -> dict[int, int]:
    """group -> how many matches count for it, in group order."""
    hits: dict[int, int] = {}
    for groups in groups_per_match:
        for n in groups:
            hits[n] = hits.get(n, 0) + 1
    return dict(sorted(hits.items()))


def concept_word(canonical: str) -> str:
    """The one index word standing for a synonym group: "gk" and eight letters from a hash of its 规范说法.
    ASCII, so jieba leaves it whole; letters only, so Pagefind neither splits nor stems it; stable while the
    规范说法 stays, whatever the order of the file."""
    digest = hashlib.sha256(canonical.encode("utf-8")).digest()
    return "gk" + "".join(chr(ord("a") + b % 26) for b in digest[:8])


def item_text(item) -> str:
    """The text an item is searched by: title, keywords, summary, body and (办事指南) its guide: block."""
    return "\n".join(
        [
            item.title,
            " ".join(item.keywords),
            item.summary or "",
            item.body,
            " ".join(_strings(getattr(item, "guide", None))),
        ]
    )


def _strings(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = [getattr(value, f.name) for f in dataclasses.fields(value)]
    elif isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def expand_items(synonyms: Synonyms, items: Iterable) -> dict[str, tuple[str, str]]:
    """item id -> hidden search terms, (words, title words) of Synonyms.expansion (only items that get any). Each
    item's terms are kept in the active result store (core/base/memo.py), keyed by its text and the synonym groups:
    an unchanged item is not scanned again."""
    groups = repr(synonyms.groups)
    out = {}
    for item in items:
        text = item_text(item)
        extra = memo.cached(
            "synonyms", (groups, text, item.title), lambda text=text, title=item.title: synonyms.expansion(text, title)
        )
        if any(extra):
            out[item.id] = extra
    return out


def load_synonyms(catalogs_dir: str, rel_dir: str) -> Synonyms:
    """Read and validate catalogs/synonyms.yml; a missing file means no synonyms. Raises ContentError."""
    path = os.path.join(catalogs_dir, FILE_NAME)
    rel = f"{rel_dir}/{FILE_NAME}"
    if not os.path.isfile(path):
        return Synonyms([])
    data, lines, problems = read_data_path(path, rel)
    if problems:
        raise ContentError(problems)
    groups, problems = parse(data, lines, rel)
    if problems:
        raise ContentError(problems)
    return Synonyms(groups)


def parse(data, lines: dict[str, int], rel: str) -> tuple[list[list[str]], list[Problem]]:
    example = "按“规范说法: [常用说法, 简称]”每行写一组，例如 最低生活保障: [低保, 城乡低保]"
    if not isinstance(data, dict) or set(data) != {"synonyms"} or not isinstance(data["synonyms"], dict):
        extra = sorted(set(data) - {"synonyms"}) if isinstance(data, dict) else []
        what = f"出现了不认识的字段 {'、'.join(extra)}" if extra else "文件应以 synonyms: 开头，下面每行一组同义词"
        line = lines.get(extra[0]) if extra else 1
        return [], [Problem(rel, line or 1, "SYN-FORMAT", what, example)]
    problems: list[Problem] = []
    groups: list[list[str]] = []
    seen: dict[str, tuple[str, int]] = {}  # term -> (group key, line)
    for key, value in data["synonyms"].items():
        field = f"synonyms.{key}"
        line = lines.get(field)
        if not isinstance(value, list) or not value:
            problems.append(
                Problem(
                    rel,
                    line,
                    "SYN-NOT-LIST",
                    f"“{key}”后面应是方括号中的同义词列表",
                    f"写成 {key}: [同义词1, 同义词2]",
                    field=field,
                )
            )
            continue
        group = [key]
        for term in value:
            if not isinstance(term, str) or not term.strip():
                problems.append(
                    Problem(
                        rel,
                        line,
                        "SYN-EMPTY",
                        f"“{key}”的同义词列表中有空项或嵌套列表",
                        "删除空项，每个同义词写成一个词",
                        field=field,
                    )
                )
                continue
            group.append(term)
        for term in group:
            if _BAD_CHARS.search(term):
                problems.append(
                    Problem(
                        rel,
                        line,
                        "SYN-BAD-TERM",
                        f"“{term}”中含有空格或标点，检索时会被拆开",
                        "每个同义词写成一个不含空格、逗号、顿号的词；多个词用方括号中的半角逗号分开",
                        field=field,
                    )
                )
            elif term in group[: group.index(term)]:
                problems.append(Problem(rel, line, "SYN-DUP", f"“{term}”在同一组中重复", "删除重复的词", field=field))
            elif term in seen and seen[term][0] != key:
                other, other_line = seen[term]
                problems.append(
                    Problem(
                        rel,
                        line,
                        "SYN-TWO-GROUPS",
                        f"“{term}”已在第 {other_line} 行“{other}”一组中出现，一个词只能属于一组",
                        f"把两组合并为一行，或从其中一组删除“{term}”",
                        field=field,
                    )
                )
            else:
                seen[term] = (key, line)
        if len(group) < 2:
            problems.append(
                Problem(
                    rel, line, "SYN-ALONE", f"“{key}”没有同义词", f"写成 {key}: [同义词]，或删除这一行", field=field
                )
            )
        groups.append(group)
    return groups, problems

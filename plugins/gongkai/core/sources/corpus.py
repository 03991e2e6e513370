"""Load every file under the content dir into validated Items and Pages (no MkDocs imports).

The corpus is loaded before the engine touches the output directory, so a bad
file stops the build with nothing written. A document is never dropped: a
file either becomes an Item/Page or produces an error naming it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable

from ..base import fields
from ..base.clock import as_of_date
from ..base.frontmatter import FrontMatter, read_markdown_path
from ..base.problems import INFO, WARNING, ContentError, Problem, errors_only
from ..base.records import Field, read_record
from ..model.entities import DOC_CLASSES, LEVELS, Attachment, Change, Item
from ..model.index_no import DEFAULT_FORMAT, index_no_format
from . import guides
from .registry import Registry
from .unitpages import is_unit_page, unit_page_problem

INTERPRETATION_FORMS = ["文字解读", "图解", "视频", "问答"]
VALIDITY = ["有效", "失效", "废止"]
_DOC_NO_BAD_BRACKETS = re.compile(r"[\[(（【]\s*(19|20)\d{2}\s*[\])）】]")
BODY_LINK_RE = re.compile(r"\]\(\s*<?([^)\s>]+)")


def _attachments(value):
    if not isinstance(value, list):
        return None, ("应为附件列表", "每个附件写成 - file: files/名称.pdf 和 title: 附件名称 两行")
    result = []
    for i, entry in enumerate(value):
        if not isinstance(entry, dict) or set(entry) - {"file", "title"} or not {"file", "title"} <= set(entry):
            return None, (
                f"第 {i + 1} 个附件应正好有 file 和 title 两项",
                "写成 - file: files/名称.pdf 换行 title: 附件名称",
            )
        f, err = fields.text(entry["file"])
        t, err2 = fields.text(entry["title"])
        if err or err2:
            return None, (f"第 {i + 1} 个附件的 file 或 title 为空", "填写附件文件路径和名称")
        result.append((f, t))
    return result, None


def _change_note(value):
    """更新说明: a sentence for the latest change, or a list of {date: YYYY-MM-DD, note: 说明} (content-model.md)."""
    fix = "写一句说明（change_note: 更正第二条中的补助标准），或写成列表：- date: 2025-03-08 换行 note: 说明"
    if isinstance(value, str):
        return fields.text(value)[0] or None, (None if value.strip() else ("为空", fix))
    if not isinstance(value, list) or not value:
        return None, ("应为一句说明或列表", fix)
    result = []
    for i, entry in enumerate(value):
        if not isinstance(entry, dict) or set(entry) != {"date", "note"}:
            return None, (f"第 {i + 1} 项应正好有 date 和 note 两项", fix)
        day, err = fields.date(entry["date"])
        note, err2 = fields.text(entry["note"])
        if err or err2:
            return None, (f"第 {i + 1} 项：" + (err or err2)[0], (err or err2)[1])
        result.append(Change(day, note))
    return sorted(result, key=lambda c: c.date, reverse=True), None


def _pii_exempt(value):
    """Reviewed exemptions from the personal-information scan: [{value: …, reason: …}, …]."""
    fix = '每项写成 - value: "0559-1234567" 换行 reason: 理由（例如 单位值班电话，已经审核）'
    if not isinstance(value, list) or not value:
        return None, ("应为列表", fix)
    result = []
    for i, entry in enumerate(value):
        if not isinstance(entry, dict) or set(entry) != {"value", "reason"}:
            return None, (f"第 {i + 1} 项应正好有 value 和 reason 两项", fix)
        v, err = fields.text(entry["value"])
        r, err2 = fields.text(entry["reason"])
        if err or err2:
            return None, (f"第 {i + 1} 项的 value 或 reason 为空", "写明豁免的号码和理由")
        result.append((v, r))
    return result, None


ITEM_FIELDS = {
    "title": Field(fields.text, True, "标题"),
    "index_no": Field(fields.text, True, "索引号"),
    "publisher": Field(fields.slug, True, "发布机构"),
    "written": Field(fields.date, True, "成文日期"),
    "published": Field(fields.datetime_, True, "发布日期"),
    "doc_no": Field(fields.text, False, "文号"),
    "domain": Field(fields.slug, True, "领域"),
    "catalog": Field(fields.slug, False, "目录事项"),
    "genre": Field(fields.text, True, "体裁"),
    "topic": Field(fields.text, True, "主题分类"),
    "validity": Field(fields.choice(VALIDITY), False, "有效性"),
    "expired": Field(fields.date, False, "失效日期"),
    "repealed": Field(fields.date, False, "废止日期"),
    "keywords": Field(fields.word_list, False, "关键词"),
    "summary": Field(fields.text, False, "内容概述"),
    "source": Field(fields.text, False, "信息来源"),
    "attachments": Field(_attachments, False, "附件"),
    "interprets": Field(fields.text, False, "解读对象"),
    "interpretation_form": Field(fields.choice(INTERPRETATION_FORMS), False, "解读形式"),
    "publicity_end": Field(fields.date, False, "公示截止日期"),
    "scheduled": Field(fields.boolean, False, "预定发布"),
    "pii_exempt": Field(_pii_exempt, False, "个人信息豁免"),
    "guide": guides.ITEM_FIELD,  # 办事指南要素, read by core/sources/guides.py
    "doc_class": Field(fields.choice([*DOC_CLASSES, "其他"]), False, "文件类别"),
    "change_note": Field(_change_note, False, "更新说明"),  # core/checks/changes.py
}

PAGE_FIELDS = {
    "title": Field(fields.text, False, "标题"),
    "summary": Field(fields.text, False, "内容概述"),
    "template": Field(fields.text, False, "模板"),
    "hide": Field(fields.word_list, False, "隐藏"),
    "pii_exempt": Field(_pii_exempt, False, "个人信息豁免"),
}


@dataclasses.dataclass
class Page:
    """A hand-written page (home, guides): not a disclosure item."""

    src_uri: str
    path: str
    meta: dict
    body: str
    body_line: int


@dataclasses.dataclass
class Corpus:
    registry: Registry
    content_dir: str
    items: dict[str, Item]  # by id, in path order
    pages: dict[str, Page]  # by src_uri
    warnings: list[Problem]
    attachment_uris: set[str]  # every file referenced as an attachment
    # scheduled items whose 发布日期 is still in the future: validated, but not built (nor their attachments)
    scheduled: dict[str, Item] = dataclasses.field(default_factory=dict)
    withheld_uris: set[str] = dataclasses.field(default_factory=set)  # src_uris left out of the build
    sources: dict[str, FrontMatter] = dataclasses.field(default_factory=dict)  # every parsed .md, by src_uri
    other_files: list[str] = dataclasses.field(default_factory=list)  # src_uris of every non-Markdown file
    index_fmt: str = DEFAULT_FORMAT
    as_of: dt.date | None = None

    def by_src_uri(self, src_uri: str) -> Item | None:
        return self.items.get(src_uri[:-3]) if src_uri.endswith(".md") else None

    def newest_first(self, items: Iterable[Item]) -> list[Item]:
        return sorted(items, key=lambda i: (i.published, i.id), reverse=True)

    def group(self, key) -> dict:
        groups = defaultdict(list)
        for item in self.items.values():
            groups[key(item)].append(item)
        return {k: self.newest_first(v) for k, v in groups.items()}


class _ItemReader:
    """Turns one parsed file into an Item, collecting Problems."""

    def __init__(
        self,
        registry: Registry,
        content_dir: str,
        rel_content: str,
        index_fmt: str = DEFAULT_FORMAT,
        as_of: dt.date | None = None,
    ):
        self.registry = registry
        self.content_dir = content_dir
        self.rel_content = rel_content
        self.index_fmt = index_no_format(index_fmt)
        self.as_of = as_of or as_of_date()

    def read(self, src_uri: str, fm, path: str) -> tuple[Item | None, list[Problem]]:
        values, problems = read_record(fm.data, fm.lines, "", ITEM_FIELDS, path, 1, "ITEM")
        if errors_only(problems):
            return None, problems
        line = fm.lines.get

        def err(field: str, code: str, message: str, fix: str) -> None:
            problems.append(Problem(path, line(field, 1), code, message, fix, field))

        parts = src_uri[:-3].split("/")
        if len(parts) != 5:
            return None, [
                Problem(
                    path,
                    None,
                    "ITEM-PATH",
                    "条目文件应放在 <层级>/<单位>/<领域>/<年份>/<文件名>.md 之下",
                    "参照 docs/content-model.md 移动文件，例如 county/huizhou/shehui-jiuzhu/2024/xxx.md",
                )
            ]
        level_dir, unit_dir, domain_dir, year_dir, stem = parts
        if not fields.SLUG_RE.match(stem):
            problems.append(
                Problem(
                    path,
                    None,
                    "ITEM-FILENAME",
                    f"文件名“{stem}.md”只能用小写字母、数字和连字符（网址由它生成）",
                    f"改名为 {stem.lower()}.md"
                    if fields.SLUG_RE.match(stem.lower())
                    else "改用拼音或英文命名，例如 dibao-biaozhun-2024.md",
                )
            )
        unit = self.registry.units.get(values["publisher"])
        if unit is None:
            by_dir = self.registry.units.get(unit_dir)
            err(
                "publisher",
                "ITEM-UNKNOWN-UNIT",
                f"发布机构“{values['publisher']}”不在 catalogs/units.yml 中",
                f"文件在{by_dir.short}的目录下，应写 publisher: {by_dir.id}（单位 id 见 catalogs/units.yml）"
                if by_dir
                else "填写 catalogs/units.yml 中已登记单位的 id",
            )
        domain = self.registry.domains.get(values["domain"])
        if domain is None:
            by_dir = self.registry.domains.get(domain_dir)
            err(
                "domain",
                "ITEM-UNKNOWN-DOMAIN",
                f"领域“{values['domain']}”不在 catalogs/domains.yml 中",
                f"文件在{by_dir.name}领域的目录下，应写 domain: {by_dir.id}（领域 id 见 catalogs/domains.yml）"
                if by_dir
                else "填写 catalogs/domains.yml 中已登记领域的 id",
            )
        if unit is None or domain is None:
            return None, problems
        published, has_time = values["published"]
        if level_dir != unit.level:
            err(
                "publisher",
                "ITEM-PATH-LEVEL",
                f"{unit.short}是{LEVELS[unit.level]}单位，文件却在 {level_dir}/ 目录下",
                f"把文件移到 {unit.level}/{unit.id}/ 之下",
            )
        if unit_dir != unit.id:
            err(
                "publisher",
                "ITEM-PATH-UNIT",
                f"发布机构是 {unit.id}，文件却在单位目录 {unit_dir}/ 下",
                f"把文件移到 {unit.level}/{unit.id}/ 之下，或改正 publisher",
            )
        if domain_dir != domain.id:
            err(
                "domain",
                "ITEM-PATH-DOMAIN",
                f"领域是 {domain.id}，文件却在领域目录 {domain_dir}/ 下",
                f"把文件移到 {unit.level}/{unit.id}/{domain.id}/ 之下，或改正 domain",
            )
        if year_dir != str(published.year):
            err(
                "published",
                "ITEM-PATH-YEAR",
                f"发布日期在 {published.year} 年，文件却在年份目录 {year_dir}/ 下",
                f"把文件移到 {published.year}/ 目录，或改正 published",
            )
        self._check_index_no(values["index_no"], unit, err)
        if published.date() > self.as_of and values.get("scheduled") is not True:
            err(
                "published",
                "ITEM-DATE-FUTURE",
                f"发布日期 {published.date()} 晚于今天（{self.as_of}）",
                "改正日期；如果是预定在该日发布，加一行 scheduled: true（到期后的构建才会包含它）",
            )
        if values["written"] > published.date():
            err(
                "published",
                "ITEM-DATE-ORDER",
                f"发布日期 {published.date()} 早于成文日期 {values['written']}",
                "核对两个日期：发布日期不能早于成文日期",
            )
        if values["genre"] not in self.registry.genres:
            err(
                "genre",
                "ITEM-BAD-GENRE",
                f"体裁“{values['genre']}”不在 catalogs/genres.yml 中",
                "可选：" + "、".join(self.registry.genres),
            )
        if not self.registry.topic_ok(values["topic"]):
            err(
                "topic",
                "ITEM-BAD-TOPIC",
                f"主题分类“{values['topic']}”不在 catalogs/topics.yml 中",
                "写成“一级”或“一级\\二级”，例如 " + (domain.topic or "综合政务\\政务公开"),
            )
        self._check_validity(values, err)
        row = None
        if "catalog" in values:
            catalogs = self.registry.catalogs  # the publisher's inherited catalog (core/sources/catalogs.py)
            row = (
                catalogs.row_for(unit, domain, values["catalog"])
                if catalogs
                else domain.catalog.row(values["catalog"])
                if domain.catalog
                else None
            )
            if row is None:
                ids = [r.id for r in domain.catalog.rows] if domain.catalog else []
                local = catalogs.row_ids(unit, domain) if catalogs else ids
                where = (
                    f"领域 {domain.name} 的标准目录"
                    if local == ids
                    else f"{unit.short}的{domain.name}领域目录（含本级和上级的增删）"
                )
                err(
                    "catalog",
                    "ITEM-UNKNOWN-ROW",
                    f"{where}中没有事项“{values['catalog']}”",
                    "可选："
                    + ("、".join(local[:12]) + (" 等" if len(local) > 12 else "") if local else "（该领域暂无目录）")
                    + f"，见 {domain.catalog.path if domain.catalog else 'catalogs/standard/'}"
                    + ("" if local == ids else " 和 catalogs/units/ 下的调整"),
                )
        if "interprets" in values and values["genre"] != "解读":
            err(
                "interprets",
                "ITEM-INTERPRETS-GENRE",
                f"只有体裁为“解读”的条目可以填写 interprets，本条体裁是“{values['genre']}”",
                "把 genre 改为 解读，或删除 interprets",
            )
        if "interpretation_form" in values and values["genre"] != "解读":
            err(
                "interpretation_form",
                "ITEM-FORM-GENRE",
                "只有解读条目可以填写 interpretation_form",
                "删除该行，或把 genre 改为 解读",
            )
        if "publicity_end" in values and values["publicity_end"] < published.date():
            err(
                "publicity_end",
                "ITEM-PUBLICITY-END",
                f"公示截止日期 {values['publicity_end']} 早于发布日期 {published.date()}",
                "公示期应在发布之后结束，核对日期",
            )
        doc_no = values.get("doc_no")
        if doc_no and _DOC_NO_BAD_BRACKETS.search(doc_no):
            err(
                "doc_no",
                "ITEM-DOC-NO-BRACKETS",
                f"文号“{doc_no}”的年份没有用六角括号〔〕",
                "按公文格式写成例如 徽政办〔2024〕5号",
            )
        doc_class = values.get("doc_class") or self.registry.genre_class(values["genre"])
        doc_class = None if doc_class == "其他" else doc_class
        if doc_class and not doc_no:
            err(
                "doc_class" if "doc_class" in values else "genre",
                "ITEM-DOC-CLASS-NO-DOC-NO",
                f"{doc_class}必须有文号，本条没有 doc_no",
                f"添加一行 doc_no（例如 徽政办〔2024〕5号）；不是{doc_class}的，删除 doc_class 或写 doc_class: 其他",
            )
        attachments = self._attachments(values.get("attachments", []), src_uri, err)
        guide, found = guides.read_item_guide(values, fm.lines, path)
        problems += found
        if errors_only(problems):
            return None, problems
        return Item(
            id=src_uri[:-3],
            src_uri=src_uri,
            path=path,
            title=values["title"],
            index_no=values["index_no"],
            publisher=unit,
            written=values["written"],
            published=published,
            published_has_time=has_time,
            domain=domain,
            genre=values["genre"],
            topic=values["topic"],
            body=fm.body,
            body_line=fm.body_line,
            doc_no=doc_no,
            catalog_row=row,
            validity=values.get("validity"),
            expired=values.get("expired"),
            repealed=values.get("repealed"),
            keywords=values.get("keywords", []),
            summary=values.get("summary"),
            source=values.get("source"),
            attachments=attachments,
            interprets_id=values.get("interprets"),
            interpretation_form=values.get("interpretation_form"),
            publicity_end=values.get("publicity_end"),
            lines=fm.lines,
            change_note=note if isinstance(note := values.get("change_note"), str) else None,
            dated_notes=note if isinstance(note, list) else [],
            guide=guide,
            doc_class=doc_class,
        ), problems

    def _check_index_no(self, index_no: str, unit, err) -> None:
        fmt = self.index_fmt  # the one definition of the format (core/model/index_no.py, option index_no_format)
        parsed = fmt.parse(index_no)
        if parsed is None:
            err(
                "index_no",
                "ITEM-INDEX-NO-FORMAT",
                f"索引号“{index_no}”格式不对",
                f"写成 {fmt.description}，例如 {fmt.example(unit.uscc)}（可用 gongkai new 自动生成）",
            )
            return
        if parsed.uscc != unit.uscc:
            err(
                "index_no",
                "ITEM-INDEX-NO-UNIT",
                f"索引号前缀 {parsed.uscc} 不是发布机构{unit.short}的统一社会信用代码 {unit.uscc}",
                "核对 publisher 与索引号是否对应",
            )
        if parsed.month is not None and not 1 <= parsed.month <= 12:
            err(
                "index_no",
                "ITEM-INDEX-NO-FORMAT",
                f"索引号“{index_no}”中的月份 {parsed.month:02d} 不存在",
                "年月写成 YYYYMM，例如 202403",
            )

    def _check_validity(self, values: dict, err) -> None:
        validity = values.get("validity")
        if values.get("doc_no") and not validity:
            err(
                "doc_no",
                "ITEM-VALIDITY-MISSING",
                "有文号的文件必须标明有效性",
                "添加一行 validity: 有效（或 失效、废止）",
            )
        for state, key, label in (("失效", "expired", "失效日期"), ("废止", "repealed", "废止日期")):
            if validity == state and key not in values:
                err(
                    "validity",
                    "ITEM-VALIDITY-DATE",
                    f"有效性为“{state}”时必须填写{label}",
                    f"添加一行 {key}: YYYY-MM-DD",
                )
            if key in values and validity != state:
                err(
                    key,
                    "ITEM-VALIDITY-DATE",
                    f"只有有效性为“{state}”的文件才填写{label}",
                    f"把 validity 改为 {state}，或删除 {key}",
                )
            if key in values and values[key] < values["written"]:
                err(key, "ITEM-VALIDITY-DATE", f"{label} {values[key]} 早于成文日期 {values['written']}", "核对日期")
            elif key in values and values[key] > self.as_of and validity == state:
                err(
                    key,
                    "ITEM-VALIDITY-FUTURE",
                    f"{label} {values[key]} 晚于今天（{self.as_of}），文件目前仍然有效",
                    f"到该日期之前保持 validity: 有效 并删除 {key}，到期后再改为 {state}",
                )

    def _attachments(self, entries, src_uri: str, err) -> list[Attachment]:
        result = []
        folder = posixpath.dirname(src_uri)
        for file, title in entries:
            target = posixpath.normpath(posixpath.join(folder, file))
            if file.startswith("/") or target.startswith("../") or target == "..":
                err(
                    "attachments",
                    "ITEM-ATTACHMENT-PATH",
                    f"附件路径“{file}”指向内容目录之外",
                    "把附件放进条目旁的 files/ 目录，并写相对路径",
                )
                continue
            abs_path = os.path.join(self.content_dir, *target.split("/"))
            if not os.path.isfile(abs_path):
                err(
                    "attachments",
                    "ITEM-ATTACHMENT-MISSING",
                    f"附件文件“{file}”不存在（应在 {self.rel_content}/{target}）",
                    "把文件放到该位置，或改正 file 路径（区分大小写）",
                )
                continue
            result.append(Attachment(file=file, title=title, src_uri=target, size=os.path.getsize(abs_path)))
        return result


def _read_page(src_uri: str, fm, path: str) -> tuple[Page | None, list[Problem]]:
    values, problems = read_record(fm.data, fm.lines, "", PAGE_FIELDS, path, 1, "PAGE")
    if errors_only(problems):
        return None, problems
    return Page(src_uri, path, values, fm.body, fm.body_line), problems


def _resolve_interpretations(
    items: dict[str, Item], problems: list[Problem], scheduled: dict[str, Item] | None = None
) -> None:
    scheduled = scheduled or {}
    for item in list(items.values()) + list(scheduled.values()):
        if not item.interprets_id:
            continue
        target_id = item.interprets_id.strip("/").removesuffix(".md")
        target = items.get(target_id) or scheduled.get(target_id)
        if target is not None and target.id in scheduled and item.id in items:
            problems.append(
                Problem(
                    item.path,
                    item.lines.get("interprets"),
                    "ITEM-INTERPRETS-SCHEDULED",
                    f"解读对象“{target_id}”定于 {target.published.date()} 发布，现在还不在网站上",
                    "解读与政策同步发布：把本条也设为 scheduled: true，发布日期不早于政策",
                    "interprets",
                )
            )
        elif target is None:
            policies = [i.id for i in items.values() if i.genre != "解读"]
            close = difflib.get_close_matches(target_id, policies, n=1, cutoff=0.8)
            problems.append(
                Problem(
                    item.path,
                    item.lines.get("interprets"),
                    "ITEM-INTERPRETS-MISSING",
                    f"解读对象“{item.interprets_id}”不存在",
                    f"是否应为 {close[0]}？"
                    if close
                    else "填写被解读政策的条目 id（它在 content/ 下的路径去掉 .md），并确认该条目已经存在",
                    "interprets",
                )
            )
        elif target.genre == "解读":
            problems.append(
                Problem(
                    item.path,
                    item.lines.get("interprets"),
                    "ITEM-INTERPRETS-JIEDU",
                    f"解读对象“{target_id}”本身也是解读",
                    "interprets 应指向政策文件本身"
                    + (f"（它解读的是 {target.interprets_id}）" if target.interprets_id else ""),
                    "interprets",
                )
            )
        elif item.id in items:  # a scheduled 解读 is linked from its policy only once it is published
            item.interprets = target
            target.interpretations.append(item)
    for item in items.values():
        item.interpretations.sort(key=lambda i: (i.published, i.id))


def _check_unique_index_no(items: dict[str, Item], problems: list[Problem]) -> None:
    seen: dict[str, Item] = {}
    for item in items.values():
        first = seen.setdefault(item.index_no, item)
        if first is not item:
            problems.append(
                Problem(
                    item.path,
                    item.lines.get("index_no"),
                    "ITEM-INDEX-NO-DUP",
                    f"索引号 {item.index_no} 与 {first.path} 重复",
                    "索引号必须全站唯一，为本条分配下一个序号（gongkai new 会自动分配）",
                    "index_no",
                )
            )


def is_item_file(src_uri: str) -> bool:
    """Whether a Markdown file under content/ is read as a disclosure item (a file under a level folder that is
    not a unit's hand-written platform page); the item checks then hold it to <level>/<unit>/<domain>/<year>/."""
    return src_uri.split("/")[0] in LEVELS and not is_unit_page(src_uri)


def walk_content(content_dir: str) -> list[str]:
    """Every file under content_dir as a sorted list of forward-slash relative paths (dot-entries skipped)."""
    found = []
    for root, dirs, files in os.walk(content_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel_root = os.path.relpath(root, content_dir).replace(os.sep, "/")
        for name in sorted(files):
            if not name.startswith("."):
                found.append(name if rel_root == "." else f"{rel_root}/{name}")
    return found


def load_corpus(
    content_dir: str,
    registry: Registry,
    project_root: str,
    *,
    index_fmt: str = DEFAULT_FORMAT,
    as_of: dt.date | None = None,
) -> Corpus:
    """Read and validate every Markdown file; raise ContentError listing every problem."""
    corpus, problems = collect_corpus(content_dir, registry, project_root, index_fmt=index_fmt, as_of=as_of)
    if errors_only(problems):
        raise ContentError(problems)
    return corpus


def collect_corpus(
    content_dir: str,
    registry: Registry,
    project_root: str,
    *,
    index_fmt: str = DEFAULT_FORMAT,
    as_of: dt.date | None = None,
) -> tuple[Corpus, list[Problem]]:
    """Read and validate every Markdown file, collecting problems instead of raising.

    The corpus holds every item that passed (so `gongkai check` can go on to links and the
    personal-information scan); with any error in `problems` it must not be built.
    """
    as_of = as_of or as_of_date()
    rel_content = os.path.relpath(content_dir, project_root).replace(os.sep, "/")
    reader = _ItemReader(registry, content_dir, rel_content, index_fmt, as_of)
    items: dict[str, Item] = {}
    scheduled: dict[str, Item] = {}
    sources: dict[str, FrontMatter] = {}
    pages: dict[str, Page] = {}
    problems: list[Problem] = []
    other_files = []
    for src_uri in walk_content(content_dir):
        if not src_uri.endswith(".md"):
            other_files.append(src_uri)
            continue
        path = f"{rel_content}/{src_uri}"
        fm, found = read_markdown_path(os.path.join(content_dir, *src_uri.split("/")), path, partial=True)
        if fm is None:
            problems += found
            continue
        sources[src_uri] = fm  # an incomplete one too: its body is still checked (links, scripts, PII)
        if not fm.complete:
            problems += found
            continue
        if is_item_file(src_uri):
            item, found = reader.read(src_uri, fm, path)
            if item is not None and fm.data.get("scheduled") == "true" and item.published.date() > as_of:
                scheduled[item.id] = item
                found.append(
                    Problem(
                        path,
                        fm.lines.get("published"),
                        "ITEM-SCHEDULED",
                        f"定于 {item.published.date()} 发布：本次构建不包含此条及其附件",
                        "到期后重新构建即可发布",
                        "published",
                        INFO,
                    )
                )
            elif item is not None:
                items[item.id] = item
        else:
            page, found = _read_page(src_uri, fm, path)
            unit_problem = unit_page_problem(src_uri, path, registry.units) if is_unit_page(src_uri) else None
            found, page = (found + [unit_problem], None) if unit_problem else (found, page)
            if page is not None:
                pages[src_uri] = page
        problems += found
    _resolve_interpretations(items, problems, scheduled)
    _check_unique_index_no({**items, **scheduled}, problems)
    attachment_uris = {a.src_uri for item in items.values() for a in item.attachments}
    withheld = {i.src_uri for i in scheduled.values()} | {
        a.src_uri for i in scheduled.values() for a in i.attachments if a.src_uri not in attachment_uris
    }
    problems += _unreferenced_files(other_files, attachment_uris | withheld, {**items, **scheduled}, pages, rel_content)
    corpus = Corpus(
        registry,
        content_dir,
        items,
        pages,
        [p for p in problems if p.severity == WARNING],
        attachment_uris,
        scheduled=scheduled,
        withheld_uris=withheld,
        sources=sources,
        other_files=other_files,
        index_fmt=index_fmt,
        as_of=as_of,
    )
    return corpus, problems


def _unreferenced_files(other_files, attachment_uris, items, pages, rel_content) -> list[Problem]:
    """Files under the item folders that no item lists or links: they would be published unchecked."""
    linked = set(attachment_uris)
    for doc in list(items.values()) + list(pages.values()):
        folder = posixpath.dirname(doc.src_uri)
        for target in BODY_LINK_RE.findall(doc.body):
            if "://" not in target and not target.startswith(("#", "mailto:")):
                linked.add(posixpath.normpath(posixpath.join(folder, target.split("#")[0])))
    return [
        Problem(
            f"{rel_content}/{uri}",
            None,
            "FILE-UNREFERENCED",
            "文件没有被任何条目列为附件或链接，发布后无人审核",
            "在对应条目的 attachments 中登记它，或删除该文件",
            severity=WARNING,
        )
        for uri in other_files
        if uri.split("/")[0] in LEVELS and uri not in linked
    ]

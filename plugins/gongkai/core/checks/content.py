"""Every check on the source tree, in one function shared by `gongkai check` and the build (no MkDocs imports).

`run_checks(project_root, content_dir, catalogs_dir, options)` loads the registries and the corpus
(collecting problems instead of stopping at the first bad file) and then runs, on everything that
could be read:

* attachment types (allow-list) and sizes (cap);
* Markdown links to other items and their ``#anchors``; links to items not yet published;
* raw ``<script>``, embeds, event-handler attributes (also via ``attr_list``) and ``javascript:`` URLs;
* empty bodies (``ITEM-NO-BODY``, a warning);
* the personal-information scan of bodies, every front-matter value and the text of attachments,
  with the item's reviewed ``pii_exempt`` entries (each exemption used is reported as 提示);
* 索引号 changed since git first recorded the file;
* the change history of every item (更新记录) and a ``change_note`` for every body change after the grace
  period (checks/changes.py).

The build calls the same function in ``on_pre_build``, so nothing is published that `gongkai check`
would reject. A few warnings are *advisory* (`ADVISORY`): `check --strict` fails on them, the
build only reports them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import posixpath
from collections.abc import Callable, Iterable

from ..base import clock, memo
from ..base.problems import ERROR, INFO, WARNING, ContentError, Problem
from ..model.entities import LEVELS, Item
from ..model.index_no import DEFAULT_FORMAT
from ..sources.catalogs import catalog_problems
from ..sources.corpus import BODY_LINK_RE, Corpus, collect_corpus
from ..sources.githistory import History, content_history, first_index_numbers
from ..sources.ledgers import load_project_annual_reports
from ..sources.project import Project, load_project
from . import pii
from .catalog_text import catalog_text_problems
from .changes import DEFAULT_GRACE_DAYS, resolve_changes
from .extract import EXTRACTABLE, ExtractError, attachment_text
from .markdown import (
    LinkChecker,
    code_free_lines,
    link_targets,
    no_body_problem,
    script_problems,
    structure_problems,
)

DEFAULT_ATTACHMENT_TYPES = ("pdf", "ofd", "doc", "docx", "xls", "xlsx", "wps", "et", "jpg", "jpeg", "png")
DEFAULT_ATTACHMENT_MAX_MB = 20
NOT_SCANNED_TYPES = {"doc", "xls", "wps", "et", "ofd"}  # documents whose text gongkai cannot read
ADVISORY = {"ITEM-NO-BODY", "PII-EXEMPT-UNUSED"}  # warnings that fail `check --strict`, not the build


def default_slugify(text: str, sep: str) -> str:
    from pymdownx.slugs import slugify

    return slugify(case="lower")(text, sep)


@dataclasses.dataclass
class CheckOptions:
    index_no_format: str = DEFAULT_FORMAT
    attachment_types: tuple[str, ...] = DEFAULT_ATTACHMENT_TYPES
    attachment_max_mb: float = DEFAULT_ATTACHMENT_MAX_MB
    as_of: dt.date | None = None  # "today" for future-date checks; default: clock.as_of_date()
    slugify: Callable[[str, str], str] = default_slugify  # the site's toc slugify
    git_history: bool = True
    change_grace_days: int = DEFAULT_GRACE_DAYS  # body changes later than this after 发布日期 need a change_note
    changes_since: dt.date | None = None  # commits before this day are the site's set-up, not changes
    cache_dir: str | None = None  # where extracted attachment text is kept (e.g. <project>/.cache/gongkai)


@dataclasses.dataclass
class Exemption:
    path: str
    line: int | None
    value: str  # as shown in reports (masked when it is an ID or card number)
    reason: str
    uses: int

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class CheckResult:
    corpus: Corpus | None  # None when catalogs/ could not be read
    problems: list[Problem]
    exemptions: list[Exemption]  # exemptions that matched at least once
    files: list[str]  # every file checked, relative to the project root
    project: Project | None = None  # catalogs/ as read (None when it could not be)
    annual: dict = dataclasses.field(default_factory=dict)  # (unit id, year) -> AnnualReport, from the ledgers

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    def raise_for_errors(self) -> None:
        if self.errors:
            raise ContentError(self.problems)


def run_checks(
    project_root: str, content_dir: str, catalogs_dir: str, options: CheckOptions | None = None, project=None
) -> CheckResult:
    """Every check a build runs on its sources: catalogs/ (unless `project` is given, already read: registries,
    catalogs, sites, holidays, columns, synonyms, compliance rules), everything under content_dir, and the 年报
    ledgers. `gongkai check` and stage 2 of every build both call this, so they report the same problems.
    Per-file results are looked up by a hash of their inputs (core/base/memo.py), kept in options.cache_dir."""
    options = options or CheckOptions()
    with memo.use(os.path.join(options.cache_dir, "checks.pickle") if options.cache_dir else None):
        return _run_checks(project_root, content_dir, catalogs_dir, options, project)


def _run_checks(project_root: str, content_dir: str, catalogs_dir: str, options: CheckOptions, project) -> CheckResult:
    today = options.as_of or clock.as_of_date()
    if project is None:
        try:
            project = load_project(project_root, catalogs_dir)
        except ContentError as exc:
            return CheckResult(None, list(exc.problems), [], [])
    registry = project.registry
    corpus, problems = collect_corpus(
        content_dir, registry, project_root, index_fmt=options.index_no_format, as_of=today
    )
    problems += catalog_problems(registry)  # 公开事项目录 (sources/catalogs.py): none once the registry loaded
    problems += catalog_text_problems(registry)  # no English working notes in public catalog fields
    rel_content = os.path.relpath(content_dir, project_root).replace(os.sep, "/")
    all_items = {**corpus.items, **corpus.scheduled}
    problems += _attachment_problems(all_items.values(), corpus, options)
    targets = {}  # src_uri -> the body's link targets, for the link check
    for src_uri, fm in corpus.sources.items():
        path = f"{rel_content}/{src_uri}"
        found, targets[src_uri] = memo.cached(
            "body", (path, fm.body, fm.body_line), lambda path=path, fm=fm: _body(path, fm)
        )
        problems += found
    problems += _link_problems(corpus, rel_content, options, targets)
    for item in all_items.values():
        problem = no_body_problem(item.path, item.body, bool(item.attachments))
        if problem:
            problems.append(problem)
    # an ID number is real once its holder is born: judged at the real date even when the build's as-of is earlier
    scanner = _PiiScanner(
        corpus,
        rel_content,
        max(today, clock.today()),
        {u.uscc for u in registry.units.values()},
        options.cache_dir,
        options.attachment_max_mb * 1024 * 1024,
    )
    problems += scanner.run()
    problems += scanner.exemption_problems()
    if options.git_history:
        problems += _index_no_history(all_items.values(), content_dir)
    history = content_history(content_dir) if options.git_history else History(usable=False)
    problems += resolve_changes(  # 更新记录 from git; ITEM-CHANGE-NOTE (checks/changes.py)
        all_items.values(), content_dir, rel_content, options.change_grace_days, options.changes_since, history
    )
    try:  # the ledgers count the items: read once the items are
        annual = load_project_annual_reports(catalogs_dir, project_root, corpus, project.rules)
    except ContentError as exc:
        annual = {}
        problems += exc.problems
    problems.sort(key=lambda p: (p.path, p.line or 0, p.code))
    files = [f"{rel_content}/{uri}" for uri in sorted(set(corpus.sources) | set(corpus.other_files))]
    return CheckResult(corpus, problems, scanner.used_exemptions(), files, project, annual)


# --- attachments -----------------------------------------------------------------------------------------


def _attachment_problems(items: Iterable[Item], corpus: Corpus, options: CheckOptions) -> list[Problem]:
    problems = []
    allowed = {t.lower().lstrip(".") for t in options.attachment_types}
    cap = options.attachment_max_mb * 1024 * 1024
    for item in items:
        raw = corpus.sources[item.src_uri].data.get("attachments") or []
        lines = {
            entry.get("file"): item.lines.get(f"attachments[{i}].file")
            for i, entry in enumerate(raw)
            if isinstance(entry, dict)
        }
        for a in item.attachments:
            line = lines.get(a.file) or item.lines.get("attachments")
            if a.ext not in allowed:
                problems.append(
                    Problem(
                        item.path,
                        line,
                        "ITEM-ATTACHMENT-TYPE",
                        f"附件“{a.file}”的类型 .{a.ext or '（无扩展名）'} 不在允许发布的类型中",
                        "转换为 PDF（或 OFD、DOCX、XLSX 等）后再发布；允许的类型：" + "、".join(sorted(allowed)),
                        "attachments",
                    )
                )
            if a.size > cap:
                problems.append(
                    Problem(
                        item.path,
                        line,
                        "ITEM-ATTACHMENT-SIZE",
                        f"附件“{a.file}”有 {a.size / 1024 / 1024:.1f} MB，超过 {options.attachment_max_mb:g} MB 的上限",
                        "压缩或拆分文件（扫描件可降到 150–200 dpi）；确需更大的，由管理员调整 attachment_max_mb",
                        "attachments",
                    )
                )
    return problems


# --- links -----------------------------------------------------------------------------------------------


def _body(path: str, fm) -> tuple[list[Problem], list[tuple[int, str]]]:
    """What one body's text alone decides (kept in the check cache): its script and structure problems, and its
    link targets (offset, target), which the link check resolves against the whole corpus."""
    lines = list(code_free_lines(fm.body))
    problems = script_problems(path, fm.body, fm.body_line, lines) + structure_problems(path, fm.body, fm.body_line)
    return problems, list(link_targets(fm.body, lines))


def _link_problems(corpus: Corpus, rel_content: str, options: CheckOptions, targets: dict) -> list[Problem]:
    built = {
        uri: (f"{rel_content}/{uri}", fm.body) for uri, fm in corpus.sources.items() if uri not in corpus.withheld_uris
    }
    withheld = {i.src_uri: str(i.published.date()) for i in corpus.scheduled.values()}
    other = set(corpus.other_files)
    checker = LinkChecker(built, withheld, other.__contains__, options.slugify)
    # a scheduled item may link to other scheduled items: it is published no earlier than they are, if dated so
    everything = {**built, **{uri: (f"{rel_content}/{uri}", corpus.sources[uri].body) for uri in withheld}}
    scheduled_checker = LinkChecker(everything, {}, other.__contains__, options.slugify)
    problems = []
    for uri, fm in corpus.sources.items():
        chosen = scheduled_checker if uri in withheld else checker
        problems += chosen.check(uri, f"{rel_content}/{uri}", fm.body_line, targets[uri])
    return problems


# --- personal information --------------------------------------------------------------------------------

_FIX = {
    pii.ID: "遮盖出生日期等中间 8 位，写成 {masked}，或删除；确属依法公开的，在 pii_exempt 中登记号码和理由",
    pii.ID_TYPO: "地区码和出生日期是真实的，只有最后一位校验码对不上：核对原件，"
    "是身份证号就遮盖中间 8 位写成 {masked}；确实不是身份证号的，在 pii_exempt 中登记号码和理由",
    pii.MOBILE: "写成 {masked}，或改用单位办公电话；确属公开的工作号码，在 pii_exempt 中登记号码和理由",
    pii.BANKCARD: "删除银行卡号；确需出现时只保留前 4 位和后 4 位，写成 {masked}",
}


def pii_problem(
    path: str, line: int | None, finding: pii.Finding, where: str = "", field: str | None = None
) -> Problem:
    masked = finding.masked
    return Problem(
        path,
        line,
        finding.kind,
        f"{where}发现未遮盖的{pii.KIND_NAMES[finding.kind]} {masked}（个人信息不得公开）",
        _FIX[finding.kind].format(masked=masked),
        field,
    )


def _flatten(value, key: str):
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _flatten(v, f"{key}[{i}]")
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _flatten(v, f"{key}.{k}" if key else k)


class _Exemptions:
    """The reviewed pii_exempt entries of one document, with use counts."""

    def __init__(self, path: str, fm):
        self.path = path
        self.entries = []  # [digits, shown value, reason, line, uses]
        raw = fm.data.get("pii_exempt")
        if isinstance(raw, list):
            for i, entry in enumerate(raw):
                if isinstance(entry, dict) and isinstance(entry.get("value"), str):
                    digits = pii.digits_of(entry["value"])
                    kind = pii.classify(digits, clock.today())
                    shown = (
                        pii.mask(kind, digits)
                        if kind in (pii.ID, pii.ID_TYPO, pii.BANKCARD)
                        else entry["value"].strip()
                    )
                    self.entries.append(
                        [digits, shown, str(entry.get("reason", "")).strip(), fm.lines.get(f"pii_exempt[{i}].value"), 0]
                    )

    def covers(self, finding: pii.Finding) -> bool:
        for entry in self.entries:
            if entry[0] == finding.value:
                entry[4] += 1
                return True
        return False


class _PiiScanner:
    def __init__(
        self, corpus: Corpus, rel_content: str, today: dt.date, public: set[str], cache_dir: str | None, cap: float
    ):
        self.corpus = corpus
        self.cap = cap  # bytes: a larger file is not read (the attachment check reports a listed one)
        self.cache_dir = cache_dir
        self.rel_content = rel_content
        self.today = today
        self.public = frozenset(public)
        self.exemptions: dict[str, _Exemptions] = {}

    def _scan_body(self, fm) -> list:
        return pii.scan_text(fm.body, fm.body_line, self.today, self.public)

    def _scan_fields(self, fields) -> list:
        """(field, finding) of every front-matter value (`_flatten`: key, text) with personal information."""
        scan = pii.scan_text
        return [(key, finding) for key, value in fields for _, finding in scan(value, 1, self.today, self.public)]

    def run(self) -> list[Problem]:
        # the scan's context, hashed once: a repr of every unit's 统一社会信用代码 per file would cost a large project
        self.context = hashlib.sha256(repr((self.today, sorted(self.public))).encode("utf-8")).hexdigest()
        problems = []
        owners: dict[str, list[str]] = {}  # non-Markdown file -> src_uris of the documents that list or link it
        for src_uri, fm in self.corpus.sources.items():
            path = f"{self.rel_content}/{src_uri}"
            ex = self.exemptions[src_uri] = _Exemptions(path, fm)
            fields = tuple((key, value) for key, value in _flatten(fm.data, "") if not key.startswith("pii_exempt"))
            for key, finding in memo.cached(
                "pii-fields", (fields, self.context), lambda fields=fields: self._scan_fields(fields)
            ):
                if not ex.covers(finding):
                    problems.append(
                        pii_problem(path, fm.lines.get(key) or fm.lines.get(key.split("[")[0]), finding, field=key)
                    )
            for line, finding in memo.cached(
                "pii", (fm.body, fm.body_line, self.context), lambda fm=fm: self._scan_body(fm)
            ):
                if not ex.covers(finding):
                    problems.append(pii_problem(path, line, finding))
            if not fm.complete:  # the front matter could not be read: scan it as text
                for line, finding in pii.scan_text(fm.raw_yaml, fm.yaml_line, self.today, self.public):
                    problems.append(pii_problem(path, line, finding))
            for target in _local_files(src_uri, fm):
                owners.setdefault(target, []).append(src_uri)
        for uri in self.corpus.other_files:
            ext = uri.rsplit(".", 1)[-1].lower() if "." in posixpath.basename(uri) else ""
            path = f"{self.rel_content}/{uri}"
            if ext in NOT_SCANNED_TYPES and uri.split("/")[0] in LEVELS:
                problems.append(
                    Problem(
                        path,
                        None,
                        "ATTACH-NOT-SCANNED",
                        f".{ext} 文件的文字无法自动检查个人信息",
                        "发布前人工核对其中有无身份证号、手机号、银行卡号，或另存为 PDF/DOCX/XLSX 后发布",
                        severity=INFO,
                    )
                )
            if ext not in EXTRACTABLE:
                continue
            exemptions = [self.exemptions[o] for o in owners.get(uri, []) if o in self.exemptions]
            problems += self._scan_file(uri, path, exemptions)
        return problems

    def _scan_file(self, uri: str, path: str, exemptions: list[_Exemptions]) -> list[Problem]:
        problems = []
        abs_path = os.path.join(self.corpus.content_dir, *uri.split("/"))
        size = os.path.getsize(abs_path)
        if size > self.cap:  # never read: hashing or unpacking it would take the build minutes and gigabytes
            if uri in self.corpus.attachment_uris:
                return []  # reported by the attachment check (ITEM-ATTACHMENT-SIZE)
            return [
                Problem(
                    path,
                    None,
                    "ATTACH-TOO-LARGE",
                    f"文件有 {size / 1024 / 1024:.1f} MB，超过 {self.cap / 1024 / 1024:g} MB 的上限，"
                    "无法检查其中的个人信息",
                    "压缩或拆分文件后再发布；不需要发布的文件请移出 content/",
                )
            ]
        try:
            for where, line, text in cached_attachment_text(abs_path, self.cache_dir):
                lossy = line is None and where.startswith("工作表") and _is_lossy_number(text)
                for _, finding in pii.scan_text(text, 1, self.today, self.public):
                    if lossy and finding.kind == pii.ID_TYPO:
                        continue  # the digits Excel lost make any check char look wrong: reported just below
                    if not any(ex.covers(finding) for ex in exemptions):
                        problems.append(pii_problem(path, line, finding, "" if line else f"{where}："))
                if lossy:
                    problems.append(
                        Problem(
                            path,
                            None,
                            pii.ID,
                            f"{where}：有一个 {len(text)} 位的数字以数值格式保存"
                            "（疑似身份证号或银行卡号，Excel 已丢失末几位）",
                            "删除该列，或遮盖后以文本格式保存",
                        )
                    )
        except ExtractError as exc:
            problems.append(
                Problem(
                    path,
                    None,
                    "ATTACH-UNREADABLE",
                    f"{exc}，无法检查其中的个人信息",
                    "重新导出该文件（不要加密或设置打开密码）后再发布",
                )
            )
        return problems

    def used_exemptions(self) -> list[Exemption]:
        used = []
        for ex in self.exemptions.values():
            for _digits, shown, reason, line, uses in ex.entries:
                if uses:
                    used.append(Exemption(ex.path, line, shown, reason, uses))
        return used

    def exemption_problems(self) -> list[Problem]:
        problems = []
        for ex in self.exemptions.values():
            for _digits, shown, reason, line, uses in ex.entries:
                if uses:
                    problems.append(
                        Problem(
                            ex.path,
                            line,
                            "PII-EXEMPT",
                            f"已按豁免放行 {shown}（理由：{reason}），共 {uses} 处",
                            "豁免须经审核；不再需要时删除该项",
                            "pii_exempt",
                            INFO,
                        )
                    )
                else:
                    problems.append(
                        Problem(
                            ex.path,
                            line,
                            "PII-EXEMPT-UNUSED",
                            f"豁免的号码 {shown} 在本条及其附件中没有出现",
                            "删除这一项（固定电话等不会被拦截，无需豁免）",
                            "pii_exempt",
                            WARNING,
                        )
                    )
        return problems


def _is_lossy_number(text: str) -> bool:
    return text.isdigit() and len(text) >= 16 and text.endswith("0")


def _local_files(src_uri: str, fm) -> list[str]:
    """Non-Markdown files a document lists as attachments or links from its body."""
    folder = posixpath.dirname(src_uri)
    targets = []
    raw = fm.data.get("attachments")
    if isinstance(raw, list):
        targets += [e["file"] for e in raw if isinstance(e, dict) and isinstance(e.get("file"), str)]
    targets += [t for t in BODY_LINK_RE.findall(fm.body) if "://" not in t and not t.startswith(("#", "mailto:"))]
    return [posixpath.normpath(posixpath.join(folder, t.split("#")[0])) for t in targets]


_TEXT_CACHE: dict[str, list] = {}
_EXTRACT_VERSION = "1"


def cached_attachment_text(abs_path: str, cache_dir: str | None = None) -> list[tuple[str, int | None, str]]:
    """attachment_text, read once per file *content*.

    Text extraction is slow for PDFs with Chinese fonts (pypdf parses each font's ToUnicode map), so
    the text is kept in memory (serve rebuilds) and, with `cache_dir`, on disk under the SHA-256 of
    the file: unchanged attachments are not re-read by later builds or checks.
    """
    with open(abs_path, "rb") as fh:
        digest = hashlib.sha256(fh.read()).hexdigest()
    if digest in _TEXT_CACHE:
        return _TEXT_CACHE[digest]
    cache_file = os.path.join(cache_dir, digest[:2], f"{digest}.json") if cache_dir else None
    pieces = None
    if cache_file and os.path.isfile(cache_file):
        try:
            with open(cache_file, encoding="utf-8") as fh:
                stored = json.load(fh)
            if stored.get("version") == _EXTRACT_VERSION:
                pieces = [tuple(p) for p in stored["pieces"]]
        except (OSError, ValueError, KeyError):
            pieces = None
    if pieces is None:
        pieces = list(attachment_text(abs_path))
        if cache_file:
            os.makedirs(os.path.dirname(cache_file), exist_ok=True)
            tmp = f"{cache_file}.{os.getpid()}.tmp"
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump({"version": _EXTRACT_VERSION, "pieces": pieces}, fh, ensure_ascii=False)
            os.replace(tmp, cache_file)
    if len(_TEXT_CACHE) > 5000:
        _TEXT_CACHE.clear()
    _TEXT_CACHE[digest] = pieces
    return pieces


# --- 索引号 history --------------------------------------------------------------------------------------


def _index_no_history(items: Iterable[Item], content_dir: str) -> list[Problem]:
    recorded = first_index_numbers(content_dir)
    problems = []
    for item in items:
        first = recorded.get(item.src_uri)
        if first and first[0] != item.index_no:
            problems.append(
                Problem(
                    item.path,
                    item.lines.get("index_no"),
                    "ITEM-INDEX-NO-CHANGED",
                    f"索引号已改为 {item.index_no}，而该文件首次提交（{first[1]}）时是 {first[0]}",
                    f"已发布条目的索引号不得更改：改回 {first[0]}",
                    "index_no",
                )
            )
    return problems

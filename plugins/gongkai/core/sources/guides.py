"""办事指南 as structured items (no MkDocs imports).

An item of genre ``办事指南`` carries a ``guide:`` block with the key elements of a service guide
(国办秘函〔2019〕19号 单项否决第6项“服务不实用”: a guide missing 事项名称、设定依据、申请条件、办理材料、
办理地点、办理机构、收费标准、办理时间、联系电话、办理流程 fails it; the layout follows provincial 政务服务网 guides)::

    guide:
      name: 最低生活保障审核确认            # 事项名称
      type: 行政给付                        # 事项类型
      basis: [《社会救助暂行办法》]          # 设定依据
      conditions: [具有本区户籍……]           # 受理条件
      materials:                            # 申请材料
        - {name: 低保申请书, form: 原件, copies: "1", notes: 可由村（居）委会代写}
      steps: [申请, 调查核实, 民主评议, 审核确认]   # 办理流程
      time_limit: {legal: "30", promised: "20"}   # 办理时限（工作日）
      fee: 不收费                           # 收费标准
      place: 徽州区政务服务中心民政窗口       # 办理地点
      hours: 工作日 8:30–12:00，14:30–17:30  # 办理时间
      phone: 0559-3512101                   # 咨询电话
      complaint_phone: 0559-12345           # 监督电话
      online_url: https://www.ahzwfw.gov.cn/ # 网办入口（可选）
      life_events: [救助]                    # 生活事件

`read_item_guide` is the only hook into the item reader: a ``办事指南`` item without a valid block
is an error, and so is a block on an item of another genre. Every problem names the file, the
line and the dotted field (``guide.materials[2].form``) with a fix, like every other item field.

The 办事一本通 compiled from the guides is planned and printed by core/site/yibentong.py.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from ..base import fields
from ..base.problems import Problem, errors_only
from ..base.records import Field, read_record

GENRE = "办事指南"
# 事项类型 of the 政务服务事项 lists (行政权力 categories and 公共服务).
GUIDE_TYPES = [
    "行政许可",
    "行政处罚",
    "行政强制",
    "行政征收",
    "行政给付",
    "行政检查",
    "行政确认",
    "行政奖励",
    "行政裁决",
    "其他行政权力",
    "公共服务",
]
MATERIAL_FORMS = ["原件", "复印件", "原件和复印件", "电子"]
# 生活事件 (life events) by which a 一本通 and a service portal index services, in life order.
LIFE_EVENTS = [
    "生育",
    "入学",
    "就业",
    "创业",
    "社保",
    "医疗",
    "婚姻",
    "住房",
    "户籍",
    "出行",
    "养老",
    "救助",
    "残疾",
    "农业",
    "退役",
    "身后",
]
# Only these governments compile a 办事一本通 (the 基层政府 of 皖政办秘〔2020〕55号, and the city portal).

_PHONE_RE = re.compile(r"^(0\d{2,3}-\d{7,8}(转\d{1,6})?|1\d{4,5}|400-?\d{3}-?\d{4})$")
_DAYS_RE = re.compile(r"^\d{1,3}$")


@dataclasses.dataclass
class Material:
    name: str
    form: str  # one of MATERIAL_FORMS
    copies: int
    notes: str | None = None


@dataclasses.dataclass
class TimeLimit:
    legal: int | None  # 法定时限, working days
    promised: int | None  # 承诺时限, working days (0 = 即办)
    note: str | None = None  # 说明, e.g. 特殊情况可延长至45个工作日; 按年度招生日程办理

    @staticmethod
    def _text(days: int | None) -> str | None:
        if days is None:
            return None
        return "即办" if days == 0 else f"{days}个工作日"

    @property
    def legal_text(self) -> str | None:
        return self._text(self.legal)

    @property
    def promised_text(self) -> str | None:
        return self._text(self.promised)


@dataclasses.dataclass
class Guide:
    name: str  # 事项名称
    type: str  # 事项类型
    basis: list[str]  # 设定依据
    conditions: list[str]  # 受理条件
    materials: list[Material]  # 申请材料
    steps: list[str]  # 办理流程
    time_limit: TimeLimit  # 办理时限
    fee: str  # 收费标准
    place: str  # 办理地点
    hours: str  # 办理时间
    phone: str  # 咨询电话
    complaint_phone: str  # 监督电话
    life_events: list[str]  # 生活事件
    code: str | None = None  # 事项编码
    agency: str | None = None  # 办理机构 (default: the publisher)
    online_url: str | None = None  # 网办入口
    visits: int | None = None  # 到现场次数

    def text(self) -> str:
        """All the guide's words, one element a line (the 一本通's search record and tests)."""
        lines = [self.name, self.type, *self.basis, *self.conditions]
        lines += [f"{m.name} {m.form} {m.copies}份" + (f" {m.notes}" if m.notes else "") for m in self.materials]
        lines += self.steps + [self.fee, self.place, self.hours, self.phone, self.complaint_phone]
        return "\n".join(lines)


# ------------------------------------------------------------------------------------------------
# Reading


def _mapping(value: Any):
    if not isinstance(value, dict):
        return None, (
            "应为“字段: 值”的组合",
            "在 guide: 下缩进两格逐行填写 name、type、basis 等要素（见 docs/guides.md）",
        )
    return value, None


def _phone(value: Any):
    v, err = fields.text(value)
    if err:
        return None, err
    parts = [p.strip() for p in re.split(r"[、，,；;]", v)]
    bad = [p for p in parts if not _PHONE_RE.match(p)]
    if bad:
        return None, (f"“{bad[0]}”不是电话号码", "写成区号-号码，例如 0559-3512101，或 12345；多个号码用顿号隔开")
    return "、".join(parts), None


def _url(value: Any):
    v, err = fields.text(value)
    if err:
        return None, err
    if not re.match(r"^https?://[^\s/]+", v):
        return None, (f"“{v}”不是完整网址", "写成以 https:// 开头的网址")
    return v, None


def _count(minimum: int):
    def read(value: Any):
        v, err = fields.text(value)
        if err:
            return None, err
        if not _DAYS_RE.match(v) or int(v) < minimum:
            return None, (f"“{v}”不是 {minimum} 以上的整数", '只写数字，例如 "1"（写在引号里）')
        return int(v), None

    return read


def _nonempty_list(value: Any):
    items, err = fields.text_list(value)
    if err:
        return None, err
    if not items:
        return None, ("不能为空列表", "至少写一项")
    return items, None


def _life_events(value: Any):
    items, err = _nonempty_list(value)
    if err:
        return None, err
    unknown = [e for e in items if e not in LIFE_EVENTS]
    if unknown:
        return None, (f"中的“{unknown[0]}”不在可选范围内", "可选：" + "、".join(LIFE_EVENTS))
    return items, None


def _raw_list(value: Any):
    if not isinstance(value, list) or not value:
        return None, ("应为列表，至少一项", "每项以 - 开头，写成 - name: 材料名称 换行 form: 原件")
    return value, None


GUIDE_FIELDS = {
    "name": Field(fields.text, True, "事项名称"),
    "code": Field(fields.text, False, "事项编码"),
    "type": Field(fields.choice(GUIDE_TYPES), True, "事项类型"),
    "basis": Field(_nonempty_list, True, "设定依据"),
    "conditions": Field(_nonempty_list, True, "受理条件"),
    "materials": Field(_raw_list, True, "申请材料"),
    "steps": Field(_nonempty_list, True, "办理流程"),
    "time_limit": Field(_mapping, True, "办理时限"),
    "fee": Field(fields.text, True, "收费标准"),
    "agency": Field(fields.text, False, "办理机构"),
    "place": Field(fields.text, True, "办理地点"),
    "hours": Field(fields.text, True, "办理时间"),
    "phone": Field(_phone, True, "咨询电话"),
    "complaint_phone": Field(_phone, True, "监督电话"),
    "online_url": Field(_url, False, "网办入口"),
    "visits": Field(_count(0), False, "到现场次数"),
    "life_events": Field(_life_events, True, "生活事件"),
}
MATERIAL_FIELDS = {
    "name": Field(fields.text, True, "材料名称"),
    "form": Field(fields.choice(MATERIAL_FORMS), True, "材料形式"),
    "copies": Field(_count(1), False, "份数"),
    "notes": Field(fields.text, False, "备注"),
}
TIME_LIMIT_FIELDS = {
    "legal": Field(_count(0), False, "法定时限（工作日）"),
    "promised": Field(_count(0), False, "承诺时限（工作日）"),
    "note": Field(fields.text, False, "时限说明"),
}

# What the item reader's ITEM_FIELDS holds for `guide:`; the block itself is read by read_item_guide.
ITEM_FIELD = Field(_mapping, False, "办事指南要素")


def read_guide(data: dict, lines: dict[str, int], path: str, line: int | None) -> tuple[Guide | None, list[Problem]]:
    """Validate a `guide:` mapping (already known to be a mapping) into a Guide."""
    values, problems = read_record(data, lines, "guide", GUIDE_FIELDS, path, line, "GUIDE")
    materials = []
    for i, raw in enumerate(values.get("materials", [])):
        prefix = f"guide.materials[{i}]"
        where = lines.get(prefix, lines.get(f"{prefix}.name", lines.get("guide.materials", line)))
        m, found = read_record(raw, lines, prefix, MATERIAL_FIELDS, path, where, "GUIDE-MATERIAL")
        problems += found
        if not errors_only(found):
            materials.append(Material(m["name"], m["form"], m.get("copies", 1), m.get("notes")))
    time_limit = None
    if "time_limit" in values:
        where = lines.get("guide.time_limit", line)
        t, found = read_record(
            values["time_limit"], lines, "guide.time_limit", TIME_LIMIT_FIELDS, path, where, "GUIDE-TIME-LIMIT"
        )
        problems += found
        if not found and not t:
            problems.append(
                Problem(
                    path,
                    where,
                    "GUIDE-TIME-LIMIT-EMPTY",
                    "办理时限至少要写法定时限、承诺时限或时限说明之一",
                    '写成 time_limit: {legal: "20", promised: "10"}（工作日；即办写 "0"；不按工作日计的写 note: 说明）',
                    "guide.time_limit",
                )
            )
        elif not found and "legal" in t and "promised" in t and t["promised"] > t["legal"]:
            problems.append(
                Problem(
                    path,
                    lines.get("guide.time_limit.promised", where),
                    "GUIDE-TIME-LIMIT-ORDER",
                    f"承诺时限 {t['promised']} 个工作日长于法定时限 {t['legal']} 个工作日",
                    "承诺时限应不长于法定时限，核对两个数字",
                    "guide.time_limit.promised",
                )
            )
        else:
            time_limit = TimeLimit(t.get("legal"), t.get("promised"), t.get("note"))
    if errors_only(problems):
        return None, problems
    return Guide(
        name=values["name"],
        type=values["type"],
        basis=values["basis"],
        conditions=values["conditions"],
        materials=materials,
        steps=values["steps"],
        time_limit=time_limit,
        fee=values["fee"],
        place=values["place"],
        hours=values["hours"],
        phone=values["phone"],
        complaint_phone=values["complaint_phone"],
        life_events=values["life_events"],
        code=values.get("code"),
        agency=values.get("agency"),
        online_url=values.get("online_url"),
        visits=values.get("visits"),
    ), problems


def read_item_guide(values: dict, lines: dict[str, int], path: str) -> tuple[Guide | None, list[Problem]]:
    """The item reader's hook: `values` are the item's typed fields (genre, and `guide` as a raw mapping)."""
    genre, block = values.get("genre"), values.get("guide")
    if genre == GENRE and block is None:
        return None, [
            Problem(
                path,
                lines.get("genre", 1),
                "GUIDE-MISSING",
                "体裁为“办事指南”的条目必须有 guide: 要素块（事项名称、设定依据、受理条件、申请材料、办理流程等）",
                "按 docs/guides.md 的示例添加 guide: 块；如果不是办事指南，改正 genre",
                "guide",
            )
        ]
    if block is not None and genre != GENRE:
        return None, [
            Problem(
                path,
                lines.get("guide", 1),
                "GUIDE-GENRE",
                f"只有体裁为“办事指南”的条目可以填写 guide，本条体裁是“{genre}”",
                "把 genre 改为 办事指南，或删除 guide 块",
                "guide",
            )
        ]
    if block is None:
        return None, []
    return read_guide(block, lines, path, lines.get("guide", 1))

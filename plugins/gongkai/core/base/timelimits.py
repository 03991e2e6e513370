"""公开时限 as rules: parse the phrasings of real catalogs into structured rules (no MkDocs imports).

A catalog row's 公开时限 is free text ("信息形成或者变更之日起20个工作日内", "本级人民代表大会或其常务委员会
批准后20日内", "制定或获取信息之日起10个工作日内，公示7个工作日", "按年公开" …). `parse_time_limit`
turns it into a `TimeRule`; the original text is kept for display. A phrasing the grammar does not know
is never guessed: `parse_time_limit` raises `UnparsedTimeLimit`, and `time_limit_problems` reports it as
CAT-TIME-LIMIT-UNPARSED with file, line and field, which stops the build.

Grammar (one text = clauses separated by ，；。):

* main clause, exactly one:
  - ``[自]<事件>[之日起|后|之后]N个工作日内[予以公开]``  → working_days_after_event
  - ``[自]<事件>[之日起|后]N日内``                    → calendar_days_after_event
  - ``N个工作日内`` without an event counts from 信息形成或者变更 (条例 第二十六条)
  - ``实时公开``                                     → realtime
  - ``[按进展情况]及时公开`` / ``随时公布``              → promptly
  - ``常年公开`` / ``长期公开``                        → standing
  - ``按年|按季度|按月公开``, ``每季度的首个月20日``, ``每月10日前``, ``每年1月31日前`` → periodic
  - ``提前一周发通知邀请`` / ``提前N个工作日…``            → before_event
* optional extra clauses:
  - ``公示N个工作日`` / ``公示期不少于N日``              → publicity (in addition to the main rule)
  - ``法律、法规…另有规定的，从其规定``                 → law_override
  - ``其中<事项>应自<事件>之日起N个工作日内公示``         → an exception rule for part of the row
"""

from __future__ import annotations

import dataclasses
import functools
import re

DEFAULT_EVENT = "信息形成或者变更"  # 《政府信息公开条例》第二十六条

KINDS = {
    "working_days_after_event": "工作日时限",
    "calendar_days_after_event": "自然日时限",
    "realtime": "实时公开",
    "promptly": "及时公开",
    "standing": "常年公开",
    "periodic": "定期公开",
    "before_event": "事前公开",
    "publicity": "公示",
}
PERIODS = {"year": "年", "quarter": "季度", "month": "月"}


class UnparsedTimeLimit(ValueError):
    pass


@dataclasses.dataclass(frozen=True)
class Publicity:
    n: int
    working: bool  # 工作日 (True) or 日/天 (False)

    @property
    def text(self) -> str:
        return f"公示{self.n}{'个工作日' if self.working else '日'}"


@dataclasses.dataclass(frozen=True)
class Exception_:
    scope: str  # which part of the row, e.g. 行政许可、行政处罚事项
    rule: TimeRule


@dataclasses.dataclass(frozen=True)
class TimeRule:
    text: str  # the original 公开时限, shown as written
    kind: str  # a key of KINDS
    n: int | None = None  # days (working or calendar) for *_after_event and before_event
    event: str | None = None  # what the period counts from, e.g. 信息形成或者变更
    period: str | None = None  # periodic: year | quarter | month
    due_month: int | None = None  # periodic: month within the period (1-based) of the due date
    due_day: int | None = None  # periodic: day of that month; None = the period's last day
    publicity: Publicity | None = None
    law_override: bool = False  # 法律法规另有规定的，从其规定
    qualifier: str | None = None  # e.g. 按进展情况 (promptly)
    exceptions: tuple[Exception_, ...] = ()

    @property
    def has_deadline(self) -> bool:
        """Whether a publication can be late against this rule (counted from the item's 成文日期)."""
        return self.kind in ("working_days_after_event", "calendar_days_after_event")

    @property
    def summary(self) -> str:
        """A plain reading of the rule, for tooltips and reports."""
        if self.kind == "working_days_after_event":
            s = f"自{self.event}之日起{self.n}个工作日内"
        elif self.kind == "calendar_days_after_event":
            s = f"自{self.event}之日起{self.n}日内（末日遇节假日顺延）"
        elif self.kind == "periodic":
            s = f"每{PERIODS[self.period]}公开"
            if self.due_day and self.period == "year":
                s += f"，于每年{self.due_month}月{self.due_day}日前"
            elif self.due_day and self.period == "quarter":
                s += f"，于每季度第{self.due_month}个月{self.due_day}日前"
            elif self.due_day:
                s += f"，于每月{self.due_day}日前"
        elif self.kind == "before_event":
            s = f"{'在' + self.event if self.event else ''}提前{self.n}日{self.qualifier or '公开'}"
        elif self.kind == "promptly" and self.qualifier:
            s = f"{self.qualifier}及时公开"
        else:
            s = KINDS[self.kind]
        if self.publicity:
            s += f"；{self.publicity.text}"
        for e in self.exceptions:
            s += f"；其中{e.scope}{e.rule.summary}"
        if self.law_override:
            s += "；法律法规另有规定的从其规定"
        return s


_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NUM = r"[0-9]+|[零〇一二两三四五六七八九十]+"


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    value = 0
    for ch in text:
        value = value * 10 + _CN_DIGITS[ch]
    return value


def _normalise(text: str) -> str:
    text = text.translate(str.maketrans("０１２３４５６７８９，；：（）", "0123456789,;:()"))
    return re.sub(r"\s+", "", text)


_LAW = re.compile(r"[,;。.]?(?:法律、?法规|法律法规)(?:对政府信息公开的期限|对公开期限)?另有规定的,?从其规定[。.]?")
_EXCEPTION = re.compile(r"[,;。]?其中(?P<scope>[^,;。]+?)应?(?P<rule>自[^,;。]+?(?:公示|公开))")
_PUBLICITY = re.compile(rf"^公示(?:期)?(?:为|不少于|不得少于)?(?P<n>{_NUM})(?P<unit>个工作日|日|天)(?:以上)?$")
_TAIL = re.compile(r"(?:予以|及时)?(?:公开|公示|公布|发布|更新)$")
_AFTER = re.compile(
    rf"^(?P<event>.*?)(?:之日起|之日后|之日|之后|以后|后|起)?(?P<n>{_NUM})(?P<unit>个工作日|日|天)(?:内|以内|之内)$"
)
_BEFORE = re.compile(rf"^(?:在?(?P<event>[^提]*?)前)?提前(?P<n>{_NUM})(?P<unit>个工作日|日|天|周|个月)(?P<rest>.*)$")
_PERIODIC = re.compile(r"^(?:按|每)(?P<p>年度?|季度?|月度?)(?:公开|公布|更新)?$")
_QUARTER_DUE = re.compile(rf"^每季度?的?(?:首个?月|第一个月)(?P<d>{_NUM})日(?:前|之前)?$")
_MONTH_DUE = re.compile(rf"^每月(?P<d>{_NUM})日(?:前|之前)?$")
_YEAR_DUE = re.compile(rf"^每年(?P<m>{_NUM})月(?P<d>{_NUM})日(?:前|之前)?$")
_PROMPTLY = re.compile(r"^(?P<q>按[^,;。]*?)?(?:及时|随时)(?:公开|公布|发布|更新)?$")


def _event(raw: str) -> str:
    event = re.sub(r"^(?:自|从|于|在)", "", raw)
    event = re.sub(r"(?:之日起|之日后|之日|之后|以后|后|起)$", "", event)
    return event or DEFAULT_EVENT


def _main(clause: str, original: str) -> TimeRule:
    if re.fullmatch(r"实时(?:公开|更新|发布)?", clause):
        return TimeRule(original, "realtime")
    if re.fullmatch(r"(?:常年|长期)(?:公开)?", clause):
        return TimeRule(original, "standing")
    m = _PROMPTLY.match(clause)
    if m:
        return TimeRule(original, "promptly", qualifier=m.group("q"))
    m = _PERIODIC.match(clause)
    if m:
        period = {"年": "year", "季": "quarter", "月": "month"}[m.group("p")[0]]
        return TimeRule(original, "periodic", period=period)
    m = _QUARTER_DUE.match(clause)
    if m:
        return TimeRule(original, "periodic", period="quarter", due_month=1, due_day=_number(m.group("d")))
    m = _MONTH_DUE.match(clause)
    if m:
        return TimeRule(original, "periodic", period="month", due_month=1, due_day=_number(m.group("d")))
    m = _YEAR_DUE.match(clause)
    if m:
        return TimeRule(
            original, "periodic", period="year", due_month=_number(m.group("m")), due_day=_number(m.group("d"))
        )
    m = _BEFORE.match(clause)
    if m:
        n, unit = _number(m.group("n")), m.group("unit")
        days = n * 7 if unit == "周" else n * 30 if unit == "个月" else n
        return TimeRule(
            original, "before_event", n=days, event=m.group("event") or None, qualifier=m.group("rest") or None
        )
    body = _TAIL.sub("", clause)
    m = _AFTER.match(body)
    if m:
        kind = "working_days_after_event" if m.group("unit") == "个工作日" else "calendar_days_after_event"
        return TimeRule(original, kind, n=_number(m.group("n")), event=_event(m.group("event")))
    m = _PUBLICITY.match(clause)
    if m:
        return TimeRule(
            original, "publicity", publicity=Publicity(_number(m.group("n")), m.group("unit") == "个工作日")
        )
    raise UnparsedTimeLimit(clause)


@functools.cache
def parse_time_limit(text: str) -> TimeRule:
    """The rule of one 公开时限 text; raises UnparsedTimeLimit naming the clause it could not read."""
    rest = _normalise(text)
    if not rest:
        raise UnparsedTimeLimit(text)
    law = bool(_LAW.search(rest))
    rest = _LAW.sub("", rest)
    exceptions = []
    for m in list(_EXCEPTION.finditer(rest)):
        try:
            exceptions.append(Exception_(m.group("scope"), _main(_TAIL.sub("", m.group("rule")) + "", m.group("rule"))))
        except UnparsedTimeLimit:
            raise UnparsedTimeLimit(m.group(0).lstrip(",;。")) from None
    rest = _EXCEPTION.sub("", rest)
    clauses = [c for c in re.split(r"[,;。]", rest) if c]
    publicity = None
    main: TimeRule | None = None
    for clause in clauses:
        m = _PUBLICITY.match(clause)
        if m and main is not None:
            if publicity is not None:
                raise UnparsedTimeLimit(clause)
            publicity = Publicity(_number(m.group("n")), m.group("unit") == "个工作日")
            continue
        if main is not None:
            raise UnparsedTimeLimit(clause)
        main = _main(clause, text)
    if main is None:
        raise UnparsedTimeLimit(text)
    return dataclasses.replace(
        main, text=text, publicity=publicity or main.publicity, law_override=law, exceptions=tuple(exceptions)
    )


def try_parse(text: str) -> TimeRule | None:
    try:
        return parse_time_limit(text)
    except UnparsedTimeLimit:
        return None

"""公开渠道和载体: the channel vocabulary, the local channels of catalogs/channels.yml, and reading a channel
cell as offices write it (no MkDocs imports).

A catalog row names its channels from the national checkbox set of 13 (printed on most catalogs in this order)
or from the local channels a project declares in ``catalogs/channels.yml`` (platforms such as
投资项目在线审批监管平台). The list is data, not code: `gongkai catalog import --accept-local` appends the
names a workbook introduces.

`parse_channel_cell` reads a 公开渠道和载体 cell the way counties actually fill it in:

* ■/√ (ticked) and □/○ (not ticked) boxes, one channel per line or several on a line;
* channels joined by 、，；, line breaks, spaces or "/" (``政府网站/财政部门网站公开``) — the "/" inside a
  national name (发布会/听证会, 入户/现场, 社区/企事业单位/村公示栏（电子屏）) is kept;
* a channel followed by its web address (``政府网站http://…`` or ``■政府网站 http://…``): the address is kept as
  the channel's link;
* a site's own name (``徽州区人民政府网站``, ``XX区（XX区）政府网站``) is the row's 政府网站 when it names a unit
  of the registry;
* the usual variants of the national names (``社区/村公示栏(电子屏)``, ``发布会、听证会``, ``两微一端（微博、微信、
  客户端）``).

Whatever is left is reported, never guessed: the caller collects the unknown names of a whole workbook and
asks once whether they are local channels.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections.abc import Iterable, Sequence

from ..base import fields
from ..base.frontmatter import read_data_path
from ..base.problems import Problem

CHANNELS_FILE = "channels.yml"
CHANNELS = [
    "政府网站",
    "政府公报",
    "两微一端",
    "发布会/听证会",
    "广播电视",
    "纸质媒体",
    "公开查阅点",
    "政务服务中心",
    "便民服务站",
    "入户/现场",
    "社区/企事业单位/村公示栏（电子屏）",
    "精准推送",
    "其他",
]
GOV_SITE = "政府网站"
NOTICE_BOARD = "社区/企事业单位/村公示栏（电子屏）"
# spellings of the national names seen on published catalogs
SYNONYMS = {
    "社区/村公示栏（电子屏）": NOTICE_BOARD,
    "村居/企事业单位公示栏（电子屏）": NOTICE_BOARD,
    "社区/企事业单位/村公示栏": NOTICE_BOARD,
    "社区/企事业单位/村公示栏（电子屏幕）": NOTICE_BOARD,
    "社区、企事业单位、村公示栏（电子屏）": NOTICE_BOARD,
    "发布会、听证会": "发布会/听证会",
    "发布会听证会": "发布会/听证会",
    "新闻发布会/听证会": "发布会/听证会",
    "入户、现场": "入户/现场",
    "入户现场": "入户/现场",
    "两微一端（微博、微信、客户端）": "两微一端",
    "政府门户网站": GOV_SITE,
    "政务服务大厅": "政务服务中心",
    "广播、电视": "广播电视",
}
TICKS = "■√✓✔☑●▇█"
UNTICKS = "□○〇☐◻▢"
# separators between channels; "/" only where it is not part of a known name
_SEPARATORS_RE = re.compile(r"[\n\r、，,；;\s]+")
_BOX_RE = re.compile(f"(?=[{TICKS}{UNTICKS}])")
URL_RE = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", re.I)
_SITE_SUFFIX_RE = re.compile(r"(?:人民政府)?(?:政府)?(?:门户)?(?:网站|网)$")
_PAREN_RE = re.compile(r"（[^（）]*）")
_OTHER_RE = re.compile(r"^其他[：:（](.+?)）?$")
_PUBLISHED_ON_RE = re.compile(r"(?<=[站台网])(?:公开|公示|发布)$")  # 财政部门网站公开 = the site 财政部门网站


def full_width_parens(text: str) -> str:
    return text.replace("(", "（").replace(")", "）")


# -- the local channels file ---------------------------------------------------------------------------------


def load_local_channels(catalogs_dir: str, rel_root: str) -> tuple[list[str], list[Problem]]:
    """The names of catalogs/channels.yml ([] when the project has none), and the problems of the file."""
    rel = f"{rel_root}/{CHANNELS_FILE}"
    path = os.path.join(catalogs_dir, CHANNELS_FILE)
    if not os.path.isfile(path):
        return [], []
    data, lines, problems = read_data_path(path, rel)
    if data is None:
        return [], problems
    if set(data) != {"channels"} or not isinstance(data["channels"], list):
        return [], problems + [
            Problem(
                rel,
                1,
                "CHANNELS-FORMAT",
                "文件应只有一个字段 channels:（本地渠道名称的列表）",
                "写成 channels: 换行后每个渠道一行，以 - 开头",
                "channels",
            )
        ]
    names: list[str] = []
    for i, value in enumerate(data["channels"]):
        line = lines.get(f"channels[{i}]", lines.get("channels"))
        name, err = fields.text(value)
        if err:
            problems.append(Problem(rel, line, "CHANNELS-BAD-VALUE", f"第 {i + 1} 项{err[0]}", err[1], "channels"))
            continue
        name = full_width_parens(name)
        if name in CHANNELS or name in SYNONYMS:
            problems.append(
                Problem(
                    rel,
                    line,
                    "CHANNELS-NATIONAL",
                    f"“{name}”是全国通用渠道（或其写法），不是本地渠道",
                    "删除这一项；目录中直接写通用渠道名称",
                    "channels",
                )
            )
        elif name in names:
            problems.append(Problem(rel, line, "CHANNELS-DUP", f"“{name}”重复", "删除重复的一项", "channels"))
        elif _SEPARATORS_RE.search(name):
            problems.append(
                Problem(
                    rel,
                    line,
                    "CHANNELS-BAD-VALUE",
                    f"“{name}”含有空格或分隔符（、，；）",
                    "一项只写一个渠道名称",
                    "channels",
                )
            )
        else:
            names.append(name)
    return names, problems


_HEADER = """\
# 本地公开渠道：全国通用的 13 项渠道（政府网站、政府公报、两微一端、发布会/听证会、广播电视、纸质媒体、
# 公开查阅点、政务服务中心、便民服务站、入户/现场、社区/企事业单位/村公示栏（电子屏）、精准推送、其他）
# 之外，本地目录使用的平台和载体。目录的 channels 只能写通用渠道或这里列出的名称；
# gongkai catalog import --accept-local 会把表格中新出现的名称加到这里。
channels:
"""


def _yaml_item(name: str) -> str:
    plain = re.fullmatch(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#]*", name) and not name.endswith(" ")
    return f"  - {name if plain else json.dumps(name, ensure_ascii=False)}\n"


def channels_file_text(catalogs_dir: str, new_names: Iterable[str]) -> str:
    """The text of catalogs/channels.yml with `new_names` appended (the file's comments and order kept)."""
    path = os.path.join(catalogs_dir, CHANNELS_FILE)
    text = _HEADER
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        if not text.endswith("\n"):
            text += "\n"
        text = re.sub(r"^channels:\s*\[\]\s*$", "channels:", text, flags=re.M)
    return text + "".join(_yaml_item(n) for n in new_names)


# -- reading a channel cell ---------------------------------------------------------------------------------------


@dataclasses.dataclass
class ChannelCell:
    """What a 公开渠道和载体 cell says: the ticked channels in order, their web addresses, and what it could not
    place (names outside the vocabulary; addresses before any channel)."""

    channels: list[str]
    links: dict[str, str]
    unknown: list[str]  # names that are neither national nor local channels
    renamed: list[tuple[str, str]]  # (as written, channel): a variant or a site's own name read as a channel
    stray_urls: list[str]  # addresses with no channel before them


class ChannelReader:
    """Reads channel cells against the national names, the local channels and the registry's unit names."""

    def __init__(self, local_channels: Sequence[str] = (), unit_names: Iterable[str] = ()):
        self.known = {c: c for c in CHANNELS} | {c: c for c in local_channels} | dict(SYNONYMS)
        # names that contain a separator must be protected from splitting ("发布会、听证会", "入户/现场")
        self._joined = sorted((n for n in self.known if re.search(r"[/、，,；;]", n)), key=len, reverse=True)
        names = {_PAREN_RE.sub("", full_width_parens(n)) for n in unit_names if n}
        self.unit_names = names | {re.sub(r"(?:人民政府|政府)$", "", n) for n in names}

    @staticmethod
    def clean(token: str) -> str:
        """The name a token means: 其他：X is X; 财政部门网站公开 is 财政部门网站."""
        token = full_width_parens(token.strip())
        other = _OTHER_RE.match(token)
        if other:
            token = other.group(1).strip()
        return _PUBLISHED_ON_RE.sub("", token)

    def resolve(self, token: str) -> tuple[str | None, bool]:
        """(channel, renamed) of one name as written, or (None, False) when it is not a channel."""
        written = full_width_parens(token.strip())
        token = self.clean(written)
        if token in self.known:
            return self.known[token], self.known[token] != written
            return self.known[token], self.known[token] != token
        bare = _PAREN_RE.sub("", token)  # 政府网站（区政府门户） / XX区（XX区）政府网站
        if bare != token and bare in self.known:
            return self.known[bare], True
        if _SITE_SUFFIX_RE.search(bare):
            named = _SITE_SUFFIX_RE.sub("", bare)
            if named in self.unit_names:  # the site of a unit of this registry: its 政府网站
                return GOV_SITE, True
        return None, False

    def read(self, text: str) -> ChannelCell:
        result = ChannelCell([], {}, [], [], [])
        text = full_width_parens(text)
        for n, name in enumerate(self._joined):  # protect the known names that contain a separator
            text = text.replace(name, f"\x00{n}\x00")
        last: str | None = None  # the channel an address written after it belongs to
        for box in _BOX_RE.split(text):
            box = box.strip()
            if not box:
                continue
            unticked = box[0] in UNTICKS
            box = box.lstrip(TICKS + UNTICKS)
            pieces = [p for p in re.split(f"({URL_RE.pattern})", box, flags=re.I) if p and p.strip()]
            for piece in pieces:
                if URL_RE.fullmatch(piece.strip()):
                    url = piece.strip().rstrip("。.,，;；")
                    if unticked:
                        continue
                    if last is None:
                        result.stray_urls.append(url)
                    else:
                        result.links.setdefault(last, url)
                    continue
                for token in self._tokens(piece):
                    name = re.sub(r"\x00(\d+)\x00", lambda m: self._joined[int(m.group(1))], token)
                    if unticked:
                        last = None
                        continue
                    channel, renamed = self.resolve(name)
                    if channel is None:
                        name = self.clean(name)
                        if name not in result.unknown:
                            result.unknown.append(name)
                        last = name
                        continue
                    if renamed:
                        result.renamed.append((name, channel))
                    if channel not in result.channels:
                        result.channels.append(channel)
                    last = channel
        return result

    def _tokens(self, piece: str) -> list[str]:
        tokens = []
        for part in _SEPARATORS_RE.split(piece):
            part = part.strip().strip(":：")
            if part:
                tokens += self._split_slashes(part)
        return tokens

    def _split_slashes(self, part: str) -> list[str]:
        """Split "a/b/c" on the slashes that are not inside a known name (the longest known run first)."""
        pieces = [p for p in re.split(r"[/／]", part) if p.strip()]
        tokens, i = [], 0
        while i < len(pieces):
            j = next(
                (j for j in range(len(pieces), i + 1, -1) if self.resolve("/".join(pieces[i:j]))[0] is not None),
                i + 1,
            )
            tokens.append("/".join(pieces[i:j]))
            i = j
        return tokens

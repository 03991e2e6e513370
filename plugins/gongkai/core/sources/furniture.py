"""Site furniture required by 政府网站发展指引 on every page (no MkDocs imports).

The footer must show 党政机关网站标识, 我为政府网站找错, 主办单位, 联系方式,
网站标识码, ICP备案编号, 公安机关备案号 and 网站地图 (《政府网站发展指引》国办发〔2017〕47号);
a missing or malformed item stops the build.
"""

from __future__ import annotations

import dataclasses
import re
from urllib.parse import urlparse

from ..base.problems import ContentError, Problem

ID_CODE_RE = re.compile(r"^(\d{10}|bm\d{8})$")
ICP_RE = re.compile(r"^[\u4e00-\u9fa5]ICP备\d{8,10}号(-\d+)?$")
POLICE_RE = re.compile(r"^[\u4e00-\u9fa5]公网安备\s?\d{14}号$")


@dataclasses.dataclass(frozen=True)
class SiteInfo:
    name: str  # 网站名称, e.g. 黄山市人民政府
    domain: str  # SiteDomain, e.g. www.huangshan.gov.cn
    id_code: str  # 网站标识码
    host: str  # 主办单位
    organizer: str | None  # 承办单位
    phone: str
    email: str | None
    address: str | None
    icp: str
    police: str
    badge_url: str  # certificate link of the 党政机关网站标识
    jiucuo_url: str  # 我为政府网站找错
    interaction_name: str  # e.g. 12345政务服务便民热线
    interaction_url: str
    apply_url: str | None = None  # the province's online 依申请公开 channel
    cluster_hosts: frozenset[str] = frozenset()  # the hosts of the other sites of its 站群 (core/sources/sites.py)

    @property
    def base_url(self) -> str:
        return f"https://{self.domain}/"

    def external_hosts(self) -> set[str]:
        """Hosts the site is allowed to *link* to (never to load from)."""
        urls = [
            self.badge_url,
            self.jiucuo_url,
            self.interaction_url,
            self.apply_url,
            "https://beian.miit.gov.cn/",
            "https://beian.mps.gov.cn/",
        ]
        return {urlparse(u).hostname for u in urls if u}

    def own_hosts(self) -> set[str]:
        """Hosts that are the site's own: its domain and, in a 站群, every site of the cluster."""
        return {self.domain} | set(self.cluster_hosts)


def _check(raw: dict, source: str) -> list[Problem]:
    problems = []

    def bad(field: str, message: str, fix: str) -> None:
        problems.append(Problem(source, None, "SITE-FURNITURE", message, fix, f"site.{field}"))

    for field in (
        "name",
        "domain",
        "id_code",
        "host",
        "phone",
        "icp",
        "police",
        "badge_url",
        "jiucuo_url",
        "interaction_name",
        "interaction_url",
    ):
        if not str(raw.get(field) or "").strip():
            bad(
                field,
                "网站底部必备信息缺失",
                f"在 mkdocs.yml 的 gongkai 插件 site: 下填写 {field}（见 docs/configuration.md）",
            )
    if problems:
        return problems
    if not ID_CODE_RE.match(raw["id_code"]):
        bad(
            "id_code",
            f"网站标识码“{raw['id_code']}”格式不对",
            "应为 10 位数字（6 位行政区划代码 + 4 位序号），部门网站为 bm + 8 位数字",
        )
    if not ICP_RE.match(raw["icp"]):
        bad("icp", f"ICP备案编号“{raw['icp']}”格式不对", "例如 皖ICP备05001234号 或 皖ICP备05001234号-1")
    if not POLICE_RE.match(raw["police"]):
        bad("police", f"公安机关备案号“{raw['police']}”格式不对", "例如 皖公网安备34100202000123号（14 位数字）")
    if not (raw["domain"].endswith(".gov.cn") or raw["domain"].endswith(".政务")):
        bad("domain", f"网站域名“{raw['domain']}”不是 .gov.cn 或 .政务 域名", "政府网站只能使用 .gov.cn 或 .政务 域名")
    for field in ("badge_url", "jiucuo_url", "interaction_url", "apply_url"):
        value = raw.get(field)
        if value and urlparse(value).scheme not in ("http", "https"):
            bad(field, f"“{value}”不是完整网址", "写成以 https:// 开头的网址")
    return problems


def site_info(raw: dict, source: str = "mkdocs.yml") -> SiteInfo:
    """Validate the `site:` options and return SiteInfo; raise ContentError naming each bad field."""
    problems = _check(raw, source)
    if problems:
        raise ContentError(problems)
    known = {f.name for f in dataclasses.fields(SiteInfo)} - {"cluster_hosts"}
    return SiteInfo(**{k: (v.strip() if isinstance(v, str) else v) for k, v in raw.items() if k in known})

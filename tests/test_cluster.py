"""The site cluster (站群): catalogs/sites.yml, `gongkai build --unit ID` and `gongkai build --all-units`.

A small temp site checks what one site contains and how links to another site's units come out; the demo
is built once with --all-units (module fixture) and each site's Pagefind bundle is queried through
Pagefind's JS API (tests/js/pagefind_query.mjs).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongkai.cli import cli
from gongkai.core.checks.release import check_release
from gongkai.core.site.cluster import absolute_links
from gongkai.core.sources.registry import load_registry
from gongkai.core.sources.sites import load_cluster
from tests.helpers import REPO, item_text, pagefind_search

COUNTIES = ["tunxi", "huangshanqu", "huizhou", "shexian", "xiuning", "yixian", "qimen"]
HUANGSHAN_USCC = "11341000561144856U"
TUNXI_USCC = "113410021216075037"

CITY_POLICY = "content/city/huangshan/shehui-jiuzhu/2024/dibao-zhidao-biaozhun.md"
CITY_POLICY_URL = "https://www.huangshan.gov.cn/city/huangshan/shehui-jiuzhu/2024/dibao-zhidao-biaozhun/"
JIEDU = "content/county/huizhou/shehui-jiuzhu/2024/dibao-zhidao-biaozhun-jiedu.md"
TUNXI_ITEM = "content/county/tunxi/shehui-jiuzhu/2024/tunxi-dibao.md"


def _cluster_site(make_site):
    """徽州区 and 屯溪区 items, a city policy, and a 徽州区 解读 of that policy linking it in its body too."""
    return make_site(
        {
            "content/county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun.md": item_text(),
            CITY_POLICY: item_text(
                title="黄山市关于城乡低保指导标准的通知",
                index_no=f"{HUANGSHAN_USCC}/202402-00003",
                publisher="huangshan",
                doc_no="黄政办〔2024〕3号",
                written="2024-02-01",
                published="2024-02-05",
                body="## Biaozhun\n\n全市统一指导标准。\n",
            ),
            JIEDU: item_text(
                title="《黄山市关于城乡低保指导标准的通知》解读",
                index_no="1134100424042083XR/202403-00013",
                genre="解读",
                doc_no=None,
                validity=None,
                catalog=None,
                interprets="city/huangshan/shehui-jiuzhu/2024/dibao-zhidao-biaozhun",
                interpretation_form="文字解读",
                body="本区执行[市里的通知](../../../../city/huangshan/shehui-jiuzhu/2024/dibao-zhidao-biaozhun.md#biaozhun)。\n\n"
                "```\n[不改](../../../../city/huangshan/shehui-jiuzhu/2024/dibao-zhidao-biaozhun.md)\n```\n",
            ),
            TUNXI_ITEM: item_text(
                title="屯溪区低保标准",
                index_no=f"{TUNXI_USCC}/202403-00001",
                publisher="tunxi",
                doc_no="屯政办〔2024〕2号",
            ),
        }
    )


def _build(root: Path, *args: str):
    return CliRunner().invoke(cli, ["build", "-f", str(root / "mkdocs.yml"), "-q", *args], catch_exceptions=False)


# --- catalogs/sites.yml ------------------------------------------------------------------------------------


def test_demo_cluster_has_the_portal_and_every_county():
    cluster = load_registry(str(REPO / "catalogs"), str(REPO)).cluster
    assert list(cluster.sites) == ["huangshan", *COUNTIES]
    assert cluster.members(cluster.sites["huangshan"]) == {"huangshan", "huangshan-mzj"}
    huizhou = cluster.members(cluster.sites["huizhou"])
    assert {"huizhou", "yansi", "yansi-shequ", "tangmo", "hz-mzj", "hz-gaj"} <= huizhou
    assert not huizhou & {"huangshan", "tunxi", "tx-czj", "yixian", "hongcun"}
    every = [u for s in cluster.sites.values() for u in cluster.members(s)]
    assert sorted(every) == sorted(cluster.units)  # each unit on exactly one site


def test_site_furniture_portal_from_mkdocs_yml_counties_from_units_yml():
    import yaml

    from gongkai.core.site.cluster import site_build

    cluster = load_registry(str(REPO / "catalogs"), str(REPO)).cluster
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)  # !!python tags
    base = config["plugins"][0]["gongkai"]["site"]
    portal = site_build(cluster, "huangshan", base, config["site_name"])
    assert (portal.site_name, portal.info.name, portal.info.domain) == (
        "黄山市人民政府信息公开",
        "黄山市人民政府",
        "www.huangshan.gov.cn",
    )
    tunxi = site_build(cluster, "tunxi", base, config["site_name"])
    assert tunxi.site_name == "屯溪区人民政府信息公开" and tunxi.base_url == "https://www.tunxi.gov.cn/"
    info = tunxi.info
    assert (info.name, info.domain, info.id_code, info.host, info.phone) == (
        "屯溪区人民政府",
        "www.tunxi.gov.cn",
        "3410020001",
        "屯溪区人民政府办公室",
        "0559-2512000",
    )
    assert info.jiucuo_url == "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=3410020001"
    assert (info.icp, info.police) == (base["icp"], base["police"])  # the platform's filings
    assert (
        site_build(cluster, "huizhou", base, config["site_name"]).info.icp == "皖ICP备05001234号-3"
    )  # sites.yml site:
    assert "www.qimen.gov.cn" in info.own_hosts() and "www.huangshan.gov.cn" in info.own_hosts()


def _sites(tmp_path, text: str):
    (tmp_path / "sites.yml").write_text(text, encoding="utf-8")
    units = load_registry(str(REPO / "catalogs"), str(REPO)).units
    return load_cluster(str(tmp_path), "catalogs", units)


def _all_but(skip: str = "", extra: str = "") -> str:
    lines = ["sites:"]
    for uid in ["huangshan", *COUNTIES]:
        if uid != skip:
            lines += [f"  - unit: {uid}", f"    base_url: https://www.{uid}.gov.cn/"]
    return "\n".join(lines) + "\n" + extra


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            _all_but(extra="  - unit: nowhere\n    base_url: https://www.nowhere.gov.cn/\n"),
            "catalogs/sites.yml:18: 错误 SITES-UNKNOWN-UNIT 字段 sites[8].unit："
            "单位“nowhere”不在 catalogs/units.yml 中。"
            "修改：填写 catalogs/units.yml 中市级或县级单位的 id",
        ),
        (
            _all_but(extra="  - unit: yansi\n    base_url: https://yansi.gov.cn/\n"),
            "catalogs/sites.yml:18: 错误 SITES-LEVEL 字段 sites[8].unit：岩寺镇是乡级单位，"
            "不单独建站（只有市级门户和县级单位有网站）。"
            "修改：删除这一条：它的信息发布在所属县（区）或市级门户的网站上",
        ),
        (
            _all_but(skip="qimen"),
            "catalogs/sites.yml:1: 错误 SITES-MISSING 字段 sites：县级单位 qimen（祁门县）没有网站地址。"
            "修改：在 sites: 下加一条 - unit: qimen 和 base_url: https://…/",
        ),
        (
            _all_but(extra="  - unit: tunxi\n    base_url: https://tunxi2.gov.cn/\n"),
            "catalogs/sites.yml:18: 错误 SITES-DUP-UNIT 字段 sites[8].unit：单位 tunxi 重复（第 4 行已有）。"
            "修改：每个单位只写一条",
        ),
        (
            _all_but().replace("https://www.qimen.gov.cn/", "ftp://www.qimen.gov.cn/"),
            "catalogs/sites.yml:17: 错误 SITES-BAD-VALUE 字段 sites[7].base_url："
            "网址“ftp://www.qimen.gov.cn/”不是以 http:// 或 https:// 开头的完整网址。"
            "修改：写成例如 https://www.tunxi.gov.cn/",
        ),
        (
            _all_but().replace("https://www.qimen.gov.cn/", "https://www.tunxi.gov.cn"),
            "catalogs/sites.yml:17: 错误 SITES-DUP-URL 字段 sites[7].base_url："
            "网址 https://www.tunxi.gov.cn/ 与 tunxi 的相同。修改：每个网站使用不同的网址",
        ),
        (
            _all_but().replace(
                "    base_url: https://www.qimen.gov.cn/\n",
                "    base_url: https://www.qimen.gov.cn/\n    site:\n      icpp: 皖ICP备1号\n",
            ),
            "catalogs/sites.yml:19: 错误 SITES-UNKNOWN-FIELD 字段 sites[7].site.icpp：未知字段“icpp”。"
            "修改：是否应为 icp（ICP备案编号）？",
        ),
        (
            "sites: []\n",
            "catalogs/sites.yml:1: 错误 SITES-NO-LIST：文件应以 sites: 开头并列出各网站。"
            "修改：参照 docs/cluster.md 写 sites: 和 - unit: … base_url: …",
        ),
    ],
)
def test_bad_sites_yml(tmp_path, text, expected):
    cluster, problems = _sites(tmp_path, text)
    assert cluster is None
    assert [str(p) for p in problems] == [expected]


def test_bad_sites_yml_stops_check_and_build(make_site):
    root = make_site({})
    (root / "catalogs/sites.yml").write_text(
        "sites:\n  - unit: huangshan\n    base_url: www.huangshan.gov.cn\n", encoding="utf-8"
    )
    expected = (
        "catalogs/sites.yml:3: 错误 SITES-BAD-VALUE 字段 sites[0].base_url："
        "网址“www.huangshan.gov.cn”不是以 http:// 或 "
        "https:// 开头的完整网址。修改：写成例如 https://www.tunxi.gov.cn/"
    )
    for command in (["check"], ["build", "-q"]):  # a full build too: the registry is invalid
        result = CliRunner().invoke(cli, [*command, "-f", str(root / "mkdocs.yml")])
        assert result.exit_code == 1, command
        assert expected in result.output, command


def test_bad_furniture_of_one_site_names_its_entry(make_site, tmp_path):
    root = make_site({})
    text = (root / "catalogs/sites.yml").read_text(encoding="utf-8")
    (root / "catalogs/sites.yml").write_text(
        text.replace("https://www.qimen.gov.cn/", "https://qimen.example.com/"), encoding="utf-8"
    )
    result = _build(root, "--unit", "qimen", "-d", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert (
        "catalogs/sites.yml:32: 错误 SITES-FURNITURE 字段 sites[7].site.domain："
        "祁门县网站的网站域名“qimen.example.com”不是 .gov.cn 或 .政务 域名。"
        "修改：在 catalogs/sites.yml 本条的 site: 下填写 domain（未写的项取自 units.yml 中本单位的 contact 和 "
        "mkdocs.yml 的 site:）"
    ) in result.output
    assert not (tmp_path / "out/qimen").exists()


# --- gongkai build --unit ------------------------------------------------------------------------------------


@pytest.fixture
def huizhou_site(make_site, tmp_path):
    root = _cluster_site(make_site)
    result = _build(root, "--unit", "huizhou", "-d", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    return root, tmp_path / "out" / "huizhou"


def test_unit_site_holds_only_its_units(huizhou_site):
    _, site = huizhou_site
    assert os.path.islink(site) and ".releases" in os.readlink(site)  # the same atomic publish as a single build
    assert (site / "county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun/index.html").is_file()
    assert (site / "county/huizhou/shehui-jiuzhu/2024/dibao-zhidao-biaozhun-jiedu/index.html").is_file()
    assert not (site / "county/tunxi").exists() and not (site / "city").exists()
    items = json.loads((site / "opendata/items.json").read_text(encoding="utf-8"))
    assert sorted(i["id"] for i in items["items"]) == [
        "county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun",
        "county/huizhou/shehui-jiuzhu/2024/dibao-zhidao-biaozhun-jiedu",
    ]
    assert items["base_url"] == "https://www.ahhz.gov.cn/"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>徽州区人民政府</title>" in home and "屯溪区低保标准" not in home
    units = (site / "units/index.html").read_text(encoding="utf-8")
    assert re.findall(r'<a href="\.\./(\w+)/(\w[\w-]*)/">', units)[0] == ("county", "huizhou")
    assert "tunxi" not in units and "city/huangshan" not in units
    assert "https://www.huangshan.gov.cn/sitemap.xml" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://www.ahhz.gov.cn/county/huizhou/</loc>" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_cross_unit_links_go_to_the_other_site(huizhou_site):
    _, site = huizhou_site
    page = (site / "county/huizhou/shehui-jiuzhu/2024/dibao-zhidao-biaozhun-jiedu/index.html").read_text(
        encoding="utf-8"
    )
    assert f'本文解读：<a href="{CITY_POLICY_URL}">黄山市关于城乡低保指导标准的通知</a>' in page  # interprets:
    assert f'<a href="{CITY_POLICY_URL}#biaozhun">市里的通知</a>' in page  # a body link, anchor kept
    assert "[不改](../../../../city/huangshan/" in page  # code is left alone
    assert '<a href="https://www.huangshan.gov.cn/city/huangshan/">黄山市</a>' in page  # breadcrumb to the parent
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://www.tunxi.gov.cn/county/tunxi/zfxxgk/">屯溪区</a>' in home  # the other sites, no counts
    assert '<a href="county/huizhou/zfxxgk/">徽州区<span class="gk-count">' in home
    footer = re.search(r'class="gk-footer__badge" href="([^"]+jiucuo[^"]+)"', home).group(1)
    assert footer.endswith("site_code=3410040001")  # 找错 carries the county site's own code


def test_gate_takes_the_cluster_hosts_as_own(huizhou_site):
    root, site = huizhou_site
    cluster = load_registry(str(root / "catalogs"), str(root)).cluster
    allowed = {"bszs.conac.cn", "zfwzgl.www.gov.cn", "12345.ah.gov.cn", "beian.miit.gov.cn", "beian.mps.gov.cn"}
    assert check_release(str(site), {}, hosts=(allowed, {"www.ahhz.gov.cn"} | cluster.hosts())) == []
    foreign = check_release(str(site), {}, hosts=(allowed, {"www.ahhz.gov.cn"}))
    assert foreign and {p.code for p in foreign} == {"HTML-EXTERNAL-LINK"}
    assert any(
        "https://www.huangshan.gov.cn/city/huangshan/shehui-jiuzhu/2024/dibao-zhidao-biaozhun/" in p.message
        for p in foreign
    )


def test_portal_lists_the_interpretation_from_the_county_site(make_site, tmp_path):
    root = _cluster_site(make_site)
    result = _build(root, "--unit", "huangshan", "-d", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    site = tmp_path / "out/huangshan"
    policy = (site / "city/huangshan/shehui-jiuzhu/2024/dibao-zhidao-biaozhun/index.html").read_text(encoding="utf-8")
    assert (
        '<a href="https://www.ahhz.gov.cn/county/huizhou/shehui-jiuzhu/2024/dibao-zhidao-biaozhun-jiedu/">'
        "《黄山市关于城乡低保指导标准的通知》解读</a>"
    ) in policy
    assert not (site / "county").exists() and not (site / "township").exists()
    city = (site / "city/huangshan/index.html").read_text(encoding="utf-8")
    assert '<a href="https://www.ahhz.gov.cn/county/huizhou/">徽州区</a>' in city  # 下级单位: linked, not counted
    assert '<a href="../../department/huangshan-mzj/">市民政局<span class="gk-count">0 条</span></a>' in city


@pytest.mark.parametrize(
    "args, expected",
    [
        (
            ["--unit", "nowhere"],
            "--unit：单位“nowhere”不在 catalogs/units.yml 中。可选：huangshan（黄山市）、tunxi（屯溪区）、"
            "huangshanqu（黄山区）、huizhou（徽州区）、shexian（歙县）、xiuning（休宁县）、yixian（黟县）、qimen（祁门县）",
        ),
        (
            ["--unit", "yansi"],
            "--unit：岩寺镇（yansi，乡级）没有单独的网站，它的信息发布在徽州区的网站上：改用 --unit huizhou。",
        ),
        (["--jobs", "2"], "--jobs 只与 --all-units 一起使用"),
        (["--unit", "huizhou", "--all-units"], "--unit 与 --all-units 只能选一个"),
        (["--unit", "huizhou", "--kiosk"], "--kiosk 不能与 --unit、--all-units 同时使用：自助终端版按整个网站生成"),
    ],
)
def test_bad_invocations_are_usage_errors(make_site, args, expected):
    root = make_site({})
    result = _build(root, *args)
    assert result.exit_code == 2
    assert expected in result.output


def test_help_and_readme_name_the_cluster_commands():
    help_text = CliRunner().invoke(cli, ["build", "--help"]).output
    assert "--unit ID" in help_text and "--all-units" in help_text and "--jobs" in help_text
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "gongkai build --unit ID" in readme and "gongkai build --all-units" in readme and "docs/cluster.md" in readme


def test_unit_without_sites_yml(make_site):
    root = make_site({})
    (root / "catalogs/sites.yml").unlink()
    result = _build(root, "--unit", "huizhou")
    assert result.exit_code == 2
    assert "找不到 catalogs/sites.yml：站群的各网站网址写在这个文件中（格式见 docs/cluster.md）" in result.output


def test_cluster_output_never_goes_into_a_published_site(make_site, tmp_path):
    root = make_site({})
    assert _build(root, "-d", str(tmp_path / "single")).exit_code == 0
    result = _build(root, "--unit", "huizhou", "-d", str(tmp_path / "single"))
    assert result.exit_code == 2 and "是一个已发布的网站" in result.output


def test_absolute_links_rewrites_only_links_to_other_sites():
    def foreign(path):
        return "https://t.gov.cn/" + path if path.startswith("county/tunxi/") else None

    body = (
        "[a](../../../tunxi/x/2024/y.md#h) [b](z.md) [c](https://e.gov.cn/) `[d](../../../tunxi/x/2024/y.md)`\n"
        "[r]: ../../../tunxi/x/2024/files/f.pdf\n"
    )
    assert absolute_links(body, "county/huizhou/x/2024/w.md", foreign) == (
        "[a](https://t.gov.cn/county/tunxi/x/2024/y/#h) [b](z.md) [c](https://e.gov.cn/) "
        "`[d](../../../tunxi/x/2024/y.md)`\n"
        "[r]: https://t.gov.cn/county/tunxi/x/2024/files/f.pdf\n"
    )


# --- gongkai build --all-units on the demo -------------------------------------------------------------------


def test_all_units_reports_a_failed_site_and_publishes_the_others(make_site, tmp_path):
    root = make_site({})
    text = (root / "catalogs/sites.yml").read_text(encoding="utf-8")
    (root / "catalogs/sites.yml").write_text(
        text.replace("https://www.tunxi.gov.cn/", "https://tunxi.example.com/"), encoding="utf-8"
    )
    out = tmp_path / "out"
    result = _build(root, "--all-units", "--jobs", "2", "-d", str(out))
    assert result.exit_code == 1
    assert "失败 屯溪区（tunxi），未发布" in result.output
    assert "1 个网站构建失败：tunxi（屯溪区）；它们未发布（原有版本保持不变），其余 7 个已发布。" in result.output
    # the failure is found in stage 2, before any output directory of the site exists
    assert not (out / "tunxi").exists() and not list((out / "tunxi.releases").glob("*"))
    assert all((out / uid / "index.html").is_file() for uid in ["huangshan", "huizhou", "qimen"])


@pytest.fixture(scope="module")
def demo_cluster(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cluster") / "sites"
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "build", "--all-units", "-d", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "已发布 8 个网站" in result.stderr
    return out


def test_all_units_builds_one_site_per_county_plus_the_portal(demo_cluster):
    sites = sorted(p.name for p in demo_cluster.iterdir() if not p.name.endswith(".releases"))
    assert sites == sorted(["huangshan", *COUNTIES])
    for uid in sites:
        site = demo_cluster / uid
        assert os.path.islink(site) and (site / "index.html").is_file() and (site / "pagefind/pagefind.js").is_file()


def _demo_items() -> dict[str, str]:
    """Every demo item's URL path -> its publisher's unit id (what a full build indexes)."""
    from gongkai.core.sources.corpus import load_corpus

    registry = load_registry(str(REPO / "catalogs"), str(REPO))
    corpus = load_corpus(str(REPO / "content"), registry, str(REPO))
    return {item.url: item.publisher.id for item in corpus.items.values()}


def test_each_site_indexes_only_its_own_units(demo_cluster, serve):
    cluster = load_registry(str(REPO / "catalogs"), str(REPO)).cluster
    items = _demo_items()
    indexed_everywhere = []
    for uid, site in cluster.sites.items():
        members = cluster.members(site)
        base = serve(demo_cluster / uid)
        found = pagefind_search(base, [{"name": "all", "q": None}, {"name": "counts", "filter_counts": True}])
        paths = [r["url"].removeprefix(base) for r in found["all"]]
        pages = [p for p in paths if not p.endswith(".pdf")]
        assert sorted(pages) == sorted(u for u, publisher in items.items() if publisher in members), uid
        for path in paths:  # item pages and the 办事一本通 PDFs alike
            level, unit = path.split("/")[:2]
            assert unit in members, (uid, path)
        names = {cluster.units[u].distinct_name for u in members}
        assert set(found["counts"]["发布机构"]) <= names, uid
        assert sum(found["counts"]["发布机构"].values()) == len(paths), uid
        indexed_everywhere += pages
    assert sorted(indexed_everywhere) == sorted(items)  # every item is on exactly one site

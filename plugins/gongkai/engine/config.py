"""Options of the `gongkai` MkDocs plugin (mkdocs.yml `plugins: - gongkai:`)."""

from mkdocs.config import base
from mkdocs.config import config_options as c


class SiteConfig(base.Config):
    """Site furniture required on every page (政府网站发展指引); validated again by core.site."""
    name = c.Type(str)
    domain = c.Type(str)
    id_code = c.Type(str)
    host = c.Type(str)
    organizer = c.Optional(c.Type(str))
    phone = c.Type(str)
    email = c.Optional(c.Type(str))
    address = c.Optional(c.Type(str))
    icp = c.Type(str)
    police = c.Type(str)
    badge_url = c.Type(str)
    jiucuo_url = c.Type(str)
    interaction_name = c.Type(str, default="12345政务服务便民热线")
    interaction_url = c.Type(str)
    apply_url = c.Optional(c.Type(str))


class KioskConfig(base.Config):
    """政务公开专区 kiosk profile (docs/kiosk.md); `gongkai build --kiosk` sets enabled, core.kiosk validates the rest."""
    enabled = c.Type(bool, default=False)
    idle_seconds = c.Type(int, default=90)
    countdown_seconds = c.Type(int, default=20)  # >= 20
    hot_topics = c.Optional(c.ListOfItems(c.Type((str, dict))))  # 低保 or {label: 养老补贴, query: 高龄津贴 养老}
    printer = c.Type(bool, default=False)


class _KioskOption(c.SubConfig[KioskConfig]):
    """`kiosk: true` is short for `kiosk: {enabled: true}`."""

    def run_validation(self, value):
        return super().run_validation({"enabled": value} if isinstance(value, bool) else value)


class GongkaiConfig(base.Config):
    enabled = c.Type(bool, default=True)
    catalogs_dir = c.Type(str, default="catalogs")
    index_no_format = c.Type(str, default="{uscc}/{yyyymm}-{seq:05d}")  # 索引号; core/index_no.py
    attachment_types = c.ListOfItems(c.Type(str), default=["pdf", "ofd", "doc", "docx", "xls", "xlsx", "wps", "et", "jpg", "jpeg", "png"])
    attachment_max_mb = c.Type((int, float), default=20)
    site = c.SubConfig(SiteConfig)
    listing_page_size = c.Type(int, default=50)
    search_enabled = c.Type(bool, default=True)
    search_in_serve = c.Type(bool, default=True)
    as_of = c.Optional(c.Type(str))  # YYYY-MM-DD: the day 公示期 are judged at (default SOURCE_DATE_EPOCH or today)
    # none: one Pagefind bundle; year: one bundle per publication year, merged by the search page
    # (keeps each bundle's metadata small at 20k+ items; docs/search.md)
    search_split = c.Choice(("none", "year"), default="none")
    yibentong_pdf = c.Type(bool, default=True)  # print each 办事一本通 to PDF (WeasyPrint; not under serve)
    kiosk = _KioskOption()  # 政务公开专区 kiosk variant (docs/kiosk.md)
    # 站群: build only the site of this city/county-level unit (catalogs/sites.yml; gongkai build --unit; docs/cluster.md)
    unit = c.Optional(c.Type(str))

#!/usr/bin/env python3
"""Synthetic gongkai corpus for benchmarks: N valid disclosure items, deterministic and prefix-stable.

    python scripts/gen_corpus.py --items 5000 --seed 1 --out bench-out/5000 [--bare]

Writes into OUT a complete site source that passes gongkai's strict validation:

    mkdocs.yml            copy of the repository's (same plugin options)
    catalogs/             copy of the repository's registries
    content/index.md      the home page
    content/<level>/<unit>/<domain>/<year>/<slug>.md     N items

Item i is drawn from random.Random(f"{seed}:{i}") plus state carried over from items
0..i-1 only (the per-unit 索引号 sequence and the pool of earlier policy items a 解读
may point at), so the 1k corpus is a byte-identical prefix of the 5k corpus.

With --bare it also writes OUT/bare/: the same Markdown bodies with front matter reduced
to `title:`, a plain Material mkdocs.yml (`plugins: []`, the same five-entry nav, items
`not_in_nav`) and five small hand pages - the baseline `bench.py` compares against.

Only the standard library and PyYAML are used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import os
import random
import shutil
import sys

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

FIRST_DAY = dt.date(2015, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
SPAN_DAYS = (LAST_DAY - FIRST_DAY).days

# Share of items per unit level (the 8 county/city governments get the rest).
LEVEL_WEIGHTS = {"department": 0.46, "township": 0.28, "village": 0.18, "county": 0.07, "city": 0.01}
DOC_NO_SHARE = 1 / 3  # items with a 文号 (policy genres, validity: 有效)
JIEDU_SHARE = 0.03  # 解读 items pointing at an earlier policy item

# 办事指南 is left out: a guide needs a structured guide: block, which synthetic text cannot honestly fill.
POLICY_GENRES = ["通知", "通知", "通知", "意见", "办法", "方案", "方案", "决定", "通告", "规划", "批复"]
OTHER_GENRES = [
    "公示",
    "公示",
    "公示",
    "公告",
    "名单",
    "工作动态",
    "工作动态",
    "统计数据",
    "通报",
    "报告",
    "总结",
    "计划",
    "通报",
    "其他",
]
INTERPRETATION_FORMS = ["文字解读", "文字解读", "图解", "问答"]

# Which domains a department works in (by the part of its id after the county prefix).
DEPT_DOMAINS = {
    "mzj": ["shehui-jiuzhu", "yanglao-fuwu", "jiuzai"],
    "zjj": [
        "nongcun-weifang-gaizao",
        "baozhangxing-zhufang",
        "fangwu-zhengshou",
        "shizheng-fuwu",
        "chengshi-zonghe-zhifa",
    ],
    "zrzyj": ["zhengdi-buchang", "chengxiang-guihua", "shengtai-huanjing"],
    "czj": ["caizheng-yujuesuan", "shenong-butie", "gonggong-ziyuan-jiaoyi"],
    "gaj": ["huji-guanli", "gonggong-falv"],
    "nyncj": ["shenong-butie", "fupin", "jiuzai"],
    "jtj": ["yiwu-jiaoyu", "gonggong-wenhua"],
    "rsj": ["jiuye", "shehui-baoxian"],
    "fgw": ["zhongda-jianshe-xiangmu", "gonggong-ziyuan-jiaoyi"],
    "yjj": ["anquan-shengchan", "jiuzai"],
}
TOWNSHIP_DOMAINS = [
    "shehui-jiuzhu",
    "nongcun-weifang-gaizao",
    "zhengdi-buchang",
    "fupin",
    "shenong-butie",
    "anquan-shengchan",
    "jiuzai",
    "caizheng-yujuesuan",
    "yanglao-fuwu",
    "gonggong-wenhua",
    "shengtai-huanjing",
    "jiuye",
    "chengxiang-guihua",
    "gonggong-falv",
    "weisheng-jiankang",
    "shehui-baoxian",
    "huji-guanli",
]
VILLAGE_DOMAINS = [
    "shehui-jiuzhu",
    "fupin",
    "shenong-butie",
    "nongcun-weifang-gaizao",
    "zhengdi-buchang",
    "caizheng-yujuesuan",
    "yanglao-fuwu",
    "jiuzai",
    "shehui-baoxian",
]

# Per domain: the governing law, domain vocabulary and title subjects.
DOMAIN_TEXT = {
    "zhongda-jianshe-xiangmu": (
        "《政府投资条例》",
        [
            "项目建议书",
            "可行性研究报告",
            "初步设计",
            "投资概算",
            "项目审批",
            "核准备案",
            "招标投标",
            "施工许可",
            "竣工验收",
            "重大建设项目",
            "中央预算内投资",
            "专项债券",
            "项目法人",
            "工程监理",
            "征地拆迁",
            "建设进度",
        ],
        [
            "重大建设项目批准和实施情况",
            "城区道路改造工程可行性研究报告批复",
            "年度重点项目投资计划",
            "工业园区基础设施建设项目",
        ],
    ),
    "gonggong-ziyuan-jiaoyi": (
        "《中华人民共和国招标投标法》",
        [
            "招标公告",
            "中标候选人",
            "中标结果",
            "政府采购",
            "采购需求",
            "资格预审",
            "开标评标",
            "评标委员会",
            "投标保证金",
            "交易平台",
            "合同履约",
            "产权交易",
            "工程建设项目",
            "土地使用权出让",
            "采购意向",
            "信用评价",
        ],
        ["公共资源交易目录", "乡村道路硬化工程招标", "办公设备政府采购", "中标候选人公示"],
    ),
    "caizheng-yujuesuan": (
        "《中华人民共和国预算法》",
        [
            "一般公共预算",
            "政府性基金预算",
            "部门预算",
            "部门决算",
            "三公经费",
            "转移支付",
            "预算绩效",
            "财政收支",
            "预算调整",
            "专项资金",
            "债务限额",
            "国有资本经营预算",
            "公务接待费",
            "政府采购预算",
            "结转结余",
            "绩效目标",
        ],
        ["部门预算公开", "部门决算公开", "财政预算执行情况", "三公经费预算情况说明"],
    ),
    "anquan-shengchan": (
        "《中华人民共和国安全生产法》",
        [
            "安全生产责任制",
            "隐患排查治理",
            "重大危险源",
            "应急预案",
            "执法检查",
            "行政处罚",
            "危险化学品",
            "非煤矿山",
            "烟花爆竹",
            "有限空间作业",
            "安全培训",
            "事故调查",
            "双重预防机制",
            "消防安全",
            "企业主体责任",
            "安全生产月",
        ],
        ["安全生产大检查", "年度安全生产监督检查计划", "危险化学品经营许可", "安全生产行政处罚信息"],
    ),
    "shuishou-guanli": (
        "《中华人民共和国税收征收管理法》",
        [
            "纳税人",
            "定期定额",
            "个体工商户",
            "增值税",
            "减税降费",
            "税收优惠",
            "纳税信用",
            "欠税公告",
            "办税指南",
            "电子税务局",
            "发票管理",
            "核定征收",
            "税费申报",
            "留抵退税",
        ],
        ["个体工商户定额核定", "欠税公告", "减税降费政策", "办税服务指南"],
    ),
    "zhengdi-buchang": (
        "《中华人民共和国土地管理法》",
        [
            "征收土地预公告",
            "土地现状调查",
            "社会稳定风险评估",
            "征地补偿安置方案",
            "区片综合地价",
            "青苗补偿",
            "地上附着物",
            "安置补助费",
            "被征地农民",
            "社会保障费用",
            "听证",
            "征收土地公告",
            "补偿登记",
            "农用地转用",
        ],
        ["征收土地预公告", "征地补偿安置方案", "区片综合地价标准", "征地补偿费用发放情况"],
    ),
    "fangwu-zhengshou": (
        "《国有土地上房屋征收与补偿条例》",
        [
            "房屋征收决定",
            "征收补偿方案",
            "房屋调查登记",
            "评估机构",
            "货币补偿",
            "产权调换",
            "搬迁奖励",
            "临时安置费",
            "公共利益",
            "旧城区改建",
            "分户补偿",
            "签约进度",
            "社会稳定风险评估",
        ],
        ["房屋征收决定", "征收补偿方案征求意见", "评估机构选定结果", "分户补偿情况"],
    ),
    "nongcun-weifang-gaizao": (
        "《农村危房改造基本安全技术导则》",
        [
            "危房改造",
            "住房安全鉴定",
            "C级危房",
            "D级危房",
            "低保户",
            "分散供养特困人员",
            "低收入群体",
            "补助资金",
            "加固改造",
            "拆除重建",
            "竣工验收",
            "农户申请",
            "村级评议",
            "乡镇审核",
            "住房安全有保障",
        ],
        ["农村危房改造对象", "危房改造补助资金分配", "农村低收入群体住房安全保障", "危房改造竣工验收"],
    ),
    "baozhangxing-zhufang": (
        "《公共租赁住房管理办法》",
        [
            "公共租赁住房",
            "保障性租赁住房",
            "棚户区改造",
            "租赁补贴",
            "配租",
            "轮候",
            "准入条件",
            "退出管理",
            "资格审核",
            "租金标准",
            "房源信息",
            "城镇中等偏下收入",
            "新就业无房职工",
            "住房困难家庭",
        ],
        ["公共租赁住房配租", "保障性住房年度建设计划", "住房租赁补贴发放", "棚户区改造项目"],
    ),
    "fupin": (
        "《中华人民共和国乡村振兴促进法》",
        [
            "巩固拓展脱贫攻坚成果",
            "防止返贫监测",
            "脱贫户",
            "监测对象",
            "衔接资金",
            "帮扶项目",
            "产业帮扶",
            "小额信贷",
            "光伏收益",
            "公益岗位",
            "雨露计划",
            "项目库",
            "资产收益",
            "结对帮扶",
            "乡村振兴",
        ],
        ["衔接推进乡村振兴补助资金", "防止返贫动态监测", "帮扶项目库", "脱贫人口小额信贷"],
    ),
    "shehui-jiuzhu": (
        "《社会救助暂行办法》",
        [
            "最低生活保障",
            "低保标准",
            "特困人员救助供养",
            "临时救助",
            "低保边缘家庭",
            "家庭经济状况核对",
            "入户调查",
            "民主评议",
            "审核确认",
            "救助资金",
            "动态管理",
            "分类施保",
            "支出型困难家庭",
            "刚性支出",
            "医疗救助",
            "残疾人两项补贴",
        ],
        ["城乡最低生活保障标准", "低保对象审核确认", "特困人员救助供养标准", "临时救助资金发放"],
    ),
    "yanglao-fuwu": (
        "《中华人民共和国老年人权益保障法》",
        [
            "养老机构",
            "居家养老服务",
            "社区养老服务站",
            "高龄津贴",
            "养老服务补贴",
            "失能老年人",
            "适老化改造",
            "老年助餐",
            "护理补贴",
            "备案",
            "星级评定",
            "医养结合",
            "农村幸福院",
            "养老服务质量",
        ],
        ["高龄津贴发放", "养老机构备案", "居家养老服务补贴", "特殊困难老年人家庭适老化改造"],
    ),
    "huji-guanli": (
        "《中华人民共和国户口登记条例》",
        [
            "户口登记",
            "出生登记",
            "户口迁移",
            "居住证",
            "身份证办理",
            "死亡注销",
            "户籍证明",
            "落户",
            "跨省通办",
            "流动人口",
            "变更更正",
            "集体户口",
            "分户",
            "户口簿",
        ],
        ["户口迁移办事指南", "居住证申领", "出生登记办理流程", "户籍业务跨省通办"],
    ),
    "shenong-butie": (
        "《中华人民共和国农业法》",
        [
            "耕地地力保护补贴",
            "农机购置补贴",
            "种粮农民一次性补贴",
            "实际种粮面积",
            "补贴资金",
            "一卡通",
            "惠农补贴",
            "农业保险",
            "良种补贴",
            "粮食生产",
            "补贴标准",
            "公示",
            "兑付",
            "农业生产发展资金",
        ],
        ["耕地地力保护补贴发放", "农机购置补贴资金", "种粮农民一次性补贴", "惠民惠农财政补贴资金"],
    ),
    "jiuye": (
        "《中华人民共和国就业促进法》",
        [
            "就业创业证",
            "失业登记",
            "就业困难人员",
            "公益性岗位",
            "创业担保贷款",
            "职业技能培训",
            "社会保险补贴",
            "招聘会",
            "高校毕业生",
            "农村劳动力转移",
            "稳岗返还",
            "就业见习",
            "零就业家庭",
        ],
        ["公益性岗位招聘", "就业困难人员认定", "职业技能培训补贴", "创业担保贷款"],
    ),
    "shehui-baoxian": (
        "《中华人民共和国社会保险法》",
        [
            "城乡居民基本养老保险",
            "职工基本养老保险",
            "参保登记",
            "缴费档次",
            "待遇领取",
            "待遇资格认证",
            "工伤保险",
            "失业保险金",
            "医疗保险",
            "社保卡",
            "转移接续",
            "个人账户",
            "缴费补贴",
            "养老金调整",
        ],
        ["城乡居民基本养老保险缴费", "养老金待遇调整", "社会保险待遇领取资格认证", "参保登记办事指南"],
    ),
    "shengtai-huanjing": (
        "《中华人民共和国环境保护法》",
        [
            "环境影响评价",
            "排污许可",
            "环境监测",
            "空气质量",
            "水环境质量",
            "污染防治",
            "环境执法",
            "行政处罚",
            "生态保护",
            "饮用水水源地",
            "秸秆禁烧",
            "农村人居环境",
            "河长制",
            "垃圾分类",
        ],
        ["环境影响评价文件审批", "环境质量状况", "生态环境行政处罚", "农村人居环境整治"],
    ),
    "gonggong-wenhua": (
        "《中华人民共和国公共文化服务保障法》",
        [
            "综合文化站",
            "文化活动",
            "农家书屋",
            "送戏下乡",
            "公共图书馆",
            "文化馆",
            "免费开放",
            "非物质文化遗产",
            "全民阅读",
            "广场文化",
            "文艺演出",
            "体育健身",
            "文化志愿者",
        ],
        ["公共文化设施免费开放", "送戏进万村活动", "全民阅读活动", "综合文化站服务项目"],
    ),
    "gonggong-falv": (
        "《中华人民共和国法律援助法》",
        [
            "法律援助",
            "人民调解",
            "公共法律服务",
            "法律顾问",
            "矛盾纠纷",
            "普法宣传",
            "法治宣传教育",
            "司法所",
            "调解委员会",
            "社区矫正",
            "法律咨询",
            "一村一法律顾问",
        ],
        ["法律援助申请指南", "人民调解工作情况", "公共法律服务平台", "法治宣传教育计划"],
    ),
    "weisheng-jiankang": (
        "《中华人民共和国基本医疗卫生与健康促进法》",
        [
            "基本公共卫生服务",
            "家庭医生签约",
            "健康档案",
            "预防接种",
            "慢性病管理",
            "卫生院",
            "村卫生室",
            "传染病防控",
            "妇幼保健",
            "计划生育",
            "健康教育",
            "医疗机构",
        ],
        ["基本公共卫生服务项目", "家庭医生签约服务", "预防接种安排", "医疗机构执业信息"],
    ),
    "shipin-yaopin": (
        "《中华人民共和国食品安全法》",
        [
            "食品经营许可",
            "监督抽检",
            "不合格食品",
            "食品安全",
            "药品零售",
            "行政处罚",
            "餐饮服务",
            "校园食品安全",
            "农贸市场",
            "投诉举报",
            "风险分级",
            "快检",
        ],
        ["食品安全监督抽检结果", "食品经营许可办事指南", "食品药品行政处罚", "校园食品安全检查"],
    ),
    "chengshi-zonghe-zhifa": (
        "《中华人民共和国行政处罚法》",
        [
            "综合行政执法",
            "执法事项",
            "权责清单",
            "违法建设",
            "市容环境",
            "占道经营",
            "行政处罚",
            "执法检查",
            "执法公示",
            "执法全过程记录",
            "重大执法决定法制审核",
        ],
        ["综合行政执法事项清单", "行政处罚结果", "违法建设整治", "执法检查计划"],
    ),
    "yiwu-jiaoyu": (
        "《中华人民共和国义务教育法》",
        [
            "义务教育",
            "招生入学",
            "学区划分",
            "学生资助",
            "营养改善计划",
            "控辍保学",
            "教师招聘",
            "校车安全",
            "课后服务",
            "教育经费",
            "寄宿生生活费补助",
            "随迁子女",
        ],
        ["义务教育招生入学", "学区划分方案", "家庭经济困难学生资助", "营养改善计划实施情况"],
    ),
    "jiuzai": (
        "《自然灾害救助条例》",
        [
            "自然灾害救助",
            "应急预案",
            "灾情信息",
            "救灾款物",
            "过渡期生活救助",
            "冬春救助",
            "受灾群众",
            "倒损住房恢复重建",
            "防汛抗旱",
            "避灾安置点",
            "应急物资储备",
            "灾害风险普查",
        ],
        ["自然灾害救助资金发放", "冬春生活救助", "防汛应急预案", "倒损住房恢复重建"],
    ),
    "shizheng-fuwu": (
        "《城镇排水与污水处理条例》",
        [
            "供水",
            "排水",
            "燃气",
            "停水通知",
            "管网改造",
            "路灯",
            "环卫",
            "公厕",
            "市政设施",
            "老旧小区改造",
            "道路养护",
            "服务热线",
        ],
        ["计划停水", "市政设施维护", "老旧小区改造", "燃气安全检查"],
    ),
    "chengxiang-guihua": (
        "《中华人民共和国城乡规划法》",
        [
            "国土空间规划",
            "控制性详细规划",
            "村庄规划",
            "规划许可",
            "建设用地规划许可证",
            "建设工程规划许可证",
            "乡村建设规划许可证",
            "规划批前公示",
            "规划条件",
            "用地红线",
            "规划修改",
            "规划核实",
        ],
        ["村庄规划批前公示", "建设工程规划许可", "国土空间规划", "控制性详细规划修改"],
    ),
}

COMMON_TERMS = [
    "政务公开",
    "信息公开",
    "标准化规范化",
    "群众满意度",
    "监督管理",
    "工作机制",
    "责任落实",
    "基层治理",
    "便民服务",
    "数据统计",
    "档案管理",
    "资金监管",
    "考核评价",
    "宣传培训",
]
LEADS = [
    "为进一步做好{t}工作，根据{law}和上级有关文件精神，结合{u}实际，现就有关事项{g}如下。",
    "为切实保障群众合法权益，规范{t}管理，提升{c}水平，经研究，{u}制定本{g}。",
    "根据{law}有关规定，现将{u}{y}年{t}有关情况予以公开，接受社会监督。",
    "按照上级部署要求，{u}认真落实{t}各项政策，现将有关情况{g}如下。",
]
SENTENCES = [
    "坚持以人民为中心的发展思想，把{t}作为保障和改善民生的重要内容，切实做到应保尽保、应退尽退。",
    "各村（社区）要严格按照{law}规定的程序，做好{t}的申请受理、调查核实和公示工作。",
    "{u}将{t}纳入年度目标管理考核，明确分管领导和经办人员，层层压实工作责任。",
    "对{t}中发现的问题，要建立台账、限期整改，整改情况及时向社会公开。",
    "进一步完善{t}与{t2}的衔接机制，加强部门之间的信息共享和业务协同。",
    "截至{y}年{m}月底，全{k}共办理{t}{n}件，涉及群众{n2}人，发放资金{money}万元。",
    "{t2}资金实行专账管理、专款专用，任何单位和个人不得截留、挤占、挪用。",
    "申请人对{t}结果有异议的，可以在公示期内向{u}提出，也可以拨打监督电话反映。",
    "加强{c}，通过政府网站、公开栏和村务公开栏等渠道及时公开{t}相关信息。",
    "组织开展{t}专项检查，重点检查政策执行、资金使用和档案管理等情况。",
    "各有关单位要高度重视，精心组织，确保{t}各项任务按时保质完成。",
    "对工作中弄虚作假、优亲厚友的，依法依规追究有关人员责任。",
    "建立健全{t2}动态管理机制，定期开展复核，做到对象精准、数据准确。",
    "本年度{t}资金共计{money}万元，其中上级补助{money2}万元，本级配套资金已足额到位。",
    "充分发挥基层组织作用，引导群众积极参与{t}的监督和评议，确保公开公平公正。",
    "{u}会同有关部门对{t2}情况进行了联合督查，督查结果已通报各相关单位。",
    "严格执行{law}的规定，规范{t}审批流程，压缩办理时限，提高办事效率。",
    "认真落实{c}要求，对涉及群众切身利益的{t}事项实行全过程公开。",
    "进一步加大政策宣传力度，通过入户走访、发放明白纸等方式，提高群众对{t}政策的知晓率。",
    "各村（社区）于每月{d}日前将{t2}情况报送{u}，{u}汇总后报上级主管部门备案。",
    "对符合条件的困难群众，做到及时受理、及时审核、及时发放，切实兜住民生底线。",
    "全面推行{t}“一网通办”，实现群众办事“最多跑一次”。",
]
SECTION_TITLES = [
    ["总体要求", "工作目标", "基本情况", "政策依据"],
    ["主要内容", "实施范围", "对象和条件", "补助标准", "工作任务"],
    ["办理程序", "实施步骤", "审核审批", "资金管理", "公示公开"],
    ["保障措施", "工作要求", "监督管理", "责任追究"],
    ["其他事项", "联系方式", "附则"],
]
CN_NUM = "一二三四五六七八九十"
PLACES = ["东", "西", "南", "北", "中", "新", "和平", "幸福", "长青", "丰乐", "团结", "建设"]


def load_registry(catalogs_dir: str):
    units = yaml.safe_load(open(os.path.join(catalogs_dir, "units.yml"), encoding="utf-8"))["units"]
    domains = {}
    for d in yaml.safe_load(open(os.path.join(catalogs_dir, "domains.yml"), encoding="utf-8"))["domains"]:
        rows = yaml.safe_load(open(os.path.join(catalogs_dir, d["catalog"]), encoding="utf-8"))["rows"]
        dropped = dropped_rows(catalogs_dir, d["id"])  # a unit's catalog may drop rows (docs/catalogs.md)
        domains[d["id"]] = {
            "name": d["name"],
            "topic": d["topic"],
            "rows": [r["id"] for r in rows if r["id"] not in dropped],
        }
    genres = yaml.safe_load(open(os.path.join(catalogs_dir, "genres.yml"), encoding="utf-8"))["genres"]
    for g in POLICY_GENRES + OTHER_GENRES + ["解读"]:
        assert g in genres, g
    for g in POLICY_GENRES:
        assert (genres[g] or {}).get("policy"), g
    return units, domains


def dropped_rows(catalogs_dir: str, domain_id: str) -> set[str]:
    """Rows any unit drops from its effective catalog: never drawn, so every item files under a row it has."""
    found = set()
    for path in sorted(glob.glob(os.path.join(catalogs_dir, "units", "*", f"{domain_id}.yml"))):
        data = yaml.safe_load(open(path, encoding="utf-8")) or {}
        found |= {entry["row"] for entry in data.get("drop") or [] if isinstance(entry, dict) and "row" in entry}
    return found


def not_applicable(catalogs_dir: str) -> set[tuple[str, str]]:
    """(unit, domain) pairs a unit declares 未涉及 (catalogs/units/<unit>/<domain>.yml `not_applicable`): no item
    of that unit may file under a row of that domain."""
    found = set()
    for path in sorted(glob.glob(os.path.join(catalogs_dir, "units", "*", "*.yml"))):
        data = yaml.safe_load(open(path, encoding="utf-8")) or {}
        if isinstance(data, dict) and data.get("not_applicable"):
            found.add((os.path.basename(os.path.dirname(path)), os.path.basename(path)[:-4]))
    return found


def unit_domains(unit: dict, domains: dict) -> list[str]:
    level = unit["level"]
    if level == "department":
        suffix = unit["id"].split("-", 1)[1]
        return DEPT_DOMAINS.get(suffix, [d for d in domains if d in DOMAIN_TEXT])
    if level == "township":
        return TOWNSHIP_DOMAINS
    if level == "village":
        return VILLAGE_DOMAINS
    return [d for d in domains if d in DOMAIN_TEXT]  # the 26 pilot domains (not e.g. the village list)


class Generator:
    def __init__(self, seed: int, catalogs_dir: str):
        self.seed = seed
        self.units, self.domains = load_registry(catalogs_dir)
        self.not_applicable = not_applicable(catalogs_dir)
        for d in DOMAIN_TEXT:
            assert d in self.domains, d
        by_level: dict[str, list] = {}
        for u in self.units:
            by_level.setdefault(u["level"], []).append(u)
        self.choices = []  # (unit, weight)
        for level, share in LEVEL_WEIGHTS.items():
            for u in by_level.get(level, []):
                self.choices.append((u, share / len(by_level[level])))
        self.weights = [w for _, w in self.choices]
        self.seq: dict[str, int] = {}  # unit id -> last 索引号 sequence
        self.policies: dict[
            str, list[tuple[str, str, dt.date, dt.date]]
        ] = {}  # domain -> (id, title, written, published)
        self.any_policies: list[tuple[str, str, dt.date, dt.date, str]] = []

    def item(self, i: int) -> tuple[str, str, str]:
        """(relative path under content/, front matter YAML text, body) of item i; call in order 0, 1, 2 …"""
        rng = random.Random(f"gongkai-corpus:{self.seed}:{i}")
        unit = rng.choices([u for u, _ in self.choices], self.weights)[0]
        domain_id = rng.choice(
            [d for d in unit_domains(unit, self.domains) if (unit["id"], d) not in self.not_applicable]
        )
        domain = self.domains[domain_id]
        law, terms, subjects = DOMAIN_TEXT[domain_id]

        kind = rng.random()
        target = None
        if kind < JIEDU_SHARE:
            pool = self.policies.get(domain_id) or []
            if pool:
                target = pool[rng.randrange(len(pool))]
            elif self.any_policies:
                target = self.any_policies[rng.randrange(len(self.any_policies))]
        if target is not None:
            genre = "解读"
            published_day = min(LAST_DAY, target[3] + dt.timedelta(days=rng.randint(0, 20)))
        else:
            genre = rng.choice(POLICY_GENRES) if kind < JIEDU_SHARE + DOC_NO_SHARE else rng.choice(OTHER_GENRES)
            published_day = FIRST_DAY + dt.timedelta(days=rng.randint(0, SPAN_DAYS))
        written = max(FIRST_DAY, published_day - dt.timedelta(days=rng.randint(0, 25)))
        if target is not None:
            written = max(written, min(target[2], published_day))
        published = published_day.isoformat()
        if rng.random() < 0.5:
            published += f" {rng.randint(8, 17):02d}:{rng.choice([0, 10, 15, 20, 30, 45]):02d}"
        year = published_day.year

        seq = self.seq.get(unit["id"], 0) + 1
        self.seq[unit["id"]] = seq
        index_no = f"{unit['uscc']}/{published_day.year}{published_day.month:02d}-{seq:05d}"
        subject = rng.choice(subjects)
        if genre == "解读":
            title = f"《{target[1]}》政策解读"
        elif genre in POLICY_GENRES:
            title = f"{unit['name']}关于{rng.choice(['印发', '做好', '进一步规范', '调整', '加强'])}{subject}的{genre}"
        elif genre in ("公示", "名单", "公告", "通报"):
            title = f"{unit['short']}{year}年{subject}{genre}"
        elif genre == "工作动态":
            title = f"{unit['short']}扎实推进{rng.choice(terms)}工作"
        else:
            title = f"{unit['short']}{year}年{subject}{'' if genre == '其他' else genre}"
        row = rng.choice(domain["rows"])
        slug = f"{row}-{i + 1:06d}"
        rel = f"{unit['level']}/{unit['id']}/{domain_id}/{year}/{slug}.md"
        item_id = rel[:-3]

        fm = [
            f"title: {title}",
            f"index_no: {index_no}",
            f"publisher: {unit['id']}",
            f"written: {written.isoformat()}",
            f"published: {published}",
        ]
        if genre in POLICY_GENRES:
            abbrev = unit["short"][0] + {"department": "民", "township": "政", "village": "村"}.get(
                unit["level"], "政办"
            )
            fm.append(f"doc_no: {abbrev}〔{written.year}〕{rng.randint(1, 120)}号")
        fm += [f"domain: {domain_id}", f"catalog: {row}", f"genre: {genre}", f"topic: {domain['topic']}"]
        if genre in POLICY_GENRES:
            fm.append("validity: 有效")
        kw = rng.sample(terms, 2)
        fm.append(f"keywords: [{kw[0]}, {kw[1]}]")
        if rng.random() < 0.5:
            fm.append(f"summary: {unit['short']}公开{year}年{subject}有关情况。")
        if target is not None:
            fm.append(f"interprets: {target[0]}")
            fm.append(f"interpretation_form: {rng.choice(INTERPRETATION_FORMS)}")
        if genre == "公示" and rng.random() < 0.7:
            fm.append(f"publicity_end: {(published_day + dt.timedelta(days=rng.choice([5, 7, 10]))).isoformat()}")

        if genre in POLICY_GENRES:
            record = (item_id, title, written, published_day)
            self.policies.setdefault(domain_id, []).append(record)
            self.any_policies.append(record + (domain_id,))
        body = self.body(rng, unit, law, terms, genre, year)
        return rel, "\n".join(fm) + "\n", body

    def body(self, rng: random.Random, unit: dict, law: str, terms: list[str], genre: str, year: int) -> str:
        target = int(rng.triangular(700, 2650, 1950))  # ≈ 800–3000 CJK characters written, mean ≈ 2000
        k = {"village": "村", "township": "镇", "department": "区", "county": "区", "city": "市"}[unit["level"]]

        def fill(template: str) -> str:
            t, t2 = rng.sample(terms, 2)
            n = rng.randint(12, 900)
            return template.format(
                t=t,
                t2=t2,
                law=law,
                u=unit["short"],
                y=year,
                m=rng.randint(1, 12),
                k=k,
                n=n,
                n2=n * rng.randint(2, 4),
                money=f"{rng.uniform(3, 900):.2f}",
                money2=f"{rng.uniform(1, 300):.2f}",
                d=rng.choice([5, 10, 15, 20, 25]),
                c=rng.choice(COMMON_TERMS),
                g=genre if genre != "其他" else "公布",
            )

        def paragraph(sentences: int) -> str:
            return "".join(fill(rng.choice(SENTENCES)) for _ in range(sentences))

        n_sections = rng.randint(3, 5)
        table_at, list_at = rng.randrange(n_sections), rng.randrange(n_sections)
        per_section = max(1, (target - 120) // n_sections)
        parts = [fill(rng.choice(LEADS)), ""]
        titles = [rng.choice(group) for group in SECTION_TITLES][:n_sections]
        for s, heading in enumerate(titles):
            parts += [f"## {CN_NUM[s]}、{heading}", ""]
            written = 0
            while written < per_section:
                para = paragraph(rng.randint(2, 5))
                parts += [para, ""]
                written += len(para)
                if s == table_at and written >= per_section // 2 and table_at >= 0:
                    parts += self.table(rng, unit, terms, year) + [""]
                    table_at = -1
                if s == list_at and list_at >= 0:
                    parts += [f"- {fill(rng.choice(SENTENCES))}" for _ in range(rng.randint(3, 5))] + [""]
                    list_at = -1
        parts.append(f"{unit['name']}")
        parts.append(f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日")
        return "\n".join(parts) + "\n"

    @staticmethod
    def table(rng: random.Random, unit: dict, terms: list[str], year: int) -> list[str]:
        rows = ["| 序号 | 村（社区） | 项目 | 户数 | 金额（万元） | 备注 |", "|---:|---|---|---:|---:|---|"]
        for r in range(rng.randint(4, 9)):
            place = rng.choice(PLACES) + rng.choice(["村", "社区", "村民组"])
            rows.append(
                f"| {r + 1} | {place} | {rng.choice(terms)} | {rng.randint(1, 80)} | "
                f"{rng.uniform(0.5, 120):.2f} | {rng.choice(['已发放', '已公示', '审核中', '—'])} |"
            )
        return rows


HOME = """本站集中公开黄山市人民政府、所辖区县政府及其部门、乡镇（街道）和村（居）的政府信息，按照
《中华人民共和国政府信息公开条例》和基层政务公开标准化规范化要求，分单位、分领域、分年份编排。
"""

BARE_PAGES = {
    "index.md": ("首页", HOME),
    "units/index.md": ("政府信息公开", "按单位浏览政府信息公开目录。\n"),
    "domains/index.md": ("重点领域", "基层政务公开 26 个试点领域。\n"),
    "years/index.md": ("按年份浏览", "按发布年份浏览。\n"),
    "search.md": ("站内搜索", "在页面上方的搜索框输入关键词检索。\n"),
}


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its !!python tags (they become None)."""


_AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def repo_config(repo: str) -> dict:
    with open(os.path.join(repo, "mkdocs.yml"), encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_AnyTagLoader)


def nav_paths(nav) -> list[str]:
    """Every Markdown path named in a MkDocs nav (any nesting)."""
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") else []
    if isinstance(nav, list):
        return [p for entry in nav for p in nav_paths(entry)]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in nav_paths(value)]
    return []


def bare_config(repo_cfg: dict) -> dict:
    """Plain Material: no plugins, the repository's nav (same shape) and theme features, items not in nav."""
    features = (repo_cfg.get("theme") or {}).get("features") or []
    nav = repo_cfg.get("nav") or [{title: path} for path, (title, _) in BARE_PAGES.items()]
    return {
        "site_name": repo_cfg["site_name"],
        "site_url": "https://www.huangshan.gov.cn/",
        "docs_dir": "content",
        "site_dir": "site",
        "use_directory_urls": True,
        "theme": {"name": "material", "language": "zh", "font": False, "features": features},
        "nav": nav,
        "not_in_nav": "\n".join(f"/{level}/" for level in ("city", "county", "township", "village", "department")),
        "markdown_extensions": ["tables", "attr_list", "admonition", {"toc": {"permalink": True}}],
        "plugins": [],
    }


def write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def generate(items: int, seed: int, out: str, bare: bool = False, repo: str = REPO) -> dict:
    if os.path.exists(os.path.join(out, "content")):
        shutil.rmtree(os.path.join(out, "content"))
    if bare and os.path.exists(os.path.join(out, "bare")):
        shutil.rmtree(os.path.join(out, "bare"))
    os.makedirs(out, exist_ok=True)
    shutil.copyfile(os.path.join(repo, "mkdocs.yml"), os.path.join(out, "mkdocs.yml"))
    if os.path.exists(os.path.join(out, "catalogs")):
        shutil.rmtree(os.path.join(out, "catalogs"))
    shutil.copytree(os.path.join(repo, "catalogs"), os.path.join(out, "catalogs"))
    write(os.path.join(out, "content", "index.md"), "---\ntitle: 首页\n---\n" + HOME)
    cfg = repo_config(repo)
    custom_dir = (cfg.get("theme") or {}).get("custom_dir")
    if custom_dir:  # the copied mkdocs.yml names it, so it must exist next to it
        if os.path.exists(os.path.join(out, custom_dir)):
            shutil.rmtree(os.path.join(out, custom_dir))
        shutil.copytree(os.path.join(repo, custom_dir), os.path.join(out, custom_dir))
    if bare:
        config = bare_config(cfg)
        write(os.path.join(out, "bare", "mkdocs.yml"), yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
        for rel in nav_paths(config["nav"]):
            title, text = BARE_PAGES.get(rel, (rel[:-3], "说明页面。\n"))
            write(os.path.join(out, "bare", "content", rel), f"---\ntitle: {title}\n---\n{text}")
    gen = Generator(seed, os.path.join(repo, "catalogs"))
    total_chars = md_bytes = 0
    for i in range(items):
        rel, fm, body = gen.item(i)
        text = f"---\n{fm}---\n{body}"
        write(os.path.join(out, "content", rel), text)
        md_bytes += len(text.encode("utf-8"))
        total_chars += sum(1 for ch in body if "\u4e00" <= ch <= "\u9fff")
        if bare:
            title = fm.split("\n", 1)[0]
            write(os.path.join(out, "bare", "content", rel), f"---\n{title}\n---\n{body}")
    return {"items": items, "md_bytes": md_bytes, "mean_cjk_chars": total_chars / max(1, items)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--items", type=int, required=True, help="number of items")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True, help="output directory (its content/, catalogs/, bare/ are replaced)")
    ap.add_argument("--bare", action="store_true", help="also write the plain-MkDocs baseline under OUT/bare/")
    args = ap.parse_args(argv)
    stats = generate(args.items, args.seed, args.out, args.bare)
    print(
        f"{stats['items']} items, {stats['md_bytes'] / 1e6:.1f} MB of Markdown, "
        f"{stats['mean_cjk_chars']:.0f} CJK characters per body on average -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Indicators suggested from task text (domain/suggest.py): the issue's examples, real phrasings
from the seed plans (../shared/seeds/*.txt, quoted as written there, PDF spaces included), texts
that state nothing, and hostile input."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

import pytest

from domain.indicators import check_definition
from domain.suggest import MAX_SUGGESTIONS, suggest
from domain.values import Shape

C, R, E = Shape.COUNT, Shape.RATE, Shape.RECURRING
YEAR = 2026
Row = tuple[Shape, str, str, str, bool, str | None]  # shape, name, unit, target, floor, load


def read(text: str, year: int = YEAR) -> list[Row]:
    return [
        (s.shape, s.name, s.unit, str(s.target), s.at_least,
         None if s.case_load is None else str(s.case_load))
        for s in suggest(text, year).indicators
    ]  # fmt: skip


ISSUE = [
    ("新增180个共享停车位", [(C, "共享停车位", "个", "180", False, None)]),
    ("整改率达到100%", [(R, "整改率", "%", "100", False, None)]),
    ("619件信访投诉化解率达到90%以上", [(R, "信访投诉化解率", "%", "90", True, "619")]),
    ("创建三十个示范小区", [(C, "示范小区", "个", "30", False, None)]),
    ("累计改造 1.2万户", [(C, "累计改造", "户", "12000", False, None)]),
    ("整改率达到１００％", [(R, "整改率", "%", "100", False, None)]),
    ("新增１８０个共享停车位", [(C, "共享停车位", "个", "180", False, None)]),
    ("开展不少于8次专项执法", [(E, "专项执法", "次", "8", True, None)]),
    ("每月开展一次联合检查", [(E, "联合检查", "次", "12", True, None)]),
    ("每季度召开一次工作例会", [(E, "工作例会", "次", "4", True, None)]),
    ("完成雨污混接混排改造1076处", [(C, "雨污混接混排改造", "处", "1076", False, None)]),
    ("新增180个共享停车位，排查率达到100%",
     [(C, "共享停车位", "个", "180", False, None), (R, "排查率", "%", "100", False, None)]),
]  # fmt: skip

SEEDS = [  # (seed file, the text as written there, what it states)
    ("000", "优化城市管理基础数据库和“神经元”系统，建成感知前端23662个，接入38个部门66个系统数据。",
     [(C, "感知前端", "个", "23662", False, None)]),
    ("000", "成功创建20条市级示范道路和11个示范性自律组织，涌现"
        "出“宅基议事”“乡贤理事会”等一批村居治理“微品牌”。",
     [(C, "市级示范道路", "条", "20", False, None),
      (C, "示范性自律组织", "个", "11", False, None)]),
    ("000", "着力丰富绿化总量和形式，成功创建6条上海市林荫道"
        "和3条市级绿化特色道路，打造“晚樱”主题街心花园。",
     [(C, "上海市林荫道", "条", "6", False, None),
      (C, "市级绿化特色道路", "条", "3", False, None)]),
    ("000", "累计整治违规户外广告3373块、户外招牌4308块。",
     [(C, "违规户外广告", "块", "3373", False, None), (C, "户外招牌", "块", "4308", False, None)]),
    ("000", "强化城市保洁工作，推行人机组合保洁模式，道路整洁优良率达94%。",
     [(R, "道路整洁优良率", "%", "94", False, None)]),
    ("000", "在全市范围内率先推动电动自行车充电场所和设施建设"
        "，安装充电设施3257组，覆盖187个既有住宅小区。",
     [(C, "充电设施", "组", "3257", False, None), (C, "既有住宅小区", "个", "187", False, None)]),
    ("000", "累计改造 7.6 万户，投资约 17 亿元，第一轮改造任务全部完成。",
     [(C, "累计改造", "户", "76000", False, None)]),
    ("000", "全面完成3个市级地块、41个区级地块、640个镇级地块整治任"
        "务，累计拆除约1070万平方米违法建筑，全面完成拆违目标。",
     [(C, "市级地块", "个", "3", False, None), (C, "区级地块", "个", "41", False, None),
      (C, "镇级地块整治", "个", "640", False, None),
      (C, "违法建筑", "平方米", "10700000", False, None)]),
    ("000", "全面完成769条河道消劣整治任务，控制部分反弹劣V类水体总比例在5%以下。",
     [(C, "河道消劣整治", "条", "769", False, None)]),
    ("000", "形成“五片七厂”污水处理格局，全区污水处理率达到96.81%，污泥无害化处理处置率达100%。",
     [(R, "污水处理率", "%", "96.81", False, None),
      (R, "污泥无害化处理处置率", "%", "100", False, None)]),
    ("000", "实现居住区垃圾分类达标率95%，单位达标率97%，11个街"
        "镇（工业区）荣获“上海市生活垃圾分类示范街镇”称号。",
     [(R, "居住区垃圾分类达标率", "%", "95", False, None),
      (R, "单位达标率", "%", "97", False, None)]),
    ("000", "开通国内首条公文化运营的市郊铁路，建成地面公交线路 100 条，基本实现全覆盖。",
     [(C, "地面公交线路", "条", "100", False, None)]),
    ("000", "积极推进停车资源共享工作，累计提供 826 个共享车位。",
     [(C, "共享车位", "个", "826", False, None)]),
    ("000", "全区建筑工地文明施工达标率为 98%，文明工地创建 80 个。",
     [(R, "建筑工地文明施工达标率", "%", "98", False, None),
      (C, "文明工地创建", "个", "80", False, None)]),
    ("000", "加强地下管线综合管理，累计普查主要道路地下管"
        "线 6089.27 公里，完成管线维护 425.869 公里。",
     [(C, "普查主要道路地下管线", "公里", "6089.27", False, None),
      (C, "管线维护", "公里", "425.869", False, None)]),
    ("000", "市容环境卫生责任区履责率达到90%，沿街商铺自律组织创建数量至少16个。",
     [(R, "市容环境卫生责任区履责率", "%", "90", False, None),
      (C, "沿街商铺自律组织创建数量", "个", "16", True, None)]),
    ("000", "新增 15 处旅游交通外部标识，统一旅游区中英文名称、注明距离。",
     [(C, "旅游交通外部标识", "处", "15", False, None)]),
    ("000", "在水库中心河以北新建 100 亩生态修复型小微湿地。",
     [(C, "生态修复型小微湿地", "亩", "100", False, None)]),
    ("000", "每年定期开展不少于一次跨部门联合的综合性应急实战演练。",
     [(E, "跨部门联合", "次", "1", True, None)]),
    ("002", "全区实施旧住房综合改造131万平方米,受益居民18217户,加装电梯8台。",
     [(C, "旧住房综合改造", "平方米", "1310000", False, None)]),
    ("002", "十三五期间,完成住宅小区老旧电梯安全评估125台,并持续推进电梯智能化监管试点工作。",
     [(C, "住宅小区老旧电梯安全评估", "台", "125", False, None)]),
    ("002", "全面完成50条精细化执法示范道路创建工作;",
     [(C, "精细化执法示范道路", "条", "50", False, None)]),
    ("002", "完成135条城市道路的街面环境秩序执法整治工作。",
     [(C, "城市道路", "条", "135", False, None)]),
    ("002", "大力推进重点生态廊道和生态公益林建设,森林覆盖率达16.05%。",
     [(R, "森林覆盖率", "%", "16.05", False, None)]),
    ("002", "全区完成2000年以前建造商品房小区二次供水设施改造750万平方米,高危老旧管网改造31公里。",
     [(C, "商品房小区二次供水设施改造", "平方米", "7500000", False, None),
      (C, "高危老旧管网改造", "公里", "31", False, None)]),
    ("002", "结合我区实际,继续推进美丽街区建设,创建15个美丽街区,达到建成区面积45%。",
     [(C, "美丽街区", "个", "15", False, None)]),
    ("002", "新建或改造提升口袋公园、社区公园3座。", [(C, "社区公园", "座", "3", False, None)]),
    ("002", "健全绿道体系,建设衔接区域、串联城乡、覆盖社区的绿道30公里。",
     [(C, "绿道", "公里", "30", False, None)]),
    ("002", "森林覆盖率达到18.3%,建成区绿化覆盖率达到38.5%。",
     [(R, "森林覆盖率", "%", "18.3", False, None),
      (R, "建成区绿化覆盖率", "%", "38.5", False, None)]),
    ("002", "补齐污水治理短板,全区城镇污水处理率达到99%以上。",
     [(R, "城镇污水处理率", "%", "99", True, None)]),
    ("002", "“十四五”期间,镇村级河道整治30公里,中小河道轮疏150公里。",
     [(C, "镇村级河道整治", "公里", "30", False, None),
      (C, "中小河道轮疏", "公里", "150", False, None)]),
    ("002", "“十四五”末,国考市考断面水质达标率100%,水功能"
        "区水质达标率80%,农村生活污水处理率达到95%。",
     [(R, "国考市考断面水质达标率", "%", "100", False, None),
      (R, "水功能区水质达标率", "%", "80", False, None),
      (R, "农村生活污水处理率", "%", "95", False, None)]),
    ("002", "规范再生资源回收市场,生活垃圾资源化利用率达到45%以上。",
     [(R, "生活垃圾资源化利用率", "%", "45", True, None)]),
    ("002", "到2025年完成农民进城镇集中居住4000户以上。",
     [(C, "农民进城镇集中居住", "户", "4000", True, None)]),
    ("002", "十四五期间,改造完成4500根管龄18年以上地下支管;",
     [(C, "管龄18年以上地下支管", "根", "4500", False, None)]),
    ("002", "全区河湖水面率达8.93%。", [(R, "河湖水面率", "%", "8.93", False, None)]),
    ("002", "持续推进第二轮三年行动计划的架空线入地工作,创建至少1个无架空线全要素整治示范片;",
     [(C, "无架空线全要素整治示范片", "个", "1", True, None)]),
    ("003", "全面完成府城区域内中山东路 120 弄、180 弄、274 弄、袜子弄 4 支弄"
        "、蓝天一村、愉光新村等 12 处 13 万平方米老旧小区和邱家湾 41 号。",
     [(C, "老旧小区", "处", "12", False, None), (C, "老旧小区", "平方米", "130000", False, None)]),
    ("003", "加大执法力度，接入城运中心一网统管平台，保持"
        "分类达标率 95% 以上，分类实效达到全区前列。",
     [(R, "分类达标率", "%", "95", True, None)]),
    ("003", "每年对街道区域内做一次城市体检工作，形成体检城市体检报告。",
     [(E, "城市体检", "次", "1", True, None)]),
]  # fmt: skip

NOTHING = [  # real task texts from seed 003 that state no figure to reach: nothing suggested
    "深化“美丽家园”建设。（牵头部门：城建中心、自治办、管理办）",
    "持续推进“两旧一村”改造工作。（牵头部门：发展办）",
    "聚焦“一老一小”，逐步对辖区内符合条件的老年人家庭进行适老化改"
    "造；新建集老年日间照料、宝宝屋为一体的复合型老幼服务中心。",
    "以助推松江安全发展示范城市创建为抓手，突出“五个强化”，全面落实城市运行安全“八字要诀”。",
    "压实 8 个专委会监管责任，确保专委会实体化运作。",
    "严格落实“6个化”建设实效和“10个无”管理实效。",
    "控制部分反弹劣V类水体总比例在5%以下。",
    "按照第2名的排名，继续保持。",
    "实现全覆盖",
    "",
]


@pytest.mark.parametrize(("text", "expected"), ISSUE, ids=[t for t, _ in ISSUE])
def test_the_issues_examples(text: str, expected: list[Row]) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("seed", "text", "expected"), SEEDS, ids=[f"{s}:{t[:24]}" for s, t, _ in SEEDS]
)
def test_real_phrasings_from_the_seed_plans(seed: str, text: str, expected: list[Row]) -> None:
    assert read(text) == expected


def test_there_are_thirty_real_texts_at_least() -> None:
    assert len(SEEDS) >= 30


@pytest.mark.parametrize("text", NOTHING)
def test_a_text_that_states_no_target_gets_no_suggestion(text: str) -> None:
    assert suggest(text, YEAR).indicators == ()


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("6月底前完成", date(2026, 6, 30)),
        ("到 2026 年底，全面完成", date(2026, 12, 31)),
        ("2027年3月底前建成", date(2027, 3, 31)),
        ("三季度末前完成验收", date(2026, 9, 30)),
        ("上半年完成方案", date(2026, 6, 30)),
        ("年底前完成", date(2026, 12, 31)),
        ("长期坚持", None),
        ("13月底前", None),
        ("2026年2月30日前", None),
    ],
)
def test_deadlines_are_read_in_the_plan_year(text: str, deadline: date | None) -> None:
    assert suggest(text, YEAR).deadline == deadline


def test_a_deadline_belongs_to_the_indicators_of_its_own_sentence() -> None:
    found = suggest("6月底前新增180个共享停车位；年底前整改率达到100%。", YEAR).indicators
    assert [(s.name, s.deadline) for s in found] == [
        ("共享停车位", date(2026, 6, 30)),
        ("整改率", date(2026, 12, 31)),
    ]
    alone = suggest("新增180个共享停车位，6月底前完成", 2027).indicators[0]
    assert alone.deadline == date(2027, 6, 30)


def test_a_suggestion_becomes_an_indicator_the_domain_accepts() -> None:
    (rate,) = suggest("619件信访投诉化解率达到90%以上，6月底前完成", YEAR).indicators
    indicator = rate.indicator("resolved", YEAR)
    check_definition(indicator, "indicators[0]")
    assert (indicator.shape, indicator.case_load, indicator.target) == (
        Shape.RATE, Decimal(619), Decimal(90),
    )  # fmt: skip
    assert indicator.deadline == date(2026, 6, 30)
    (count,) = suggest("新增180个共享停车位", YEAR).indicators
    assert count.indicator("spaces", YEAR).deadline == date(2026, 12, 31)


@pytest.mark.parametrize(
    "text",
    [
        "1E+999999个",
        "新增1E+999999个停车位",
        "新增99999999999999999999个停车位",  # past 10^12: not a figure a report may hold
        "新增0.0000001个停车位",
        "整改率达到1000%",
        "新增\udcff180个\ud800共享停车位",
        "新增١٨٠个共享停车位",  # Arabic-Indic digits are not read as a figure
        "NaN个 Infinity% inf%",
        "\x00\x01新增\u202e180个",
    ],
)
def test_hostile_input_returns_quickly_and_guesses_nothing_wild(text: str) -> None:
    started = time.perf_counter()
    found = suggest(text, YEAR).indicators
    assert time.perf_counter() - started < 0.5
    for s in found:
        assert s.target < Decimal(10) ** 12
        assert "\ud800" not in s.name and "\udcff" not in s.name


def test_a_huge_text_is_read_in_bounded_time_and_suggestions() -> None:
    text = "新增180个共享停车位，" * 10_000  # 110,000 characters
    started = time.perf_counter()
    found = suggest(text, YEAR).indicators
    assert time.perf_counter() - started < 2
    assert len(found) == MAX_SUGGESTIONS
    digits = "9" * 100_000 + "个"
    started = time.perf_counter()
    assert suggest(digits, YEAR).indicators == ()
    assert suggest("率达到" * 40_000 + "1" * 60_000 + "%", YEAR).indicators == ()
    assert time.perf_counter() - started < 2

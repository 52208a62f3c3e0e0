#!/usr/bin/env python3
"""Writes changji.json, the sample plan for Changji Prefecture (昌吉州).

Member-unit and group duties follow the command's duty roster (seed document);
enterprises, schools and sites are fictional (every name ends in "（示例）"),
their credit codes random with a valid check character. Deterministic: the
same file every run. Usage: generate_changji.py > changji.json
"""
import json
import random

RNG = random.Random(652300)
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
LEVELS = ["yellow", "orange", "red"]

AREAS = [
    # code, name, kind, lat, lon
    ("652301", "昌吉市", "county", 44.01, 87.30),
    ("652302", "阜康市", "county", 44.16, 87.99),
    ("652323", "呼图壁县", "county", 44.19, 86.90),
    ("652324", "玛纳斯县", "county", 44.30, 86.22),
    ("652325", "奇台县", "county", 44.02, 89.59),
    ("652327", "吉木萨尔县", "county", 44.00, 89.18),
    ("652328", "木垒哈萨克自治县", "county", 43.83, 90.28),
    ("652300-zd", "准东经济技术开发区", "park", 44.90, 89.90),
    ("652300-gx", "昌吉高新技术产业开发区", "park", 44.05, 87.35),
    ("652300-ngq", "昌吉国家农业科技园区", "park", 44.08, 87.24),
]
# The county each park lies in (parks have no GB/T 2260 code of their own):
# 准东 is administered from 吉木萨尔县's north (it also spans 奇台、木垒、阜康);
# the high-tech zone and the agricultural park lie by 昌吉市.
PARK_COUNTIES = {"652300-zd": "652327", "652300-gx": "652301",
                 "652300-ngq": "652301"}

# (id, name, yellow tasks, extra orange tasks, extra red tasks)
UNITS = [
    ("unit-jiwei", "州纪委监委",
     ["对应急响应措施落实不到位、失职失责行为开展监督，收到线索及时核查"],
     ["对督导检查组移交的问题线索开展追责问责"],
     ["对红色预警期间失职失责行为从严从快追责问责，每日报告问责情况"]),
    ("unit-xuanchuan", "州党委宣传部",
     ["组织报纸、广播、电视及新媒体发布预警信息和健康防护提示"],
     ["督导各级媒体开展公民和企业自愿减排宣传，做好新闻报道和舆论引导"],
     ["组织召开新闻发布会，滚动播发红色预警及应急措施信息"]),
    ("unit-wangxin", "州党委网信办",
     ["开展重污染天气网络舆情收集、汇总和分析"],
     ["每日上报舆情分析，指导有关单位及时回应社会关切"],
     ["实行舆情24小时监测，重大舆情即时上报并协调处置"]),
    ("unit-sthj", "州生态环境局",
     ["会同州气象局开展预警会商，加强环境空气质量监测",
      "督促各县市、园区生态环境部门对停产、限产企业执行情况开展巡查"],
     ["对未按要求采取应急减排措施的企业依《大气污染防治法》依法处罚",
      "加强工业企业环境监管和秸秆禁烧督导"],
     ["组织全天候巡查停产、限产企业，违法行为从严从快查处，每日汇总上报"]),
    ("unit-yingji", "州应急管理局",
     ["指导各县市、园区应急管理部门做好重点污染企业停产、限产时的安全生产工作"],
     ["会同交通运输、公安部门做好危险化学品及烟花爆竹企业安全生产监管"],
     ["组织跨县市、园区、跨部门的重污染天气应对安全生产协调处置"]),
    ("unit-qixiang", "州气象局",
     ["与生态环境局开展环境气象条件会商，配合做好监测预警"],
     ["加密气象条件预报，每日向指挥部办公室报送扩散条件分析"],
     ["根据天气条件指导各地适时组织实施人工影响天气作业"]),
    ("unit-fgw", "州发改委",
     ["落实“压非保民”，保障居民清洁能源供应"],
     ["优化重点区域电力运行调度，减少外输电量，实行绿色电力调度"],
     ["协调应急状态下能源保障，加大天然气、电等清洁能源供应，落实公共交通优惠价格"]),
    ("unit-gxj", "州工信局",
     ["督促工业企业按“一厂一策”和应急减排清单落实减排措施",
      "汇总停产、限产对各县市、园区工业生产造成的影响情况报告指挥部办公室，主要包括经济影响，工程进度影响等"],
     ["督促各县市、园区工信部门监督企业错峰生产执行情况，配合开展督导巡查"],
     ["配合生态环境部门加大督导巡查"]),
    ("unit-gzw", "州国资委",
     ["协助推动州国资监管企业落实污染减排措施"],
     ["协调州国资监管企业重污染天气预防、应对工作"],
     ["督促州国资监管企业报告减排措施落实情况（本地补充）"]),
    ("unit-wjw", "州卫生健康委",
     ["发布公众健康防护提示，组织落实医疗保障工作方案",
      "与生态环境、气象等部门联合开展评估重污染天气相关的健康影响与疾病负担"],
     ["加强呼吸系统疾病监测，做好医疗救治准备"],
     ["组织医疗救治，及时监测、处置重污染天气引发的突发公共卫生事件"]),
    ("unit-gaj", "州公安局",
     ["加大对冒黑烟和高排放车辆管控力度，做好社会治安工作",
      "落实烟花爆竹禁燃禁放管控措施",
      "配合生态环境部门加强对机动车污染物排放的抽检",
      "及时汇总辖区道路受影响情况及执法监督情况"],
     ["组织落实重型柴油货车限行措施，加大渣土车、砂石车违规上路执法检查"],
     ["严格执行机动车限行，管控户外大型活动"]),
    ("unit-czj", "州财政局",
     ["落实重污染天气预警和应急工作所需经费"],
     ["协调各地保障应急能力建设经费"],
     ["及时拨付红色预警应急处置所需经费"]),
    ("unit-zjj", "州住房和城乡建设局",
     ["督促指导城市道路机械化清扫（冲洗）保洁作业，严格落实“六个百分百”",
      "督导各县市餐饮单位油烟净化设施正常运行",
      "将重污染天气期间落实应急响应情况和重污染天气对建设领域影响评估情况报告指挥部办公室",
      "督导所属非道路移动机械落实应急减排措施"],
     ["督促施工工地落实应急响应措施，加大监督检查频次，查处露天焚烧行为"],
     ["督促指导城市道路、出土工地、拆迁工地、渣土清运、建筑垃圾消纳场所等落实应急响应措施"]),
    ("unit-zrzy", "州自然资源局",
     ["会同有关部门督促矿山企业切实做好应急响应期间采石（砂）场的扬尘控制工作"],
     ["对矿山企业矿山地质环境恢复义务履行情况实施监督"],
     ["加密采石（砂）场扬尘管控巡查（本地补充）"]),
    ("unit-jtj", "州交通运输局",
     ["组织实施《大宗物料运输企业错峰运输方案》，引导绿色出行",
      "督导所属施工工地、国省干线及县乡公路、汽车维修企业及非道路移动机械等落实应急响应措施",
      "及时汇总预警期间道路客货运输受影响情况，评估重污染天气对客运、物流交通造成的影响，提出管控措施，报告指挥部办公室"],
     ["指导各地预警期间增加公共交通运力"],
     ["加密公共交通运力调度（本地补充）"]),
    ("unit-nync", "州农业农村局",
     ["督导农业秸秆禁烧工作，及时汇总上报"],
     ["监管养殖、种植过程中肥料和散煤使用，督导所属非道路移动机械落实减排措施"],
     ["开展秸秆焚烧全面巡查，每日汇总上报工作情况"]),
    ("unit-jyj", "州教育局",
     ["指导幼儿园、中小学减少户外活动，做好健康防护",
      "及时汇总上报学校重污染天气期间响应措施落实情况"],
     ["组织全州幼儿园、中小学停止户外活动"],
     ["组织幼儿园、中小学实行弹性停课"]),
    ("unit-power", "国网昌吉供电公司",
     ["配合州发改委做好主电网发用电平衡，实行电力绿色调度",
      "及时汇总机组停产、限产情况"],
     ["优先保障重点区域应急错峰生产发电调度需求"],
     ["对耗煤高、效率低、治污设施不完善或者运行不正常的机组实施限产或者停产"]),
]

# The special groups' lead and members (seed 五).
GROUP_MEMBERS = {
    "group-experts": ("unit-sthj", ["unit-qixiang", "unit-yingji"]),
    "group-forecast": ("unit-sthj", ["unit-qixiang"]),
    "group-publicity": ("unit-xuanchuan",
                        ["unit-wangxin", "unit-sthj", "unit-jyj", "unit-jiaojing"]),
    "group-inspection": ("office", ["unit-yingji", "unit-ducha"]),
}
# Group members that are not among the 18 member units: they act through
# their groups only (no tasks of their own).
MEMBER_ONLY = [("unit-jiaojing", "州公安局交通警察支队"),
               ("unit-ducha", "州人民政府督查室")]

GROUPS = [
    ("group-experts", "专家咨询组",
     ["参与预警研判，就应对工作提出对策和建议"],
     ["开展“一市一策”驻点跟踪研究，为应急响应提供技术指导"],
     ["每日会商研判污染趋势，评估减排措施效果"]),
    ("group-forecast", "预报预警组",
     ["实施环境空气质量和气象监测，向指挥部办公室提供监测、预报数据"],
     ["加密预报频次，跟踪分析预警反馈信息"],
     ["逐小时跟踪空气质量变化，及时提出预警调整建议"]),
    ("group-publicity", "信息宣传组",
     ["做好预警信息公开和健康防护宣传"],
     ["开展新闻宣传和政策解读，收集、汇总、上报舆情"],
     ["及时做好舆情引导和媒体应对，消除负面舆情影响"]),
    ("group-inspection", "督导检查组",
     ["对各县市、园区应急响应措施落实情况开展现场督导"],
     ["对重点企业、工地开展现场检查，及时向指挥部反馈情况"],
     ["全覆盖督导检查停产、限产企业，问题线索移交处理"]),
]

INDUSTRIES = [
    ("水泥制造", "建材", ["熟料烧成", "原料粉磨", "水泥粉磨", "物料运输"]),
    ("火力发电", "电力", ["燃煤发电机组", "输煤系统"]),
    ("炼焦", "焦化", ["炼焦", "熄焦", "化产回收"]),
    ("电解铝", "有色", ["电解", "阳极焙烧", "物料运输"]),
    ("煤化工", "化工", ["煤气化", "合成", "燃煤锅炉"]),
    ("砖瓦", "建材", ["隧道窑", "原料破碎"]),
    ("铸造", "机械", ["熔炼", "造型制芯", "清理"]),
    ("工业涂装", "涂装", ["喷涂", "烘干"]),
    ("石灰", "建材", ["石灰窑"]),
]
# Plausible baselines per process (t/d of SO2, NOx, PM, VOCs) by industry,
# for the emission-reduction account; transport is what trucks emit.
BASELINES = {
    "熟料烧成": (0.40, 2.60, 0.30, 0.02), "原料粉磨": (0, 0, 0.20, 0),
    "水泥粉磨": (0, 0, 0.25, 0), "物料运输": (0, 0.08, 0.06, 0.01),
    "燃煤发电机组": (1.20, 1.80, 0.20, 0.02), "输煤系统": (0, 0.05, 0.10, 0),
    "炼焦": (0.60, 1.00, 0.40, 0.80), "熄焦": (0.05, 0, 0.30, 0.10),
    "化产回收": (0.10, 0.05, 0.02, 0.60), "电解": (0.80, 0.10, 0.30, 0),
    "阳极焙烧": (0.50, 0.40, 0.15, 0.20), "煤气化": (0.30, 0.40, 0.10, 0.50),
    "合成": (0.05, 0.10, 0.02, 0.70), "燃煤锅炉": (0.90, 1.10, 0.25, 0.02),
    "隧道窑": (0.30, 0.30, 0.20, 0.01), "原料破碎": (0, 0, 0.15, 0),
    "熔炼": (0.05, 0.10, 0.20, 0.05), "造型制芯": (0, 0, 0.10, 0.20),
    "清理": (0, 0, 0.15, 0), "喷涂": (0, 0, 0.05, 0.60),
    "烘干": (0, 0.05, 0.01, 0.30), "石灰窑": (0.25, 0.45, 0.30, 0.01),
}
POLLUTANTS = ["so2", "nox", "pm", "vocs"]

NAME_WORDS = ["恒泰", "天山", "金源", "瑞丰", "宏达", "新疆北庭", "绿洲", "博格达",
              "聚力", "昌盛", "鑫磊", "华宇", "景和", "远航", "祥瑞"]
GRADES = ["A", "B", "B", "C", "C", "C", "D", "leading"]


def uscc(area_code):
    body = "91" + area_code[:6] + "".join(RNG.choice(USCC_ALPHABET) for _ in range(9))
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS))
    return body + USCC_ALPHABET[(31 - total % 31) % 31]


def near(lat, lon, spread=0.06):
    return {"lat": round(lat + RNG.uniform(-spread, spread), 5),
            "lon": round(lon + RNG.uniform(-spread, spread), 5)}


def emissions(process, scale):
    return {p: round(v * scale, 3) for p, v in zip(POLLUTANTS, BASELINES[process])}


def process_measure(process, grade, level, scale):
    if grade in ("A", "leading"):
        return {"process": process, "action": "self_determined"}
    if "运输" in process or "输煤" in process:
        # Staggered transport keeps about half the trucks off the road.
        return {"process": process, "action": "stagger_transport",
                "reduction_t_per_d": {p: round(v / 2, 3) for p, v in
                                      emissions(process, scale).items() if v}}
    load = {"B": {"yellow": 80, "orange": 70, "red": 50},
            "C": {"yellow": 70, "orange": 50, "red": 0}}
    if grade == "D" or load[grade][level] == 0:
        return {"process": process, "action": "stop"}
    return {"process": process, "action": "limit", "load_pct": load[grade][level]}


def enterprises():
    orgs = []
    for i in range(45):
        code, area_name, _, lat, lon = AREAS[i % len(AREAS)]
        industry, sector, all_processes = INDUSTRIES[i % len(INDUSTRIES)]
        grade = GRADES[i % len(GRADES)]
        processes = all_processes[: 1 + i % len(all_processes)]
        scale = round(0.6 + (i * 7 % 10) / 10, 2)  # 0.6-1.5: plant sizes
        short = area_name[:2]
        orgs.append({
            "id": f"ent-{i + 1:03d}", "kind": "enterprise",
            "name": f"{short}{NAME_WORDS[i % len(NAME_WORDS)]}{industry}有限公司（示例）",
            "area": code, "uscc": uscc("652300" if "-" in code else code),
            "industry": f"{sector}/{industry}", "grade": grade,
            "location": near(lat, lon), "geofence_m": 300,
            "processes": processes,
            "emissions": {p: emissions(p, scale) for p in processes},
            "measures": {lv: [process_measure(p, grade, lv, scale)
                              for p in processes] for lv in LEVELS},
        })
    return orgs


def schools():
    stages = [("kindergarten", "幼儿园", 180), ("primary", "小学", 900),
              ("secondary", "中学", 1500)]
    orgs = []
    for i in range(21):
        stage, suffix, students = stages[i % 3]
        code, area_name, _, lat, lon = AREAS[i % 7]
        orgs.append({
            "id": f"sch-{i + 1:03d}", "kind": "school",
            "name": f"{area_name}第{i // 3 + 1}{suffix}（示例）", "area": code,
            "stage": stage, "students": students + 37 * i,
            "location": near(lat, lon, 0.03),
        })
    return orgs


def sites():
    dust = "严格落实“六个百分百”扬尘管控，增加洒水降尘频次"
    orgs = []
    kinds = [("住宅小区建设工地", "construction"), ("道路改造工程", "construction"),
             ("采石场", "quarry")]
    for i in range(6):
        label, kind = kinds[i % 3]
        code, area_name, _, lat, lon = AREAS[i % 7]
        stop_work = ("停止爆破、破碎和露天装卸作业" if kind == "quarry"
                     else "停止土石方、拆除、混凝土露天搅拌等作业")
        orgs.append({
            "id": f"site-{i + 1:03d}", "kind": "site",
            "name": f"{area_name}{label}{i + 1}号（示例）", "area": code,
            "site_type": kind, "location": near(lat, lon), "geofence_m": 500,
            "measures": {"yellow": [dust], "orange": [dust, stop_work],
                         "red": [dust, stop_work, "停止全部室外施工作业，渣土车辆禁止上路"]},
        })
    return orgs


# Who reports what and when (domain.md: within 24 h of the order, then
# daily at 14:00 for departments; schools once).
REPORTING = [
    {"id": "units-daily", "kinds": ["unit", "agency", "group"],
     "schedule": "daily",
     "at": "14:00", "escalate_after_h": 2, "title": "成员单位每日落实情况",
     "figures": [{"name": "出动检查人员", "unit": "人次"},
                 {"name": "检查企业", "unit": "家"},
                 {"name": "发现问题", "unit": "个"}]},
    {"id": "counties-daily", "kinds": ["county"], "schedule": "daily",
     "at": "14:00", "escalate_after_h": 2, "title": "县市、园区每日落实情况",
     "figures": [{"name": "出动检查人员", "unit": "人次"},
                 {"name": "检查企业", "unit": "家"},
                 {"name": "停工工地", "unit": "个"},
                 {"name": "发现问题", "unit": "个"}]},
    {"id": "enterprises-24h", "kinds": ["enterprise"],
     "schedule": "after_order", "within_h": 24, "title": "企业应急减排措施落实情况",
     "figures": [{"name": "停产工序", "unit": "个"},
                 {"name": "限产工序", "unit": "个"}]},
    {"id": "sites-24h", "kinds": ["site"], "schedule": "after_order",
     "within_h": 24, "title": "工地扬尘管控落实情况"},
    {"id": "schools-once", "kinds": ["school"], "schedule": "after_order",
     "within_h": 24, "title": "学校响应措施落实情况",
     "figures": [{"name": "停止户外活动班级", "unit": "个"}]},
]


def tasks(yellow, orange, red):
    return {"yellow": yellow, "orange": yellow + orange, "red": yellow + orange + red}


def school_notices():
    words = {"kindergarten": "幼儿园", "primary": "小学", "secondary": "中学"}
    notices = {}
    for stage, word in words.items():
        notices[stage] = {
            "yellow": {"title": f"黄色预警：{word}减少户外活动",
                       "body": "重污染天气黄色预警期间，请减少户外活动，做好师生健康防护。"},
            "orange": {"title": f"橙色预警：{word}停止户外活动",
                       "body": "重污染天气橙色预警期间，停止体育课、课间操等一切户外活动。"},
            "red": {"title": f"红色预警：{word}停止户外活动、弹性停课",
                    "body": "重污染天气红色预警期间，停止户外活动，可实行弹性教学或停课，"
                            "请及时通知家长并报告落实情况。"},
        }
    return notices


def main():
    areas = [{"code": "652300", "name": "昌吉回族自治州", "kind": "prefecture",
              "parent": None}]
    areas += [{"code": c, "name": n, "kind": k, "parent": "652300",
               **({"county": PARK_COUNTIES[c]} if k == "park" else {})}
              for c, n, k, _, _ in AREAS]
    orgs = [
        {"id": "command", "kind": "command", "name": "州重污染天气应急指挥部",
         "area": "652300"},
        {"id": "office", "kind": "office", "name": "州重污染天气应急指挥部办公室",
         "area": "652300"},
    ]
    orgs += [{"id": i, "kind": "unit", "name": n, "area": "652300",
              "tasks": tasks(y, o, r)} for i, n, y, o, r in UNITS]
    # Not member units (成员单位): government bodies in a special group.
    orgs += [{"id": i, "kind": "agency", "name": n, "area": "652300"}
             for i, n in MEMBER_ONLY]
    orgs += [{"id": i, "kind": "group", "name": n, "area": "652300",
              "lead": GROUP_MEMBERS[i][0], "members": GROUP_MEMBERS[i][1],
              "tasks": tasks(y, o, r)} for i, n, y, o, r in GROUPS]
    orgs += [{"id": "county-" + c.replace("652300-", ""), "kind": "county",
              "name": n + ("管委会" if k == "park" else "人民政府"), "area": c}
             for c, n, k, _, _ in AREAS]
    orgs += enterprises() + schools() + sites()
    plan = {
        "format": "hazegate-plan/1",
        "name": "昌吉回族自治州重污染天气应急预案（示例）",
        "version": "2026-11",
        "ack_windows_s": {"command": 1800, "unit": 3600, "agency": 3600,
                          "group": 3600,
                          "county": 1800, "enterprise": 3600, "school": 3600,
                          "site": 3600},
        "areas": areas,
        "area_notices": {
            lv: {"title": f"{name}预警：启动{resp}",
                 "body": f"请立即启动本辖区{resp}，组织落实应急减排措施，并督促辖区企业、学校、工地按要求响应。"}
            for lv, name, resp in [("yellow", "黄色", "Ⅲ级响应"),
                                   ("orange", "橙色", "Ⅱ级响应"),
                                   ("red", "红色", "Ⅰ级响应")]},
        "school_notices": school_notices(),
        "orgs": orgs,
        "reduction_targets_pct": {"yellow": 10, "orange": 20, "red": 30},
        "reporting": REPORTING,
    }
    print(json.dumps(plan, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()

// Issue 12.5: the sample plan against the seed (the command's duty roster,
// tests/data/seed-duty-roster.txt, copied from ../shared/seed/): what it
// says is in the plan, at every level it says; what it does not say is
// dropped or marked as a local addition.
#include <gtest/gtest.h>

#include <set>

#include "hazegate/config/plan.h"
#include "support.h"

namespace hazegate {
namespace {

using nlohmann::json;

const std::string& Seed() {
  static const std::string seed = testing::ReadFile(
      std::string(HAZEGATE_SOURCE_DIR) + "/tests/data/seed-duty-roster.txt");
  return seed;
}

const json& Org(const std::string& id) {
  static const json plan = testing::SamplePlan();
  for (const json& org : plan["orgs"]) {
    if (org["id"] == id) return org;
  }
  throw std::runtime_error("no org " + id);
}

// True if some task of `org` at `level` contains `text`.
bool HasTask(const std::string& org, const std::string& level,
             const std::string& text) {
  for (const json& task : Org(org)["tasks"][level]) {
    if (task.get<std::string>().find(text) != std::string::npos) return true;
  }
  return false;
}

struct Duty {
  const char* org;
  const char* text;  // as the seed says it
};

// Duties the seed gives for the whole warning period (reports) and those a
// reading found left out: in the seed's words, at every level.
const Duty kDuties[] = {
    {"unit-gxj",
     "汇总停产、限产对各县市、园区工业生产造成的影响情况报告指挥部办公室，"
     "主要包括经济影响，工程进度影响等"},
    {"unit-gaj", "及时汇总辖区道路受影响情况及执法监督情况"},
    {"unit-gaj", "配合生态环境部门加强对机动车污染物排放的抽检"},
    {"unit-zjj",
     "将重污染天气期间落实应急响应情况和重污染天气对建设领域影响评估情况"
     "报告指挥部办公室"},
    {"unit-zjj", "督导各县市餐饮单位油烟净化设施正常运行"},
    {"unit-zjj", "督导所属非道路移动机械落实应急减排措施"},
    {"unit-jtj",
     "及时汇总预警期间道路客货运输受影响情况，评估重污染天气对客运、物流"
     "交通造成的影响，提出管控措施，报告指挥部办公室"},
    {"unit-jtj", "汽车维修企业及非道路移动机械等落实应急响应措施"},
    {"unit-jyj", "及时汇总上报学校重污染天气期间响应措施落实情况"},
    {"unit-power", "及时汇总机组停产、限产情况"},
    {"unit-wjw",
     "与生态环境、气象等部门联合开展评估重污染天气相关的健康影响与疾病负担"},
};

TEST(PlanSeed, EverySeedDutyIsInThePlanAtEveryLevel) {
  for (const Duty& duty : kDuties) {
    EXPECT_NE(Seed().find(duty.text), std::string::npos)
        << "not the seed's words: " << duty.text;
    for (const char* level : {"yellow", "orange", "red"}) {
      EXPECT_TRUE(HasTask(duty.org, level, duty.text))
          << duty.org << " at " << level << ": " << duty.text;
    }
  }
}

TEST(PlanSeed, TasksTheSeedDoesNotGiveAreDroppedOrMarkedLocal) {
  static const json plan = testing::SamplePlan();
  for (const json& org : plan["orgs"]) {
    if (org["kind"] != "unit" || !org.contains("tasks")) continue;
    for (const auto& [level, tasks] : org["tasks"].items()) {
      for (const json& task : tasks) {
        const std::string text = task;
        EXPECT_EQ(text.find("按最高级别"), std::string::npos) << text;
        EXPECT_EQ(text.find("停止生产作业"), std::string::npos) << text;
        EXPECT_EQ(text.find("停止露天作业"), std::string::npos) << text;
      }
    }
  }
  EXPECT_TRUE(HasTask("unit-gzw", "red", "（本地补充）"));
  EXPECT_TRUE(HasTask("unit-zrzy", "yellow",
                      "会同有关部门督促矿山企业切实做好应急响应期间采石（砂）场"
                      "的扬尘控制工作"));
}

// Each special group: its lead and members, named in the seed's sentence
// for the group (seed 五).
TEST(PlanSeed, GroupsHaveTheSeedsLeadAndMembers) {
  struct Group {
    const char* id;
    const char* seed_sentence;
    const char* lead;
    std::set<std::string> members;
  };
  const Group groups[] = {
      {"group-experts",
       "由州生态环境局牵头，州气象局、州应急管理局配合",
       "unit-sthj",
       {"unit-qixiang", "unit-yingji"}},
      {"group-forecast",
       "由州生态环境局牵头，组织“一市一策”驻点跟踪研究工作组与州气象局",
       "unit-sthj",
       {"unit-qixiang"}},
      {"group-publicity",
       "由州党委宣传部牵头，州党委网信办、州生态环境局、教育局、交警支队配合",
       "unit-xuanchuan",
       {"unit-wangxin", "unit-sthj", "unit-jyj", "unit-jiaojing"}},
      {"group-inspection",
       "由州指挥部办公室牵头，与州应急管理局、州政府督查室",
       "office",
       {"unit-yingji", "unit-ducha"}},
  };
  for (const Group& group : groups) {
    EXPECT_NE(Seed().find(group.seed_sentence), std::string::npos)
        << group.seed_sentence;
    const json& org = Org(group.id);
    EXPECT_EQ(org["lead"], group.lead) << group.id;
    EXPECT_EQ(org["members"].get<std::set<std::string>>(), group.members)
        << group.id;
  }
  EXPECT_EQ(Org("unit-jiaojing")["name"], "州公安局交通警察支队");
  EXPECT_EQ(Org("unit-ducha")["name"], "州人民政府督查室");
}

// The 农高区 is in the plan, and every park names the county it lies in.
TEST(PlanSeed, ThreeParksEachInACounty) {
  const json plan = testing::SamplePlan();
  std::map<std::string, std::string> parks;
  for (const json& area : plan["areas"]) {
    if (area["kind"] == "park") parks[area["name"]] = area["county"];
  }
  EXPECT_EQ(parks, (std::map<std::string, std::string>{
                       {"准东经济技术开发区", "652327"},
                       {"昌吉高新技术产业开发区", "652301"},
                       {"昌吉国家农业科技园区", "652301"}}));
}

}  // namespace
}  // namespace hazegate

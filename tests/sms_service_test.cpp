// SmsService on a real SQLite file with a fake clock: when SMS fall due,
// once per phone, retries of failed ones, replies, and the text's length.
#include <gtest/gtest.h>

#include <regex>

#include "hazegate/config/plan.h"
#include "hazegate/core/store.h"
#include "hazegate/core/utf8.h"
#include "hazegate/orders/orders.h"
#include "hazegate/sms/sms.h"
#include "hazegate/warnings/warnings.h"
#include "json_adapters.h"
#include "support.h"

namespace hazegate {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kPrincipal = "+8613912345678";

class SmsServiceTest : public ::testing::Test {
 protected:
  SmsServiceTest()
      : store_(testing::StoreWithPlan(dir_, clock_)),
        warning_service_(*store_, clock_, nullptr),
        sms_(*store_, clock_, {300s, "https://h.example.cn/m/"}) {
    json plan = testing::SmallPlan();
    plan["sms"] = {{"signature", "【昌吉州重污染天气应急指挥部】"}};
    for (json& org : plan["orgs"]) {
      if (org["id"] == "sch-1") {
        org["contacts"] = {{{"name", "王校长"}, {"phone", "13912345678"}},
                           {{"name", "李老师"}, {"phone", "13800000001"}}};
      }
    }
    EXPECT_TRUE(LoadPlan(*store_, plan, "test", clock_).ok());
  }

  void IssueYellow() {
    ASSERT_TRUE(warnings_
                    .Create({{"level", "yellow"},
                             {"areas", {"652301"}},
                             {"starts_at", "2026-12-01T08:00:00+08:00"},
                             {"reason", "r"}},
                            {"duty", "office"})
                    .ok());
  }

  std::string Text(const std::string& sql) {
    auto lease = store_->Acquire();
    SQLite::Statement query(lease.db(), sql);
    return query.executeStep() ? query.getColumn(0).getString() : "";
  }
  int Count(const std::string& sql) { return std::stoi(Text(sql)); }
  std::string SchoolOrder() {
    return Text("SELECT id FROM orders WHERE org = 'sch-1'");
  }
  int Ticked() { return sms_.Tick().value(); }
  // The outbox row of the message to `phone`.
  uint64_t SeqTo(const std::string& phone) {
    return std::stoull(
        Text("SELECT outbox_seq FROM sms_messages WHERE "
             "phone = '" +
             phone + "'"));
  }
  std::string CodeTo(const std::string& phone) {
    return Text("SELECT code FROM sms_messages WHERE phone = '" + phone + "'");
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  std::unique_ptr<Store> store_;
  WarningService warning_service_;
  testing::JsonWarnings warnings_{warning_service_};
  SmsService sms_;
};

TEST_F(SmsServiceTest, AnOrderNotReceivedInTimeGoesToEachContactOnce) {
  IssueYellow();
  EXPECT_EQ(Ticked(), 0);
  clock_.Advance(299s);
  EXPECT_EQ(Ticked(), 0) << "before after_s";
  clock_.Advance(1s);
  EXPECT_EQ(Ticked(), 2) << "one per contact of sch-1 (no other org has any)";
  EXPECT_EQ(Count("SELECT count(*) FROM outbox WHERE channel = 'sms'"), 2);
  clock_.Advance(3600s);
  EXPECT_EQ(Ticked(), 0) << "the deadline's SMS does not repeat it";
  EXPECT_EQ(Text("SELECT sms_status FROM orders WHERE org = 'sch-1'"),
            "queued");
  EXPECT_NE(CodeTo(kPrincipal), CodeTo("+8613800000001"));
}

// Contract v3 §5: drills are sent too, with 【演练】 in the text.
TEST_F(SmsServiceTest, ADrillsSmsSaysItIsADrill) {
  ASSERT_TRUE(warnings_
                  .Create({{"level", "yellow"},
                           {"areas", {"652301"}},
                           {"starts_at", "2026-12-01T08:00:00+08:00"},
                           {"reason", "r"},
                           {"exercise", true}},
                          {"duty", "office"})
                  .ok());
  clock_.Advance(300s);
  ASSERT_EQ(Ticked(), 2);
  const std::string text =
      Text("SELECT payload FROM outbox WHERE channel = 'sms' LIMIT 1");
  EXPECT_NE(text.find("【演练】"), std::string::npos) << text;
}

TEST_F(SmsServiceTest, AReceivedOrderIsSentOnlyWhenItsDeadlineIsNear) {
  IssueYellow();
  OrderService orders(*store_, clock_);
  ASSERT_TRUE(orders.ReceiveAll({{"sch-1", SchoolOrder()}}, "mqtt")[0].ok());
  clock_.Advance(600s);
  EXPECT_EQ(Ticked(), 0) << "received: no SMS for not arriving";
  const int64_t due =
      std::stoll(Text("SELECT ack_due_at FROM orders WHERE org = 'sch-1'"));
  clock_.Advance(
      std::chrono::seconds(due - 15 * 60 - 1 - ToUnixSeconds(clock_.Now())));
  EXPECT_EQ(Ticked(), 0);
  clock_.Advance(1s);
  EXPECT_EQ(Ticked(), 2) << "open 15 minutes before its deadline";
}

TEST_F(SmsServiceTest, AFailedSmsIsRetriedWithBackoffThenLeftFailed) {
  IssueYellow();
  clock_.Advance(300s);
  ASSERT_EQ(Ticked(), 2);
  for (int attempt = 1; attempt <= 4; ++attempt) {
    ASSERT_TRUE(sms_.Report(SeqTo(kPrincipal), SmsReport::kFailed).ok());
    EXPECT_EQ(Text("SELECT status FROM sms_messages WHERE phone = '" +
                   std::string(kPrincipal) + "'"),
              "failed");
    if (attempt == 4) break;
    const auto wait = std::chrono::seconds(60 << (attempt - 1));
    clock_.Advance(wait - 1s);
    EXPECT_EQ(Ticked(), 0) << "attempt " << attempt;
    clock_.Advance(1s);
    EXPECT_EQ(Ticked(), 1) << "attempt " << attempt;
  }
  clock_.Advance(3600s);
  EXPECT_EQ(Ticked(), 0) << "four attempts, then the office is shown it";
  EXPECT_EQ(Count("SELECT attempts FROM sms_messages WHERE phone = '" +
                  std::string(kPrincipal) + "'"),
            4);
  ASSERT_TRUE(sms_.Report(SeqTo("+8613800000001"), SmsReport::kDelivered).ok());
  EXPECT_EQ(Text("SELECT sms_status FROM orders WHERE org = 'sch-1'"),
            "delivered")
      << "the order shows the furthest any phone got";
  EXPECT_EQ(sms_.CountByStatus().value().at("failed"), 1);
}

TEST_F(SmsServiceTest, AReplyAcknowledgesOnlyWithTheCodeFromTheContactsPhone) {
  IssueYellow();
  clock_.Advance(300s);
  ASSERT_EQ(Ticked(), 2);
  const std::string code = CodeTo(kPrincipal);
  EXPECT_NE(sms_.Reply("13700000000", code).find("不是登记的应急联系人"),
            std::string::npos);
  EXPECT_NE(sms_.Reply(kPrincipal, "好的").find("请回复短信中的4位编号"),
            std::string::npos);
  const std::string other = CodeTo("+8613800000001");
  EXPECT_NE(sms_.Reply(kPrincipal, other).find("未找到编号"), std::string::npos)
      << "another phone's code";
  EXPECT_EQ(Text("SELECT status FROM orders WHERE org = 'sch-1'"), "pending");
  const std::string answer = sms_.Reply("139 1234 5678", "收到" + code);
  EXPECT_EQ(answer, "【昌吉州重污染天气应急指挥部】已确认收到：" +
                        Text("SELECT title FROM orders WHERE org = 'sch-1'") +
                        "。");
  EXPECT_EQ(Text("SELECT ack_channel || ' ' || acked_by FROM orders WHERE "
                 "org = 'sch-1'"),
            std::string("sms ") + kPrincipal);
  EXPECT_NE(sms_.Reply(kPrincipal, code).find("已确认，无需再回复"),
            std::string::npos);
}

TEST(SmsText, FitsTwoPartsByShorteningTheTitle) {
  const SmsFields fields{std::string(200, 'x'), "12-01 09:00",
                         "https://h.example.cn/m/#/o/ord-0123456789abcdef",
                         "1234"};
  const std::string text =
      SmsText("【昌吉州重污染天气应急指挥部】",
              "{title}，{deadline}前确认：{link} 回复{code}确认收到", fields);
  EXPECT_EQ(Utf16Units(text), kSmsMaxUnits);
  EXPECT_NE(text.find("x…，12-01 09:00前确认"), std::string::npos) << text;
  const std::string short_text = SmsText("", "{title} {deadline} {link} {code}",
                                         {"标题", "12-01 09:00", "L", "1234"});
  EXPECT_EQ(short_text, "标题 12-01 09:00 L 1234");
}

// Issue 21: the SMS fits two parts for every order of the sample plan's
// prefecture-wide red warning, the title uncut (the link as a public host
// would write it, the longest code and deadline).
TEST(SmsText, EveryOrderOfTheSamplePlanFitsTwoPartsUncut) {
  testing::TempDir dir;
  testing::FakeClock clock;
  auto store = testing::StoreWithPlan(dir, clock);
  ASSERT_TRUE(LoadPlan(*store, testing::SamplePlan(), "test", clock).ok());
  WarningService service(*store, clock, nullptr);
  testing::JsonWarnings warnings(service);
  auto red = warnings.Create({{"level", "red"},
                              {"areas", {"652300"}},
                              {"starts_at", "2026-12-01T08:00:00+08:00"},
                              {"reason", "r"}},
                             {"duty", "office"});
  ASSERT_TRUE(red.ok());
  ASSERT_TRUE(warnings.Approve(red.value()["id"], {"chief", "command"}).ok());
  const json sms = testing::SamplePlan()["sms"];
  auto lease = store->Acquire();
  SQLite::Statement titles(lease.db(), "SELECT id, title FROM orders");
  size_t longest = 0, orders = 0;
  std::string longest_text;
  while (titles.executeStep()) {
    ++orders;
    const std::string text =
        SmsText(sms["signature"], sms["template"],
                {titles.getColumn(1).getString(), "12-31 23:59",
                 "https://hazegate.changji.gov.cn/m/#/o/" +
                     titles.getColumn(0).getString(),
                 "9999"});
    EXPECT_EQ(text.find("…"), std::string::npos) << text;
    if (Utf16Units(text) > longest) {
      longest = Utf16Units(text);
      longest_text = text;
    }
  }
  EXPECT_GT(orders, 60u);
  EXPECT_LE(longest, kSmsMaxUnits);
  std::cout << orders << " orders; longest SMS: " << longest << " of "
            << kSmsMaxUnits << " units: " << longest_text << "\n";
}

}  // namespace
}  // namespace hazegate

// Bulletins (issue 23) in one process: when the plan's daily draft
// compiles itself, and what a compile refuses. The HTTP side and the
// figures against a live warning: NotifierIntegration.TheDailyBulletin….
#include "hazegate/oversight/bulletins.h"

#include <gtest/gtest.h>

#include "hazegate/app/schema.h"
#include "hazegate/config/plan.h"
#include "hazegate/core/store.h"
#include "hazegate/warnings/warnings.h"
#include "json_adapters.h"
#include "mqtt_support.h"

namespace hazegate {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class Bulletins : public ::testing::Test {
 protected:
  Bulletins()
      : store_(std::move(Store::Open(dir_.File("b.db"), HazegateSchema()))
                   .value()),
        service_(*store_, clock_, nullptr),
        bulletins_(*store_, clock_) {
    json plan = testing::SmallPlan();
    plan["bulletin"] = {{"daily_at", "14:00"}};
    EXPECT_TRUE(LoadPlan(*store_, plan, "test", clock_).ok());
  }

  std::string Issue(bool exercise) {
    auto created = warnings_.Create({{"level", "yellow"},
                                     {"areas", {"652301"}},
                                     {"starts_at", "2026-12-01T08:00:00+08:00"},
                                     {"reason", "r"},
                                     {"exercise", exercise}},
                                    {"duty", "office"});
    EXPECT_TRUE(created.ok());
    return created.value()["id"];
  }

  // CompileDailyBulletin at the fake clock's time.
  bool CompileDaily() {
    WriteTx tx(*store_);
    const bool compiled = internal::CompileDailyBulletin(tx, clock_.Now());
    tx.Commit();
    return compiled;
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;  // 2026-12-01 08:00 Beijing
  std::unique_ptr<Store> store_;
  WarningService service_;
  testing::JsonWarnings warnings_{service_};
  BulletinService bulletins_;
  const Actor office_{"duty", "office"};
};

TEST_F(Bulletins,
       TheDailyDraftComesAtThePlansHourOnceADayWhileAWarningIsInForce) {
  clock_.Advance(7h);  // 15:00
  EXPECT_FALSE(CompileDaily()) << "nothing in force";
  const std::string drill = Issue(true);
  EXPECT_FALSE(CompileDaily()) << "a drill is not reported to the region";
  clock_.Advance(-2h);  // 13:00
  Issue(false);
  clock_.Advance(59min);  // 13:59
  EXPECT_FALSE(CompileDaily()) << "before the hour";
  clock_.Advance(1min);  // 14:00
  EXPECT_TRUE(CompileDaily());
  EXPECT_FALSE(CompileDaily()) << "once a day";
  clock_.Advance(24h);
  EXPECT_TRUE(CompileDaily()) << "the next day";
  auto list = bulletins_.List({"", "daily"});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list.value().size(), 2u);
  EXPECT_EQ(list.value()[0].title, "重污染天气应急工作日报（2026年12月2日）");
  EXPECT_EQ(list.value()[0].compiled_by, "system");
  EXPECT_TRUE(list.value()[0].figures.warnings.empty()) << "lists leave them";
  auto one = bulletins_.Get(list.value()[0].id);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one.value().figures.warnings.size(), 1u) << "not the drill";
  EXPECT_FALSE(one.value().figures.warnings[0].exercise);

  auto on_drill = bulletins_.Compile("daily", drill, "", office_);
  ASSERT_TRUE(on_drill.ok()) << "asked for by name, a drill's own";
  EXPECT_TRUE(on_drill.value().figures.warnings[0].exercise);
}

TEST_F(Bulletins, ACompileNamesWhatIsWrong) {
  const auto field = [&](const std::string& kind,
                         const std::optional<std::string>& warning,
                         const std::string& text) {
    auto b = bulletins_.Compile(kind, warning, text, office_);
    return b.ok() ? std::string("ok") : b.error().fields.at(0).field;
  };
  EXPECT_EQ(field("weekly", std::nullopt, ""), "kind");
  EXPECT_EQ(field("special", std::nullopt, "事件"), "warning_id");
  const std::string id = Issue(false);
  EXPECT_EQ(field("special", id, ""), "text") << "a special report says what";
  EXPECT_EQ(field("daily", id, "a\x01"), "text");
  EXPECT_EQ(field("daily", id, std::string(8001, 'a')), "text");
  EXPECT_EQ(field("daily", id, "正文"), "ok");
  auto unknown = bulletins_.Compile("daily", "wrn-none", "", office_);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(bulletins_.List({"", "weekly"}).error().fields.at(0).field, "kind");
}

}  // namespace
}  // namespace hazegate

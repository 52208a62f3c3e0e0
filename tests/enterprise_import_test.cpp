#include "hazegate/config/enterprise_import.h"

#include <gtest/gtest.h>

#include "hazegate/config/directory.h"
#include "hazegate/config/uscc.h"
#include "hazegate/core/store.h"
#include "json_adapters.h"
#include "support.h"

namespace hazegate {
namespace {

using testing::TempDir;

const std::string kHeader =
    "uscc,name,area,industry,grade,lat,lon,geofence_m,process,yellow,orange,"
    "red\n";
// A second valid code in 652302.
const std::string kOtherUscc =
    std::string("91652302MA7C2D3E4") + *UsccCheckCharacter("91652302MA7C2D3E4");

class EnterpriseImport : public ::testing::Test {
 protected:
  EnterpriseImport() : store_(testing::StoreWithPlan(dir_, clock_)) {}

  Result<ImportSummary> Import(const std::string& csv) {
    return ImportEnterprisesCsv(*store_, csv, "tester", clock_);
  }

  int EnterpriseCount() {
    auto lease = store_->Acquire();
    return lease.db()
        .execAndGet("SELECT count(*) FROM orgs WHERE kind = 'enterprise'")
        .getInt();
  }

  // Expects the import to fail with exactly one error at `field`.
  void ExpectSingleError(const std::string& csv, const std::string& field) {
    const int before = EnterpriseCount();
    auto result = Import(csv);
    ASSERT_FALSE(result.ok());
    ASSERT_EQ(result.error().fields.size(), 1u)
        << result.error().fields[0].field << ": "
        << result.error().fields[0].message;
    EXPECT_EQ(result.error().fields[0].field, field)
        << result.error().fields[0].message;
    EXPECT_EQ(EnterpriseCount(), before);
  }

  std::string Row(const std::string& overrides_uscc = "",
                  const std::string& process = "熟料烧成",
                  const std::string& levels = "limit:80,limit:50,stop",
                  const std::string& grade = "C",
                  const std::string& area = "652302",
                  const std::string& lat = "44.16") {
    const std::string uscc =
        overrides_uscc.empty() ? kOtherUscc : overrides_uscc;
    return uscc + ",阜康示例建材有限公司," + area + ",建材/水泥," + grade +
           "," + lat + ",87.99,300," + process + "," + levels + "\n";
  }

  TempDir dir_;
  testing::FakeClock clock_;
  std::unique_ptr<Store> store_;
};

// Found by fuzz_csv: a cell with a NUL and a broken UTF-8 sequence was a 500
// (the JSON of the stored org could not be written).
TEST_F(EnterpriseImport, RefusesTextThatIsNotUtf8) {
  ExpectSingleError(kHeader + Row("", std::string("熟料\xe7\x00\x89")),
                    "line 2: text");
}

TEST_F(EnterpriseImport, ImportsNewEnterpriseWithProcessesAndBom) {
  const std::string csv =
      "\xEF\xBB\xBF" + kHeader + Row() +
      Row("", "物料运输", "stagger_transport,stagger_transport,stop");
  auto result = Import(csv);
  ASSERT_TRUE(result.ok()) << result.error().external_text;
  EXPECT_EQ(result.value().created, 1);
  EXPECT_EQ(result.value().updated, 0);
  testing::JsonDirectory directory(*store_);
  auto org = directory.GetOrg("ent-" + std::string("91652302ma7c2d3e4") +
                              static_cast<char>(std::tolower(kOtherUscc[17])));
  ASSERT_TRUE(org.ok());
  EXPECT_EQ(org.value()["processes"].size(), 2u);
  EXPECT_EQ(org.value()["measures"]["yellow"][0]["load_pct"], 80);
  EXPECT_EQ(org.value()["measures"]["red"][1]["action"], "stop");
  EXPECT_EQ(org.value()["location"]["lat"], 44.16);
}

TEST_F(EnterpriseImport, QuotedFieldsWithCommasQuotesAndNewlines) {
  const std::string csv =
      kHeader + kOtherUscc +
      ",\"阜康\"\"示例\"\",建材\n有限公司\",652302,建材/水泥,B,44.16,87.99,300,"
      "\"烧成,一线\",limit:80,limit:60,limit:50\r\n";
  auto result = Import(csv);
  ASSERT_TRUE(result.ok()) << result.error().fields.at(0).message;
  testing::JsonDirectory directory(*store_);
  auto orgs = directory.ListOrgs({"enterprise", "652302", {}});
  ASSERT_TRUE(orgs.ok());
  ASSERT_EQ(orgs.value().size(), 1u);
  EXPECT_EQ(orgs.value()[0]["name"], "阜康\"示例\",建材\n有限公司");
}

TEST_F(EnterpriseImport, UpdatesAnExistingEnterpriseByCreditCode) {
  auto result = Import(kHeader + Row(testing::kValidUscc, "kiln",
                                     "limit:60,stop,stop", "D", "652301"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.value().created, 0);
  EXPECT_EQ(result.value().updated, 1);
  testing::JsonDirectory directory(*store_);
  auto org = directory.GetOrg("ent-1");
  ASSERT_TRUE(org.ok());
  EXPECT_EQ(org.value()["grade"], "D");
  EXPECT_EQ(org.value()["measures"]["yellow"][0]["load_pct"], 60);
}

TEST_F(EnterpriseImport, BadCreditCode) {
  ExpectSingleError(kHeader + Row("91652302MA7C2D3E4Z"), "line 2: uscc");
}

TEST_F(EnterpriseImport, UnknownArea) {
  ExpectSingleError(kHeader + Row("", "烧成", "stop,stop,stop", "C", "123456"),
                    "line 2: area");
}

TEST_F(EnterpriseImport, BadGrade) {
  ExpectSingleError(kHeader + Row("", "烧成", "stop,stop,stop", "E"),
                    "line 2: grade");
}

TEST_F(EnterpriseImport, CoordinatesNotANumberOrOutsideChina) {
  ExpectSingleError(
      kHeader + Row("", "烧成", "stop,stop,stop", "C", "652302", "north"),
      "line 2: lat");
  ExpectSingleError(
      kHeader + Row("", "烧成", "stop,stop,stop", "C", "652302", "-44.16"),
      "line 2: lat");
}

TEST_F(EnterpriseImport, LoadPercentOutOfRangeOrUnknownAction) {
  ExpectSingleError(kHeader + Row("", "烧成", "limit:120,stop,stop"),
                    "line 2: yellow");
  ExpectSingleError(kHeader + Row("", "烧成", "stop,slow,stop"),
                    "line 2: orange");
  ExpectSingleError(kHeader + Row("", "烧成", "stop,stop,stop:5"),
                    "line 2: red");
}

TEST_F(EnterpriseImport, InconsistentEnterpriseRows) {
  ExpectSingleError(kHeader + Row() + Row("", "粉磨", "stop,stop,stop", "D"),
                    "line 3: grade");
}

TEST_F(EnterpriseImport, DuplicateProcess) {
  ExpectSingleError(kHeader + Row() + Row(), "line 3: process");
}

TEST_F(EnterpriseImport, WrongFieldCount) {
  ExpectSingleError(kHeader + kOtherUscc + ",name,652302\n", "line 2: row");
}

TEST_F(EnterpriseImport, MissingOrUnknownColumns) {
  ExpectSingleError(
      "uscc,name,area,industry,grade,lat,lon,geofence_m,"
      "process,yellow,orange\n",
      "line 1: red");
  ExpectSingleError("colour," + kHeader, "line 1: colour");
}

TEST_F(EnterpriseImport, UnterminatedQuote) {
  ExpectSingleError(kHeader + "\"unterminated,\n", "line 2: csv");
}

TEST_F(EnterpriseImport, OneBadRowImportsNothing) {
  const std::string third = std::string("91652301MA7X1Y2W3") +
                            *UsccCheckCharacter("91652301MA7X1Y2W3");
  const std::string csv =
      kHeader + Row() + Row(third, "烧成", "stop,stop,stop", "Q", "652301");
  auto result = Import(csv);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().fields.at(0).field, "line 3: grade");
  EXPECT_EQ(EnterpriseCount(), 1);  // only the plan's ent-1
}

TEST_F(EnterpriseImport, HeaderOnlyIsAnError) {
  ExpectSingleError(kHeader, "line 2: rows");
}

}  // namespace
// Contract v3: an optional contacts column, 姓名:手机[:职务] separated by
// ";", the same on every row of one enterprise.
TEST_F(EnterpriseImport, ContactsColumnIsOptionalAndChecked) {
  const std::string header =
      "contacts," + kHeader;  // the column may stand anywhere
  const std::string contacts =
      "\"王经理:139 1234 5678:负责人；夜班:15012345678\",";
  ASSERT_TRUE(Import(header + contacts + Row() + contacts +
                     Row("", "物料运输", "stop,stop,stop"))
                  .ok());
  const std::string id = "ent-" + [] {
    std::string lower = kOtherUscc;
    for (char& c : lower) c = static_cast<char>(std::tolower(c));
    return lower;
  }();
  auto stored = Directory(*store_).Contacts(id);
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored.value().size(), 2u);
  EXPECT_EQ(stored.value()[0].phone, "+8613912345678");
  EXPECT_EQ(stored.value()[0].duty, "负责人");
  EXPECT_EQ(stored.value()[1].name, "夜班");
  // Without the column the contacts stay; a bad number names the column.
  ASSERT_TRUE(Import(kHeader + Row()).ok());
  EXPECT_EQ(Directory(*store_).Contacts(id).value().size(), 2u);
  ExpectSingleError(header + "王经理:0994-2345678," + Row(),
                    "line 2: contacts");
  ExpectSingleError(header + "王经理:13912345678," + Row() + "," +
                        Row("", "物料运输", "stop,stop,stop"),
                    "line 3: contacts");
}

}  // namespace hazegate

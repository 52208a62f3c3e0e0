#include "support.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "hazegate/app/schema.h"
#include "hazegate/config/plan.h"
#include "hazegate/core/store.h"

namespace hazegate::testing {

namespace fs = std::filesystem;
using nlohmann::json;

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "hazegate-test-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed");
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  if (std::getenv("HAZEGATE_KEEP_TEST_DIRS") != nullptr) return;  // to debug
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

json SmallPlan() {
  const json levels = {
      {"yellow", {"task y"}}, {"orange", {"task o"}}, {"red", {"task r"}}};
  const json notice = {{"title", "t"}, {"body", "b"}};
  const json notices = {
      {"yellow", notice}, {"orange", notice}, {"red", notice}};
  const json limit = {
      {"process", "kiln"}, {"action", "limit"}, {"load_pct", 70}};
  const json stop = {{"process", "kiln"}, {"action", "stop"}};
  return {
      {"format", "hazegate-plan/1"},
      {"name", "small"},
      {"version", "1"},
      {"ack_windows_s",
       {{"command", 1800},
        {"unit", 3600},
        {"group", 3600},
        {"county", 1800},
        {"enterprise", 3600},
        {"school", 3600},
        {"site", 3600}}},
      {"areas",
       {{{"code", "652300"},
         {"name", "昌吉州"},
         {"kind", "prefecture"},
         {"parent", nullptr}},
        {{"code", "652301"},
         {"name", "昌吉市"},
         {"kind", "county"},
         {"parent", "652300"}},
        {{"code", "652302"},
         {"name", "阜康市"},
         {"kind", "county"},
         {"parent", "652300"}}}},
      {"area_notices", notices},
      {"school_notices",
       {{"kindergarten", notices},
        {"primary", notices},
        {"secondary", notices}}},
      {"orgs",
       {{{"id", "command"},
         {"kind", "command"},
         {"name", "指挥部"},
         {"area", "652300"}},
        {{"id", "office"},
         {"kind", "office"},
         {"name", "办公室"},
         {"area", "652300"}},
        {{"id", "unit-gaj"},
         {"kind", "unit"},
         {"name", "州公安局"},
         {"area", "652300"},
         {"tasks", levels}},
        {{"id", "group-inspection"},
         {"kind", "group"},
         {"name", "督导检查组"},
         {"area", "652300"},
         {"tasks", levels}},
        {{"id", "county-652301"},
         {"kind", "county"},
         {"name", "昌吉市人民政府"},
         {"area", "652301"}},
        {{"id", "ent-1"},
         {"kind", "enterprise"},
         {"name", "示例水泥有限公司"},
         {"area", "652301"},
         {"uscc", kValidUscc},
         {"industry", "建材/水泥"},
         {"grade", "C"},
         {"location", {{"lat", 44.01}, {"lon", 87.30}}},
         {"geofence_m", 300},
         {"processes", {"kiln"}},
         {"measures",
          {{"yellow", {limit}}, {"orange", {limit}}, {"red", {stop}}}}},
        {{"id", "sch-1"},
         {"kind", "school"},
         {"name", "示例小学"},
         {"area", "652301"},
         {"stage", "primary"},
         {"students", 800},
         {"location", {{"lat", 44.02}, {"lon", 87.31}}}},
        {{"id", "site-1"},
         {"kind", "site"},
         {"name", "示例工地"},
         {"area", "652302"},
         {"location", {{"lat", 44.16}, {"lon", 87.99}}},
         {"geofence_m", 500},
         {"measures", levels}}}},
  };
}

json SamplePlan() {
  std::ifstream file(std::string(HAZEGATE_SOURCE_DIR) +
                     "/config/plans/changji.json");
  return json::parse(file);
}

std::unique_ptr<Store> StoreWithPlan(const TempDir& dir, const Clock& clock) {
  auto store = Store::Open(dir.File("test.db"), HazegateSchema());
  if (!store.ok()) throw std::runtime_error(store.error().internal_text);
  Status loaded = LoadPlan(*store.value(), SmallPlan(), "test", clock);
  if (!loaded.ok()) throw std::runtime_error(loaded.error().external_text);
  return std::move(store).value();
}

bool MakeDevCerts(const fs::path& dir) {
  const std::string command = std::string(HAZEGATE_SOURCE_DIR) +
                              "/scripts/make-dev-certs.sh '" + dir.string() +
                              "'";
  return std::system(command.c_str()) == 0;
}

std::string CommandOutput(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
  std::string out;
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe)) out += buffer;
  if (pclose(pipe) != 0) throw std::runtime_error("failed: " + command);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) {
    out.pop_back();
  }
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

}  // namespace hazegate::testing

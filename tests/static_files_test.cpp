// The web clients' files never come from outside their app's folder.
#include "static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support.h"

namespace hazegate::internal {
namespace {

TEST(StaticFiles, OnlyPlainFilesInsideTheAppsFolder) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.File("web/console/js"));
  std::ofstream(dir.File("web/console/index.html")) << "index";
  std::ofstream(dir.File("web/console/js/board.js")) << "board";
  std::ofstream(dir.File("web/console/.env")) << "hidden";
  std::ofstream(dir.File("web/secret.txt")) << "secret";
  std::ofstream(dir.File("outside.txt")) << "outside";
  std::filesystem::create_symlink(dir.File("outside.txt"),
                                  dir.File("web/console/link.txt"));
  const StaticFiles web(dir.File("web"));
  EXPECT_EQ(web.Get("console", "")->body, "index");
  EXPECT_EQ(web.Get("console", "js/board.js")->body, "board");
  EXPECT_EQ(web.Get("console", "js/board.js")->content_type,
            "text/javascript; charset=utf-8");
  for (const char* path :
       {"../secret.txt", "js/../../secret.txt", ".env", "js//board.js",
        "link.txt", "js", "js\\board.js", "/etc/passwd", "js/./board.js"}) {
    EXPECT_FALSE(web.Get("console", path)) << path;
  }
  EXPECT_FALSE(web.Get("m", "")) << "no such app folder";
  EXPECT_FALSE(StaticFiles("").Get("console", "")) << "no root: nothing";
  EXPECT_EQ(web.Get("console", "")->etag,
            web.Get("console", "index.html")->etag);
  EXPECT_NE(web.Get("console", "")->etag,
            web.Get("console", "js/board.js")->etag);
}

}  // namespace
// Issue 21: MQTT.js's browser build as setup.sh installs it (npm, pinned
// by web/vendor/package-lock.json), an ES module the field app imports.
TEST(StaticFiles, MqttJsIsTheVendoredBrowserModule) {
  const StaticFiles web(std::string(HAZEGATE_SOURCE_DIR) + "/web");
  const auto file = web.Get("vendor/node_modules/mqtt/dist", "mqtt.esm.js");
  ASSERT_TRUE(file) << "run scripts/setup.sh: it installs web/vendor";
  EXPECT_EQ(file->content_type, "text/javascript; charset=utf-8");
  EXPECT_GT(file->body.size(), 100000u);
  EXPECT_NE(file->body.find("export"), std::string::npos);
  EXPECT_FALSE(web.Get("vendor/node_modules/mqtt/dist", "../package.json"));
}

}  // namespace hazegate::internal

// The web clients' files never come from outside their app's folder; the
// gateway's ETag cache keeps and carries snapshots as it says.
#include "static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "etag_cache.h"
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

namespace hazegate::internal {
namespace {

// Issue 22: a snapshot is served while nothing is committed, and carried to
// a later commit only when what it was built from has the same fingerprint.
TEST(EtagCache, ASnapshotIsCarriedOnlyAtTheSameFingerprint) {
  EtagCache cache;
  cache.Remember("feed", 1, "\"e1\"", "<feed/>", "w:3");
  EXPECT_EQ(cache.Snapshot("feed", 1)->second, "<feed/>");
  EXPECT_FALSE(cache.Snapshot("feed", 2)) << "a commit since";
  EXPECT_FALSE(cache.Carry("feed", 2, "w:4")) << "a warning changed";
  EXPECT_FALSE(cache.Carry("feed", 2, "")) << "no fingerprint, no carry";
  const auto carried = cache.Carry("feed", 2, "w:3");
  ASSERT_TRUE(carried);
  EXPECT_EQ(carried->first, "\"e1\"");
  EXPECT_EQ(cache.Snapshot("feed", 2)->second, "<feed/>") << "now at 2";
  EXPECT_TRUE(cache.Fresh("feed", 2, "\"e1\""));
  cache.Remember("levels", 2, "\"e2\"");  // an ETag alone: nothing to carry
  EXPECT_FALSE(cache.Carry("levels", 3, ""));
}

}  // namespace
}  // namespace hazegate::internal

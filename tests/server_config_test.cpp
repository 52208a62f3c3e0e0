#include "hazegate/config/server_config.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support.h"

namespace hazegate {
namespace {

using testing::TempDir;

std::string Write(const TempDir& dir, const std::string& text) {
  const std::string path = dir.File("hazegate.toml");
  std::ofstream(path) << text;
  return path;
}

bool HasField(const Error& error, const std::string& field) {
  for (const auto& f : error.fields) {
    if (f.field == field) return true;
  }
  return false;
}

TEST(ServerConfig, ReadsKeysAndResolvesRelativePaths) {
  TempDir dir;
  auto config = LoadServerConfig(Write(dir, R"(
[server]
listen = "0.0.0.0:9443"
tls_cert = "tls/server.crt"
tls_key = "/etc/key.pem"
[store]
database = "data/h.db"
blobs = "blobs"
[mqtt]
uri = "ssl://broker:8883"
topic_prefix = "hg"
)"));
  ASSERT_TRUE(config.ok()) << config.error().external_text;
  EXPECT_EQ(config.value().listen_host, "0.0.0.0");
  EXPECT_EQ(config.value().listen_port, 9443);
  EXPECT_EQ(config.value().tls_cert, dir.File("tls/server.crt"));
  EXPECT_EQ(config.value().tls_key, "/etc/key.pem");
  EXPECT_EQ(config.value().database, dir.File("data/h.db"));
  EXPECT_EQ(config.value().mqtt_topic_prefix, "hg");
  EXPECT_EQ(config.value().fanout_chunk, 1000) << "the default";
}

TEST(ServerConfig, UnknownKeysAreErrors) {
  TempDir dir;
  auto config = LoadServerConfig(Write(dir, R"(
[store]
database = "h.db"
blobs = "b"
colour = "red"
[extra]
)"));
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().kind, ErrorKind::kInvalidInput);
  EXPECT_TRUE(HasField(config.error(), "store.colour"));
  EXPECT_TRUE(HasField(config.error(), "extra"));
}

TEST(ServerConfig, BadValuesNameTheirKey) {
  TempDir dir;
  auto config = LoadServerConfig(Write(dir, R"(
[server]
listen = "localhost:99999"
tls_cert = "only-cert.pem"
[store]
database = 5
[mqtt]
uri = "http://x"
[notifier]
fanout_chunk = -1
)"));
  ASSERT_FALSE(config.ok());
  for (const char* field :
       {"server.listen", "server.tls_key", "store.database", "store.blobs",
        "mqtt.uri", "notifier.fanout_chunk"}) {
    EXPECT_TRUE(HasField(config.error(), field)) << field;
  }
}

TEST(ServerConfig, AListenAddressIsAHostAndAPort) {
  const auto v6 = ParseListenAddress("[::1]:8443", "--listen");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6.value().host, "::1");
  EXPECT_EQ(v6.value().port, 8443);
  for (const char* bad : {"nowhere", ":80", "h:", "h:65536", "h:8x"}) {
    const auto parsed = ParseListenAddress(bad, "--listen");
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_TRUE(HasField(parsed.error(), "--listen")) << bad;
  }
}

TEST(ServerConfig, AClusterIsSeveralBrokersThatAskUsAboutAccounts) {
  TempDir dir;
  auto config = LoadServerConfig(Write(dir, R"(
[store]
database = "h.db"
blobs = "b"
[mqtt]
uri = "tcp://127.0.0.1:1883, tcp://127.0.0.1:1884,tcp://127.0.0.1:1885"
auth_http = true
management_urls = "http://127.0.0.1:15672,http://127.0.0.1:15673"
)"));
  ASSERT_TRUE(config.ok()) << config.error().external_text;
  EXPECT_EQ(
      SplitBrokerUris(config.value().mqtt_uri),
      (std::vector<std::string>{"tcp://127.0.0.1:1883", "tcp://127.0.0.1:1884",
                                "tcp://127.0.0.1:1885"}));
  EXPECT_EQ(config.value().mqtt_device_uri, "tcp://127.0.0.1:1883")
      << "devices are told one broker";
  EXPECT_TRUE(config.value().mqtt_auth_http);
  auto bad = LoadServerConfig(Write(dir, R"(
[store]
database = "h.db"
blobs = "b"
[mqtt]
uri = "tcp://127.0.0.1:1883,http://x"
auth_http = "yes"
management_urls = "ftp://x"
)"));
  ASSERT_FALSE(bad.ok());
  for (const char* field :
       {"mqtt.uri", "mqtt.auth_http", "mqtt.management_urls"}) {
    EXPECT_TRUE(HasField(bad.error(), field)) << field;
  }
}

TEST(ServerConfig, SyntaxErrorsGiveLineAndColumn) {
  TempDir dir;
  auto config = LoadServerConfig(Write(dir, "[server\nlisten = 1\n"));
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.error().external_text.find(":1:"), std::string::npos)
      << config.error().external_text;
}

}  // namespace
}  // namespace hazegate

// The server's TOML configuration (contract §2). Loading is pure: it reads
// the file and validates it, touching nothing else.
#pragma once

#include <string>
#include <vector>

#include "hazegate/core/result.h"

namespace hazegate {

struct ServerConfig {
  std::string listen_host = "127.0.0.1";
  int listen_port = 8443;  // 0 = any free port (logged at start)
  std::string tls_cert;    // absolute path; empty with tls_key = plain HTTP
  std::string tls_key;
  std::string web_root;  // holds console/ and m/ ("" = not served)
  std::string database;  // absolute path of the SQLite file
  std::string blobs;     // absolute path of the photo store
  std::string mqtt_uri = "tcp://127.0.0.1:1883";
  std::string mqtt_client_id = "hazegate";
  std::string mqtt_username;
  std::string mqtt_password;
  std::string mqtt_ca_file;
  std::string mqtt_topic_prefix = "hazegate";
  // What POST /devices tells devices (default: mqtt_uri).
  std::string mqtt_device_uri;
  // MQTT over WebSocket for devices (wss://HOST:PORT/mqtt, the front door's
  // /mqtt); "" = none (POST /devices then answers ws_uri null).
  std::string mqtt_device_ws_uri;
  // Where the broker reads its passwd and acl files, kept in step with the
  // database's devices and credentials ("" = not kept); the broker's pid
  // file, to signal it to reload them.
  std::string mqtt_accounts_dir;
  std::string mqtt_broker_pid_file;
  // Answer a clustered broker's account questions (RabbitMQ's
  // rabbitmq_auth_backend_http) on /internal/mqtt/… (contract v3 §6).
  bool mqtt_auth_http = false;
  // With it: the nodes' management APIs (http://HOST:15672, comma-separated)
  // through which the sessions of deleted accounts are closed.
  std::string mqtt_management_urls;
  // An order delivered but not received is published again after this, then
  // with doubling backoff up to 900 s.
  int redeliver_after_s = 60;
  // Orders per transaction of a fan-out, published while the next chunk is
  // written (warnings.h's FanOutOptions); 0: all in the activation's.
  int fanout_chunk = 1000;
  // Live devices (broker accounts) an org may hold; POST /devices past it
  // is a 409.
  int max_devices_per_org = 20;

  // SMS through Kannel (contract v3 §5, docs/sms.md); sendsms_url "" = off.
  struct Sms {
    std::string sendsms_url;  // Kannel smsbox's http://H:P/cgi-bin/sendsms
    std::string username;     // its sendsms-user
    std::string password;
    std::string sender;  // the sending number ("" = Kannel's global-sender)
    int after_s = 300;   // not received this long: sent by SMS (0 = at once)
    // The field app's address in the texts, e.g. https://HOST/m/.
    std::string link_base;
    // Where Kannel reaches this server's listener for delivery reports and
    // replies (default: http://LISTEN), and the key it must present.
    std::string callback_url;
    std::string callback_key;
    bool enabled() const { return !sendsms_url.empty(); }
  } sms;

  bool tls_enabled() const { return !tls_cert.empty(); }
};

// Relative paths are taken relative to the file's folder. Unknown keys, wrong
// types and bad values are kInvalidInput errors naming the key
// ("server.listen").
Result<ServerConfig> LoadServerConfig(const std::string& path);

// A listen address, "host:port" or "[v6]:port" (port 0-65535): its host
// and port, or a kInvalidInput error naming `field`.
struct ListenAddress {
  std::string host;
  int port = 0;
};
Result<ListenAddress> ParseListenAddress(const std::string& listen,
                                         const std::string& field);

// `[mqtt] uri` as its brokers: "tcp://a:1883,tcp://b:1883" (the nodes of a
// cluster, tried in order) or one; never empty.
std::vector<std::string> SplitBrokerUris(const std::string& uri);

}  // namespace hazegate

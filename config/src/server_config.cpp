#include "hazegate/config/server_config.h"

#include <toml++/toml.h>

#include <filesystem>
#include <map>
#include <set>

#include "hazegate/core/split.h"

namespace hazegate {

namespace {

namespace fs = std::filesystem;

const std::map<std::string, std::set<std::string>>& KnownKeys() {
  static const std::map<std::string, std::set<std::string>> keys = {
      {"server", {"listen", "tls_cert", "tls_key", "web_root"}},
      {"store", {"database", "blobs"}},
      {"mqtt",
       {"uri", "client_id", "username", "password", "ca_file", "topic_prefix",
        "device_uri", "device_ws_uri", "accounts_dir", "broker_pid_file",
        "auth_http", "management_urls"}},
      {"notifier", {"redeliver_after_s", "fanout_chunk"}},
      {"devices", {"max_per_org"}},
      {"sms",
       {"sendsms_url", "username", "password", "sender", "after_s", "link_base",
        "callback_url", "callback_key"}},
  };
  return keys;
}

void CheckKnownKeys(const toml::table& root, std::vector<FieldError>* errors) {
  for (const auto& [section, node] : root) {
    const std::string name(section.str());
    const auto known = KnownKeys().find(name);
    if (known == KnownKeys().end()) {
      errors->push_back({name, "unknown section"});
      continue;
    }
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      errors->push_back({name, "must be a table"});
      continue;
    }
    for (const auto& [key, value] : *table) {
      if (!known->second.contains(std::string(key.str()))) {
        errors->push_back({name + "." + std::string(key.str()), "unknown key"});
      }
    }
  }
}

// Reads a string key into `out` if present; records a type error otherwise.
void ReadString(const toml::table& root, const std::string& section,
                const std::string& key, std::string* out,
                std::vector<FieldError>* errors) {
  const toml::node* node = root.at_path(section + "." + key).node();
  if (node == nullptr) return;
  if (const auto* text = node->as_string()) {
    *out = text->get();
  } else {
    errors->push_back({section + "." + key, "must be a string"});
  }
}

// Reads a boolean key into `out` if present.
void ReadBool(const toml::table& root, const std::string& section,
              const std::string& key, bool* out,
              std::vector<FieldError>* errors) {
  const toml::node* node = root.at_path(section + "." + key).node();
  if (node == nullptr) return;
  if (const auto* flag = node->as_boolean()) {
    *out = flag->get();
  } else {
    errors->push_back({section + "." + key, "must be true or false"});
  }
}

// Reads an integer key in [min, max] into `out` if present.
void ReadInteger(const toml::table& root, const std::string& section,
                 const std::string& key, int64_t min, int64_t max, int* out,
                 std::vector<FieldError>* errors) {
  const toml::node* node = root.at_path(section + "." + key).node();
  if (node == nullptr) return;
  const auto* number = node->as_integer();
  if (number == nullptr || number->get() < min || number->get() > max) {
    errors->push_back({section + "." + key, "must be an integer from " +
                                                std::to_string(min) + " to " +
                                                std::to_string(max)});
    return;
  }
  *out = static_cast<int>(number->get());
}

std::string Resolve(const fs::path& base, const std::string& value) {
  if (value.empty()) return value;
  const fs::path path(value);
  return path.is_absolute() ? value : (base / path).lexically_normal().string();
}

bool IsHttpUrl(const std::string& url) {
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

void CheckSms(const ServerConfig::Sms& sms, std::vector<FieldError>* errors) {
  if (!sms.enabled()) return;
  if (!IsHttpUrl(sms.sendsms_url)) {
    errors->push_back({"sms.sendsms_url", "must start with http://"});
  }
  if (!IsHttpUrl(sms.link_base)) {
    errors->push_back(
        {"sms.link_base", "must be the field app's https:// URL"});
  }
  if (!sms.callback_url.empty() && !IsHttpUrl(sms.callback_url)) {
    errors->push_back({"sms.callback_url", "must start with http://"});
  }
  if (sms.callback_key.size() < 16) {
    errors->push_back({"sms.callback_key",
                       "must be at least 16 characters with sendsms_url"});
  }
}

void ReadSms(const toml::table& root, ServerConfig::Sms* sms,
             std::vector<FieldError>* errors) {
  ReadString(root, "sms", "sendsms_url", &sms->sendsms_url, errors);
  ReadString(root, "sms", "username", &sms->username, errors);
  ReadString(root, "sms", "password", &sms->password, errors);
  ReadString(root, "sms", "sender", &sms->sender, errors);
  ReadInteger(root, "sms", "after_s", 0, 86400, &sms->after_s, errors);
  ReadString(root, "sms", "link_base", &sms->link_base, errors);
  ReadString(root, "sms", "callback_url", &sms->callback_url, errors);
  ReadString(root, "sms", "callback_key", &sms->callback_key, errors);
}

void CheckValues(const ServerConfig& config, std::vector<FieldError>* errors) {
  if (config.tls_cert.empty() != config.tls_key.empty()) {
    errors->push_back(
        {"server.tls_key", "tls_cert and tls_key must be set together"});
  }
  if (config.database.empty()) {
    errors->push_back({"store.database", "is required"});
  }
  if (config.blobs.empty()) errors->push_back({"store.blobs", "is required"});
  for (const std::string& uri : SplitBrokerUris(config.mqtt_uri)) {
    if (uri.rfind("tcp://", 0) != 0 && uri.rfind("ssl://", 0) != 0) {
      errors->push_back({"mqtt.uri",
                         "each broker must start with tcp:// or "
                         "ssl:// (several: comma-separated)"});
      break;
    }
  }
  const std::string& device_uri = config.mqtt_device_uri;
  if (!device_uri.empty() && device_uri.rfind("tcp://", 0) != 0 &&
      device_uri.rfind("ssl://", 0) != 0) {
    errors->push_back({"mqtt.device_uri", "must start with tcp:// or ssl://"});
  }
  const std::string& ws_uri = config.mqtt_device_ws_uri;
  if (!ws_uri.empty() && ws_uri.rfind("wss://", 0) != 0 &&
      ws_uri.rfind("ws://", 0) != 0) {
    errors->push_back(
        {"mqtt.device_ws_uri", "must start with wss:// or ws://"});
  }
  if (!config.mqtt_management_urls.empty()) {
    for (const std::string& url :
         SplitBrokerUris(config.mqtt_management_urls)) {
      if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
        errors->push_back({"mqtt.management_urls",
                           "each must be an http:// or https:// URL"});
        break;
      }
    }
    if (!config.mqtt_auth_http) {
      errors->push_back({"mqtt.management_urls", "needs mqtt.auth_http"});
    }
  }
  if (!config.mqtt_broker_pid_file.empty() &&
      config.mqtt_accounts_dir.empty()) {
    errors->push_back(
        {"mqtt.accounts_dir", "is required with mqtt.broker_pid_file"});
  }
  CheckSms(config.sms, errors);
  if (config.mqtt_topic_prefix.empty() ||
      config.mqtt_topic_prefix.find_first_of("#+") != std::string::npos) {
    errors->push_back(
        {"mqtt.topic_prefix", "must be non-empty, without wildcards"});
  }
}

}  // namespace

Result<ServerConfig> LoadServerConfig(const std::string& path) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    return Error::Invalid(path + ":" + std::to_string(where.line) + ":" +
                          std::to_string(where.column) + ": " +
                          std::string(e.description()));
  }
  ServerConfig config;
  std::vector<FieldError> errors;
  CheckKnownKeys(root, &errors);
  std::string listen = "127.0.0.1:8443";
  ReadString(root, "server", "listen", &listen, &errors);
  ReadString(root, "server", "tls_cert", &config.tls_cert, &errors);
  ReadString(root, "server", "tls_key", &config.tls_key, &errors);
  ReadString(root, "server", "web_root", &config.web_root, &errors);
  ReadString(root, "store", "database", &config.database, &errors);
  ReadString(root, "store", "blobs", &config.blobs, &errors);
  ReadString(root, "mqtt", "uri", &config.mqtt_uri, &errors);
  ReadString(root, "mqtt", "client_id", &config.mqtt_client_id, &errors);
  ReadString(root, "mqtt", "username", &config.mqtt_username, &errors);
  ReadString(root, "mqtt", "password", &config.mqtt_password, &errors);
  ReadString(root, "mqtt", "ca_file", &config.mqtt_ca_file, &errors);
  ReadString(root, "mqtt", "topic_prefix", &config.mqtt_topic_prefix, &errors);
  ReadString(root, "mqtt", "device_uri", &config.mqtt_device_uri, &errors);
  ReadString(root, "mqtt", "device_ws_uri", &config.mqtt_device_ws_uri,
             &errors);
  ReadString(root, "mqtt", "accounts_dir", &config.mqtt_accounts_dir, &errors);
  ReadString(root, "mqtt", "broker_pid_file", &config.mqtt_broker_pid_file,
             &errors);
  ReadBool(root, "mqtt", "auth_http", &config.mqtt_auth_http, &errors);
  ReadString(root, "mqtt", "management_urls", &config.mqtt_management_urls,
             &errors);
  ReadInteger(root, "notifier", "redeliver_after_s", 1, 86400,
              &config.redeliver_after_s, &errors);
  ReadInteger(root, "notifier", "fanout_chunk", 0, 1000000,
              &config.fanout_chunk, &errors);
  ReadInteger(root, "devices", "max_per_org", 1, 100000,
              &config.max_devices_per_org, &errors);
  ReadSms(root, &config.sms, &errors);
  if (const auto address = ParseListenAddress(listen, "server.listen");
      address.ok()) {
    config.listen_host = address.value().host;
    config.listen_port = address.value().port;
  } else {
    errors.push_back(address.error().fields.front());
  }
  CheckValues(config, &errors);
  if (!errors.empty()) {
    return Error::Invalid(path + ": invalid configuration", std::move(errors));
  }
  const fs::path base = fs::absolute(path).parent_path();
  for (std::string* p :
       {&config.tls_cert, &config.tls_key, &config.database, &config.blobs,
        &config.mqtt_ca_file, &config.mqtt_accounts_dir,
        &config.mqtt_broker_pid_file}) {
    *p = Resolve(base, *p);
  }
  if (config.mqtt_device_uri.empty()) {
    config.mqtt_device_uri = SplitBrokerUris(config.mqtt_uri).front();
  }
  if (config.sms.callback_url.empty()) {
    config.sms.callback_url = "http://" + config.listen_host + ":" +
                              std::to_string(config.listen_port);
  }
  return config;
}

Result<ListenAddress> ParseListenAddress(const std::string& listen,
                                         const std::string& field) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Error::InvalidField(field, "must be host:port");
  }
  const std::string port = listen.substr(colon + 1);
  int value = 0;
  bool digits = !port.empty() && port.size() <= 5;
  for (char c : port) {
    digits = digits && c >= '0' && c <= '9';
    if (digits) value = value * 10 + (c - '0');
  }
  if (!digits || value > 65535) {
    return Error::InvalidField(field, "port must be 0-65535");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[') {
    host = host.substr(1, host.size() - 2);
  }
  return ListenAddress{std::move(host), value};
}

std::vector<std::string> SplitBrokerUris(const std::string& uri) {
  std::vector<std::string> uris;
  for (std::string one : SplitOn(uri, ',')) {
    one.erase(0, one.find_first_not_of(' '));
    one.erase(one.find_last_not_of(' ') + 1);
    if (!one.empty()) uris.push_back(one);
  }
  if (uris.empty()) uris.push_back(uri);
  return uris;
}

}  // namespace hazegate

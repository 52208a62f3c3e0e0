#include "etag_cache.h"

#include <algorithm>

namespace hazegate::internal {

bool EtagCache::Fresh(const std::string& key, uint64_t version,
                      const std::string& etag) const {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  return it != entries_.end() && it->second.version == version &&
         it->second.etag == etag;
}

void EtagCache::Remember(const std::string& key, uint64_t version,
                         std::string etag, std::string body,
                         std::string fingerprint) {
  std::lock_guard lock(mutex_);
  if (entries_.size() >= kMaxKeys && !entries_.contains(key)) entries_.clear();
  entries_[key] = {version, std::move(etag), std::move(body),
                   std::move(fingerprint)};
}

std::optional<std::pair<std::string, std::string>> EtagCache::Carry(
    const std::string& key, uint64_t version, const std::string& fingerprint) {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  if (fingerprint.empty() || it == entries_.end() || it->second.body.empty() ||
      it->second.fingerprint != fingerprint) {
    return std::nullopt;
  }
  it->second.version = std::max(it->second.version, version);
  return std::pair{it->second.etag, it->second.body};
}

std::optional<std::pair<std::string, std::string>> EtagCache::Snapshot(
    const std::string& key, uint64_t version) const {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  if (it == entries_.end() || it->second.version != version ||
      it->second.body.empty()) {
    return std::nullopt;
  }
  return std::pair{it->second.etag, it->second.body};
}

}  // namespace hazegate::internal

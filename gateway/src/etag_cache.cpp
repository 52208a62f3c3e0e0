#include "etag_cache.h"

namespace hazegate::internal {

bool EtagCache::Fresh(const std::string& key, uint64_t version,
                      const std::string& etag) const {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  return it != entries_.end() && it->second.version == version &&
         it->second.etag == etag;
}

void EtagCache::Remember(const std::string& key, uint64_t version,
                         std::string etag) {
  std::lock_guard lock(mutex_);
  if (entries_.size() >= kMaxKeys && !entries_.contains(key)) entries_.clear();
  entries_[key] = {version, std::move(etag)};
}

}  // namespace hazegate::internal

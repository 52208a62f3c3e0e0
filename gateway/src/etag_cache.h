// The ETag a read last answered with, and the store's commit count it was
// computed at: a revalidation naming that ETag while nothing has been
// committed since is a 304 without doing the read again. Bounded: past
// 4,096 keys it forgets them all. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace hazegate::internal {

class EtagCache {
 public:
  // True if `key` last answered `etag`, computed at commit count `version`.
  bool Fresh(const std::string& key, uint64_t version,
             const std::string& etag) const;
  // Records the answer of a read begun at commit count `version`.
  void Remember(const std::string& key, uint64_t version, std::string etag);

 private:
  static constexpr size_t kMaxKeys = 4096;
  struct Entry {
    uint64_t version;
    std::string etag;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

}  // namespace hazegate::internal

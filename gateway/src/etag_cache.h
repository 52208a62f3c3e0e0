// The ETag a read last answered with, and the store's commit count it was
// computed at: a revalidation naming that ETag while nothing has been
// committed since is a 304 without doing the read again; a snapshot (the
// body too) is served again as long, and carried to a later commit count
// when a fingerprint of what it was built from (a cheap query) is
// unchanged: commits that do not touch it cost no rebuild. Bounded: past
// 4,096 keys it forgets them all. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace hazegate::internal {

class EtagCache {
 public:
  // True if `key` last answered `etag`, computed at commit count `version`.
  bool Fresh(const std::string& key, uint64_t version,
             const std::string& etag) const;
  // Records the answer of a read begun at commit count `version`; with a
  // `body`, keeps it too (a snapshot served while nothing is committed).
  void Remember(const std::string& key, uint64_t version, std::string etag,
                std::string body = "", std::string fingerprint = "");
  // {etag, body} of `key`'s snapshot if it was taken at `version`.
  std::optional<std::pair<std::string, std::string>> Snapshot(
      const std::string& key, uint64_t version) const;
  // {etag, body} of `key`'s snapshot, now counted as taken at `version`, if
  // it was built from data of the same non-empty `fingerprint`.
  std::optional<std::pair<std::string, std::string>> Carry(
      const std::string& key, uint64_t version, const std::string& fingerprint);

 private:
  static constexpr size_t kMaxKeys = 4096;
  struct Entry {
    uint64_t version;
    std::string etag;
    std::string body;         // "" unless a snapshot was asked for
    std::string fingerprint;  // of what the snapshot was built from
  };
  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

}  // namespace hazegate::internal

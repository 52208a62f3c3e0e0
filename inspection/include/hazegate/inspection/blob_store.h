// Photos on disk by content: DIR/ab/<sha256>. An upload is written to
// DIR/tmp, fsynced and only then renamed to its address, so a file under a
// hash is always complete. A blob is published before the rows that refer
// to it are committed; one that no row ever came to refer to (a crash or a
// refusal in between) is collected once it is older than a grace period,
// and publishing content already stored refreshes its time, so a blob in
// flight is never collected. Thread-safe; an Upload belongs to one thread.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "hazegate/core/result.h"

namespace hazegate {

class BlobStore {
 public:
  // A temporary file being written; removed when destroyed unless published.
  class Upload {
   public:
    ~Upload();
    Upload(const Upload&) = delete;
    Upload& operator=(const Upload&) = delete;

    Status Append(const char* data, size_t size);
    // Flushes to disk; afterwards sha256() is the content's hash.
    Status Finish();

    // The finished content, mapped read-only (page cache, not heap) until
    // the returned object is destroyed.
    class Mapping {
     public:
      Mapping(const void* data, size_t size) : data_(data), size_(size) {}
      ~Mapping();
      Mapping(const Mapping&) = delete;
      Mapping& operator=(const Mapping&) = delete;
      const unsigned char* data() const {
        return static_cast<const unsigned char*>(data_);
      }
      size_t size() const { return size_; }

     private:
      const void* data_;
      size_t size_;
    };
    Result<std::unique_ptr<Mapping>> Map() const;
    const std::string& sha256() const { return sha256_; }
    size_t bytes() const { return bytes_; }

   private:
    friend class BlobStore;
    struct Hasher;
    Upload(std::string path, int fd);

    std::string path_;
    int fd_ = -1;
    size_t bytes_ = 0;
    std::string sha256_;
    std::unique_ptr<Hasher> hasher_;
    bool published_ = false;
  };

  // Creates DIR and DIR/tmp; removes uploads left by a crash.
  static Result<std::unique_ptr<BlobStore>> Open(const std::string& dir);

  Result<std::unique_ptr<Upload>> Begin();
  // Moves a finished upload to its address. true if that created the file;
  // false if the content was already stored, whose modification time is
  // then set to now (the upload stays, to be published again if needed).
  Result<bool> Publish(Upload& upload);
  // Removes a stored blob (the collector of orphans).
  void Remove(const std::string& sha256);
  // Stored blobs last modified more than `age` ago (at most `limit`).
  std::vector<std::string> OlderThan(std::chrono::seconds age,
                                     size_t limit) const;
  bool IsOlderThan(const std::string& sha256, std::chrono::seconds age) const;
  bool Exists(const std::string& sha256) const;
  std::string PathOf(const std::string& sha256) const;
  Result<std::string> Read(const std::string& sha256) const;

 private:
  explicit BlobStore(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

}  // namespace hazegate

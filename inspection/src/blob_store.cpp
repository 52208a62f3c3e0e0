#include "hazegate/inspection/blob_store.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "hazegate/core/ids.h"
#include "hazegate/core/store.h"

namespace hazegate {

namespace fs = std::filesystem;

namespace {

Error IoError(const std::string& what, const std::string& path) {
  return Error::Internal(what + " " + path + ": " + std::strerror(errno));
}

bool IsHexDigest(const std::string& text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Status SyncDirectory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return IoError("cannot open", dir);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return IoError("cannot fsync", dir);
  return Ok{};
}

}  // namespace

struct BlobStore::Upload::Hasher {
  Hasher() : context(EVP_MD_CTX_new()) {
    EVP_DigestInit_ex(context, EVP_sha256(), nullptr);
  }
  ~Hasher() { EVP_MD_CTX_free(context); }
  EVP_MD_CTX* context;
};

BlobStore::Upload::Upload(std::string path, int fd)
    : path_(std::move(path)), fd_(fd), hasher_(std::make_unique<Hasher>()) {}

BlobStore::Upload::~Upload() {
  if (fd_ >= 0) ::close(fd_);
  if (!published_) ::unlink(path_.c_str());
}

Status BlobStore::Upload::Append(const char* data, size_t size) {
  EVP_DigestUpdate(hasher_->context, data, size);
  bytes_ += size;
  while (size > 0) {
    const ssize_t written = ::write(fd_, data, size);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return IoError("cannot write", path_);
    data += written;
    size -= static_cast<size_t>(written);
  }
  return Ok{};
}

Status BlobStore::Upload::Finish() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(hasher_->context, digest, &length);
  static const char kHex[] = "0123456789abcdef";
  sha256_.clear();
  for (unsigned int i = 0; i < length; ++i) {
    sha256_ += kHex[digest[i] >> 4];
    sha256_ += kHex[digest[i] & 0xF];
  }
  if (::fsync(fd_) != 0) return IoError("cannot fsync", path_);
  if (::close(fd_) != 0) {
    fd_ = -1;
    return IoError("cannot close", path_);
  }
  fd_ = -1;
  return Ok{};
}

BlobStore::Upload::Mapping::~Mapping() {
  if (size_ > 0) ::munmap(const_cast<void*>(data_), size_);
}

Result<std::unique_ptr<BlobStore::Upload::Mapping>> BlobStore::Upload::Map()
    const {
  if (bytes_ == 0) return std::make_unique<Mapping>(nullptr, 0);
  const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError("cannot open", path_);
  void* data = ::mmap(nullptr, bytes_, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (data == MAP_FAILED) return IoError("cannot map", path_);
  return std::make_unique<Mapping>(data, bytes_);
}

Result<std::unique_ptr<BlobStore>> BlobStore::Open(const std::string& dir) {
  std::error_code error;
  fs::create_directories(fs::path(dir) / "tmp", error);
  // Evidence is for the server alone: owner-only folders and files.
  for (const fs::path& folder : {fs::path(dir), fs::path(dir) / "tmp"}) {
    if (!error) fs::permissions(folder, fs::perms::owner_all, error);
  }
  if (error) {
    return Error::Internal("cannot create " + dir + ": " + error.message());
  }
  for (const auto& entry : fs::directory_iterator(fs::path(dir) / "tmp")) {
    fs::remove(entry.path(), error);
  }
  return std::unique_ptr<BlobStore>(new BlobStore(dir));
}

Result<std::unique_ptr<BlobStore::Upload>> BlobStore::Begin() {
  const std::string path = dir_ + "/tmp/" + RandomHex(16);
  const int fd =
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("cannot create", path);
  return std::unique_ptr<Upload>(new Upload(path, fd));
}

Result<bool> BlobStore::Publish(Upload& upload) {
  const std::string target = PathOf(upload.sha256());
  if (Exists(upload.sha256())) {
    // Already stored: a fresh time keeps the collector away until the
    // caller's rows are committed.
    if (::utimensat(AT_FDCWD, target.c_str(), nullptr, 0) == 0) return false;
    if (errno != ENOENT) return IoError("cannot touch", target);
  }
  const std::string parent = fs::path(target).parent_path();
  std::error_code error;
  fs::create_directories(parent, error);
  if (!error) fs::permissions(parent, fs::perms::owner_all, error);
  if (error) {
    return Error::Internal("cannot create " + parent + ": " + error.message());
  }
  if (::rename(upload.path_.c_str(), target.c_str()) != 0) {
    return IoError("cannot rename to", target);
  }
  upload.published_ = true;
  auto synced = SyncDirectory(parent);
  if (!synced.ok()) return synced.error();
  return true;
}

void BlobStore::Remove(const std::string& sha256) {
  if (IsHexDigest(sha256)) ::unlink(PathOf(sha256).c_str());
}

bool BlobStore::Exists(const std::string& sha256) const {
  return IsHexDigest(sha256) && ::access(PathOf(sha256).c_str(), F_OK) == 0;
}

std::string BlobStore::PathOf(const std::string& sha256) const {
  return dir_ + "/" + sha256.substr(0, 2) + "/" + sha256;
}

Result<std::string> BlobStore::Read(const std::string& sha256) const {
  if (!IsHexDigest(sha256)) return Error::NotFound("photo " + sha256);
  std::ifstream in(PathOf(sha256), std::ios::binary);
  if (!in) return Error::NotFound("photo " + sha256);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::vector<std::string> BlobStore::OlderThan(std::chrono::seconds age,
                                              size_t limit) const {
  std::vector<std::string> old;
  std::error_code error;
  for (fs::recursive_directory_iterator it(dir_, error), end;
       !error && it != end && old.size() < limit; it.increment(error)) {
    const std::string name = it->path().filename();
    if (it->is_regular_file(error) && IsHexDigest(name) &&
        IsOlderThan(name, age)) {
      old.push_back(name);
    }
  }
  return old;
}

bool BlobStore::IsOlderThan(const std::string& sha256,
                            std::chrono::seconds age) const {
  struct stat info {};
  if (!IsHexDigest(sha256) || ::stat(PathOf(sha256).c_str(), &info) != 0) {
    return false;
  }
  const auto modified =
      std::chrono::system_clock::from_time_t(info.st_mtim.tv_sec);
  return modified + age < std::chrono::system_clock::now();
}

}  // namespace hazegate

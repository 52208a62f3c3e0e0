#include "static_files.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "http_reply.h"

namespace hazegate::internal {

namespace {

namespace fs = std::filesystem;

const std::string& ContentType(const fs::path& path) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
  };
  static const std::string kOther = "application/octet-stream";
  const auto type = kTypes.find(path.extension().string());
  return type == kTypes.end() ? kOther : type->second;
}

// Relative paths of plain names only: no "..", ".", empty or hidden parts.
bool IsPlainRelative(const std::string& relative) {
  if (relative.find('\0') != std::string::npos ||
      relative.find('\\') != std::string::npos) {
    return false;
  }
  std::istringstream parts(relative);
  std::string part;
  while (std::getline(parts, part, '/')) {
    if (part.empty() || part.front() == '.') return false;
  }
  return true;
}

}  // namespace

std::optional<StaticFile> StaticFiles::Get(const std::string& app,
                                           const std::string& relative) const {
  if (root_.empty()) return std::nullopt;
  std::string name = relative;
  if (name.empty() || name.back() == '/') name += "index.html";
  if (!IsPlainRelative(name)) return std::nullopt;
  std::error_code error;
  const fs::path folder = fs::canonical(fs::path(root_) / app, error);
  if (error) return std::nullopt;
  const fs::path file = fs::weakly_canonical(folder / name, error);
  const std::string inside = folder.string() + "/";
  if (error || file.string().compare(0, inside.size(), inside) != 0 ||
      !fs::is_regular_file(file, error)) {
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  if (!in.good() && !in.eof()) return std::nullopt;
  StaticFile found{body.str(), ContentType(file), ""};
  found.etag = ContentEtag(found.body);
  return found;
}

}  // namespace hazegate::internal

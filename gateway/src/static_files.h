// The web clients' static files (web/console/, web/m/ under a web root):
// plain files read from disk on each request (they are small, and an update
// shows at once), with a content type by extension and an ETag of their
// content. Never a file outside the app's folder. Thread-safe (no state
// but the root).
#pragma once

#include <optional>
#include <string>

namespace hazegate::internal {

struct StaticFile {
  std::string body;
  std::string content_type;
  std::string etag;  // "\"<first 32 hex digits of the SHA-256>\""
};

// The policy the web clients run under: their own scripts, styles and
// images only; no inline script, no framing.
inline constexpr const char* kWebContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' "
    "data: blob:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; "
    "font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action "
    "'self'; object-src 'none'";

class StaticFiles {
 public:
  explicit StaticFiles(std::string root) : root_(std::move(root)) {}

  // The file at `relative` in the folder `app` ("console", "m") of the root;
  // "" or a path ending in "/" is its index.html. nullopt when there is no
  // root, no such regular file, or the path leaves the folder.
  std::optional<StaticFile> Get(const std::string& app,
                                const std::string& relative) const;

 private:
  std::string root_;
};

}  // namespace hazegate::internal

// The Atom feed of the public CAP messages (cap_feed.h).
#include <algorithm>

#include "cap.h"
#include "hazegate/config/public_info.h"
#include "hazegate/core/markup.h"
#include "hazegate/core/store.h"

namespace hazegate::internal {

namespace {

// How long a closed warning's last message stays in the feed.
constexpr int64_t kKeptS = 30 * 86400;

// The public's warnings: no drill, no proposal, no rejected one; in force
// or closed within kKeptS.
std::vector<Warning> PublicWarnings(ReadTx& tx, TimePoint now) {
  SQLite::Statement& query = Store::LeaseOf(tx).Prepare(
      "SELECT id FROM warnings WHERE NOT exercise AND status IN ('active', "
      "'superseded', 'lifted') AND (closed_at IS NULL OR closed_at >= ?) "
      "ORDER BY seq DESC");
  query.bind(1, ToUnixSeconds(now) - kKeptS);
  std::vector<std::string> ids;
  while (query.executeStep()) ids.push_back(query.getColumn(0).getString());
  std::vector<Warning> warnings;
  for (const std::string& id : ids) {
    if (auto row = LoadWarning(tx, id)) warnings.push_back(std::move(*row));
  }
  return warnings;
}

void WriteEntry(std::string& atom, const CapMessage& m,
                const PublicInfo& info) {
  const std::string id = EscapeMarkup(m.identifier);
  atom += "  <entry>\n    <id>" + id + "</id>\n    <title>" +
          EscapeMarkup(m.headline) + "</title>\n    <updated>" +
          FormatRfc3339(m.sent) + "</updated>\n    <author><name>" +
          EscapeMarkup(info.sender_name) +
          "</name></author>\n    <link rel=\"alternate\" "
          "type=\"application/cap+xml\" href=\"cap/" +
          id + ".xml\"/>\n    <summary>" + EscapeMarkup(m.headline) +
          "</summary>\n  </entry>\n";
}

}  // namespace

CapFeed BuildFeed(ReadTx& tx, TimePoint now) {
  const PublicInfo info = PublicInfoOf(tx);
  CapFeed feed;
  for (const Warning& w : PublicWarnings(tx, now)) {
    std::optional<Warning> superseded;
    if (!w.supersedes.empty()) superseded = LoadWarning(tx, w.supersedes);
    feed.messages.push_back(BuildCap(tx, w, superseded, now));
  }
  std::stable_sort(
      feed.messages.begin(), feed.messages.end(),
      [](const CapMessage& a, const CapMessage& b) { return a.sent > b.sent; });
  const TimePoint updated =
      feed.messages.empty() ? now : feed.messages.front().sent;
  feed.atom =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <id>urn:hazegate:feed:" +
      EscapeMarkup(info.sender) + "</id>\n  <title>" +
      EscapeMarkup(info.feed_title) + "</title>\n  <updated>" +
      FormatRfc3339(updated) + "</updated>\n  <author><name>" +
      EscapeMarkup(info.sender_name) +
      "</name></author>\n  <link rel=\"self\" href=\"cap.atom\"/>\n";
  if (!info.web.empty()) {
    feed.atom += "  <link rel=\"alternate\" type=\"text/html\" href=\"" +
                 EscapeMarkup(info.web) + "\"/>\n";
  }
  for (const CapMessage& m : feed.messages) WriteEntry(feed.atom, m, info);
  feed.atom += "</feed>\n";
  return feed;
}

}  // namespace hazegate::internal

#include "cap.h"

#include <sstream>

#include "hazegate/core/markup.h"
#include "hazegate/core/store.h"
#include "hazegate/orders/order_store.h"

namespace hazegate::internal {

namespace {

constexpr const char* kSender = "hazegate@652300";

// When the warning's own Alert/Update was sent.
TimePoint SentAt(const Warning& w) {
  return w.activated_at.value_or(w.created_at);
}

// The geocode valueName of an industrial park's own code (parks have none
// in GB/T 2260).
constexpr const char* kParkValueName = "hazegate:park";

// "sender,identifier,sent" of a warning's Alert/Update.
std::string Reference(const Warning& w) {
  return std::string(kSender) + "," + w.id + "," + FormatRfc3339(SentAt(w));
}

const char* Severity(const std::string& level) {
  if (level == "red") return "Extreme";
  if (level == "orange") return "Severe";
  return "Moderate";
}

void WriteAreas(std::ostringstream& out, ReadTx& tx, const Warning& w) {
  Store::Lease& lease = Store::LeaseOf(tx);
  SQLite::Statement& query =
      lease.Prepare("SELECT name, county FROM areas_view WHERE code = ?");
  const auto geocode = [&out](const char* value_name,
                              const std::string& value) {
    out << "      <geocode>\n        <valueName>" << value_name
        << "</valueName>\n        <value>" << EscapeMarkup(value)
        << "</value>\n      </geocode>\n";
  };
  for (const std::string& code : w.areas) {
    query.reset();
    query.bind(1, code);
    const bool known = query.executeStep();
    const std::string name = known ? query.getColumn(0).getString() : code;
    out << "    <area>\n      <areaDesc>" << EscapeMarkup(name)
        << "</areaDesc>\n";
    if (known && !query.getColumn(1).isNull()) {
      // A park: its plan code under a name of ours, and the GB/T 2260 code
      // of the county it lies in.
      geocode(kParkValueName, code);
      geocode("GB/T 2260", query.getColumn(1).getString());
    } else {
      geocode("GB/T 2260", code);
    }
    out << "    </area>\n";
  }
}

// A proposal or a rejected one is a Draft; a drill, sent, an Exercise.
const char* Status(const Warning& w, bool draft) {
  if (draft) return "Draft";
  return w.exercise ? "Exercise" : "Actual";
}

// The drill's name and the consultation's conclusion, "" if neither.
std::string Note(const Warning& w) {
  std::string note;
  if (w.exercise) {
    note = "演练：" +
           (w.exercise_name.empty() ? "重污染天气应急演练" : w.exercise_name);
  }
  if (!w.consultation_conclusion.empty()) {
    note += (note.empty() ? "" : "；") + std::string("研判会商结论：") +
            w.consultation_conclusion;
  }
  return note;
}

}  // namespace

std::string BuildCap(ReadTx& tx, const Warning& w,
                     const std::optional<Warning>& superseded) {
  const bool canceled = w.status == "lifted";
  const bool draft = w.status == "proposed" || w.status == "rejected";
  const char* type = canceled ? "Cancel" : superseded ? "Update" : "Alert";
  const std::string identifier = canceled ? w.id + "-cancel" : w.id;
  const TimePoint sent = canceled ? w.closed_at.value_or(SentAt(w)) : SentAt(w);
  const std::optional<NoticeText> notice = PlanNotices(tx).ForArea(w.level);
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\n"
      << "  <identifier>" << EscapeMarkup(identifier) << "</identifier>\n"
      << "  <sender>" << kSender << "</sender>\n"
      << "  <sent>" << FormatRfc3339(sent) << "</sent>\n"
      << "  <status>" << Status(w, draft) << "</status>\n"
      << "  <msgType>" << type << "</msgType>\n"
      << "  <scope>Public</scope>\n";
  if (const std::string note = Note(w); !note.empty()) {
    out << "  <note>" << EscapeMarkup(note) << "</note>\n";
  }
  if (canceled) {
    out << "  <references>" << EscapeMarkup(Reference(w)) << "</references>\n";
  } else if (superseded) {
    out << "  <references>" << EscapeMarkup(Reference(*superseded))
        << "</references>\n";
  }
  out << "  <info>\n"
      << "    <language>zh-CN</language>\n"
      << "    <category>Env</category>\n"
      << "    <event>重污染天气" << LevelName(w.level) << "预警</event>\n"
      << "    <urgency>Expected</urgency>\n"
      << "    <severity>" << Severity(w.level) << "</severity>\n"
      << "    <certainty>Likely</certainty>\n"
      << "    <effective>" << FormatRfc3339(w.starts_at) << "</effective>\n";
  if (w.ends_at) {
    out << "    <expires>" << FormatRfc3339(*w.ends_at) << "</expires>\n";
  }
  out << "    <senderName>重污染天气应急指挥部</senderName>\n"
      << "    <headline>" << EscapeMarkup(w.headline) << "</headline>\n"
      << "    <description>"
      << EscapeMarkup(canceled ? w.headline + "已解除：" + w.close_reason
                               : w.reason)
      << "</description>\n";
  if (!canceled && notice) {
    out << "    <instruction>" << EscapeMarkup(notice->body)
        << "</instruction>\n";
  }
  WriteAreas(out, tx, w);
  out << "  </info>\n</alert>\n";
  return out.str();
}

}  // namespace hazegate::internal

#include "cap.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "hazegate/config/plan_settings.h"
#include "hazegate/config/public_info.h"
#include "hazegate/core/markup.h"
#include "hazegate/core/store.h"
#include "hazegate/orders/order_store.h"

namespace hazegate::internal {

namespace {

// The geocode valueName of an industrial park's own code (parks have none
// in GB/T 2260).
constexpr const char* kParkValueName = "hazegate:park";

// One message of a warning's series: the Alert/Update as first sent
// (renewal 0), or a renewal of its expiry.
struct Sent {
  std::string identifier;
  TimePoint at;
};

// Seconds between renewals: half the expiry, so one is always in force.
int64_t RenewEvery(const PublicInfo& info) {
  return static_cast<int64_t>(info.expires_h) * 3600 / 2;
}

TimePoint FirstSent(const Warning& w) {
  return w.activated_at.value_or(w.created_at);
}

// Renewals of the Alert/Update up to `at` (0: none), while in force.
int64_t RenewalsBy(const Warning& w, const PublicInfo& info, TimePoint at) {
  if (!w.activated_at) return 0;
  const TimePoint until = w.closed_at ? std::min(*w.closed_at, at) : at;
  const int64_t in_force =
      ToUnixSeconds(until) - ToUnixSeconds(*w.activated_at);
  return std::max<int64_t>(0, in_force / RenewEvery(info));
}

Sent SeriesMessage(const Warning& w, const PublicInfo& info, int64_t k) {
  return {
      info.identifier_prefix + w.id + (k > 0 ? "-r" + std::to_string(k) : ""),
      FirstSent(w) + std::chrono::seconds(k * RenewEvery(info))};
}

// "sender,identifier,sent" of each of the series' messages up to renewal
// `last`, space-separated (CAP's references).
std::string References(const Warning& w, const PublicInfo& info, int64_t last) {
  std::string out;
  for (int64_t k = 0; k <= last; ++k) {
    const Sent m = SeriesMessage(w, info, k);
    if (!out.empty()) out += ' ';
    out += info.sender + "," + m.identifier + "," + FormatRfc3339(m.at);
  }
  return out;
}

const char* Severity(const std::string& level) {
  if (level == "red") return "Extreme";
  if (level == "orange") return "Severe";
  return "Moderate";
}

void WriteAreas(std::ostringstream& out, ReadTx& tx, const Warning& w,
                const PublicInfo& info) {
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
    if (const auto it = info.circles.find(code); it != info.circles.end()) {
      char circle[96];
      std::snprintf(circle, sizeof circle, "%.4f,%.4f %.1f", it->second.lat,
                    it->second.lon, it->second.radius_km);
      out << "      <circle>" << circle << "</circle>\n";
    }
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

// What the public is asked to do: the plan's advice for the level, else
// the area notice.
std::string Instruction(ReadTx& tx, const std::string& level) {
  const auto advice = PublicAdviceOf(tx);
  if (const auto it = advice.find(level); it != advice.end()) {
    std::string text;
    for (const std::string* part :
         {&it->second.health, &it->second.schools, &it->second.everyone}) {
      if (!part->empty()) text += (text.empty() ? "" : "\n") + *part;
    }
    if (!text.empty()) return text;
  }
  const std::optional<NoticeText> notice = PlanNotices(tx).ForArea(level);
  return notice ? notice->body : "";
}

// The message the warning stands at by `now`.
struct Shape {
  Sent message;
  const char* type;
  std::string references;  // "" if none
  TimePoint expires;
};

Shape ShapeOf(const Warning& w, const std::optional<Warning>& superseded,
              const PublicInfo& info, TimePoint now) {
  const std::chrono::hours lasts(info.expires_h);
  if (w.status == "lifted") {
    const TimePoint at = w.closed_at.value_or(FirstSent(w));
    return {{info.identifier_prefix + w.id + "-cancel", at},
            "Cancel",
            References(w, info, RenewalsBy(w, info, at)),
            at + lasts};
  }
  const int64_t k = RenewalsBy(w, info, now);
  Shape shape{
      SeriesMessage(w, info, k), superseded ? "Update" : "Alert", "", {}};
  if (k > 0) {
    shape.type = "Update";
    shape.references = References(w, info, k - 1);
  } else if (superseded) {
    shape.references = References(
        *superseded, info,
        RenewalsBy(*superseded, info, superseded->closed_at.value_or(now)));
  }
  shape.expires = shape.message.at + lasts;
  if (w.ends_at && *w.ends_at > shape.message.at) {
    shape.expires = std::min(shape.expires, *w.ends_at);
  }
  return shape;
}

void WriteInfo(std::ostringstream& out, ReadTx& tx, const Warning& w,
               const PublicInfo& info, const Shape& shape) {
  const bool canceled = w.status == "lifted";
  const std::string level_name = LevelName(w.level);
  out << "  <info>\n"
      << "    <language>zh-CN</language>\n"
      << "    <category>Env</category>\n"
      << "    <event>重污染天气" << level_name << "预警</event>\n"
      << "    <urgency>" << (canceled ? "Past" : "Expected") << "</urgency>\n"
      << "    <severity>" << (canceled ? "Minor" : Severity(w.level))
      << "</severity>\n"
      << "    <certainty>" << (canceled ? "Observed" : "Likely")
      << "</certainty>\n"
      << "    <effective>" << FormatRfc3339(w.starts_at) << "</effective>\n"
      << "    <expires>" << FormatRfc3339(shape.expires) << "</expires>\n"
      << "    <senderName>" << EscapeMarkup(info.sender_name)
      << "</senderName>\n"
      << "    <headline>" << EscapeMarkup(w.headline) << "</headline>\n"
      << "    <description>"
      << EscapeMarkup(canceled ? w.headline + "已解除：" + w.close_reason
                               : w.reason)
      << "</description>\n";
  const std::string instruction = canceled ? "" : Instruction(tx, w.level);
  if (!instruction.empty()) {
    out << "    <instruction>" << EscapeMarkup(instruction)
        << "</instruction>\n";
  }
  if (!info.web.empty()) {
    out << "    <web>" << EscapeMarkup(info.web) << "</web>\n";
  }
  if (!info.contact.empty()) {
    out << "    <contact>" << EscapeMarkup(info.contact) << "</contact>\n";
  }
  out << "    <parameter>\n      <valueName>level</valueName>\n      <value>"
      << (canceled ? "none" : w.level) << "</value>\n    </parameter>\n"
      << "    <parameter>\n      <valueName>预警级别</valueName>\n      <value>"
      << (canceled ? "解除" : level_name) << "</value>\n    </parameter>\n";
  WriteAreas(out, tx, w, info);
  out << "  </info>\n";
}

}  // namespace

CapMessage BuildCap(ReadTx& tx, const Warning& w,
                    const std::optional<Warning>& superseded, TimePoint now) {
  const PublicInfo info = PublicInfoOf(tx);
  const bool draft = w.status == "proposed" || w.status == "rejected";
  const Shape shape = ShapeOf(w, superseded, info, now);
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\n"
      << "  <identifier>" << EscapeMarkup(shape.message.identifier)
      << "</identifier>\n"
      << "  <sender>" << EscapeMarkup(info.sender) << "</sender>\n"
      << "  <sent>" << FormatRfc3339(shape.message.at) << "</sent>\n"
      << "  <status>" << Status(w, draft) << "</status>\n"
      << "  <msgType>" << shape.type << "</msgType>\n"
      << "  <scope>Public</scope>\n";
  if (const std::string note = Note(w); !note.empty()) {
    out << "  <note>" << EscapeMarkup(note) << "</note>\n";
  }
  if (!shape.references.empty()) {
    out << "  <references>" << EscapeMarkup(shape.references)
        << "</references>\n";
  }
  WriteInfo(out, tx, w, info, shape);
  out << "</alert>\n";
  return {shape.message.identifier, shape.message.at, w.headline, out.str()};
}

}  // namespace hazegate::internal

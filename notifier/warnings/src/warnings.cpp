#include "hazegate/warnings/warnings.h"

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>

#include "cap.h"
#include "fanout.h"
#include "fanout_job.h"
#include "hazegate/config/directory.h"
#include "hazegate/core/columns.h"
#include "hazegate/core/ids.h"
#include "hazegate/core/store.h"
#include "hazegate/core/utf8.h"
#include "hazegate/orders/order_store.h"
#include "hazegate/warnings/warning_rows.h"

namespace hazegate {

using internal::OrderDraft;
using nlohmann::json;

namespace {

constexpr std::array<const char*, 3> kLevels = {"yellow", "orange", "red"};
constexpr std::array<const char*, 5> kStatuses = {
    "proposed", "active", "rejected", "lifted", "superseded"};

template <size_t N>
bool OneOf(const std::string& value, const std::array<const char*, N>& set) {
  return std::find(set.begin(), set.end(), value) != set.end();
}

// A reason of reject and lift: required text without control characters.
Status CheckReason(const std::string& reason) {
  if (reason.empty()) return Error::InvalidField("reason", "is required");
  const size_t control = FirstControlCharacter(reason);
  if (control != std::string::npos) {
    return Error::InvalidField("reason", "holds a control character at byte " +
                                             std::to_string(control));
  }
  return Ok{};
}

// 409 for an action that needs the warning in `wanted` state.
Error WrongState(const Warning& row, const std::string& wanted) {
  return Error::Conflict("warning is " + row.status + ", not " + wanted);
}

// "name1、name2"; an unknown code is reported as kInvalidInput on "areas".
Result<std::string> AreaNames(ReadTx& tx,
                              const std::vector<std::string>& areas) {
  Store::Lease& lease = Store::LeaseOf(tx);
  std::string names;
  SQLite::Statement& query =
      lease.Prepare("SELECT name FROM areas_view WHERE code = ?");
  for (const std::string& code : areas) {
    query.reset();
    query.bind(1, code);
    if (!query.executeStep()) {
      return Error::InvalidField("areas", "unknown area " + code);
    }
    names += (names.empty() ? "" : "、") + query.getColumn(0).getString();
  }
  return names;
}

std::vector<std::string> OrgsOfKind(ReadTx& tx, const std::string& kind) {
  Store::Lease& lease = Store::LeaseOf(tx);
  std::vector<std::string> ids;
  SQLite::Statement& query =
      lease.Prepare("SELECT id FROM orgs_view WHERE kind = ? ORDER BY seq");
  query.bind(1, kind);
  while (query.executeStep()) ids.push_back(query.getColumn(0).getString());
  return ids;
}

}  // namespace

std::vector<FieldError> CheckWarningRequest(const WarningRequest& w) {
  std::vector<FieldError> errors;
  if (!OneOf(w.level, kLevels)) {
    errors.push_back({"level", "must be yellow, orange or red"});
  }
  if (w.areas.empty()) {
    errors.push_back({"areas", "must be a non-empty array of area codes"});
  }
  if (w.ends_at && *w.ends_at <= w.starts_at) {
    errors.push_back({"ends_at", "must be after starts_at"});
  }
  for (const auto& [field, text] :
       {std::pair<const char*, const std::string&>{"headline", w.headline},
        {"reason", w.reason},
        {"supersedes", w.supersedes}}) {
    if (FirstControlCharacter(text) != std::string::npos) {
      errors.push_back({field, "holds a control character"});
    }
  }
  if (w.reason.empty()) errors.push_back({"reason", "is required"});
  if (!w.exercise_name.empty() && !w.exercise) {
    errors.push_back({"exercise_name", "is only for a drill (exercise: true)"});
  }
  if (w.exercise_name.size() > 100 ||
      FirstControlCharacter(w.exercise_name) != std::string::npos) {
    errors.push_back(
        {"exercise_name", "must be at most 100 bytes, no control characters"});
  }
  if (w.ack_within_s && (*w.ack_within_s < 60 || *w.ack_within_s > 7 * 86400)) {
    errors.push_back({"ack_within_s", "must be an integer from 60 to 604800"});
  }
  return errors;
}

class WarningService::Impl {
 public:
  Impl(Store& store, const Clock& clock, std::function<void()> outbox_written,
       WarningEvents* events, FanOutOptions fanout)
      : store_(store),
        clock_(clock),
        outbox_written_(std::move(outbox_written)),
        events_(events),
        fanout_(fanout) {}

  // The orders of an activation still to be written after its commit.
  struct PendingFanOut {
    std::string warning_id;
    std::string level;
    bool exercise = false;
    TimePoint activated_at;
    std::vector<internal::RecipientOrder> orders;
    size_t next = 0;  // orders[next…] are not written yet
    bool done() const { return next == orders.size(); }
  };

  // Runs `change` in a write transaction; on success commits, tells the
  // dispatcher, writes the rest of a fan-out it began and returns the
  // warning.
  template <typename Change>
  Result<Warning> Transition(const std::string& id, Change change,
                             PendingFanOut* fanout = nullptr) {
    try {
      WriteTx tx(store_);
      const auto row = internal::LoadWarning(tx, id);
      if (!row) return Error::NotFound("warning " + id);
      Status changed = change(tx, *row, clock_.Now());
      if (!changed.ok()) return changed.error();
      tx.Commit();
    } catch (const std::exception& e) {
      return Error::Internal("warning " + id + ": " + e.what());
    }
    return Committed(id, fanout);
  }

  // After an activation's commit: the dispatcher is told, the fan-out's
  // other chunks are written, and the warning is read back.
  Result<Warning> Committed(const std::string& id, PendingFanOut* fanout) {
    if (outbox_written_) outbox_written_();
    if (fanout && !fanout->done()) {
      Status finished = FinishFanOut(*fanout);
      if (!finished.ok()) return finished.error();
    }
    return Reread(id);
  }

  Result<Warning> Create(const WarningRequest& w, const Actor& actor) {
    const auto errors = CheckWarningRequest(w);
    if (!errors.empty()) return Error::Invalid("invalid warning", errors);
    const std::string id = NewId("wrn-");
    PendingFanOut fanout;
    try {
      WriteTx tx(store_);
      auto names = AreaNames(tx, w.areas);
      if (!names.ok()) return names.error();
      Status supersedable = CheckSupersedes(tx, w);
      if (!supersedable.ok()) return supersedable.error();
      const TimePoint now = clock_.Now();
      Insert(tx, id, w, names.value(), actor, now);
      const auto row = internal::LoadWarning(tx, id);
      if (w.level == "yellow") {
        fanout = Activate(tx, *row, actor, now);
      } else {
        RequestApproval(tx, *row, actor, now);
      }
      Audit(tx, actor, "warning.create", id,
            {{"level", w.level}, {"areas", w.areas}, {"reason", w.reason}},
            now);
      tx.Commit();
    } catch (const std::exception& e) {
      return Error::Internal(std::string("creating warning: ") + e.what());
    }
    return Committed(id, &fanout);
  }

  // What Create would send once the warning is active; stores nothing.
  Result<WarningPreview> Preview(const WarningRequest& w) {
    const auto errors = CheckWarningRequest(w);
    if (!errors.empty()) return Error::Invalid("invalid warning", errors);
    ReadTx tx(store_);
    try {
      auto names = AreaNames(tx, w.areas);
      if (!names.ok()) return names.error();
      Status supersedable = CheckSupersedes(tx, w);
      if (!supersedable.ok()) return supersedable.error();
      const internal::WarningFacts facts{
          "", w.level, w.areas, w.headline, w.starts_at, w.ack_within_s};
      std::map<std::string, std::set<std::string>> orgs_by_kind;
      std::set<std::string> recipients;
      int64_t orders = 0;
      for (const auto& [draft, kind] :
           internal::PlanFanOut(tx, facts, clock_.Now())) {
        orgs_by_kind[kind].insert(draft.org);
        recipients.insert(draft.org);
        ++orders;
      }
      std::map<std::string, int64_t> by_kind;
      for (const auto& [kind, orgs] : orgs_by_kind) {
        by_kind[kind] = static_cast<int64_t>(orgs.size());
      }
      int64_t released = 0;
      if (!w.supersedes.empty()) {
        for (const std::string& org : RecipientsOf(tx, w.supersedes)) {
          released += recipients.contains(org) ? 0 : 1;
        }
      }
      return WarningPreview{w.level,
                            w.areas,
                            names.value(),
                            w.level != "yellow",
                            std::move(by_kind),
                            static_cast<int64_t>(recipients.size()),
                            orders,
                            released};
    } catch (const std::exception& e) {
      return Error::Internal(std::string("previewing warning: ") + e.what());
    }
  }

  Result<Warning> Approve(const std::string& id, const Actor& actor) {
    PendingFanOut fanout;
    return Transition(
        id,
        [&](WriteTx& tx, const Warning& row, TimePoint now) -> Status {
          if (row.status != "proposed") return WrongState(row, "proposed");
          fanout = Activate(tx, row, actor, now);
          internal::AcknowledgeOpenOrders(tx, id, "approval_request",
                                          actor.username, now);
          Audit(tx, actor, "warning.approve", id, json::object(), now);
          return Ok{};
        },
        &fanout);
  }

  Result<int> ResumeFanOuts() {
    int finished = 0;
    try {
      std::vector<internal::FanOutJob> jobs;
      {
        ReadTx tx(store_);
        jobs = internal::OpenFanOutJobs(tx);
      }
      for (const internal::FanOutJob& job : jobs) {
        PendingFanOut fanout = Unwritten(job);
        Status done = FinishFanOut(fanout);
        if (!done.ok()) return done.error();
        ++finished;
      }
    } catch (const std::exception& e) {
      return Error::Internal(std::string("resuming fan-outs: ") + e.what());
    }
    return finished;
  }

  Result<Warning> Reject(const std::string& id, const std::string& reason,
                         const Actor& actor) {
    if (auto valid = CheckReason(reason); !valid.ok()) return valid.error();
    return Transition(
        id, [&](WriteTx& tx, const Warning& row, TimePoint now) -> Status {
          if (row.status != "proposed") return WrongState(row, "proposed");
          Close(tx, id, "rejected", reason, now);
          internal::AcknowledgeOpenOrders(tx, id, "approval_request",
                                          actor.username, now);
          Audit(tx, actor, "warning.reject", id, {{"reason", reason}}, now);
          return Ok{};
        });
  }

  Result<Warning> Lift(const std::string& id, const std::string& reason,
                       const Actor& actor) {
    if (auto valid = CheckReason(reason); !valid.ok()) return valid.error();
    return Transition(
        id, [&](WriteTx& tx, const Warning& row, TimePoint now) -> Status {
          if (row.status != "active") return WrongState(row, "active");
          Close(tx, id, "lifted", reason, now);
          internal::CancelOpenOrders(tx, id, now);
          SendLiftNotices(tx, row, RecipientsOf(tx, id), reason, now);
          if (!row.exercise) {
            internal::PublishAreaLevels(tx, CoveredAreas(tx, row.areas), now);
          }
          Audit(tx, actor, "warning.lift", id, {{"reason", reason}}, now);
          return Ok{};
        });
  }

  // The warning as committed, with its order counts.
  Result<Warning> Reread(const std::string& id) const {
    try {
      ReadTx tx(store_);
      return GetWith(tx, id);
    } catch (const std::exception& e) {
      return Error::Internal("reading warning " + id + ": " + e.what());
    }
  }

  Result<Warning> GetWith(ReadTx& tx, const std::string& id) const {
    try {
      auto row = internal::LoadWarning(tx, id);
      if (!row) return Error::NotFound("warning " + id);
      internal::CountOrders(tx, &*row);
      return *row;
    } catch (const std::exception& e) {
      return Error::Internal("reading warning " + id + ": " + e.what());
    }
  }

  Result<Warning> Get(const std::string& id, const WarningAudience& audience) {
    ReadTx tx(store_);
    try {
      auto row = internal::LoadWarning(tx, id);
      if (!row || !Visible(tx, *row, audience)) {
        return Error::NotFound("warning " + id);
      }
      // A recipient's view has no tallies (warning_json.h).
      if (!audience.recipient) internal::CountOrders(tx, &*row);
      return *row;
    } catch (const std::exception& e) {
      return Error::Internal("reading warning " + id + ": " + e.what());
    }
  }

  Result<std::vector<Warning>> List(const std::string& status,
                                    std::optional<bool> exercise,
                                    const PageRequest& page,
                                    const WarningAudience& audience) {
    if (!status.empty() && !OneOf(status, kStatuses)) {
      return Error::InvalidField("status", "unknown status " + status);
    }
    ReadTx tx(store_);
    Store::Lease& lease = Store::LeaseOf(tx);
    try {
      auto before = SeqBefore(tx, "warnings", "id", page.before);
      if (!before.ok()) return before.error();
      // A recipient's list is filtered after reading (a warning's areas
      // are a JSON array): read on until the page is full.
      SQLite::Statement& query = lease.Prepare(
          "SELECT id FROM warnings WHERE seq < ? AND (?2 = '' OR status = ?2) "
          "AND (?4 IS NULL OR exercise = ?4) ORDER BY seq DESC LIMIT ?3");
      query.bind(1, before.value());
      query.bind(2, status);
      exercise ? query.bind(4, *exercise ? 1 : 0) : query.bind(4);
      query.bind(3, audience.recipient ? -1 : page.limit);
      std::vector<std::string> ids;
      while (query.executeStep()) ids.push_back(query.getColumn(0).getString());
      std::vector<Warning> list;
      for (const std::string& id : ids) {
        if (static_cast<int>(list.size()) >= page.limit) break;
        auto row = internal::LoadWarning(tx, id);
        if (!Visible(tx, *row, audience)) continue;
        if (!audience.recipient) internal::CountOrders(tx, &*row);
        list.push_back(std::move(*row));
      }
      return list;
    } catch (const std::exception& e) {
      return Error::Internal(std::string("listing warnings: ") + e.what());
    }
  }

  Result<std::vector<Order>> Orders(const std::string& id,
                                    const OrderFilter& filter) {
    ReadTx tx(store_);
    try {
      if (!internal::LoadWarning(tx, id))
        return Error::NotFound("warning " + id);
      return internal::ListWarningOrders(tx, id, filter);
    } catch (const std::exception& e) {
      return Error::Internal("listing orders of " + id + ": " + e.what());
    }
  }

  Result<std::string> Fingerprint() {
    ReadTx tx(store_);
    try {
      return internal::PublicWarningsFingerprint(tx);
    } catch (const std::exception& e) {
      return Error::Internal(std::string("warnings' fingerprint: ") + e.what());
    }
  }

  Result<CapFeed> Feed() {
    ReadTx tx(store_);
    try {
      return internal::BuildFeed(tx, clock_.Now());
    } catch (const std::exception& e) {
      return Error::Internal(std::string("CAP feed: ") + e.what());
    }
  }

  Result<std::string> Cap(const std::string& id,
                          const WarningAudience& audience) {
    ReadTx tx(store_);
    try {
      const auto row = internal::LoadWarning(tx, id);
      if (!row || !Visible(tx, *row, audience)) {
        return Error::NotFound("warning " + id);
      }
      std::optional<Warning> superseded;
      if (!row->supersedes.empty()) {
        superseded = internal::LoadWarning(tx, row->supersedes);
      }
      return internal::BuildCap(tx, *row, superseded, clock_.Now()).xml;
    } catch (const std::exception& e) {
      return Error::Internal("CAP of " + id + ": " + e.what());
    }
  }

 private:
  // A recipient sees a warning once it was in force, if it covers its area.
  static bool Visible(ReadTx& tx, const Warning& row,
                      const WarningAudience& audience) {
    if (!audience.recipient) return true;
    if (row.status != "active" && row.status != "superseded" &&
        row.status != "lifted") {
      return false;
    }
    const auto covered = CoveredAreas(tx, row.areas);
    return std::find(covered.begin(), covered.end(), audience.area) !=
           covered.end();
  }

  // A drill replaces only a drill, a real warning only a real one.
  Status CheckSupersedes(ReadTx& tx, const WarningRequest& w) {
    const std::string& supersedes = w.supersedes;
    if (supersedes.empty()) return Ok{};
    const auto old = internal::LoadWarning(tx, supersedes);
    if (!old) {
      return Error::InvalidField("supersedes", "unknown warning " + supersedes);
    }
    if (old->exercise != w.exercise) {
      return Error::InvalidField(
          "supersedes",
          supersedes + (old->exercise ? " is a drill" : " is not a drill") +
              (w.exercise ? "; a drill replaces only a drill"
                          : "; only a drill replaces a drill"));
    }
    if (old->status != "active") {
      return Error::Conflict("the superseded warning is " + old->status +
                             ", not active");
    }
    return Ok{};
  }

  void Insert(WriteTx& tx, const std::string& id, const WarningRequest& w,
              const std::string& area_names, const Actor& actor,
              TimePoint now) {
    Store::Lease& lease = Store::LeaseOf(tx);
    const std::string headline =
        !w.headline.empty() ? w.headline
                            : area_names + "发布重污染天气" +
                                  internal::LevelName(w.level) + "预警";
    SQLite::Statement& insert = lease.Prepare(
        "INSERT INTO warnings (id, level, areas, status, starts_at, ends_at, "
        "headline, reason, supersedes, ack_within_s, proposed_by, created_at, "
        "consultation_id, consultation_conclusion, exercise, exercise_name) "
        "VALUES (?, ?, ?, 'proposed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, id);
    insert.bind(2, w.level);
    insert.bind(3, json(w.areas).dump());
    insert.bind(4, ToUnixSeconds(w.starts_at));
    BindTime(insert, 5, w.ends_at);
    insert.bind(6, headline);
    insert.bind(7, w.reason);
    BindText(insert, 8, w.supersedes);
    w.ack_within_s ? insert.bind(9, *w.ack_within_s) : insert.bind(9);
    insert.bind(10, actor.username);
    insert.bind(11, ToUnixSeconds(now));
    BindText(insert, 12, w.consultation_id);
    BindText(insert, 13, w.consultation_conclusion);
    insert.bind(14, w.exercise ? 1 : 0);
    BindText(insert, 15, w.exercise_name);
    insert.exec();
  }

  // proposed -> active: the fan-out's first chunk (the rest is returned),
  // and the superseded warning's replacement.
  PendingFanOut Activate(WriteTx& tx, const Warning& row, const Actor& actor,
                         TimePoint now) {
    Store::Lease& lease = Store::LeaseOf(tx);
    SQLite::Statement& update = lease.Prepare(
        "UPDATE warnings SET status = 'active', activated_at = ?, "
        "approved_by = ? WHERE id = ?");
    update.bind(1, ToUnixSeconds(now));
    update.bind(2, actor.username);
    update.bind(3, row.id);
    update.exec();
    std::vector<std::string> areas = CoveredAreas(tx, row.areas);
    std::vector<std::string> replaced_orgs;
    std::optional<Warning> old;
    if (!row.supersedes.empty()) {
      old = internal::LoadWarning(tx, row.supersedes);
    }
    if (old && old->status == "active") {
      Close(tx, old->id, "superseded", "superseded by " + row.id, now);
      replaced_orgs = RecipientsOf(tx, old->id);
      internal::CancelOpenOrders(tx, old->id, now);
      for (const auto& area : CoveredAreas(tx, old->areas)) {
        if (std::find(areas.begin(), areas.end(), area) == areas.end()) {
          areas.push_back(area);
        }
      }
    }
    PendingFanOut fanout{row.id, row.level, row.exercise, now,
                         internal::PlanFanOut(tx, FactsOf(row), now)};
    std::set<std::string> recipients;
    for (const auto& order : fanout.orders) recipients.insert(order.draft.org);
    WriteChunk(tx, fanout);
    if (!fanout.done()) {
      internal::OpenFanOutJob(tx, row.id, fanout.orders.size(), now);
    }
    std::vector<std::string> dropped;
    for (const std::string& org : replaced_orgs) {
      if (!recipients.contains(org)) dropped.push_back(org);
    }
    if (old)
      SendLiftNotices(tx, *old, dropped, "预警已调整，本单位不再在预警范围内",
                      now);
    if (!row.exercise) internal::PublishAreaLevels(tx, areas, now);
    return fanout;
  }

  // The next chunk of `fanout` (all of it without chunks), as of its
  // activation, with the events of the orders written.
  void WriteChunk(WriteTx& tx, PendingFanOut& fanout) {
    const size_t end =
        fanout_.chunk == 0
            ? fanout.orders.size()
            : std::min(fanout.orders.size(), fanout.next + fanout_.chunk);
    std::vector<FannedOutOrder> written;
    for (; fanout.next < end; ++fanout.next) {
      auto& [draft, kind] = fanout.orders[fanout.next];
      draft.exercise = fanout.exercise;
      written.push_back({internal::InsertOrder(tx, draft, fanout.activated_at),
                         draft.org, kind});
    }
    if (events_) {
      events_->FannedOut(tx, fanout.warning_id, fanout.level, written,
                         fanout.activated_at);
    }
  }

  // The chunks after the first, each committed and announced before the
  // next is written; the last (or the first after the warning ended, or a
  // job with nothing left) closes the job. On a storage failure the job
  // stays open for ResumeFanOuts.
  Status FinishFanOut(PendingFanOut& fanout) {
    try {
      for (size_t chunks = 1;; ++chunks) {
        if (chunks == fanout_.hold_after_chunks) HoldForever();
        WriteTx tx(store_);
        const auto row = internal::LoadWarning(tx, fanout.warning_id);
        const bool ended = !row || row->status != "active";
        if (!ended && !fanout.done()) WriteChunk(tx, fanout);
        const bool last = ended || fanout.done();
        if (last) internal::CloseFanOutJob(tx, fanout.warning_id, clock_.Now());
        tx.Commit();
        if (outbox_written_) outbox_written_();
        if (last) return Ok{};
      }
    } catch (const std::exception& e) {
      return Error::Internal("fan-out of " + fanout.warning_id +
                             " (finished at the next start): " + e.what());
    }
  }

  // The fault hook: the fan-out stops here until the process is killed.
  [[noreturn]] static void HoldForever() {
    std::mutex mutex;
    std::condition_variable never;
    std::unique_lock lock(mutex);
    for (;;) never.wait(lock);
  }

  // The job's planned orders not yet written, planned again as of its
  // activation.
  PendingFanOut Unwritten(const internal::FanOutJob& job) {
    ReadTx tx(store_);
    PendingFanOut fanout;
    fanout.warning_id = job.warning_id;
    fanout.activated_at = job.activated_at;
    const auto row = internal::LoadWarning(tx, job.warning_id);
    if (!row || row->status != "active") return fanout;
    fanout.level = row->level;
    fanout.exercise = row->exercise;
    fanout.orders = internal::NotYetWritten(
        tx, row->id, internal::PlanFanOut(tx, FactsOf(*row), job.activated_at));
    return fanout;
  }

  static internal::WarningFacts FactsOf(const Warning& row) {
    return {row.id,       row.level,     row.areas,
            row.headline, row.starts_at, row.ack_within_s};
  }

  void RequestApproval(WriteTx& tx, const Warning& row, const Actor& actor,
                       TimePoint now) {
    const AckWindows windows(tx);
    for (const std::string& command : OrgsOfKind(tx, "command")) {
      OrderDraft d;
      d.org = command;
      d.kind = "approval_request";
      d.exercise = row.exercise;
      d.level = row.level;
      d.warning_id = row.id;
      d.effective_at = row.starts_at;
      d.ack_due_at = windows.Due("command", std::nullopt, now);
      d.title =
          "请审批" + internal::LevelName(row.level) + "预警：" + row.headline;
      d.body = actor.username + "提议发布" + row.headline + "，自" +
               internal::LocalMinutes(row.starts_at) + "起。理由：" +
               row.reason;
      internal::InsertOrder(tx, d, now);
    }
  }

  void Close(WriteTx& tx, const std::string& id, const std::string& status,
             const std::string& reason, TimePoint now) {
    Store::Lease& lease = Store::LeaseOf(tx);
    SQLite::Statement& update = lease.Prepare(
        "UPDATE warnings SET status = ?, closed_at = ?, close_reason = ? "
        "WHERE id = ?");
    update.bind(1, status);
    update.bind(2, ToUnixSeconds(now));
    update.bind(3, reason);
    update.bind(4, id);
    update.exec();
    if (events_) events_->Ended(tx, id, now);
  }

  // Orgs that received the warning's orders (not approval requests).
  std::vector<std::string> RecipientsOf(ReadTx& tx, const std::string& id) {
    Store::Lease& lease = Store::LeaseOf(tx);
    std::vector<std::string> orgs;
    SQLite::Statement& query = lease.Prepare(
        "SELECT DISTINCT org FROM orders_view WHERE warning_id = ? AND kind "
        "NOT IN "
        "('approval_request', 'lift_notice', 'escalation')");
    query.bind(1, id);
    while (query.executeStep()) orgs.push_back(query.getColumn(0).getString());
    return orgs;
  }

  void SendLiftNotices(WriteTx& tx, const Warning& row,
                       const std::vector<std::string>& orgs,
                       const std::string& reason, TimePoint now) {
    Store::Lease& lease = Store::LeaseOf(tx);
    const AckWindows windows(tx);
    SQLite::Statement& kind_of =
        lease.Prepare("SELECT kind FROM orgs_view WHERE id = ?");
    for (const std::string& org : orgs) {
      kind_of.reset();
      kind_of.bind(1, org);
      const std::string kind =
          kind_of.executeStep() ? kind_of.getColumn(0).getString() : "unit";
      OrderDraft d;
      d.org = org;
      d.kind = "lift_notice";
      d.exercise = row.exercise;
      d.level = row.level;
      d.warning_id = row.id;
      d.effective_at = now;
      d.ack_due_at = windows.Due(kind, std::nullopt, now);
      d.title = "预警解除：" + row.headline;
      d.body = row.headline + "已于" + internal::LocalMinutes(now) +
               "解除。说明：" + reason + "。请按解除后的安排恢复正常。";
      internal::InsertOrder(tx, d, now);
    }
  }

  void Audit(WriteTx& tx, const Actor& actor, const std::string& action,
             const std::string& id, const json& detail, TimePoint now) {
    RecordAudit(tx, {actor.username, action, "warning", id, detail.dump()},
                now);
  }

  Store& store_;
  const Clock& clock_;
  std::function<void()> outbox_written_;
  WarningEvents* const events_;
  const FanOutOptions fanout_;
};

WarningService::WarningService(Store& store, const Clock& clock,
                               std::function<void()> outbox_written,
                               WarningEvents* events, FanOutOptions fanout)
    : impl_(std::make_shared<Impl>(store, clock, std::move(outbox_written),
                                   events, fanout)) {}

Result<int> WarningService::ResumeFanOuts() { return impl_->ResumeFanOuts(); }

Result<Warning> WarningService::Create(const WarningRequest& r,
                                       const Actor& a) {
  return impl_->Create(r, a);
}
Result<WarningPreview> WarningService::Preview(const WarningRequest& r) const {
  return impl_->Preview(r);
}
Result<Warning> WarningService::Approve(const std::string& id, const Actor& a) {
  return impl_->Approve(id, a);
}
Result<Warning> WarningService::Reject(const std::string& id,
                                       const std::string& reason,
                                       const Actor& a) {
  return impl_->Reject(id, reason, a);
}
Result<Warning> WarningService::Lift(const std::string& id,
                                     const std::string& reason,
                                     const Actor& a) {
  return impl_->Lift(id, reason, a);
}
Result<Warning> WarningService::Get(const std::string& id,
                                    const WarningAudience& audience) const {
  return impl_->Get(id, audience);
}
Result<std::vector<Warning>> WarningService::List(
    const std::string& status, const PageRequest& page,
    const WarningAudience& audience, std::optional<bool> exercise) const {
  return impl_->List(status, exercise, page, audience);
}
Result<CapFeed> WarningService::Feed() const { return impl_->Feed(); }
Result<std::string> WarningService::Fingerprint() const {
  return impl_->Fingerprint();
}
Result<std::vector<Order>> WarningService::Orders(
    const std::string& id, const OrderFilter& filter) const {
  return impl_->Orders(id, filter);
}
Result<std::string> WarningService::Cap(const std::string& id,
                                        const WarningAudience& audience) const {
  return impl_->Cap(id, audience);
}

}  // namespace hazegate

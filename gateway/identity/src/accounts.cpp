#include "hazegate/identity/accounts.h"

#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <thread>

#include "hazegate/core/columns.h"
#include "hazegate/core/ids.h"
#include "hazegate/core/sliding_window_limit.h"
#include "hazegate/core/store.h"
#include "password.h"

namespace hazegate {

namespace {

// Per (address, username): one address's guesses lock only that address
// out of that account. Per address: one address guessing many names. Per
// username from everywhere: a distributed guess, which takes at least
// kMaxFailuresPerUser / kMaxFailuresPerPair addresses.
constexpr int kMaxFailuresPerPair = 5;
constexpr int kMaxFailuresPerAddress = 20;
constexpr int kMaxFailuresPerUser = 50;
constexpr std::chrono::minutes kThrottleWindow{15};
constexpr size_t kMinPasswordLength = 10;
constexpr size_t kMaxPasswordLength = 1024;

bool IsValidUsername(const std::string& name) {
  if (name.size() < 3 || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// Field errors of a new account that need no database.
std::vector<FieldError> CheckNewAccount(const NewAccount& account) {
  std::vector<FieldError> errors;
  if (!IsValidUsername(account.username)) {
    errors.push_back(
        {"username", "must be 3-64 of a-z, A-Z, 0-9, '.', '_', '-'"});
  }
  const auto role = ParseRole(account.role);
  if (!role) {
    errors.push_back({"role", "unknown role " + account.role});
  } else if (*role == Role::kAdmin && !account.org.empty()) {
    errors.push_back({"org", "an admin account has no org"});
  } else if (*role != Role::kAdmin && account.org.empty()) {
    errors.push_back({"org", "is required for role " + account.role});
  }
  if (account.password && account.password->size() < kMinPasswordLength) {
    errors.push_back({"password", "must be at least 10 characters"});
  }
  return errors;
}

struct StoredAccount {
  int64_t seq;
  Principal principal;
  std::string password_hash;
  bool disabled = false;
};

std::optional<StoredAccount> FindAccount(SQLite::Database& db,
                                         const std::string& username) {
  SQLite::Statement query(db,
                          "SELECT seq, role, org, password_hash, disabled_at "
                          "FROM accounts WHERE username = ?");
  query.bind(1, username);
  if (!query.executeStep()) return std::nullopt;
  StoredAccount account;
  account.seq = query.getColumn(0).getInt64();
  account.principal.username = username;
  account.principal.role = *ParseRole(query.getColumn(1).getString());
  account.principal.org = query.getColumn(2).getString();
  account.password_hash = query.getColumn(3).getString();
  account.disabled = !query.getColumn(4).isNull();
  return account;
}

// A wall screen's login lasts a year; everyone else's a week.
std::chrono::hours LoginLifetime(Role role) {
  return role == Role::kDisplay ? Accounts::kDisplayTokenLifetime
                                : Accounts::kLoginTokenLifetime;
}

// A hash to verify against when the username is unknown, so that timing does
// not tell which usernames exist.
const std::string& DecoyHash() {
  static const std::string hash = internal::HashPassword(RandomHex(16));
  return hash;
}

}  // namespace

Accounts::Accounts(Store& store, const Clock& clock)
    : store_(store),
      clock_(clock),
      pair_throttle_(std::make_unique<SlidingWindowLimit>(
          clock, kMaxFailuresPerPair, kThrottleWindow)),
      address_throttle_(std::make_unique<SlidingWindowLimit>(
          clock, kMaxFailuresPerAddress, kThrottleWindow)),
      user_throttle_(std::make_unique<SlidingWindowLimit>(
          clock, kMaxFailuresPerUser, kThrottleWindow)) {}

Accounts::~Accounts() = default;

Result<IssuedToken> Accounts::IssueToken(WriteTx& tx, int64_t account_seq,
                                         const Principal& principal,
                                         std::chrono::hours lifetime) {
  Store::Lease& lease = Store::LeaseOf(tx);
  const TimePoint now = clock_.Now();
  IssuedToken issued{NewSecretToken(), now + lifetime, principal};
  SQLite::Statement& insert = lease.Prepare(
      "INSERT INTO tokens (token_hash, account_seq, "
      "issued_at, expires_at) VALUES (?, ?, ?, ?)");
  insert.bind(1, Sha256Hex(issued.token));
  insert.bind(2, account_seq);
  insert.bind(3, ToUnixSeconds(now));
  insert.bind(4, ToUnixSeconds(issued.expires_at));
  insert.exec();
  return issued;
}

namespace {

// The account's username is free (its org is checked by the foreign key:
// the directory is config's).
Status CheckInsertable(SQLite::Database& db, const NewAccount& account) {
  if (FindAccount(db, account.username)) {
    return Error::Conflict("username " + account.username + " is taken");
  }
  return Ok{};
}

// Inserts the account row and its audit entry; returns the row's seq, or
// the `org` field's error when the directory has no such org.
Result<int64_t> InsertAccountRow(WriteTx& tx, const NewAccount& account,
                                 const std::string& hash,
                                 const std::string& actor, TimePoint now) {
  SQLite::Database& db = Store::LeaseOf(tx).db();
  SQLite::Statement insert(db,
                           "INSERT INTO accounts (username, role, org, "
                           "password_hash, created_at) VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, account.username);
  insert.bind(2, account.role);
  BindText(insert, 3, account.org);
  BindText(insert, 4, hash);
  insert.bind(5, ToUnixSeconds(now));
  try {
    insert.exec();
  } catch (const SQLite::Exception& e) {
    if (e.getExtendedErrorCode() != SQLITE_CONSTRAINT_FOREIGNKEY) throw;
    return Error::InvalidField("org", "unknown org " + account.org);
  }
  const int64_t seq = db.getLastInsertRowid();
  const nlohmann::json detail = {{"role", account.role}, {"org", account.org}};
  RecordAudit(
      tx, {actor, "account.create", "account", account.username, detail.dump()},
      now);
  return seq;
}

}  // namespace

Result<IssuedToken> Accounts::Create(const NewAccount& account,
                                     const std::string& actor) {
  std::vector<FieldError> errors = CheckNewAccount(account);
  if (!errors.empty()) return Error::Invalid("invalid account", errors);
  const std::string hash =
      account.password ? internal::HashPassword(*account.password) : "";
  try {
    WriteTx tx(store_);
    Store::Lease& lease = Store::LeaseOf(tx);
    SQLite::Database& db = lease.db();
    if (auto insertable = CheckInsertable(db, account); !insertable.ok()) {
      return insertable.error();
    }
    auto seq = InsertAccountRow(tx, account, hash, actor, clock_.Now());
    if (!seq.ok()) return seq.error();
    const Principal principal{account.username, *ParseRole(account.role),
                              account.org};
    auto issued = IssueToken(tx, seq.value(), principal, kIssuedTokenLifetime);
    tx.Commit();
    return issued;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("creating account: ") + e.what());
  }
}

std::vector<FieldError> Accounts::Check(const NewAccount& account) {
  return CheckNewAccount(account);
}

std::vector<std::string> Accounts::HashPasswords(
    const std::vector<std::string>& passwords) {
  std::vector<std::string> hashes(passwords.size());
  const size_t workers = std::max<size_t>(
      1,
      std::min<size_t>(std::thread::hardware_concurrency(), passwords.size()));
  std::vector<std::thread> threads;
  for (size_t w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      for (size_t i = w; i < passwords.size(); i += workers) {
        hashes[i] = internal::HashPassword(passwords[i]);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  return hashes;
}

Status Accounts::Insert(WriteTx& tx, const NewAccount& account,
                        const std::string& password_hash,
                        const std::string& actor) const {
  Store::Lease& lease = Store::LeaseOf(tx);
  if (auto insertable = CheckInsertable(lease.db(), account);
      !insertable.ok()) {
    return insertable;
  }
  auto seq = InsertAccountRow(tx, account, password_hash, actor, clock_.Now());
  if (!seq.ok()) return seq.error();
  return Ok{};
}

namespace {

// Revokes the account's live tokens but `keep_hash`'s; returns how many.
int RevokeTokens(SQLite::Database& db, int64_t account_seq, TimePoint now,
                 const std::string& keep_hash = "") {
  SQLite::Statement revoke(db,
                           "UPDATE tokens SET revoked_at = ? WHERE "
                           "account_seq = ? AND revoked_at IS NULL AND "
                           "token_hash != ?");
  revoke.bind(1, ToUnixSeconds(now));
  revoke.bind(2, account_seq);
  revoke.bind(3, keep_hash);
  return revoke.exec();
}

// The live token's account seq and username, if any.
std::optional<std::pair<int64_t, std::string>> TokenAccount(
    SQLite::Database& db, const std::string& token_hash, TimePoint now) {
  SQLite::Statement query(db,
                          "SELECT a.seq, a.username FROM tokens t JOIN "
                          "accounts a ON a.seq = t.account_seq WHERE "
                          "t.token_hash = ? AND t.revoked_at IS NULL AND "
                          "t.expires_at > ? AND a.disabled_at IS NULL");
  query.bind(1, token_hash);
  query.bind(2, ToUnixSeconds(now));
  if (!query.executeStep()) return std::nullopt;
  return std::pair{query.getColumn(0).getInt64(),
                   query.getColumn(1).getString()};
}

}  // namespace

Status Accounts::Revoke(const std::string& username, const std::string& actor) {
  return EndAccess(username, actor, false);
}

Status Accounts::Disable(const std::string& username,
                         const std::string& actor) {
  return EndAccess(username, actor, true);
}

Status Accounts::EndAccess(const std::string& username,
                           const std::string& actor, bool disable) {
  try {
    WriteTx tx(store_);
    Store::Lease& lease = Store::LeaseOf(tx);
    SQLite::Database& db = lease.db();
    const auto account = FindAccount(db, username);
    if (!account) return Error::NotFound("account " + username);
    const TimePoint now = clock_.Now();
    const int revoked = RevokeTokens(db, account->seq, now);
    if (disable) {
      SQLite::Statement mark(db,
                             "UPDATE accounts SET disabled_at = "
                             "coalesce(disabled_at, ?) WHERE seq = ?");
      mark.bind(1, ToUnixSeconds(now));
      mark.bind(2, account->seq);
      mark.exec();
    }
    RecordAudit(
        tx,
        {actor, disable ? "account.disable" : "account.revoke", "account",
         username, nlohmann::json{{"tokens", revoked}}.dump()},
        now);
    tx.Commit();
    return Ok{};
  } catch (const std::exception& e) {
    return Error::Internal(std::string("ending access: ") + e.what());
  }
}

Status Accounts::Logout(const std::string& token) {
  try {
    WriteTx tx(store_);
    Store::Lease& lease = Store::LeaseOf(tx);
    SQLite::Statement revoke(lease.db(),
                             "UPDATE tokens SET revoked_at = ? WHERE "
                             "token_hash = ? AND revoked_at IS NULL");
    revoke.bind(1, ToUnixSeconds(clock_.Now()));
    revoke.bind(2, Sha256Hex(token));
    if (revoke.exec() == 0) return Error::Unauthenticated("token revoked");
    tx.Commit();
    return Ok{};
  } catch (const std::exception& e) {
    return Error::Internal(std::string("logout: ") + e.what());
  }
}

Status Accounts::ChangePassword(const std::string& token,
                                const std::string& old_password,
                                const std::string& new_password,
                                const std::string& client_address) {
  if (new_password.size() < kMinPasswordLength ||
      new_password.size() > kMaxPasswordLength) {
    return Error::InvalidField("new_password", "must be 10-1024 characters");
  }
  const std::string token_hash = Sha256Hex(token);
  std::optional<StoredAccount> account;
  try {
    auto lease = store_.Acquire();
    const auto owner = TokenAccount(lease.db(), token_hash, clock_.Now());
    if (!owner) return Error::Unauthenticated("token revoked");
    account = FindAccount(lease.db(), owner->second);
  } catch (const std::exception& e) {
    return Error::Internal(std::string("password change: ") + e.what());
  }
  auto checked =
      Throttled(account->principal.username, client_address, [&]() -> Status {
        if (old_password.size() > kMaxPasswordLength ||
            account->password_hash.empty() ||
            !internal::VerifyPassword(account->password_hash, old_password)) {
          return Error::Unauthenticated("wrong password");
        }
        return Ok{};
      });
  if (!checked.ok()) {
    if (checked.error().kind != ErrorKind::kUnauthenticated) return checked;
    return Error::InvalidField("old_password", "is not the account's password");
  }
  return StorePassword(account->seq, account->principal.username,
                       internal::HashPassword(new_password), token_hash);
}

Status Accounts::StorePassword(int64_t account_seq, const std::string& username,
                               const std::string& hash,
                               const std::string& keep_token_hash) {
  try {
    WriteTx tx(store_);
    Store::Lease& lease = Store::LeaseOf(tx);
    SQLite::Statement update(lease.db(),
                             "UPDATE accounts SET password_hash = ? WHERE "
                             "seq = ? AND disabled_at IS NULL");
    update.bind(1, hash);
    update.bind(2, account_seq);
    if (update.exec() == 0) return Error::Unauthenticated("account disabled");
    const TimePoint now = clock_.Now();
    const int revoked =
        RevokeTokens(lease.db(), account_seq, now, keep_token_hash);
    RecordAudit(tx,
                {username, "account.password", "account", username,
                 nlohmann::json{{"tokens", revoked}}.dump()},
                now);
    tx.Commit();
    return Ok{};
  } catch (const std::exception& e) {
    return Error::Internal(std::string("storing a password: ") + e.what());
  }
}

namespace {

// One reserved login attempt on a throttle; ends with the attempt's outcome
// (a failure counts), or uncounted if it ended otherwise.
class Reservation {
 public:
  Reservation(SlidingWindowLimit& throttle, std::string key,
              bool clear_on_success)
      : throttle_(throttle),
        key_(std::move(key)),
        clear_on_success_(clear_on_success),
        held_(throttle_.TryBegin(key_)) {}
  ~Reservation() {
    if (held_) throttle_.Finish(key_, failed_, clear_on_success_ && succeeded_);
  }
  Reservation(const Reservation&) = delete;
  Reservation& operator=(const Reservation&) = delete;

  bool held() const { return held_; }
  void Failed() { failed_ = true; }
  void Succeeded() { succeeded_ = true; }

 private:
  SlidingWindowLimit& throttle_;
  const std::string key_;
  const bool clear_on_success_;
  const bool held_;
  bool failed_ = false;
  bool succeeded_ = false;
};

}  // namespace

Status Accounts::Throttled(const std::string& username,
                           const std::string& address,
                           const std::function<Status()>& check) {
  const std::string pair_key = "pair:" + address + "|" + username;
  const std::string address_key = "addr:" + address;
  const std::string user_key = "user:" + username;
  Reservation pair(*pair_throttle_, pair_key, true);
  Reservation by_address(*address_throttle_, address_key, false);
  Reservation user(*user_throttle_, user_key, false);
  if (!pair.held() || !by_address.held() || !user.held()) {
    const auto wait = std::max({pair_throttle_->RetryAfter(pair_key),
                                address_throttle_->RetryAfter(address_key),
                                user_throttle_->RetryAfter(user_key)});
    return Error::RateLimited("too many failed logins; try again later",
                              static_cast<int>(wait.count()));
  }
  Status outcome = check();
  if (!outcome.ok() && outcome.error().kind == ErrorKind::kUnauthenticated) {
    for (Reservation* reservation : {&pair, &by_address, &user}) {
      reservation->Failed();
    }
  } else if (outcome.ok()) {
    pair.Succeeded();
  }
  return outcome;
}

Result<IssuedToken> Accounts::Login(const std::string& username,
                                    const std::string& password,
                                    const std::string& client_address) {
  // The format first: a name no account can have, or an absurd password,
  // costs neither a hash nor a throttle entry.
  if (!IsValidUsername(username) || password.size() > kMaxPasswordLength) {
    return Error::Unauthenticated("wrong username or password");
  }
  std::optional<Result<IssuedToken>> issued;
  Status checked = Throttled(username, client_address, [&]() -> Status {
    issued = VerifyAndIssue(username, password);
    if (!issued->ok()) return issued->error();
    return Ok{};
  });
  if (!checked.ok()) return checked.error();
  return std::move(*issued);
}

Result<IssuedToken> Accounts::VerifyAndIssue(const std::string& username,
                                             const std::string& password) {
  try {
    std::optional<StoredAccount> account;
    {
      auto lease = store_.Acquire();
      account = FindAccount(lease.db(), username);
    }
    // Verified without holding a database connection (argon2 is slow).
    const std::string& hash = account && !account->password_hash.empty()
                                  ? account->password_hash
                                  : DecoyHash();
    const bool verified = internal::VerifyPassword(hash, password);
    if (!account || account->password_hash.empty() || !verified ||
        account->disabled) {
      return Error::Unauthenticated("wrong username or password");
    }
    WriteTx tx(store_);
    auto issued = IssueToken(tx, account->seq, account->principal,
                             LoginLifetime(account->principal.role));
    tx.Commit();
    return issued;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("login: ") + e.what());
  }
}

Result<SetupCode> Accounts::CreateSetupCode(const std::string& token) {
  try {
    WriteTx tx(store_);
    Store::Lease& lease = Store::LeaseOf(tx);
    const TimePoint now = clock_.Now();
    const auto owner = TokenAccount(lease.db(), Sha256Hex(token), now);
    if (!owner) return Error::Unauthenticated("token revoked");
    SetupCode code{RandomHex(10), now + kSetupCodeLifetime};
    SQLite::Statement& insert = lease.Prepare(
        "INSERT INTO setup_codes (code_hash, account_seq, created_at, "
        "expires_at) VALUES (?, ?, ?, ?)");
    insert.bind(1, Sha256Hex(code.code));
    insert.bind(2, owner->first);
    insert.bind(3, ToUnixSeconds(now));
    insert.bind(4, ToUnixSeconds(code.expires_at));
    insert.exec();
    tx.Commit();
    return code;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("setup code: ") + e.what());
  }
}

Result<IssuedToken> Accounts::LoginWithSetupCode(
    const std::string& code, const std::string& client_address) {
  if (code.size() > 64) return Error::Unauthenticated("unknown setup code");
  std::optional<Result<IssuedToken>> issued;
  // Guesses are counted per address only: a flood of them from one place
  // must not lock every new phone out.
  const std::string key = "setup-code@" + client_address;
  Status checked = Throttled(key, client_address, [&]() -> Status {
    issued = SpendSetupCode(code);
    if (!issued->ok()) return issued->error();
    return Ok{};
  });
  if (!checked.ok()) return checked.error();
  return std::move(*issued);
}

Result<IssuedToken> Accounts::SpendSetupCode(const std::string& code) {
  try {
    WriteTx tx(store_);
    Store::Lease& lease = Store::LeaseOf(tx);
    const TimePoint now = clock_.Now();
    SQLite::Statement& spend = lease.Prepare(
        "UPDATE setup_codes SET used_at = ?1 WHERE code_hash = ?2 AND "
        "used_at IS NULL AND expires_at > ?1 RETURNING account_seq");
    spend.bind(1, ToUnixSeconds(now));
    spend.bind(2, Sha256Hex(code));
    if (!spend.executeStep()) {
      return Error::Unauthenticated("unknown, used or expired setup code");
    }
    const int64_t seq = spend.getColumn(0).getInt64();
    spend.reset();
    SQLite::Statement& owner = lease.Prepare(
        "SELECT username, role, org FROM accounts WHERE seq = ? AND "
        "disabled_at IS NULL");
    owner.bind(1, seq);
    if (!owner.executeStep()) {
      return Error::Unauthenticated("unknown, used or expired setup code");
    }
    const Principal principal{owner.getColumn(0).getString(),
                              *ParseRole(owner.getColumn(1).getString()),
                              owner.getColumn(2).getString()};
    owner.reset();
    auto issued = IssueToken(tx, seq, principal, LoginLifetime(principal.role));
    tx.Commit();
    return issued;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("setup code login: ") + e.what());
  }
}

Result<Principal> Accounts::Authenticate(const std::string& token) const {
  if (token.empty()) return Error::Unauthenticated("missing bearer token");
  auto lease = store_.Acquire();
  try {
    SQLite::Statement& query = lease.Prepare(
        "SELECT a.username, a.role, a.org, t.expires_at, t.revoked_at "
        "FROM tokens t JOIN accounts a ON a.seq = t.account_seq "
        "WHERE t.token_hash = ? AND a.disabled_at IS NULL");
    query.bind(1, Sha256Hex(token));
    if (!query.executeStep()) return Error::Unauthenticated("invalid token");
    if (!query.getColumn(4).isNull()) {
      return Error::Unauthenticated("token revoked");
    }
    if (query.getColumn(3).getInt64() <= ToUnixSeconds(clock_.Now())) {
      return Error::Unauthenticated("token expired");
    }
    return Principal{query.getColumn(0).getString(),
                     *ParseRole(query.getColumn(1).getString()),
                     query.getColumn(2).getString()};
  } catch (const std::exception& e) {
    return Error::Internal(std::string("authenticating: ") + e.what());
  }
}

}  // namespace hazegate

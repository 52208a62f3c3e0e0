// Accounts: creation, login, bearer-token authentication and revocation.
// Passwords are stored as argon2id hashes; tokens (256 random bits) only as
// their SHA-256. Failed logins are throttled per username and per client
// address. Thread-safe; the Store and Clock must outlive it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hazegate/core/clock.h"
#include "hazegate/core/result.h"
#include "hazegate/core/tx.h"
#include "hazegate/identity/roles.h"

namespace hazegate {

struct IssuedToken {
  std::string token;  // shown once; never stored in clear
  TimePoint expires_at;
  Principal principal;
};

// A one-time code that sets up a new phone (POST /auth/setup-codes).
struct SetupCode {
  std::string code;  // shown once; only its SHA-256 is stored
  TimePoint expires_at;
};

struct NewAccount {
  std::string username;  // 3-64 of a-z A-Z 0-9 . _ -
  std::string role;      // a role name
  std::string org;       // required except for admin, which has none
  std::optional<std::string> password;  // at least 10 characters
};

class SlidingWindowLimit;

class Accounts {
 public:
  // Lifetime of tokens from login, and of tokens issued at creation (for
  // provisioned devices and scripts).
  static constexpr std::chrono::hours kLoginTokenLifetime{24 * 7};
  static constexpr std::chrono::hours kIssuedTokenLifetime{24 * 90};
  // A wall screen's login (role display): it hangs in the command hall.
  static constexpr std::chrono::hours kDisplayTokenLifetime{24 * 365};
  static constexpr std::chrono::minutes kSetupCodeLifetime{10};

  Accounts(Store& store, const Clock& clock);
  ~Accounts();

  // Creates the account and issues its first token. kInvalidInput names the
  // field; an existing username is kConflict.
  Result<IssuedToken> Create(const NewAccount& account,
                             const std::string& actor);

  // Bulk creation (hazegate device import), in three steps: the field
  // errors Create would report; the passwords' hashes, computed on every
  // core; the account inserted without a token inside the caller's
  // WriteTx (kConflict if the username is taken, "org" if unknown).
  static std::vector<FieldError> Check(const NewAccount& account);
  static std::vector<std::string> HashPasswords(
      const std::vector<std::string>& passwords);
  Status Insert(WriteTx& tx, const NewAccount& account,
                const std::string& password_hash,
                const std::string& actor) const;

  // Revokes every token of the account at once; kNotFound if unknown.
  Status Revoke(const std::string& username, const std::string& actor);

  // Revokes every token and refuses logins from now on (hazegate account
  // disable); kNotFound if unknown. The account's devices are the device
  // service's to delete.
  Status Disable(const std::string& username, const std::string& actor);

  // POST /auth/logout: revokes this one token (kUnauthenticated if it is
  // not a live token).
  Status Logout(const std::string& token);

  // POST /auth/password: checks the old password (throttled as a login
  // from `client_address`), stores the new one (10-1024 characters) and
  // revokes every other token of the account. kInvalidInput names
  // old_password or new_password.
  Status ChangePassword(const std::string& token,
                        const std::string& old_password,
                        const std::string& new_password,
                        const std::string& client_address);

  // kUnauthenticated on a wrong username or password (indistinguishable,
  // and without a hash for a name no account can have); kRateLimited when
  // recent failures plus attempts in flight reach the limit for the
  // address and username together (5), the address (20) or the username
  // from every address (50), with the seconds until one frees.
  Result<IssuedToken> Login(const std::string& username,
                            const std::string& password,
                            const std::string& client_address);

  // POST /auth/setup-codes: a code for the account behind `token`, valid
  // kSetupCodeLifetime and once (kUnauthenticated if the token is not live).
  Result<SetupCode> CreateSetupCode(const std::string& token);

  // POST /auth/login {setup_code}: spends the code on a login token of its
  // account; kUnauthenticated if unknown, used or expired, throttled as a
  // failed login from `client_address`.
  Result<IssuedToken> LoginWithSetupCode(const std::string& code,
                                         const std::string& client_address);

  // The caller behind a bearer token; kUnauthenticated if unknown, expired
  // or revoked.
  Result<Principal> Authenticate(const std::string& token) const;

 private:
  // Revokes every token; with `disable` also refuses logins from now on.
  Status EndAccess(const std::string& username, const std::string& actor,
                   bool disable);
  // Stores a new password hash; revokes the account's tokens but one.
  Status StorePassword(int64_t account_seq, const std::string& username,
                       const std::string& hash,
                       const std::string& keep_token_hash);
  // Checks the password (argon2) and issues a login token.
  Result<IssuedToken> VerifyAndIssue(const std::string& username,
                                     const std::string& password);
  // Runs `check` (a password check) under the login throttles for
  // `username` from `address`: kRateLimited without running it if a limit
  // is reached; a kUnauthenticated outcome counts as a failure.
  Status Throttled(const std::string& username, const std::string& address,
                   const std::function<Status()>& check);
  // Spends the setup code and issues a token of its account.
  Result<IssuedToken> SpendSetupCode(const std::string& code);
  Result<IssuedToken> IssueToken(WriteTx& tx, int64_t account_seq,
                                 const Principal& principal,
                                 std::chrono::hours lifetime);

  Store& store_;
  const Clock& clock_;
  std::unique_ptr<SlidingWindowLimit> pair_throttle_;
  std::unique_ptr<SlidingWindowLimit> address_throttle_;
  std::unique_ptr<SlidingWindowLimit> user_throttle_;
};

}  // namespace hazegate

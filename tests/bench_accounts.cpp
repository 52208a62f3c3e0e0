// Benchmark helper (not a test) for scripts/bench/devices.sh:
//   bench_accounts hash COUNT -> seconds to hash COUNT account passwords
//                                (argon2id, every core): the floor that
//                                giving each imported account a password sets
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "hazegate/identity/accounts.h"

int main(int argc, char** argv) {
  if (argc != 3 || std::string(argv[1]) != "hash") {
    std::cerr << "usage: bench_accounts hash COUNT\n";
    return 2;
  }
  const std::vector<std::string> passwords(std::stoul(argv[2]),
                                           "a-password-of-24-chars!!");
  const auto start = std::chrono::steady_clock::now();
  const auto hashes = hazegate::Accounts::HashPasswords(passwords);
  const std::chrono::duration<double> took =
      std::chrono::steady_clock::now() - start;
  std::cout << took.count() << "\n";
  return hashes.size() == passwords.size() ? 0 : 1;
}

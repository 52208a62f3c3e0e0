// Parts of the bulletins (BulletinService): compiling the figures, and the
// printable page and CSV of a version. Read-only in the caller's
// transaction; pure where they take no transaction.
#pragma once

#include <string>
#include <vector>

#include "hazegate/core/tx.h"
#include "hazegate/oversight/bulletins.h"
#include "hazegate/warnings/warning.h"

namespace hazegate::internal {

// 重污染天气应急工作日报 or …专报: a kind's name, the page's masthead.
inline const char* BulletinKindName(const std::string& kind) {
  return kind == "daily" ? "重污染天气应急工作日报" : "重污染天气应急工作专报";
}

// The ids of the real warnings in force, the oldest first.
std::vector<std::string> RealWarningsInForce(ReadTx& tx);

// The figures of `rows` as of `now`.
BulletinFigures CompileFigures(ReadTx& tx, const std::vector<Warning>& rows,
                               TimePoint now);

// The version as an A4 page in Chinese (HTML, no scripts) and as CSV
// (section, warning, key, figure rows); area and org names from `tx`.
std::string BulletinPage(ReadTx& tx, const Bulletin& bulletin,
                         const std::string& office);
std::string BulletinCsv(const Bulletin& bulletin);

}  // namespace hazegate::internal

// Bulletins as JSON (contract v3 "Information work"): at the HTTP edge, and
// the figures as the oversight room freezes them in the store. Pure;
// thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "hazegate/oversight/bulletins.h"

namespace hazegate {

// {id, series, kind, warning_id, version, status, number, title, text,
// compiled_at, compiled_by, approved_by, approved_at, sent:[{to, by, at}],
// figures?}: figures unless `with_figures` is false (lists).
nlohmann::json BulletinToJson(const Bulletin& bulletin, bool with_figures);

// {as_of, warnings:[{id, level, …}]} and back; FiguresFromJson throws
// nlohmann::json's exception on another shape.
nlohmann::json FiguresToJson(const BulletinFigures& figures);
BulletinFigures FiguresFromJson(const nlohmann::json& figures);

}  // namespace hazegate

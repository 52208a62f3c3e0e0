#include "hazegate/forecast/migrations.h"

namespace hazegate {

const RoomMigrations& ForecastMigrations() {
  static const RoomMigrations migrations{
      "forecast",
      {
          // 19: forecasts as submitted, and their days per area.
          {19, R"sql(
CREATE TABLE forecasts (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  issued_at  INTEGER NOT NULL,
  source     TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE forecast_days (
  forecast_seq      INTEGER NOT NULL REFERENCES forecasts(seq),
  area              TEXT NOT NULL REFERENCES areas(code),
  date              TEXT NOT NULL,
  aqi               INTEGER NOT NULL,
  pm25              REAL,
  primary_pollutant TEXT,
  PRIMARY KEY (forecast_seq, area, date)
);
CREATE INDEX forecast_days_by_area ON forecast_days(area, forecast_seq);
)sql"},
          // 20: the region's warning notices (区域预警) and the office's
          // consultations (研判会商); areas and participants as JSON arrays.
          {20, R"sql(
CREATE TABLE regional_notices (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  id          TEXT NOT NULL UNIQUE,
  document_no TEXT NOT NULL,
  issued_by   TEXT NOT NULL,
  level       TEXT NOT NULL,
  areas       TEXT NOT NULL,
  starts_at   INTEGER NOT NULL,
  respond_by  INTEGER NOT NULL,
  text        TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE TABLE consultations (
  seq               INTEGER PRIMARY KEY AUTOINCREMENT,
  id                TEXT NOT NULL UNIQUE,
  held_at           INTEGER NOT NULL,
  participants      TEXT NOT NULL,
  forecast_id       TEXT REFERENCES forecasts(id),
  areas             TEXT NOT NULL,
  recommended_level TEXT NOT NULL,
  conclusion        TEXT NOT NULL,
  created_by        TEXT NOT NULL,
  created_at        INTEGER NOT NULL
);
)sql"},
          // 24: notices and consultations as the evaluation reads them.
          {24, R"sql(
CREATE VIEW regional_notices_view AS
  SELECT seq, id, document_no, issued_by, level, areas, starts_at,
         respond_by, created_by, created_at FROM regional_notices;
CREATE VIEW consultations_view AS
  SELECT seq, id, held_at, participants, forecast_id, areas,
         recommended_level, conclusion, created_by, created_at
    FROM consultations;
)sql"},
          // 28: forecasts as the season view reads them.
          {28, R"sql(
CREATE VIEW forecasts_view AS
  SELECT seq, id, issued_at, source, created_by, created_at FROM forecasts;
CREATE VIEW forecast_days_view AS
  SELECT forecast_seq, area, date, aqi, pm25, primary_pollutant
    FROM forecast_days;
)sql"},
      }};
  return migrations;
}

}  // namespace hazegate

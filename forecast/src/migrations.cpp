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
      }};
  return migrations;
}

}  // namespace hazegate

#include "hazegate/app/schema.h"

#include "hazegate/config/migrations.h"
#include "hazegate/core/migrations.h"
#include "hazegate/forecast/migrations.h"
#include "hazegate/identity/migrations.h"
#include "hazegate/inspection/migrations.h"
#include "hazegate/mqtt/migrations.h"
#include "hazegate/orders/migrations.h"
#include "hazegate/oversight/migrations.h"
#include "hazegate/sms/migrations.h"
#include "hazegate/warnings/migrations.h"

namespace hazegate {

const Schema& HazegateSchema() {
  static const Schema schema = {
      CoreMigrations(),       ConfigMigrations(),   IdentityMigrations(),
      OrdersMigrations(),     WarningsMigrations(), MqttMigrations(),
      InspectionMigrations(), ForecastMigrations(), OversightMigrations(),
      SmsMigrations(),
  };
  return schema;
}

}  // namespace hazegate

// hazegate's whole schema: every room's migrations, the rooms below first
// (docs/architecture.md). What the server, the command line and the tests
// open their store with.
#pragma once

#include "hazegate/core/schema.h"

namespace hazegate {

const Schema& HazegateSchema();

}  // namespace hazegate

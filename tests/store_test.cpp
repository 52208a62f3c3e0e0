#include "hazegate/core/store.h"

#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <vector>

#include "hazegate/app/schema.h"
#include "support.h"

namespace hazegate {
namespace {

using testing::TempDir;

TEST(Store, OpensInWalModeWithForeignKeys) {
  TempDir dir;
  auto store = Store::Open(dir.File("a.db"), HazegateSchema());
  ASSERT_TRUE(store.ok());
  auto lease = store.value()->Acquire();
  EXPECT_EQ(lease.db().execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_EQ(lease.db().execAndGet("PRAGMA foreign_keys").getInt(), 1);
  EXPECT_EQ(lease.db().execAndGet("PRAGMA user_version").getInt(),
            LatestVersion(HazegateSchema()));
}

// The version the board's ETag cache relies on: every commit on any
// connection counts, a rolled-back transaction does not, and the WAL still
// checkpoints (the hook replaces SQLite's automatic one).
TEST(Store, CountsCommitsOnEveryConnection) {
  TempDir dir;
  auto store = Store::Open(dir.File("c.db"), HazegateSchema(), 2);
  ASSERT_TRUE(store.ok());
  const uint64_t start = *store.value()->commits();
  {
    auto first = store.value()->Acquire();
    first.db().exec("CREATE TABLE t (v BLOB)");  // autocommit
    WriteTx write(*store.value());               // the other connection
    Store::LeaseOf(write).db().exec("INSERT INTO t VALUES (1)");
    write.Commit();
  }
  {
    WriteTx dropped(*store.value());
    Store::LeaseOf(dropped).db().exec("INSERT INTO t VALUES (2)");
  }
  EXPECT_EQ(*store.value()->commits(), start + 2);
  auto lease = store.value()->Acquire();
  for (int i = 0; i < 600; ++i) {  // ~10 MB: past 8 MB without checkpoints
    lease.db().exec("INSERT INTO t VALUES (zeroblob(16000))");
  }
  EXPECT_EQ(*store.value()->commits(), start + 602);
  struct stat wal {};
  ASSERT_EQ(::stat(dir.File("c.db-wal").c_str(), &wal), 0);
  EXPECT_LT(wal.st_size, 4096 * 2000) << "checkpoints keep the WAL small";
  auto memory = Store::Open(":memory:", HazegateSchema());
  ASSERT_TRUE(memory.ok());
  EXPECT_FALSE(memory.value()->commits().has_value());
}

// Issue 10.8: whatever the umask, the database is the server's alone.
TEST(Store, CreatesItsDatabaseOwnerOnly) {
  testing::TempDir dir;
  const mode_t previous = umask(022);
  const std::string path = dir.File("h.db");
  auto store = Store::Open(path, HazegateSchema(), 2);
  umask(previous);
  ASSERT_TRUE(store.ok());
  struct stat info {};
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_EQ(stat((path + "-wal").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST(Store, MigratesADatabaseLeftByAnOlderSchema) {
  TempDir dir;
  const std::string path = dir.File("old.db");
  ASSERT_TRUE(Store::MigrateTo(path, HazegateSchema(), 1).ok());
  {
    SQLite::Database old(path, SQLite::OPEN_READWRITE);
    EXPECT_EQ(old.execAndGet("PRAGMA user_version").getInt(), 1);
    EXPECT_FALSE(old.tableExists("accounts"));
    old.exec(
        "INSERT INTO areas (code, name, kind) VALUES ('652300', 'p', "
        "'prefecture'); INSERT INTO orgs (id, kind, name, area, updated_at) "
        "VALUES ('office', 'office', 'o', '652300', 0)");
  }
  auto store = Store::Open(path, HazegateSchema());
  ASSERT_TRUE(store.ok()) << store.error().internal_text;
  auto lease = store.value()->Acquire();
  EXPECT_EQ(lease.db().execAndGet("PRAGMA user_version").getInt(),
            LatestVersion(HazegateSchema()));
  EXPECT_TRUE(lease.db().tableExists("accounts"));
  EXPECT_EQ(lease.db().execAndGet("SELECT name FROM orgs").getString(), "o");
}

// Migration 10 makes the outbox channel-neutral: a message an older build
// left queued stays queued, on the MQTT channel, to the same recipient.
TEST(Store, OutboxRowsOfAnOlderBuildKeepTheirRecipientOnMqtt) {
  TempDir dir;
  const std::string path = dir.File("v9.db");
  ASSERT_TRUE(Store::MigrateTo(path, HazegateSchema(), 9).ok());
  {
    SQLite::Database old(path, SQLite::OPEN_READWRITE);
    old.exec(
        "INSERT INTO outbox (topic, payload, retained, created_at) VALUES "
        "('hazegate/orgs/ent-001/orders', '{\"id\":1}', 0, 0), "
        "('hazegate/areas/652301/warning', '{}', 1, 0)");
  }
  auto store = Store::Open(path, HazegateSchema());
  ASSERT_TRUE(store.ok()) << store.error().internal_text;
  auto lease = store.value()->Acquire();
  SQLite::Statement rows(lease.db(),
                         "SELECT channel, address, payload, retained FROM "
                         "outbox ORDER BY seq");
  std::vector<std::string> seen;
  while (rows.executeStep()) {
    seen.push_back(rows.getColumn(0).getString() + " " +
                   rows.getColumn(1).getString() + " " +
                   rows.getColumn(2).getString() + " " +
                   rows.getColumn(3).getString());
  }
  EXPECT_EQ(seen,
            (std::vector<std::string>{"mqtt orgs/ent-001/orders {\"id\":1} 0",
                                      "mqtt areas/652301/warning {} 1"}));
}

// Migration 6 rebuilds the orders table (a wider status CHECK): rows, their
// references and the enforcement of foreign keys survive it.
TEST(Store, OrdersKeepTheirRowsAndReferencesThroughTheRebuild) {
  TempDir dir;
  const std::string path = dir.File("v5.db");
  ASSERT_TRUE(Store::MigrateTo(path, HazegateSchema(), 5).ok());
  {
    SQLite::Database old(path, SQLite::OPEN_READWRITE);
    old.exec(
        "INSERT INTO areas (code, name, kind) VALUES ('652300', 'p', "
        "'prefecture'); INSERT INTO orgs (id, kind, name, area, updated_at) "
        "VALUES ('ent-1', 'enterprise', 'e', '652300', 0); "
        "INSERT INTO orders (id, org, kind, title, body, status, created_at, "
        "acked_at) VALUES ('ord-1', 'ent-1', 'rectification', 't', 'b', "
        "'acknowledged', 1, 42); INSERT INTO order_reports (id, order_id, "
        "org, author, text, created_at) VALUES ('rep-1', 'ord-1', 'ent-1', "
        "'u', 'done', 43)");
  }
  auto store = Store::Open(path, HazegateSchema());
  ASSERT_TRUE(store.ok()) << store.error().internal_text;
  auto lease = store.value()->Acquire();
  EXPECT_EQ(lease.db()
                .execAndGet("SELECT status || ' ' || received_at FROM orders "
                            "WHERE id = 'ord-1'")
                .getString(),
            "acknowledged 42")
      << "an acknowledgement implies receipt";
  EXPECT_EQ(lease.db().execAndGet("PRAGMA foreign_keys").getInt(), 1);
  EXPECT_THROW(lease.db().exec("INSERT INTO order_reports (id, order_id, org, "
                               "author, text, created_at) VALUES ('rep-2', "
                               "'ord-none', 'ent-1', 'u', 't', 1)"),
               SQLite::Exception);
  lease.db().exec("UPDATE orders SET status = 'received' WHERE id = 'ord-1'");
  EXPECT_THROW(
      lease.db().exec("UPDATE orders SET status = 'lost' WHERE id = 'ord-1'"),
      SQLite::Exception);
}

// Issue 20: each room brings its own steps; the parts of one step run in the
// order the rooms are listed, and a schema with a missing step opens nothing
// and leaves the file as it was.
TEST(Store, RunsEachRoomsPartOfAStepInRoomOrder) {
  TempDir dir;
  const Schema schema = {
      {"below", {{1, "CREATE TABLE t (v TEXT);"}, {2, "ALTER TABLE t ADD w;"}}},
      {"above", {{1, "INSERT INTO t (v) VALUES ('after below');"}}},
  };
  EXPECT_EQ(LatestVersion(schema), 2);
  auto store = Store::Open(dir.File("s.db"), schema, 1);
  ASSERT_TRUE(store.ok()) << store.error().internal_text;
  auto lease = store.value()->Acquire();
  EXPECT_EQ(lease.db().execAndGet("SELECT v FROM t").getString(),
            "after below");
  EXPECT_EQ(lease.db().execAndGet("PRAGMA user_version").getInt(), 2);

  const Schema gap = {
      {"room", {{1, "CREATE TABLE t (v);"}, {3, "CREATE TABLE u (v);"}}}};
  auto refused = Store::Open(dir.File("gap.db"), gap, 1);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().internal_text.find("no step 2"), std::string::npos)
      << refused.error().internal_text;
  SQLite::Database left(dir.File("gap.db"), SQLite::OPEN_READONLY);
  EXPECT_EQ(left.execAndGet("PRAGMA user_version").getInt(), 0);
  EXPECT_FALSE(left.tableExists("t"));
}

TEST(Store, RefusesADatabaseFromANewerBuild) {
  TempDir dir;
  const std::string path = dir.File("new.db");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA user_version = 999");
  }
  EXPECT_FALSE(Store::Open(path, HazegateSchema()).ok());
}

TEST(Store, ReadTxReadsOneSnapshotUntilItEnds) {
  TempDir dir;
  auto store = Store::Open(dir.File("t.db"), HazegateSchema());
  ASSERT_TRUE(store.ok());
  const auto count = [](ReadTx& tx) {
    return Store::LeaseOf(tx)
        .db()
        .execAndGet("SELECT count(*) FROM plan_settings")
        .getInt();
  };
  ReadTx reader(*store.value());
  EXPECT_EQ(count(reader), 0);
  {
    WriteTx writer(*store.value());
    Store::LeaseOf(writer).db().exec(
        "INSERT INTO plan_settings VALUES ('k', 'v')");
    writer.Commit();
  }
  EXPECT_EQ(count(reader), 0);  // its snapshot, not the commit after it
  ReadTx later(*store.value());
  EXPECT_EQ(count(later), 1);
}

TEST(Store, UncommittedTransactionRollsBack) {
  TempDir dir;
  auto store = Store::Open(dir.File("t.db"), HazegateSchema());
  ASSERT_TRUE(store.ok());
  {
    WriteTx tx(*store.value());
    Store::LeaseOf(tx).db().exec("INSERT INTO plan_settings VALUES ('k', 'v')");
  }
  auto lease = store.value()->Acquire();
  EXPECT_EQ(
      lease.db().execAndGet("SELECT count(*) FROM plan_settings").getInt(), 0);
}

TEST(Store, AuditRowsRecordActorActionAndTime) {
  TempDir dir;
  auto store = Store::Open(dir.File("t.db"), HazegateSchema());
  ASSERT_TRUE(store.ok());
  {
    WriteTx tx(*store.value());
    RecordAudit(tx, {"alice", "thing.do", "thing", "t1", "{}"},
                FromUnixSeconds(42));
    tx.Commit();
  }
  auto lease = store.value()->Acquire();
  SQLite::Statement row(lease.db(),
                        "SELECT actor, action, object_id, at FROM audit_log");
  ASSERT_TRUE(row.executeStep());
  EXPECT_EQ(row.getColumn(0).getString(), "alice");
  EXPECT_EQ(row.getColumn(1).getString(), "thing.do");
  EXPECT_EQ(row.getColumn(2).getString(), "t1");
  EXPECT_EQ(row.getColumn(3).getInt64(), 42);
}

}  // namespace
}  // namespace hazegate

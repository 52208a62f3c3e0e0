// Transactions, passed explicitly to whatever reads or writes in them.
// A ReadTx is one pooled connection reading one snapshot (BEGIN DEFERRED;
// ended when destroyed). A WriteTx holds the database's write lock from its
// start (BEGIN IMMEDIATE) and rolls back when destroyed unless Commit()
// returned; a function that takes a WriteTx& writes, one that takes a
// ReadTx& only reads and accepts either. Owned by the thread that opened it;
// constructors and Commit throw the store's exception when SQLite refuses.
// SQL runs on a transaction only inside the rooms (Store::LeaseOf).
#pragma once

#include <memory>

namespace hazegate {

class Store;

class ReadTx {
 public:
  explicit ReadTx(Store& store);
  ReadTx(const ReadTx&) = delete;
  ReadTx& operator=(const ReadTx&) = delete;
  virtual ~ReadTx();

 protected:
  enum class Mode { kRead, kWrite };
  ReadTx(Store& store, Mode mode);
  void Commit();

 private:
  friend class Store;
  struct Connection;
  std::unique_ptr<Connection> connection_;
  bool open_ = false;
};

class WriteTx : public ReadTx {
 public:
  explicit WriteTx(Store& store) : ReadTx(store, Mode::kWrite) {}
  // Makes the writes durable; afterwards the transaction is over.
  void Commit() { ReadTx::Commit(); }
};

}  // namespace hazegate

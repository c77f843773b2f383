// pubsub.sqlite: a durable broker in one SQLite file that several Lichen processes on a machine
// can share (metadata `connectionString`: the file's path). A published message is a row;
// each consumer group (`consumerID`, by default the app id) reads every message of the topics
// it subscribes to, from the oldest kept, at least once: a delivery is claimed with a lease in
// a write transaction, deleted when the handler acknowledges, and claimed again when the
// handler fails (after `redeliverInterval`) or its process dies (after `processingTimeout`).
// Instances of one app id share their group, so each message goes to one of them. Messages
// are kept for `retentionPeriod`. Delivery polls the file (`pollInterval`), as nothing in SQLite
// tells another process of a write.
#pragma once

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "components/state/sqlite/sqlite_db.h"
#include "runtime/pubsub/pubsub.h"
#include "runtime/registry.h"

namespace lichen::components {

class SqlitePubSub : public pubsub::PubSub {
 public:
  SqlitePubSub() = default;
  ~SqlitePubSub() override;

  Expected<void, Status> init(const component::Properties& properties) override;
  Expected<void, Status> publish(const pubsub::Message& message) override;
  Expected<void, Status> subscribe(const std::string& topic, pubsub::Handler handler) override;
  void close() override;
  std::vector<std::string> features() const override { return {}; }

 private:
  struct Claim {
    int64_t seq = 0;
    int64_t attempts = 0;
    pubsub::Message message;
  };
  void deliverLoop();
  // Claims the next message of `topic` for this group (a redelivery first), or nothing.
  StatusOr<std::optional<Claim>> claim(const std::string& topic, int64_t now_ms);
  Expected<void, Status> settle(const std::string& topic, const Claim& claim, bool acknowledged,
                                int64_t now_ms);
  Expected<void, Status> expire(int64_t now_ms);
  // Runs `body` in BEGIN IMMEDIATE ... COMMIT (rolled back on error).
  template <typename Body>
  auto transaction(Body body) -> decltype(body());

  sqlite::Database db_;  // used by the delivery thread and publishers: guarded by db_mutex_
  std::mutex db_mutex_;
  std::string consumer_;
  int64_t poll_ms_ = 100;
  int64_t processing_timeout_ms_ = 60'000;
  int64_t redeliver_ms_ = 5'000;
  int64_t retention_ms_ = 24 * 3600 * 1000;

  std::mutex mutex_;  // guards the members below
  std::condition_variable wake_;
  std::map<std::string, std::vector<pubsub::Handler>> handlers_;
  bool closed_ = false;
  bool published_ = false;  // a local publish: poll now rather than at the next interval
  std::thread worker_;
};

void registerSqlitePubSub(runtime::Registry& registry);

}  // namespace lichen::components

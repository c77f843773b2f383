// pubsub.sqlite: a durable broker in one SQLite file that several Lichen processes on a machine
// can share (metadata `connectionString`: the file's path). A published message is a row;
// each consumer group (`consumerID`, by default the app id) reads every message of the topics
// it subscribes to, from the oldest kept, at least once: a delivery is claimed with a lease in
// a write transaction, deleted when the handler acknowledges, and claimed again when the
// handler fails (after `redeliverInterval`) or its process dies (after `processingTimeout`).
// Instances of one app id share their group, so each message goes to one of them. Messages
// are kept for `retentionPeriod`. Delivery polls the file (`pollInterval`), as nothing in SQLite
// tells another process of a write. A batch subscription's messages are claimed as they come
// and handed over together once its limit is claimed or its wait since the first claim has
// passed (at most half the `processingTimeout`, so no lease runs out while gathering); each is
// then acknowledged or retried on its own. At close, claimed messages not yet handed over are
// released at once, to be delivered again.
#pragma once

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
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
  Expected<void, Status> subscribeBatch(const std::string& topic, pubsub::BatchLimits limits,
                                        pubsub::BatchHandler handler) override;
  void close() override;
  std::vector<std::string> features() const override { return {}; }

 private:
  struct Claim {
    int64_t seq = 0;
    int64_t attempts = 0;
    pubsub::Message message;
  };
  // A topic's handlers; the first subscription's limits gather its batches.
  struct TopicHandlers {
    pubsub::BatchLimits limits;
    std::vector<pubsub::BatchHandler> handlers;
  };
  // Claimed messages of a topic not handed over yet.
  struct Gathering {
    std::vector<Claim> claims;
    int64_t first_ms = 0;  // when the first was claimed
  };
  void deliverLoop();
  bool closing();
  // Claims and hands over the batches of `topic` that are ready; returns in how many ms the
  // batch still gathering is due, if one is.
  std::optional<int64_t> drain(const std::string& topic, const TopicHandlers& subscribed);
  // Every handler must acknowledge a message for the group to acknowledge it.
  void handOver(const std::string& topic, const TopicHandlers& subscribed,
                std::vector<Claim> claims);
  // Makes the claims of gathering batches due now, for whichever instance polls next.
  void releaseGathered();
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
  std::map<std::string, TopicHandlers> handlers_;
  bool closed_ = false;
  bool published_ = false;  // a local publish: poll now rather than at the next interval
  std::thread worker_;
  std::map<std::string, Gathering> gathering_;  // the delivery thread's own
};

void registerSqlitePubSub(runtime::Registry& registry);

}  // namespace lichen::components

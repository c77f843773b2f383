#include "components/pubsub/sqlite/sqlite_pubsub.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <utility>

namespace lichen::components {
namespace {

namespace json = boost::json;

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string metadataJson(const pubsub::Metadata& metadata) {
  json::object object;
  for (const auto& [key, value] : metadata) object[key] = value;
  return json::serialize(object);
}

pubsub::Metadata metadataFrom(const std::string& text) {
  pubsub::Metadata metadata;
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  if (ec || !value.is_object()) return metadata;
  for (const auto& [key, item] : value.as_object()) {
    if (item.is_string()) metadata[std::string(key)] = std::string(item.as_string());
  }
  return metadata;
}

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS messages(
  seq INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL, data BLOB NOT NULL,
  content_type TEXT NOT NULL, metadata TEXT NOT NULL, published_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS messages_by_topic ON messages(topic, seq);
CREATE TABLE IF NOT EXISTS cursors(
  consumer TEXT NOT NULL, topic TEXT NOT NULL, last_seq INTEGER NOT NULL,
  PRIMARY KEY(consumer, topic));
CREATE TABLE IF NOT EXISTS deliveries(
  consumer TEXT NOT NULL, seq INTEGER NOT NULL, topic TEXT NOT NULL, due_ms INTEGER NOT NULL,
  attempts INTEGER NOT NULL, PRIMARY KEY(consumer, seq));
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries(consumer, topic, due_ms);
)sql";

}  // namespace

SqlitePubSub::~SqlitePubSub() { close(); }

template <typename Body>
auto SqlitePubSub::transaction(Body body) -> decltype(body()) {
  std::lock_guard lock(db_mutex_);
  return db_.immediateTransaction(std::move(body));
}

Expected<void, Status> SqlitePubSub::init(const component::Properties& properties) {
  LICHEN_ASSIGN_OR_RETURN(std::string path, properties.require("connectionString"));
  consumer_ = properties.getOr("consumerID", "");  // the runtime sets the app id
  if (consumer_.empty()) consumer_ = "default";
  LICHEN_ASSIGN_OR_RETURN(poll_ms_, properties.getDurationMs("pollInterval", 100));
  LICHEN_ASSIGN_OR_RETURN(processing_timeout_ms_,
                          properties.getDurationMs("processingTimeout", 60'000));
  LICHEN_ASSIGN_OR_RETURN(redeliver_ms_, properties.getDurationMs("redeliverInterval", 5'000));
  LICHEN_ASSIGN_OR_RETURN(retention_ms_,
                          properties.getDurationMs("retentionPeriod", 24 * 3600 * 1000));
  if (poll_ms_ <= 0 || processing_timeout_ms_ <= 0 || redeliver_ms_ < 0 || retention_ms_ <= 0) {
    return fail(StatusCode::kInvalidConfig,
                "pollInterval, processingTimeout and retentionPeriod must be positive");
  }
  LICHEN_TRY(db_.open(path));
  // Several processes write the file: wait for each other's locks rather than fail.
  LICHEN_TRY(db_.exec("PRAGMA busy_timeout = 10000"));
  LICHEN_TRY(db_.exec("PRAGMA journal_mode = WAL"));
  LICHEN_TRY(db_.exec("PRAGMA synchronous = NORMAL"));
  LICHEN_TRY(db_.exec(kSchema));
  worker_ = std::thread([this] { deliverLoop(); });
  return {};
}

Expected<void, Status> SqlitePubSub::publish(const pubsub::Message& message) {
  {
    std::lock_guard lock(db_mutex_);
    LICHEN_ASSIGN_OR_RETURN(
        auto insert,
        db_.prepare("INSERT INTO messages(topic, data, content_type, metadata, published_ms) "
                    "VALUES(?, ?, ?, ?, ?)"));
    insert.bindText(1, message.topic);
    insert.bindBlob(2, message.data);
    insert.bindText(3, message.content_type);
    insert.bindText(4, metadataJson(message.metadata));
    insert.bindInt(5, nowMs());
    LICHEN_TRY(insert.run());
  }
  {
    std::lock_guard lock(mutex_);
    published_ = true;
  }
  wake_.notify_one();
  return {};
}

Expected<void, Status> SqlitePubSub::subscribe(const std::string& topic, pubsub::Handler handler) {
  return subscribeBatch(topic, {}, pubsub::oneAtATime(std::move(handler)));
}

Expected<void, Status> SqlitePubSub::subscribeBatch(const std::string& topic,
                                                    pubsub::BatchLimits limits,
                                                    pubsub::BatchHandler handler) {
  {
    std::lock_guard lock(mutex_);
    TopicHandlers& subscribed = handlers_[topic];
    if (subscribed.handlers.empty()) {
      subscribed.limits = limits;
      subscribed.limits.max_messages = std::max<size_t>(limits.max_messages, 1);
    }
    subscribed.handlers.push_back(std::move(handler));
  }
  wake_.notify_one();
  return {};
}

void SqlitePubSub::close() {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

StatusOr<std::optional<SqlitePubSub::Claim>> SqlitePubSub::claim(const std::string& topic,
                                                                 int64_t now_ms) {
  return transaction([&]() -> StatusOr<std::optional<Claim>> {
    Claim claim;
    claim.message.topic = topic;
    // A delivery that failed or whose process died comes first, once it is due.
    LICHEN_ASSIGN_OR_RETURN(
        auto due, db_.prepare("SELECT d.seq, d.attempts, m.data, m.content_type, m.metadata "
                              "FROM deliveries d JOIN messages m ON m.seq = d.seq "
                              "WHERE d.consumer = ? AND d.topic = ? AND d.due_ms <= ? "
                              "ORDER BY d.seq LIMIT 1"));
    due.bindText(1, consumer_);
    due.bindText(2, topic);
    due.bindInt(3, now_ms);
    LICHEN_ASSIGN_OR_RETURN(bool redelivery, due.step());
    if (redelivery) {
      claim.seq = due.columnInt(0);
      claim.attempts = due.columnInt(1) + 1;
      claim.message.data = due.columnBlob(2);
      claim.message.content_type = due.columnText(3);
      claim.message.metadata = metadataFrom(due.columnText(4));
      LICHEN_ASSIGN_OR_RETURN(auto lease,
                              db_.prepare("UPDATE deliveries SET due_ms = ?, attempts = ? "
                                          "WHERE consumer = ? AND seq = ?"));
      lease.bindInt(1, now_ms + processing_timeout_ms_);
      lease.bindInt(2, claim.attempts);
      lease.bindText(3, consumer_);
      lease.bindInt(4, claim.seq);
      LICHEN_TRY(lease.run());
      return std::optional<Claim>(std::move(claim));
    }
    // Otherwise the next message past the group's cursor (from the oldest kept, for a new one).
    LICHEN_ASSIGN_OR_RETURN(
        auto next, db_.prepare("SELECT seq, data, content_type, metadata FROM messages "
                               "WHERE topic = ?1 AND seq > COALESCE((SELECT last_seq FROM cursors "
                               "WHERE consumer = ?2 AND topic = ?1), 0) ORDER BY seq LIMIT 1"));
    next.bindText(1, topic);
    next.bindText(2, consumer_);
    LICHEN_ASSIGN_OR_RETURN(bool fresh, next.step());
    if (!fresh) return std::optional<Claim>();
    claim.seq = next.columnInt(0);
    claim.attempts = 1;
    claim.message.data = next.columnBlob(1);
    claim.message.content_type = next.columnText(2);
    claim.message.metadata = metadataFrom(next.columnText(3));
    LICHEN_ASSIGN_OR_RETURN(auto lease,
                            db_.prepare("INSERT INTO deliveries(consumer, seq, topic, due_ms, "
                                        "attempts) VALUES(?, ?, ?, ?, 1)"));
    lease.bindText(1, consumer_);
    lease.bindInt(2, claim.seq);
    lease.bindText(3, topic);
    lease.bindInt(4, now_ms + processing_timeout_ms_);
    LICHEN_TRY(lease.run());
    LICHEN_ASSIGN_OR_RETURN(auto cursor,
                            db_.prepare("INSERT OR REPLACE INTO cursors(consumer, topic, last_seq) "
                                        "VALUES(?, ?, ?)"));
    cursor.bindText(1, consumer_);
    cursor.bindText(2, topic);
    cursor.bindInt(3, claim.seq);
    LICHEN_TRY(cursor.run());
    return std::optional<Claim>(std::move(claim));
  });
}

Expected<void, Status> SqlitePubSub::settle(const std::string& topic, const Claim& claim,
                                            bool acknowledged, int64_t now_ms) {
  std::lock_guard lock(db_mutex_);
  if (acknowledged) {
    LICHEN_ASSIGN_OR_RETURN(auto ack,
                            db_.prepare("DELETE FROM deliveries WHERE consumer = ? AND seq = ?"));
    ack.bindText(1, consumer_);
    ack.bindInt(2, claim.seq);
    LICHEN_TRY(ack.run());
    return {};
  }
  LICHEN_ASSIGN_OR_RETURN(
      auto retry, db_.prepare("UPDATE deliveries SET due_ms = ? WHERE consumer = ? AND seq = ?"));
  retry.bindInt(1, now_ms + redeliver_ms_);
  retry.bindText(2, consumer_);
  retry.bindInt(3, claim.seq);
  LICHEN_TRY(retry.run());
  spdlog::warn("pubsub.sqlite: topic '{}': delivery {} of message {} failed; again in {} ms", topic,
               claim.attempts, claim.seq, redeliver_ms_);
  return {};
}

Expected<void, Status> SqlitePubSub::expire(int64_t now_ms) {
  return transaction([&]() -> Expected<void, Status> {
    LICHEN_ASSIGN_OR_RETURN(auto old, db_.prepare("DELETE FROM messages WHERE published_ms < ?"));
    old.bindInt(1, now_ms - retention_ms_);
    LICHEN_TRY(old.run());
    LICHEN_TRY(db_.exec("DELETE FROM deliveries WHERE seq NOT IN (SELECT seq FROM messages)"));
    return {};
  });
}

bool SqlitePubSub::closing() {
  std::lock_guard lock(mutex_);
  return closed_;
}

void SqlitePubSub::deliverLoop() {
  int64_t next_expiry = 0;
  int64_t wait_ms = poll_ms_;
  for (;;) {
    std::map<std::string, TopicHandlers> handlers;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, std::chrono::milliseconds(wait_ms),
                     [this] { return closed_ || published_; });
      if (closed_) break;
      published_ = false;
      handlers = handlers_;
    }
    const int64_t now = nowMs();
    if (now >= next_expiry) {
      if (auto expired = expire(now); !expired) {
        spdlog::warn("pubsub.sqlite: {}", expired.error().message());
      }
      next_expiry = now + 60'000;
    }
    wait_ms = poll_ms_;
    for (const auto& [topic, subscribed] : handlers) {
      if (auto due_in = drain(topic, subscribed)) wait_ms = std::min(wait_ms, *due_in);
    }
  }
  releaseGathered();
}

std::optional<int64_t> SqlitePubSub::drain(const std::string& topic,
                                           const TopicHandlers& subscribed) {
  Gathering& gathered = gathering_[topic];
  const size_t limit = subscribed.limits.max_messages;
  const int64_t await_ms =
      std::min<int64_t>(subscribed.limits.max_await.count(), processing_timeout_ms_ / 2);
  for (;;) {
    if (closing()) return std::nullopt;
    while (gathered.claims.size() < limit) {
      auto claimed = claim(topic, nowMs());
      if (!claimed) {
        spdlog::warn("pubsub.sqlite: topic '{}': {}", topic, claimed.error().message());
        break;
      }
      if (!*claimed) break;
      if (gathered.claims.empty()) gathered.first_ms = nowMs();
      gathered.claims.push_back(std::move(**claimed));
    }
    if (gathered.claims.empty()) return std::nullopt;
    const int64_t due_in = gathered.first_ms + await_ms - nowMs();
    if (gathered.claims.size() < limit && due_in > 0) return due_in;
    handOver(topic, subscribed, std::exchange(gathered.claims, {}));
  }
}

void SqlitePubSub::handOver(const std::string& topic, const TopicHandlers& subscribed,
                            std::vector<Claim> claims) {
  std::vector<pubsub::Message> messages;
  messages.reserve(claims.size());
  for (Claim& claim : claims) messages.push_back(std::move(claim.message));
  std::vector<bool> acknowledged(claims.size(), true);
  for (const pubsub::BatchHandler& handler : subscribed.handlers) {
    std::vector<Expected<void, Status>> results = handler(messages);
    for (size_t i = 0; i < claims.size(); ++i) {
      acknowledged[i] = acknowledged[i] && i < results.size() && results[i].has_value();
    }
  }
  for (size_t i = 0; i < claims.size(); ++i) {
    if (auto settled = settle(topic, claims[i], acknowledged[i], nowMs()); !settled) {
      spdlog::warn("pubsub.sqlite: topic '{}': {}", topic, settled.error().message());
    }
  }
}

void SqlitePubSub::releaseGathered() {
  std::lock_guard lock(db_mutex_);
  for (auto& [topic, gathered] : gathering_) {
    for (const Claim& claim : gathered.claims) {
      auto release = db_.prepare(
          "UPDATE deliveries SET due_ms = ?, attempts = attempts - 1 "
          "WHERE consumer = ? AND seq = ?");
      if (!release) break;
      release->bindInt(1, nowMs());
      release->bindText(2, consumer_);
      release->bindInt(3, claim.seq);
      if (auto released = release->run(); !released) {
        spdlog::warn("pubsub.sqlite: topic '{}': {}", topic, released.error().message());
      }
    }
    gathered.claims.clear();
  }
}

void registerSqlitePubSub(runtime::Registry& registry) {
  registry.add("pubsub.sqlite", [] { return std::make_unique<SqlitePubSub>(); });
}

}  // namespace lichen::components

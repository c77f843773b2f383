// The state building block's Dapr semantics, over a recording fake store.
#include "runtime/state/state_manager.h"

#include <gtest/gtest.h>

#include <map>

namespace lichen::state {
namespace {

// Records the keys it sees; ETags are "v<n>", any other non-empty ETag is a mismatch.
class FakeStore : public StateStore {
 public:
  explicit FakeStore(Features features) : features_(features) {}
  Expected<void, Status> init(const component::Properties&) override { return {}; }
  Features features() const override { return features_; }
  StatusOr<std::optional<GetResponse>> get(const GetRequest& request) override {
    auto it = data_->find(request.key);
    if (it == data_->end()) return std::optional<GetResponse>();
    return std::optional<GetResponse>(GetResponse{it->second, "v1", {}, ""});
  }
  Expected<void, Status> set(const SetRequest& request) override {
    if (request.etag == "bad") return fail(StatusCode::kEtagInvalid, "invalid etag");
    if (request.etag && request.etag != "v1") return fail(StatusCode::kEtagMismatch, "mismatch");
    last_ttl_ = request.ttl_seconds;
    (*data_)[request.key] = request.value;
    return {};
  }
  Expected<void, Status> remove(const DeleteRequest& request) override {
    if (request.etag && request.etag != "v1") return fail(StatusCode::kEtagMismatch, "mismatch");
    data_->erase(request.key);
    return {};
  }
  Expected<void, Status> multi(const std::vector<Operation>& ops, const Metadata&) override {
    ++multi_calls_;
    for (const Operation& op : ops) {
      if (auto* s = std::get_if<SetRequest>(&op)) {
        LICHEN_TRY(set(*s));
      } else {
        LICHEN_TRY(remove(std::get<DeleteRequest>(op)));
      }
    }
    return {};
  }
  size_t maxMultiOperations() const override { return 3; }

  std::shared_ptr<std::map<std::string, std::string>> data_ =
      std::make_shared<std::map<std::string, std::string>>();
  std::optional<int64_t> last_ttl_;
  int multi_calls_ = 0;

 private:
  Features features_;
};

class StateManagerTest : public ::testing::Test {
 protected:
  FakeStore* addStore(const std::string& name, Features features, std::string_view prefix = "") {
    auto store = std::make_unique<FakeStore>(features);
    FakeStore* raw = store.get();
    manager_.addStore({name, "state.fake", "v1", features}, std::move(store), prefix);
    return raw;
  }
  SetRequest item(std::string key, std::string value = "1") {
    SetRequest r;
    r.key = std::move(key);
    r.value = std::move(value);
    return r;
  }
  StateManager manager_{"myapp", "prod"};
};

TEST_F(StateManagerTest, StoreCallsRunUnderTheOutboundPolicy) {
  resiliency::ResiliencySpec spec;
  resiliency::BreakerSettings breaker;
  breaker.trip = *resiliency::TripCondition::parse("consecutiveFailures >= 2");
  spec.circuit_breakers["DefaultStatestoreComponentOutboundCircuitBreakerPolicy"] = breaker;
  manager_.setResiliency(std::make_shared<resiliency::Resiliency>(spec));
  addStore("s", {Feature::kEtag});
  SetRequest stale = item("k");
  stale.etag = "v9";
  for (int i = 0; i < 2; ++i) {
    auto mismatch = manager_.save("s", {stale});
    ASSERT_FALSE(mismatch);
    EXPECT_EQ(mismatch.error().code(), StatusCode::kStateSaveEtagMismatch);
  }
  // Two failures in a row opened the store's breaker: even a good save fails fast now.
  auto refused = manager_.save("s", {item("k")});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find("circuit breaker is open"), std::string::npos)
      << refused.error().message();
  auto read = manager_.get("s", GetRequest{"k", {}, {}});
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code(), StatusCode::kStateGet);
}

TEST_F(StateManagerTest, NoStoresVersusUnknownStore) {
  auto none = manager_.get("s", GetRequest{"k", {}, {}});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code(), StatusCode::kStateStoreNotConfigured);
  addStore("s", {Feature::kEtag});
  auto unknown = manager_.get("other", GetRequest{"k", {}, {}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code(), StatusCode::kStateStoreNotFound);
  EXPECT_EQ(unknown.error().message(), "state store other is not found");
}

TEST_F(StateManagerTest, KeyPrefixStrategies) {
  FakeStore* appid = addStore("appid", {});
  FakeStore* none = addStore("none", {}, "none");
  FakeStore* name = addStore("name", {}, "name");
  FakeStore* ns = addStore("ns", {}, "namespace");
  FakeStore* custom = addStore("custom", {}, "shared");
  for (const char* store : {"appid", "none", "name", "ns", "custom"}) {
    ASSERT_TRUE(manager_.save(store, {item("k")}));
  }
  EXPECT_TRUE(appid->data_->contains("myapp||k"));
  EXPECT_TRUE(none->data_->contains("k"));
  EXPECT_TRUE(name->data_->contains("name||k"));
  EXPECT_TRUE(ns->data_->contains("prod.myapp||k"));
  EXPECT_TRUE(custom->data_->contains("shared||k"));
  // Reads and deletes see the same key.
  auto got = manager_.get("appid", GetRequest{"k", {}, {}});
  ASSERT_TRUE(got && got->has_value());
  ASSERT_TRUE(manager_.remove("appid", DeleteRequest{"k", std::nullopt, {}, {}, {}}));
  EXPECT_TRUE(appid->data_->empty());
}

TEST_F(StateManagerTest, IllegalKeyAndMissingKey) {
  addStore("s", {});
  auto illegal = manager_.save("s", {item("a||b")});
  ASSERT_FALSE(illegal);
  EXPECT_EQ(illegal.error().code(), StatusCode::kStateIllegalKey);
  EXPECT_EQ(illegal.error().info().http_status, 400);
  auto missing = manager_.save("s", {item("")});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), StatusCode::kMalformedRequest);
  EXPECT_FALSE(manager_.get("s", GetRequest{"x||y", {}, {}}));
}

TEST_F(StateManagerTest, EtagErrorsMapToSaveAndDeleteCodes) {
  addStore("s", {Feature::kEtag});
  ASSERT_TRUE(manager_.save("s", {item("k")}));
  SetRequest stale = item("k");
  stale.etag = "v0";
  auto mismatch = manager_.save("s", {stale});
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().code(), StatusCode::kStateSaveEtagMismatch);
  EXPECT_EQ(mismatch.error().info().http_status, 409);
  stale.etag = "bad";
  auto invalid = manager_.save("s", {stale});
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().code(), StatusCode::kStateSaveEtagInvalid);
  auto del = manager_.remove("s", DeleteRequest{"k", "v0", {}, {}, {}});
  ASSERT_FALSE(del);
  EXPECT_EQ(del.error().code(), StatusCode::kStateDeleteEtagMismatch);
  EXPECT_EQ(del.error().info().error_code, "ERR_STATE_DELETE");
}

TEST_F(StateManagerTest, TtlMetadataIsValidated) {
  FakeStore* store = addStore("s", {Feature::kTtl});
  SetRequest with_ttl = item("k");
  with_ttl.metadata["ttlInSeconds"] = "-1";
  ASSERT_TRUE(manager_.save("s", {with_ttl}));
  EXPECT_EQ(store->last_ttl_, -1);
  with_ttl.metadata["ttlInSeconds"] = "soon";
  auto bad = manager_.save("s", {with_ttl});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), StatusCode::kBadRequest);
  EXPECT_FALSE(ttlFromMetadata({{"ttlInSeconds", "-2"}}));
  // Past INT32_MAX an expiry time overflows: refused, never acknowledged and then lost.
  EXPECT_FALSE(ttlFromMetadata({{"ttlInSeconds", "9223372036854775807"}}));
  EXPECT_FALSE(ttlFromMetadata({{"ttlInSeconds", "2147483648"}}));
  EXPECT_EQ(ttlFromMetadata({{"ttlInSeconds", "2147483647"}}).value(), 2147483647);
  EXPECT_FALSE(ttlFromMetadata({}).value().has_value());
}

TEST_F(StateManagerTest, TransactionalStoreSavesArraysAtomically) {
  FakeStore* store = addStore("s", {Feature::kTransactional});
  ASSERT_TRUE(manager_.save("s", {item("a"), item("b")}));
  EXPECT_EQ(store->multi_calls_, 1);
  EXPECT_TRUE(manager_.save("s", {}));
}

TEST_F(StateManagerTest, TransactionsNeedTheFeatureAndRespectTheLimit) {
  addStore("plain", {});
  auto unsupported = manager_.transact("plain", {Operation(item("a"))}, {});
  ASSERT_FALSE(unsupported);
  EXPECT_EQ(unsupported.error().code(), StatusCode::kStateStoreNotSupported);

  FakeStore* tx = addStore("tx", {Feature::kTransactional});
  std::vector<Operation> four(4, Operation(item("a")));
  auto too_many = manager_.transact("tx", four, {});
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().code(), StatusCode::kStateTooManyTransactions);

  std::vector<Operation> ops{Operation(item("a")), Operation(item("b")),
                             Operation(DeleteRequest{"a", std::nullopt, {}, {}, {}})};
  ASSERT_TRUE(manager_.transact("tx", ops, {}));
  EXPECT_EQ(tx->data_->size(), 1u);
  EXPECT_TRUE(tx->data_->contains("myapp||b"));

  SetRequest stale = item("b");
  stale.etag = "v9";
  auto failed = manager_.transact("tx", {Operation(stale)}, {});
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code(), StatusCode::kStateTransaction);
}

TEST_F(StateManagerTest, BulkGetAnswersWithCallerKeys) {
  addStore("s", {});
  ASSERT_TRUE(manager_.save("s", {item("a", "\"A\"")}));
  auto items = manager_.bulkGet("s", {"a", "missing"}, {});
  ASSERT_TRUE(items);
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ((*items)[0].key, "a");
  EXPECT_EQ((*items)[0].response->data, "\"A\"");
  EXPECT_EQ((*items)[1].key, "missing");
  EXPECT_FALSE((*items)[1].response.has_value());
}

TEST_F(StateManagerTest, BulkDelete) {
  FakeStore* store = addStore("s", {Feature::kTransactional});
  ASSERT_TRUE(manager_.save("s", {item("a"), item("b"), item("c")}));
  ASSERT_TRUE(manager_.bulkDelete("s", {DeleteRequest{"a", std::nullopt, {}, {}, {}},
                                        DeleteRequest{"b", std::nullopt, {}, {}, {}}}));
  EXPECT_EQ(store->data_->size(), 1u);
}

}  // namespace
}  // namespace lichen::state

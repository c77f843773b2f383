// The Dapr HTTP API's shapes and codes, in process (no sockets), including dapr-api.md's
// gotchas: 204 on a missing key, `data` in bulk get, 409/400 ETag errors, 400 unknown store.
#include "api/http/dapr_api.h"

#include <gtest/gtest.h>

#include "unit/api/dapr_api_fixture.h"

namespace lichen::http {
namespace {

TEST_F(DaprApiTest, SaveGetDeleteRoundTrip) {
  auto saved = call("POST", "/v1.0/state/statestore",
                    R"([{"key":"k1","value":{"n":1.5,"s":"x"}},{"key":"k2","value":"text"}])");
  EXPECT_EQ(saved.status, 204);
  auto got = call("GET", "/v1.0/state/statestore/k1");
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.content_type, "application/json");
  EXPECT_EQ(parse(got.body), parse(R"({"n":1.5,"s":"x"})"));
  EXPECT_FALSE(header(got, "ETag").empty());
  EXPECT_EQ(call("GET", "/v1.0/state/statestore/k2").body, "\"text\"");
  EXPECT_EQ(call("DELETE", "/v1.0/state/statestore/k1").status, 204);
  EXPECT_EQ(call("GET", "/v1.0/state/statestore/k1").status, 204);
}

TEST_F(DaprApiTest, MissingKeyIs204WithEmptyBody) {
  auto got = call("GET", "/v1.0/state/statestore/nothing");
  EXPECT_EQ(got.status, 204);
  EXPECT_TRUE(got.body.empty());
}

TEST_F(DaprApiTest, BulkGetUsesDataNotValue) {
  ASSERT_EQ(call("POST", "/v1.0/state/statestore", R"([{"key":"a","value":{"x":1}}])").status, 204);
  auto bulk =
      call("POST", "/v1.0/state/statestore/bulk", R"({"keys":["a","missing"],"parallelism":10})");
  ASSERT_EQ(bulk.status, 200);
  json::array items = parse(bulk.body).as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("key"), "a");
  EXPECT_EQ(items[0].at("data"), parse(R"({"x":1})"));
  EXPECT_FALSE(items[0].as_object().contains("value"));
  EXPECT_TRUE(items[0].at("etag").is_string());
  EXPECT_EQ(items[1], parse(R"({"key":"missing"})"));
}

TEST_F(DaprApiTest, EtagMismatchIs409AndMalformedEtagIs400) {
  ASSERT_EQ(call("POST", "/v1.0/state/statestore", R"([{"key":"e","value":1}])").status, 204);
  std::string etag = header(call("GET", "/v1.0/state/statestore/e"), "ETag");
  auto stale =
      call("POST", "/v1.0/state/statestore",
           R"([{"key":"e","value":2,"etag":"999999","options":{"concurrency":"first-write"}}])");
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(parse(stale.body).at("errorCode"), "ERR_STATE_SAVE");
  auto malformed =
      call("POST", "/v1.0/state/statestore", R"([{"key":"e","value":2,"etag":"xyz"}])");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(parse(malformed.body).at("errorCode"), "ERR_STATE_SAVE");
  auto ok =
      call("POST", "/v1.0/state/statestore", R"([{"key":"e","value":2,"etag":")" + etag + R"("}])");
  EXPECT_EQ(ok.status, 204);
  auto del_stale = call("DELETE", "/v1.0/state/statestore/e", "", {{"if-match", etag}});
  EXPECT_EQ(del_stale.status, 409);
  EXPECT_EQ(parse(del_stale.body).at("errorCode"), "ERR_STATE_DELETE");
  EXPECT_EQ(call("DELETE", "/v1.0/state/statestore/e", "", {{"if-match", "bad"}}).status, 400);
}

TEST_F(DaprApiTest, FirstWriteWithoutEtagConflictsOnExistingKey) {
  std::string body = R"([{"key":"fw","value":1,"options":{"concurrency":"first-write"}}])";
  EXPECT_EQ(call("POST", "/v1.0/state/statestore", body).status, 204);
  EXPECT_EQ(call("POST", "/v1.0/state/statestore", body).status, 409);
}

TEST_F(DaprApiTest, UnknownStoreIs400StoreNotFound) {
  for (const auto& response :
       {call("GET", "/v1.0/state/nostore/k"), call("POST", "/v1.0/state/nostore", "[]"),
        call("POST", "/v1.0/state/nostore", "not json"), call("DELETE", "/v1.0/state/nostore/k"),
        call("POST", "/v1.0/state/nostore/bulk", R"({"keys":[]})"),
        call("POST", "/v1.0/state/nostore/transaction", R"({"operations":[]})")}) {
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(parse(response.body).at("errorCode"), "ERR_STATE_STORE_NOT_FOUND");
  }
}

TEST_F(DaprApiTest, MalformedBodiesAre400) {
  auto bad_json = call("POST", "/v1.0/state/statestore", "[{");
  EXPECT_EQ(bad_json.status, 400);
  EXPECT_EQ(parse(bad_json.body).at("errorCode"), "ERR_MALFORMED_REQUEST");
  EXPECT_EQ(call("POST", "/v1.0/state/statestore", R"({"key":"a"})").status, 400);
  EXPECT_EQ(call("POST", "/v1.0/state/statestore", R"([{"value":1}])").status, 400);
  EXPECT_EQ(call("POST", "/v1.0/state/statestore", R"([{"key":5}])").status, 400);
  EXPECT_EQ(call("POST", "/v1.0/state/statestore/bulk", R"({"keys":"a"})").status, 400);
  auto illegal = call("POST", "/v1.0/state/statestore", R"([{"key":"a||b","value":1}])");
  EXPECT_EQ(illegal.status, 400);
  EXPECT_EQ(parse(illegal.body).at("errorCode"), "ERR_MALFORMED_REQUEST");
  EXPECT_EQ(call("POST", "/v1.0/state/statestore", "[]").status, 204);
}

TEST_F(DaprApiTest, TtlMetadataFromItemAndQuery) {
  ASSERT_EQ(call("POST", "/v1.0/state/statestore",
                 R"([{"key":"t","value":1,"metadata":{"ttlInSeconds":"100"}}])")
                .status,
            204);
  EXPECT_FALSE(header(call("GET", "/v1.0/state/statestore/t"), "metadata.ttlExpireTime").empty());
  ASSERT_EQ(
      call("POST", "/v1.0/state/statestore?metadata.ttlInSeconds=50", R"([{"key":"q","value":1}])")
          .status,
      204);
  EXPECT_FALSE(header(call("GET", "/v1.0/state/statestore/q"), "metadata.ttlExpireTime").empty());
  EXPECT_EQ(call("POST", "/v1.0/state/statestore",
                 R"([{"key":"t","value":1,"metadata":{"ttlInSeconds":"abc"}}])")
                .status,
            400);
  // An acknowledged write is never lost: a TTL that would overflow the expiry is refused.
  const char* huge = R"([{"key":"h","value":1,"metadata":{"ttlInSeconds":"9223372036854775807"}}])";
  EXPECT_EQ(call("POST", "/v1.0/state/statestore", huge).status, 400);
  EXPECT_EQ(call("GET", "/v1.0/state/statestore/h").status, 204);
  EXPECT_EQ(call("POST", "/v1.0/state/statestore/transaction",
                 R"({"operations":[{"operation":"upsert","request":{"key":"h","value":1,)"
                 R"("metadata":{"ttlInSeconds":"99999999999"}}}]})")
                .status,
            400);
  ASSERT_EQ(call("POST", "/v1.0/state/statestore",
                 R"([{"key":"m","value":1,"metadata":{"ttlInSeconds":"2147483647"}}])")
                .status,
            204);
  EXPECT_EQ(call("GET", "/v1.0/state/statestore/m").status, 200);
}

TEST_F(DaprApiTest, Transactions) {
  ASSERT_EQ(call("POST", "/v1.0/state/statestore", R"([{"key":"old","value":1}])").status, 204);
  auto tx = call("POST", "/v1.0/state/statestore/transaction",
                 R"({"operations":[{"operation":"upsert","request":{"key":"n1","value":"v1"}},
                                   {"operation":"delete","request":{"key":"old"}}],
                     "metadata":{"partitionKey":"p"}})");
  EXPECT_EQ(tx.status, 204);
  EXPECT_EQ(call("GET", "/v1.0/state/statestore/n1").body, "\"v1\"");
  EXPECT_EQ(call("GET", "/v1.0/state/statestore/old").status, 204);
  auto bad_op = call("POST", "/v1.0/state/statestore/transaction",
                     R"({"operations":[{"operation":"merge","request":{"key":"x"}}]})");
  EXPECT_EQ(bad_op.status, 400);
  EXPECT_EQ(parse(bad_op.body).at("errorCode"), "ERR_NOT_SUPPORTED_STATE_OPERATION");
  auto conflict = call("POST", "/v1.0/state/statestore/transaction",
                       R"({"operations":[{"operation":"upsert","request":{"key":"n2","value":1}},
                          {"operation":"upsert","request":{"key":"n1","value":1,"etag":"12345"}}]})");
  EXPECT_EQ(conflict.status, 500);
  EXPECT_EQ(parse(conflict.body).at("errorCode"), "ERR_STATE_TRANSACTION");
  EXPECT_EQ(call("GET", "/v1.0/state/statestore/n2").status, 204);  // rolled back
}

TEST_F(DaprApiTest, Secrets) {
  auto one = call("GET", "/v1.0/secrets/files/token");
  EXPECT_EQ(one.status, 200);
  EXPECT_EQ(parse(one.body), parse(R"({"token":"abc"})"));
  auto nested = call("GET", "/v1.0/secrets/files/db:password");
  EXPECT_EQ(parse(nested.body), parse(R"({"db:password":"pw"})"));
  auto bulk = call("GET", "/v1.0/secrets/files/bulk");
  EXPECT_EQ(parse(bulk.body),
            parse(R"({"db:password":{"db:password":"pw"},"token":{"token":"abc"}})"));
  auto unknown = call("GET", "/v1.0/secrets/nope/token");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(parse(unknown.body).at("errorCode"), "ERR_SECRET_STORE_NOT_FOUND");
  auto missing = call("GET", "/v1.0/secrets/files/absent");
  EXPECT_EQ(missing.status, 500);
  EXPECT_EQ(parse(missing.body).at("errorCode"), "ERR_SECRET_GET");
}

TEST_F(DaprApiTest, MetadataHealthAndShutdown) {
  auto md = call("GET", "/v1.0/metadata");
  ASSERT_EQ(md.status, 200);
  json::value body = parse(md.body);
  EXPECT_EQ(body.at("id"), "myapp");
  EXPECT_TRUE(body.at("runtimeVersion").is_string());
  bool found = false;
  for (const json::value& c : body.at("components").as_array()) {
    if (c.at("name") == "statestore") {
      found = true;
      EXPECT_EQ(c.at("type"), "state.in-memory");
      EXPECT_EQ(c.at("version"), "v1");
      EXPECT_EQ(c.at("capabilities"), parse(R"(["ETAG","TRANSACTIONAL","TTL","ACTOR"])"));
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(call("PUT", "/v1.0/metadata/color", "blue").status, 204);
  EXPECT_EQ(parse(call("GET", "/v1.0/metadata").body).at("extended").at("color"), "blue");

  EXPECT_EQ(call("GET", "/v1.0/healthz").status, 204);
  EXPECT_EQ(call("GET", "/v1.0/healthz/outbound").status, 204);
  EXPECT_EQ(call("GET", "/v1.0/healthz?appid=myapp").status, 204);
  auto wrong = call("GET", "/v1.0/healthz?appid=other");
  EXPECT_EQ(wrong.status, 500);
  EXPECT_EQ(parse(wrong.body).at("errorCode"), "ERR_HEALTH_APPID_NOT_MATCH");
  EXPECT_FALSE(shutdown_called_);
  EXPECT_EQ(call("POST", "/v1.0/shutdown").status, 204);
  EXPECT_TRUE(shutdown_called_);
}

TEST_F(DaprApiTest, ErrorBodiesStayValidJsonForInvalidUtf8Input) {
  // Found by tests/fuzz/http: an If-Match header with a stray byte echoed in the message.
  auto response = call("DELETE", "/v1.0/state/statestore/k", "", {{"if-match", "7\xaa\xff"}});
  EXPECT_EQ(response.status, 400);
  json::value body = parse(response.body);
  EXPECT_EQ(body.at("errorCode"), "ERR_STATE_DELETE");
  EXPECT_NE(std::string(body.at("message").as_string()).find("7\xEF\xBF\xBD\xEF\xBF\xBD"),
            std::string::npos);
}

TEST_F(DaprApiTest, JsonFieldsMatchCaseInsensitivelyAsInGo) {
  ASSERT_EQ(call("POST", "/v1.0/state/statestore", R"([{"Key":"ci","VALUE":{"x":1}}])").status,
            204);
  EXPECT_EQ(call("GET", "/v1.0/state/statestore/ci").body, R"({"x":1})");
  auto bulk = call("POST", "/v1.0/state/statestore/bulk", R"({"KEYS":["ci"]})");
  EXPECT_EQ(parse(bulk.body).at(0).at("data"), parse(R"({"x":1})"));
}

TEST_F(DaprApiTest, RoutingEdges) {
  EXPECT_EQ(call("GET", "/v1.0/metadata/").status, 200);  // trailing slash stripped
  EXPECT_EQ(call("GET", "/v1.0/unknown").status, 404);
  EXPECT_EQ(call("PATCH", "/v1.0/state/statestore").status, 405);
  ASSERT_EQ(call("POST", "/v1.0/state/statestore", R"([{"key":"a b/c","value":1}])").status, 204);
  EXPECT_EQ(call("GET", "/v1.0/state/statestore/a%20b%2Fc").status, 200);
}

TEST_F(DaprApiTest, BuildingBlocksWithoutComponentsAnswerDaprsErrors) {
  auto expect = [&](const ApiResponse& response, int status, const char* code) {
    EXPECT_EQ(response.status, status) << response.body;
    EXPECT_EQ(parse(response.body).at("errorCode"), code);
  };
  expect(call("POST", "/v1.0-alpha1/state/statestore/query", "{}"), 500,
         "ERR_STATE_STORE_NOT_SUPPORTED");
  expect(call("POST", "/v1.0-alpha1/state/nostore/query", "{}"), 400, "ERR_STATE_STORE_NOT_FOUND");
  expect(call("POST", "/v1.0/publish/pubsub/orders", "{}"), 400, "ERR_PUBSUB_NOT_CONFIGURED");
  expect(call("POST", "/v1.0/bindings/b", "{}"), 500, "ERR_INVOKE_OUTPUT_BINDING");
  expect(call("GET", "/v1.0/configuration/c?key=a"), 500, "ERR_CONFIGURATION_STORE_NOT_CONFIGURED");
  // daprd checks the expiry before the lock store: {} would be 400 ERR_MALFORMED_REQUEST.
  expect(call("POST", "/v1.0-alpha1/lock/l",
              R"({"resourceId":"r","lockOwner":"o","expiryInSeconds":5})"),
         500, "ERR_LOCK_STORE_NOT_CONFIGURED");
  expect(call("POST", "/v1.0-alpha1/unlock/l", "{}"), 500, "ERR_LOCK_STORE_NOT_CONFIGURED");
  expect(call("PUT", "/v1.0-alpha1/crypto/c/encrypt", "x"), 500,
         "ERR_CRYPTO_PROVIDERS_NOT_CONFIGURED");
  expect(call("PUT", "/v1.0/actors/T/1/method/m", "{}"), 500, "ERR_ACTOR_RUNTIME_NOT_FOUND");
  // Blocks Lichen has no engine for yet answer daprd's JSON errors, not a bare 404.
  expect(call("POST", "/v1.0-beta1/workflows/dapr/wf/start", "{}"), 500, "ERR_START_WORKFLOW");
  expect(call("GET", "/v1.0/workflows/dapr/id1"), 500, "ERR_GET_WORKFLOW");
  expect(call("POST", "/v1.0/workflows/dapr/id1/raiseEvent/e", "{}"), 500,
         "ERR_RAISE_EVENT_WORKFLOW");
  expect(call("POST", "/v1.0/workflows/other/wf/start", "{}"), 400,
         "ERR_WORKFLOW_COMPONENT_NOT_FOUND");
  expect(call("POST", "/v1.0-alpha1/jobs/nightly", "{}"), 500, "DAPR_SCHEDULER_SCHEDULE_JOB");
  expect(call("GET", "/v1.0/jobs/nightly"), 500, "DAPR_SCHEDULER_GET_JOB");
  expect(call("DELETE", "/v1.0-alpha1/jobs/nightly"), 500, "DAPR_SCHEDULER_DELETE_JOB");
  expect(call("POST", "/v1.0-alpha2/conversation/llm/converse", "{}"), 400,
         "ERR_CONVERSATION_NOT_FOUND");
}

}  // namespace
}  // namespace lichen::http

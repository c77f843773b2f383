#include "api/http/router.h"

#include <gtest/gtest.h>

namespace lichen::http {
namespace {

ApiRequest make(std::string method, std::vector<std::string> segments) {
  ApiRequest request;
  request.method = std::move(method);
  request.segments = std::move(segments);
  return request;
}

Handler answer(std::string text) {
  return [text](const ApiRequest&, const Params& params) {
    std::string body = text;
    for (const auto& [k, v] : params) body += " " + k + "=" + v;
    return ApiResponse{200, "text/plain", body, {}};
  };
}

TEST(RouterTest, LiteralFirstThenParametersAndMethodFallthrough) {
  Router router;
  router.add({"POST", "PUT"}, "/v1.0/state/{store}/bulk", answer("bulk"));
  router.add({"GET"}, "/v1.0/state/{store}/{key}", answer("get"));
  EXPECT_EQ(router.dispatch(make("POST", {"v1.0", "state", "s", "bulk"})).body, "bulk store=s");
  // GET .../bulk is a get of the key "bulk", as with daprd's chi router.
  EXPECT_EQ(router.dispatch(make("GET", {"v1.0", "state", "s", "bulk"})).body,
            "get key=bulk store=s");
  EXPECT_EQ(router.dispatch(make("GET", {"v1.0", "state", "s", "k"})).body, "get key=k store=s");
}

TEST(RouterTest, UnknownPathIs404AndWrongMethodIs405) {
  Router router;
  router.add({"GET"}, "/v1.0/metadata", answer("md"));
  EXPECT_EQ(router.dispatch(make("GET", {"v1.0", "nope"})).status, 404);
  EXPECT_EQ(router.dispatch(make("DELETE", {"v1.0", "metadata"})).status, 405);
  EXPECT_EQ(router.dispatch(make("GET", {"v1.0", "metadata", "extra"})).status, 404);
}

TEST(RouterTest, TryDispatchTellsNoRouteFromAHandlersOwn404) {
  Router router;
  router.add({"GET"}, "/v1.0/missing", [](const ApiRequest&, const Params&) {
    return ApiResponse{404, "", "gone", {}};
  });
  EXPECT_FALSE(router.tryDispatch(make("GET", {"v1.0", "nope"})).has_value());
  auto own = router.tryDispatch(make("GET", {"v1.0", "missing"}));
  ASSERT_TRUE(own.has_value());
  EXPECT_EQ(own->body, "gone");
}

TEST(RouterTest, RestParameterTakesTheRemainingSegments) {
  Router router;
  router.add({"POST"}, "/v1.0/publish/{pubsub}/{topic*}", answer("pub"));
  EXPECT_EQ(router.dispatch(make("POST", {"v1.0", "publish", "p", "a", "b", "c"})).body,
            "pub pubsub=p topic=a/b/c");
  EXPECT_EQ(router.dispatch(make("POST", {"v1.0", "publish", "p", "t"})).body,
            "pub pubsub=p topic=t");
  EXPECT_EQ(router.dispatch(make("POST", {"v1.0", "publish", "p"})).status, 404);
}

TEST(RouterTest, EmptyParameterDoesNotMatch) {
  Router router;
  router.add({"GET"}, "/v1.0/state/{store}/{key}", answer("get"));
  EXPECT_EQ(router.dispatch(make("GET", {"v1.0", "state", "", "k"})).status, 404);
}

TEST(RouterTest, NeverBlocksFollowsTheRouteDispatchWouldTake) {
  Router router;
  router.add({"GET"}, "/v1.0/slow/{name}", answer("slow"));
  router.add({"GET"}, "/v1.0/quick/{name}", answer("quick"),
             [](const ApiRequest&, const Params& params) { return params.at("name") != "x"; });
  EXPECT_FALSE(router.neverBlocks(make("GET", {"v1.0", "slow", "a"})));
  EXPECT_TRUE(router.neverBlocks(make("GET", {"v1.0", "quick", "a"})));
  EXPECT_FALSE(router.neverBlocks(make("GET", {"v1.0", "quick", "x"})));
  EXPECT_TRUE(router.neverBlocks(make("POST", {"v1.0", "quick", "a"})));  // 405
  EXPECT_FALSE(router.neverBlocks(make("GET", {"v1.0", "nope"})));        // no route
}

}  // namespace
}  // namespace lichen::http

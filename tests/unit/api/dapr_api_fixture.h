// The fixture shared by the Dapr HTTP API tests: a Runtime with an in-memory state store
// (actorStateStore) and a local-file secret store, behind a DaprHttpApi called in process.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "api/http/dapr_api.h"
#include "api/http/server.h"
#include "components/register_components.h"
#include "runtime/resources/resource_loader.h"

namespace lichen::http {

namespace json = boost::json;

class DaprApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    secrets_file_ = std::filesystem::temp_directory_path() /
                    ("lichen-api-secrets-" + std::to_string(::getpid()) + ".json");
    std::ofstream(secrets_file_) << R"({"db":{"password":"pw"},"token":"abc"})";
    std::string yaml = R"(apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: statestore}
spec: {type: state.in-memory, version: v1, metadata: [{name: actorStateStore, value: "true"}]}
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: files}
spec:
  type: secretstores.local.file
  version: v1
  metadata:
  - {name: secretsFile, value: ")" +
                       secrets_file_.string() + R"("}
)";
    runtime::Registry registry;
    components::registerBuiltinComponents(registry);
    auto specs = resources::parseComponents(yaml, "test.yaml");
    ASSERT_TRUE(specs) << specs.error().message();
    runtime::RuntimeOptions runtime_options;
    runtime_options.app_id = "myapp";
    auto runtime = runtime::Runtime::create(runtime_options, registry, std::move(*specs));
    ASSERT_TRUE(runtime) << runtime.error().message();
    runtime_ = std::move(*runtime);
    ApiOptions options;
    options.on_shutdown = [this] { shutdown_called_ = true; };
    api_ = std::make_unique<DaprHttpApi>(*runtime_, options);
  }
  void TearDown() override { std::filesystem::remove(secrets_file_); }

  ApiResponse call(const std::string& method, const std::string& target,
                   const std::string& body = "", std::map<std::string, std::string> headers = {}) {
    ApiRequest request;
    request.method = method;
    EXPECT_TRUE(parseTarget(target, request));
    request.body = body;
    request.headers = std::move(headers);
    return api_->handle(request);
  }
  static std::string header(const ApiResponse& response, const std::string& name) {
    for (const auto& [k, v] : response.headers) {
      if (k == name) return v;
    }
    return "";
  }
  static json::value parse(const std::string& body) { return json::parse(body); }

  std::filesystem::path secrets_file_;
  std::unique_ptr<runtime::Runtime> runtime_;
  std::unique_ptr<DaprHttpApi> api_;
  bool shutdown_called_ = false;
};

}  // namespace lichen::http

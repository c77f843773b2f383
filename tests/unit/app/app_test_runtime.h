// A Runtime with the embedded defaults (SQLite state in a temporary folder, in-memory pub/sub)
// for the host module's tests, and a Store with one page of memory and an AppInstance.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

#include "app/app_instance.h"
#include "components/register_components.h"
#include "host/outbound_http.h"
#include "runtime/runtime.h"
#include "wasm/engine/engine.h"

namespace lichen::app::test {

class AppRuntimeTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("lichen-app-test-" + std::to_string(::getpid()) + "-" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    runtime::Registry registry;
    components::registerBuiltinComponents(registry);
    auto created = runtime::Runtime::create({"tester", "", {}, {}}, registry,
                                            runtime::embeddedDefaults(dir_.string()));
    ASSERT_TRUE(created) << created.error().message();
    runtime_ = std::move(*created);
    store_ = std::make_unique<wasm::Store>(engine_.executor());
    auto memory = store_->addMemory(wasm::MemoryType{wasm::Limits{1, 1}});
    ASSERT_TRUE(memory);
    memory_ = *memory;
    auto inst = std::make_shared<AppInstance>(nullptr);
    instance_ = inst.get();
    store_->setHostData(std::move(inst));
  }
  void TearDown() override {
    store_.reset();
    runtime_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  wasm::Engine engine_;
  std::unique_ptr<runtime::Runtime> runtime_;
  // http_request may reach servers the test starts on this machine, nothing else.
  host::OutboundHttp outbound_{*host::AllowedHosts::parse({"http://127.0.0.1:*"})};
  std::unique_ptr<wasm::Store> store_;
  wasm::Memory* memory_ = nullptr;
  AppInstance* instance_ = nullptr;
};

}  // namespace lichen::app::test

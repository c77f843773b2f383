// bindings.wasm against guests built from source (tests/guests): stdin in, stdout out, args,
// exit codes, the strict sandbox, limits that end only their own call, and parallel calls.
#include "components/bindings/wasm/wasm_binding.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include "components/bindings/wasm/guest_source.h"
#include "tests/unit/components/one_shot_server.h"

namespace lichen::components {
namespace {

using bindings::InvokeRequest;
using bindings::InvokeResult;

std::unique_ptr<WasmBinding> make(const std::string& wasm,
                                  std::map<std::string, std::string> extra = {}) {
  component::Properties props;
  props.set("url", "file://" + wasm);
  for (auto& [k, v] : extra) props.set(k, v);
  auto binding = std::make_unique<WasmBinding>();
  auto ok = binding->init(props);
  EXPECT_TRUE(ok) << (ok ? "" : ok.error().message());
  return binding;
}

InvokeResult execute(WasmBinding& b, std::string data, std::string args = "") {
  InvokeRequest request{"execute", std::move(data), {}};
  if (!args.empty()) request.metadata["args"] = args;
  return b.invoke(request);
}

std::string output(const InvokeResult& r) {
  EXPECT_TRUE(r.ok()) << r.error.message();
  return r.response ? r.response->data : "<none>";
}

TEST(WasmBinding, StdinIsTheDataAndStdoutTheResponse) {
  auto b = make(LICHEN_TRANSFORM_WASM);
  EXPECT_EQ(b->operations(), std::vector<std::string>{"execute"});
  EXPECT_EQ(output(execute(*b, "\"hello\"")), "\"HELLO\"");
  EXPECT_EQ(output(execute(*b, "abc", "reverse")), "cba");
  EXPECT_EQ(output(execute(*b, "")), "");
}

TEST(WasmBinding, ArgsFollowTheGuestNameSplitOnCommas) {
  auto b = make(LICHEN_PROBE_WASM);
  EXPECT_EQ(b->guestName(), "c_binding_probe");
  EXPECT_EQ(output(execute(*b, "", "args,1,2")), "c_binding_probe\nargs\n1\n2");
  EXPECT_EQ(output(execute(*b, "", "args,,x")), "c_binding_probe\nargs\n\nx");
  EXPECT_EQ(output(execute(*b, "")), "c_binding_probe");  // no args: argv is the name alone
  EXPECT_EQ(splitArgs(""), std::vector<std::string>{});
  EXPECT_EQ(splitArgs("a,"), (std::vector<std::string>{"a", ""}));
}

TEST(WasmBinding, ANonZeroExitIsAnErrorNamingTheCode) {
  auto b = make(LICHEN_PROBE_WASM);
  InvokeResult r = execute(*b, "", "exit,7");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.message(), "module closed with exit_code(7)");
  EXPECT_FALSE(execute(*b, "", "exit,1").ok());
  EXPECT_EQ(output(execute(*b, "", "exit,0")), "exiting");
}

TEST(WasmBinding, ALoopEndsAtTheTimeoutAndOnlyItsOwnCall) {
  auto b = make(LICHEN_PROBE_WASM, {{"timeout", "200ms"}});
  InvokeResult r = execute(*b, "", "loop");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error.message().find("time limit reached"), std::string::npos) << r.error.message();
  EXPECT_EQ(output(execute(*b, "next", "echo")), "next");
}

TEST(WasmBinding, ATrapFailsOnlyItsOwnCall) {
  auto b = make(LICHEN_PROBE_WASM);
  InvokeResult r = execute(*b, "", "trap");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error.message().find("unreachable"), std::string::npos) << r.error.message();
  EXPECT_EQ(output(execute(*b, "next", "echo")), "next");
}

TEST(WasmBinding, RunningOutOfMemoryFailsOnlyItsOwnCall) {
  auto b = make(LICHEN_PROBE_WASM, {{"maxMemoryMiB", "4"}});
  EXPECT_FALSE(execute(*b, "", "grow").ok());
  EXPECT_EQ(output(execute(*b, "next", "echo")), "next");
}

TEST(WasmBinding, OutputPastItsCapIsAnErrorNotUnboundedGrowth) {
  auto b = make(LICHEN_PROBE_WASM);
  InvokeResult r = execute(*b, "", "flood");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error.message().find("stdout passed its limit"), std::string::npos)
      << r.error.message();
}

TEST(WasmBinding, StrictSandboxClocksRandomAndSleep) {
  auto b = make(LICHEN_PROBE_WASM, {{"strictSandbox", "true"}});
  // "m0 m1 w0 w1 random": the sleep(10) between the reads passes no time at all.
  const std::string first = output(execute(*b, "", "clocks"));
  std::istringstream in(first);
  uint64_t m0 = 1, m1 = 0, w0 = 0, w1 = 0;
  std::string random;
  in >> m0 >> m1 >> w0 >> w1 >> random;
  EXPECT_EQ(m0, 0u);
  EXPECT_EQ(m1, 1'000'000u);
  EXPECT_EQ(w1 - w0, 1'000'000u);
  EXPECT_GT(w0, 1'700'000'000'000'000'000u);  // it starts at the real time
  EXPECT_EQ(random.size(), 16u);
  const std::string second = output(execute(*b, "", "clocks"));
  EXPECT_EQ(second.substr(second.size() - 16), random);  // the same bytes every call
}

TEST(WasmBinding, ParallelCallsNeverMixTheirOutput) {
  auto b = make(LICHEN_TRANSFORM_WASM);
  constexpr int kCalls = 100;
  std::vector<std::string> got(kCalls);
  std::vector<std::thread> threads;
  for (int i = 0; i < kCalls; ++i) {
    threads.emplace_back([&, i] {
      InvokeResult r = execute(*b, "input-" + std::to_string(i) + "-end", "reverse");
      got[i] = r.ok() && r.response ? r.response->data : "error: " + r.error.message();
    });
  }
  for (std::thread& t : threads) t.join();
  for (int i = 0; i < kCalls; ++i) {
    std::string want = "input-" + std::to_string(i) + "-end";
    std::reverse(want.begin(), want.end());
    EXPECT_EQ(got[i], want);
  }
}

TEST(WasmBinding, InitErrors) {
  auto init = [](std::string url) {
    component::Properties props;
    if (!url.empty()) props.set("url", url);
    WasmBinding b;
    auto ok = b.init(props);
    return ok ? std::string("ok") : ok.error().message();
  };
  EXPECT_EQ(init(""), "wasm: missing url");
  EXPECT_EQ(init("ftp://x/y.wasm"), "wasm: unsupported URL scheme: ftp");
  EXPECT_NE(init("file:///nonexistent/x.wasm").find("/nonexistent/x.wasm"), std::string::npos);
  const std::string not_wasm = std::filesystem::temp_directory_path() /
                               ("lichen-not-wasm-" + std::to_string(::getpid()) + ".wasm");
  std::ofstream(not_wasm) << "not a module";
  EXPECT_NE(init("file://" + not_wasm).find("error compiling binary"), std::string::npos);
  std::filesystem::remove(not_wasm);
}

TEST(WasmBinding, AnHttpUrlIsFetchedOnceAtInit) {
  std::ifstream in(LICHEN_TRANSFORM_WASM, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  testing::OneShotServer server(bytes);
  auto b = make(LICHEN_TRANSFORM_WASM);  // for comparison: the same module from a file
  component::Properties props;
  props.set("url", "http://127.0.0.1:" + std::to_string(server.port()) + "/fn/upper.wasm");
  WasmBinding fetched;
  auto ok = fetched.init(props);
  ASSERT_TRUE(ok) << ok.error().message();
  EXPECT_EQ(fetched.guestName(), "upper");
  EXPECT_EQ(output(execute(fetched, "abc")), "ABC");
  EXPECT_EQ(output(execute(fetched, "def")), "DEF");  // no second fetch: the server served one
}

}  // namespace
}  // namespace lichen::components

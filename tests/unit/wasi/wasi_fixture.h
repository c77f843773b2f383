// A WASI context over a temporary tree plus one page of guest memory, for calling the
// wasi_snapshot_preview1 functions directly. Guest fds: 3 = /box (read-write), 4 = /ro.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "tests/unit/wasi/temp_tree.h"
#include "wasi/posix_os.h"
#include "wasi/wasi_calls.h"
#include "wasm/runtime/memory.h"

namespace lichen::wasi::testing {

class WasiFixture : public ::testing::Test {
 protected:
  void SetUp() override { init(std::make_shared<PosixOs>()); }

  // `adjust` changes the configuration last (e.g. MemoryStdioOs::attach).
  void init(std::shared_ptr<WasiOs> os, int stdin_fd = 0, void (*adjust)(WasiConfig&) = nullptr) {
    tree_.mkdir("box");
    tree_.mkdir("ro");
    tree_.write("ro/readme.txt", "read me");
    tree_.mkdir("outside");
    WasiConfig config;
    config.args = {"prog", "arg1"};
    config.env = {"ONLY=this"};
    config.stdin_fd = stdin_fd;
    config.preopens = {{tree_.path("box").string(), "/box", false},
                       {tree_.path("ro").string(), "/ro", true}};
    if (adjust) adjust(config);
    auto ctx = WasiCtx::create(std::move(config), std::move(os));
    ASSERT_TRUE(ctx) << ctx.error();
    ctx_ = std::move(*ctx);
    auto mem = wasm::Memory::create(wasm::MemoryType{wasm::Limits{1, 1}}, 1);
    ASSERT_TRUE(mem);
    memory_ = std::move(*mem);
  }

  Call call() { return Call{*ctx_, GuestMemory(memory_.get())}; }
  uint8_t* mem(uint32_t at) { return memory_->data() + at; }
  uint32_t u32(uint32_t at) { return *reinterpret_cast<uint32_t*>(mem(at)); }
  uint64_t u64(uint32_t at) { return *reinterpret_cast<uint64_t*>(mem(at)); }

  // Puts a string at kPath and returns its length.
  uint32_t path(const std::string& text) {
    std::memcpy(mem(kPath), text.data(), text.size());
    return static_cast<uint32_t>(text.size());
  }

  // path_open relative to `dir`; returns the errno and puts the new fd in *fd.
  Errno open(uint32_t dir, const std::string& p, uint32_t oflags, uint64_t rights,
             uint32_t* fd = nullptr, uint32_t fdflags = 0) {
    Call c = call();
    Errno e = pathOpen(c, dir, kLookupSymlinkFollow, kPath, path(p), oflags, rights, rights,
                       fdflags, kOut);
    if (fd) *fd = u32(kOut);
    return e;
  }

  // Writes `text` through fd_write with one iovec.
  Errno write(uint32_t fd, const std::string& text) {
    std::memcpy(mem(kData), text.data(), text.size());
    *reinterpret_cast<uint32_t*>(mem(kIov)) = kData;
    *reinterpret_cast<uint32_t*>(mem(kIov + 4)) = static_cast<uint32_t>(text.size());
    Call c = call();
    return fdWrite(c, fd, kIov, 1, kOut);
  }

  Errno read(uint32_t fd, std::string& out, uint32_t max = 256) {
    *reinterpret_cast<uint32_t*>(mem(kIov)) = kData;
    *reinterpret_cast<uint32_t*>(mem(kIov + 4)) = max;
    Call c = call();
    Errno e = fdRead(c, fd, kIov, 1, kOut);
    if (e == Errno::kSuccess) out.assign(reinterpret_cast<char*>(mem(kData)), u32(kOut));
    return e;
  }

  static constexpr uint32_t kPath = 1024;     // path strings
  static constexpr uint32_t kOut = 2048;      // results
  static constexpr uint32_t kIov = 3072;      // iovecs
  static constexpr uint32_t kData = 4096;     // buffers
  static constexpr uint32_t kBeyond = 65536;  // first byte past the one page
  static constexpr uint32_t kBox = 3;
  static constexpr uint32_t kRo = 4;

  TempTree tree_;
  std::unique_ptr<WasiCtx> ctx_;
  std::unique_ptr<wasm::Memory> memory_;
};

}  // namespace lichen::wasi::testing

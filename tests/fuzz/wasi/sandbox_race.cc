// Races a hostile second party against every path-taking WASI call, looking for a way out of a
// pre-open. Two WASI contexts share one pre-opened directory ("box"); "outside" is its sibling,
// holding a secret. The attacker swaps names in the box between nothing, a directory and
// symlinks that lead outside (relative and absolute), directly or by renaming a prepared name
// over it, either as a second guest through WASI calls (--attacker guest) or from the host
// (--attacker host). The victim calls one path
// function after another with names built around the swapped ones ("tr", "tr/", "tr/secret",
// "d/../tr/", ...). After every call an oracle checks that nothing outside was read, written,
// created, renamed, linked, timestamped or opened. Exit status 0 and "escapes 0" mean none was.
//
//   sandbox_race [--iterations N] [--seconds S] [--seed X] [--attacker guest|host|both]
//                [--call NAME]
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "tests/fuzz/wasi/sandbox_race_oracle.h"
#include "wasi/posix_os.h"
#include "wasi/wasi_calls.h"
#include "wasm/runtime/memory.h"

namespace lichen::wasi::race {
namespace {

constexpr uint64_t kAll = rights::kAll;
constexpr uint32_t kPath = 1024, kPath2 = 2048, kOut = 3072, kIov = 3584, kData = 4096;

// One guest: a WasiCtx with the box pre-opened as fd 3, and a page of guest memory.
class Guest {
 public:
  explicit Guest(const std::string& box) {
    WasiConfig config;
    config.args = {"race"};
    config.preopens = {{box, "/box", false}};
    auto ctx = WasiCtx::create(std::move(config), std::make_shared<PosixOs>());
    if (!ctx) {
      std::fprintf(stderr, "sandbox_race: %s\n", ctx.error().c_str());
      std::exit(2);
    }
    ctx_ = std::move(*ctx);
    memory_ = std::move(*wasm::Memory::create(wasm::MemoryType{wasm::Limits{1, 1}}, 1));
  }
  Call call() { return Call{*ctx_, GuestMemory(memory_.get())}; }
  uint32_t put(uint32_t at, const std::string& s) {
    std::memcpy(memory_->data() + at, s.data(), s.size());
    return static_cast<uint32_t>(s.size());
  }
  uint32_t u32(uint32_t at) const {
    uint32_t v;
    std::memcpy(&v, memory_->data() + at, 4);
    return v;
  }
  uint64_t u64(uint32_t at) const {
    uint64_t v;
    std::memcpy(&v, memory_->data() + at, 8);
    return v;
  }
  std::string bytes(uint32_t at, uint32_t n) const {
    return std::string(reinterpret_cast<const char*>(memory_->data() + at), n);
  }
  WasiCtx& ctx() { return *ctx_; }

 private:
  std::unique_ptr<WasiCtx> ctx_;
  std::unique_ptr<wasm::Memory> memory_;
};

constexpr uint32_t kBoxFd = 3;

// The attacker: makes "tr" (and "d/tr") nothing, a directory, or a symlink leading out, by
// creating and removing it or by renaming a prepared name over it (an atomic swap).
void attack(Guest* guest, const Sandbox& sb, const std::string& mode, std::atomic<bool>& stop,
            uint64_t seed) {
  std::mt19937_64 rng(seed);
  const std::vector<std::string> targets = {"../outside", "../../outside",     "..",
                                            "../..",      "../outside/secret", "../../../../.."};
  const std::vector<std::string> names = {"tr", "d/tr"};
  while (!stop.load(std::memory_order_relaxed)) {
    const std::string& name = names[rng() % names.size()];
    const std::string spare = name + ".x";
    const bool as_guest = mode == "guest" || (mode == "both" && rng() % 2);
    const unsigned action = rng() % 6;
    const std::string target = targets[rng() % targets.size()];
    if (as_guest) {
      Call c = guest->call();
      const uint32_t n = guest->put(kPath, name);
      const uint32_t sn = guest->put(kPath2, spare);
      const uint32_t tn = guest->put(kData, target);
      if (action == 0) {
        (void)pathSymlink(c, kData, tn, kBoxFd, kPath, n);
      } else if (action == 1) {
        (void)pathCreateDirectory(c, kBoxFd, kPath, n);
      } else if (action == 2) {
        (void)pathRemoveDirectory(c, kBoxFd, kPath, n);
      } else if (action == 3) {
        (void)pathUnlinkFile(c, kBoxFd, kPath, n);
      } else if (action == 4) {  // a link made aside, renamed over the name
        (void)pathSymlink(c, kData, tn, kBoxFd, kPath2, sn);
        (void)pathRename(c, kBoxFd, kPath2, sn, kBoxFd, kPath, n);
      } else {  // a directory made aside, renamed over the name
        (void)pathCreateDirectory(c, kBoxFd, kPath2, sn);
        (void)pathRename(c, kBoxFd, kPath2, sn, kBoxFd, kPath, n);
      }
    } else {
      const std::string path = sb.box + "/" + name;
      const std::string spare_path = sb.box + "/" + spare;
      // The host may plant what a guest cannot: an absolute link straight outside.
      const std::string t = rng() % 2 ? sb.outside : target;
      if (action == 0) {
        (void)::symlink(t.c_str(), path.c_str());
      } else if (action == 1) {
        (void)::mkdir(path.c_str(), 0755);
      } else if (action == 2) {
        (void)::rmdir(path.c_str());
      } else if (action == 3) {
        (void)::unlink(path.c_str());
      } else if (action == 4) {
        (void)::symlink(t.c_str(), spare_path.c_str());
        (void)::rename(spare_path.c_str(), path.c_str());
      } else {
        (void)::mkdir(spare_path.c_str(), 0755);
        (void)::rename(spare_path.c_str(), path.c_str());
      }
    }
  }
}

// Paths the victim uses: every one goes through a swapped name, with and without slashes.
std::string victimPath(std::mt19937_64& rng) {
  static const std::vector<std::string> heads = {"tr",    "tr/",      "d/tr", "d/tr/", "d/../tr",
                                                 "./tr/", "d/../tr/", "tr/.", "tr//"};
  static const std::vector<std::string> tails = {
      "", "", "secret", "subdir", "link", "new", "secret/", "subdir/", "..", "../outside"};
  std::string head = heads[rng() % heads.size()];
  const std::string& tail = tails[rng() % tails.size()];
  if (tail.empty()) return head;
  if (head.back() != '/') head += '/';
  return head + tail;
}

const std::vector<std::string> kCalls = {"path_open",
                                         "path_open_dir",
                                         "path_open_creat",
                                         "path_filestat_get",
                                         "path_filestat_set_times",
                                         "path_create_directory",
                                         "path_link",
                                         "path_readlink",
                                         "path_remove_directory",
                                         "path_rename",
                                         "path_symlink",
                                         "path_unlink_file"};

// Makes one victim call; reports through the oracle anything that reached outside.
void victimCall(Guest& g, Oracle& oracle, const std::string& call, std::mt19937_64& rng) {
  Call c = g.call();
  const std::string path = victimPath(rng);
  const uint32_t n = g.put(kPath, path);
  const uint32_t follow = rng() % 2 ? kLookupSymlinkFollow : 0;
  auto opened = [&](Errno e) {
    if (e != Errno::kSuccess) return;
    const uint32_t fd = g.u32(kOut);
    FdEntry* entry = g.ctx().fds().get(fd);
    if (entry) oracle.checkFd(entry->host_fd, call + " " + path);
    // Read what it gives, and list it: neither may show the secret.
    if (entry && entry->type == Filetype::kDirectory) {
      if (fdReaddir(c, fd, kData, 2048, 0, kOut) == Errno::kSuccess) {
        oracle.checkBytes(g.bytes(kData, g.u32(kOut)), call + " readdir " + path);
      }
    } else if (entry) {
      const uint32_t iov[2] = {kData, 256};
      std::memcpy(c.mem.at(kIov, 8), iov, 8);
      if (fdRead(c, fd, kIov, 1, kOut) == Errno::kSuccess) {
        oracle.checkBytes(g.bytes(kData, g.u32(kOut)), call + " read " + path);
      }
    }
    (void)fdClose(c, fd);
  };
  if (call == "path_open") {
    opened(pathOpen(c, kBoxFd, follow, kPath, n, 0, kAll, kAll, 0, kOut));
  } else if (call == "path_open_dir") {
    opened(pathOpen(c, kBoxFd, follow, kPath, n, kOflagDirectory,
                    rights::kFdReaddir | rights::kPathOpen, kAll, 0, kOut));
  } else if (call == "path_open_creat") {
    opened(pathOpen(c, kBoxFd, follow, kPath, n, kOflagCreat | kOflagTrunc, kAll, kAll, 0, kOut));
  } else if (call == "path_filestat_get") {
    if (pathFilestatGet(c, kBoxFd, follow, kPath, n, kOut) == Errno::kSuccess) {
      oracle.checkInode(g.u64(kOut), g.u64(kOut + 8), "path_filestat_get " + path);
    }
  } else if (call == "path_filestat_set_times") {
    (void)pathFilestatSetTimes(c, kBoxFd, follow, kPath, n, 1, 1, kFstflagAtim | kFstflagMtim);
  } else if (call == "path_create_directory") {
    (void)pathCreateDirectory(c, kBoxFd, kPath, n);
  } else if (call == "path_link") {
    const uint32_t m = g.put(kPath2, "stolen");
    if (pathLink(c, kBoxFd, follow, kPath, n, kBoxFd, kPath2, m) == Errno::kSuccess) {
      oracle.checkBoxName("stolen", "path_link " + path);
    }
  } else if (call == "path_readlink") {
    if (pathReadlink(c, kBoxFd, kPath, n, kData, 256, kOut) == Errno::kSuccess) {
      oracle.checkBytes(g.bytes(kData, g.u32(kOut)), "path_readlink " + path);
    }
  } else if (call == "path_remove_directory") {
    (void)pathRemoveDirectory(c, kBoxFd, kPath, n);
  } else if (call == "path_rename") {
    const uint32_t m = g.put(kPath2, "moved");
    if (pathRename(c, kBoxFd, kPath, n, kBoxFd, kPath2, m) == Errno::kSuccess) {
      oracle.checkBoxName("moved", "path_rename " + path);
    }
  } else if (call == "path_symlink") {
    const uint32_t m = g.put(kPath2, "planted-target");
    (void)pathSymlink(c, kPath2, m, kBoxFd, kPath, n);
  } else if (call == "path_unlink_file") {
    (void)pathUnlinkFile(c, kBoxFd, kPath, n);
  }
  oracle.checkOutside(call + " " + path);
}

int run(int argc, char** argv) {
  uint64_t iterations = 100000;
  double seconds = 0;
  uint64_t seed = 20261130;
  std::string mode = "both";
  std::string only;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--iterations")
      iterations = std::stoull(argv[i + 1]);
    else if (flag == "--seconds")
      seconds = std::stod(argv[i + 1]);
    else if (flag == "--seed")
      seed = std::stoull(argv[i + 1]);
    else if (flag == "--attacker")
      mode = argv[i + 1];
    else if (flag == "--call")
      only = argv[i + 1];
    else {
      std::fprintf(stderr, "sandbox_race: unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  Sandbox sb;
  Oracle oracle(sb);
  Guest victim(sb.box), attacker(sb.box);
  std::atomic<bool> stop{false};
  std::thread attacker_thread(attack, &attacker, std::cref(sb), mode, std::ref(stop), seed + 1);
  std::mt19937_64 rng(seed);
  const auto start = std::chrono::steady_clock::now();
  uint64_t done = 0;
  for (;; ++done) {
    if (seconds > 0) {
      if ((done & 1023) == 0 &&
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >=
              seconds) {
        break;
      }
    } else if (done >= iterations) {
      break;
    }
    const std::string& call = only.empty() ? kCalls[rng() % kCalls.size()] : only;
    victimCall(victim, oracle, call, rng);
    if (oracle.escapes() > 0) break;
    if ((done & 4095) == 0) sb.tidyBox();  // keep the box small: the attack needs few names
  }
  stop = true;
  attacker_thread.join();
  std::printf("sandbox_race: %s, attacker %s, %llu calls, escapes %llu\n",
              only.empty() ? "all calls" : only.c_str(), mode.c_str(),
              static_cast<unsigned long long>(done),
              static_cast<unsigned long long>(oracle.escapes()));
  return oracle.escapes() == 0 ? 0 : 1;
}

}  // namespace
}  // namespace lichen::wasi::race

int main(int argc, char** argv) { return lichen::wasi::race::run(argc, argv); }

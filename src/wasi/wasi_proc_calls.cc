// args, environ, clocks, randomness, scheduling, poll_oneoff, signals and sockets.
#include <time.h>

#include <algorithm>
#include <limits>

#include "wasi/wasi_calls.h"

namespace lichen::wasi {
namespace {

// args_get/environ_get: an array of pointers into one buffer of NUL-terminated strings.
Errno storeStrings(Call& c, const std::vector<std::string>& strings, uint32_t ptrs, uint32_t buf) {
  uint64_t size = 0;
  for (const std::string& s : strings) size += s.size() + 1;
  if (!c.mem.at(ptrs, uint64_t{4} * strings.size()) || !c.mem.at(buf, size)) return Errno::kFault;
  uint64_t offset = buf;
  for (size_t i = 0; i < strings.size(); ++i) {
    c.mem.store<uint32_t>(ptrs + 4 * i, static_cast<uint32_t>(offset));
    c.mem.storeBytes(offset, strings[i].c_str(), strings[i].size() + 1);
    offset += strings[i].size() + 1;
  }
  return Errno::kSuccess;
}

Errno storeSizes(Call& c, const std::vector<std::string>& strings, uint32_t count_out,
                 uint32_t size_out) {
  uint64_t size = 0;
  for (const std::string& s : strings) size += s.size() + 1;
  if (!c.mem.at(count_out, 4) || !c.mem.at(size_out, 4)) return Errno::kFault;
  c.mem.store<uint32_t>(count_out, static_cast<uint32_t>(strings.size()));
  c.mem.store<uint32_t>(size_out, static_cast<uint32_t>(size));
  return Errno::kSuccess;
}

int hostClock(uint32_t id) {
  switch (id) {
    case kClockRealtime:
      return CLOCK_REALTIME;
    case kClockMonotonic:
      return CLOCK_MONOTONIC;
    case kClockProcessCputime:
      return CLOCK_PROCESS_CPUTIME_ID;
    case kClockThreadCputime:
      return CLOCK_THREAD_CPUTIME_ID;
    default:
      return -1;
  }
}

}  // namespace

Errno argsGet(Call& c, uint32_t argv, uint32_t argv_buf) {
  return storeStrings(c, c.ctx.args(), argv, argv_buf);
}

Errno argsSizesGet(Call& c, uint32_t argc_out, uint32_t buf_size_out) {
  return storeSizes(c, c.ctx.args(), argc_out, buf_size_out);
}

Errno environGet(Call& c, uint32_t environ, uint32_t environ_buf) {
  return storeStrings(c, c.ctx.env(), environ, environ_buf);
}

Errno environSizesGet(Call& c, uint32_t count_out, uint32_t buf_size_out) {
  return storeSizes(c, c.ctx.env(), count_out, buf_size_out);
}

Errno clockResGet(Call& c, uint32_t id, uint32_t res_out) {
  int clock = hostClock(id);
  if (clock < 0) return Errno::kInval;
  if (!c.mem.at(res_out, 8)) return Errno::kFault;
  auto res = c.ctx.os().clockRes(clock);
  if (!res) return errnoFromHost(res.error());
  return c.mem.store<uint64_t>(res_out, *res);
}

Errno clockTimeGet(Call& c, uint32_t id, uint64_t precision, uint32_t time_out) {
  int clock = hostClock(id);
  if (clock < 0) return Errno::kInval;
  if (!c.mem.at(time_out, 8)) return Errno::kFault;
  auto now = c.ctx.os().clockTime(clock);
  if (!now) return errnoFromHost(now.error());
  return c.mem.store<uint64_t>(time_out, *now);
}

Errno randomGet(Call& c, uint32_t buf, uint32_t len) {
  uint8_t* p = c.mem.at(buf, len);
  if (!p) return Errno::kFault;
  return fromOs(c.ctx.os().random(std::span<uint8_t>(p, len)));
}

Errno schedYield(Call& c) {
  c.ctx.os().yield();
  return Errno::kSuccess;
}

Errno pollOneoff(Call& c, uint32_t in, uint32_t out, uint32_t nsubs, uint32_t nevents_out) {
  if (nsubs == 0) return Errno::kInval;
  if (!c.mem.at(in, uint64_t{nsubs} * kSubscriptionSize) ||
      !c.mem.at(out, uint64_t{nsubs} * kEventSize) || !c.mem.at(nevents_out, 4)) {
    return Errno::kFault;
  }
  struct Event {
    uint64_t userdata;
    Errno error;
    uint8_t type;
  };
  std::vector<Event> ready;     // answered without waiting (errors, regular files)
  std::vector<pollfd> fds;      // fd subscriptions to wait on
  std::vector<size_t> fd_subs;  // subscription index per pollfd
  int64_t timeout = -1;         // nanoseconds until the earliest clock; -1: none
  std::vector<std::pair<size_t, int64_t>> clocks;
  for (uint32_t i = 0; i < nsubs; ++i) {
    const uint64_t sub = in + uint64_t{i} * kSubscriptionSize;
    uint64_t userdata = 0;
    uint8_t tag = 0;
    c.mem.load(sub, userdata);
    c.mem.load(sub + 8, tag);
    if (tag == kEventClock) {
      uint32_t id = 0;
      uint64_t deadline = 0;
      uint16_t flags = 0;
      c.mem.load(sub + 16, id);
      c.mem.load(sub + 24, deadline);
      c.mem.load(sub + 40, flags);
      int clock = hostClock(id);
      if (clock < 0) {
        ready.push_back({userdata, Errno::kInval, tag});
        continue;
      }
      int64_t wait = static_cast<int64_t>(std::min<uint64_t>(deadline, INT64_MAX));
      if (flags & kSubclockAbstime) {
        auto now = c.ctx.os().clockTime(clock);
        if (!now) return errnoFromHost(now.error());
        wait = deadline > *now ? static_cast<int64_t>(deadline - *now) : 0;
      }
      clocks.emplace_back(i, wait);
      if (timeout < 0 || wait < timeout) timeout = wait;
    } else if (tag == kEventFdRead || tag == kEventFdWrite) {
      uint32_t fd = 0;
      c.mem.load(sub + 16, fd);
      FdEntry* e = nullptr;
      Errno err = c.ctx.fds().lookup(fd, rights::kPollFdReadwrite, e);
      if (err != Errno::kSuccess) {
        ready.push_back({userdata, err, tag});
      } else if (e->type == Filetype::kRegularFile) {
        ready.push_back({userdata, Errno::kSuccess, tag});  // files are always ready
      } else {
        fds.push_back({e->host_fd, static_cast<short>(tag == kEventFdRead ? POLLIN : POLLOUT), 0});
        fd_subs.push_back(i);
      }
    } else {
      return Errno::kInval;
    }
  }
  if (!ready.empty()) timeout = 0;
  if (!fds.empty() || timeout > 0) {
    // Wait in slices while an interrupt flag is watching, so --timeout ends a sleeping guest.
    constexpr int64_t kSlice = 20'000'000;
    int64_t remaining = timeout;  // -1: until an fd is ready
    for (;;) {
      const bool sliced = c.interrupt && (remaining < 0 || remaining > kSlice);
      const int64_t wait = sliced ? kSlice : remaining;
      auto n = c.ctx.os().poll(fds, wait);
      if (!n) return errnoFromHost(n.error());
      if (*n > 0 || !sliced) break;
      if (remaining > 0) remaining -= wait;
      if (c.interrupt->load()) return Errno::kIntr;
    }
  }
  for (size_t k = 0; k < fds.size(); ++k) {
    if (!fds[k].revents) continue;
    const uint64_t sub = in + uint64_t{fd_subs[k]} * kSubscriptionSize;
    Event ev{0, Errno::kSuccess, 0};
    c.mem.load(sub, ev.userdata);
    c.mem.load(sub + 8, ev.type);
    if (fds[k].revents & POLLNVAL) ev.error = Errno::kBadf;
    ready.push_back(ev);
  }
  // Clocks fire when nothing else did (the wait above lasted until the earliest deadline).
  if (ready.empty()) {
    for (const auto& [index, wait] : clocks) {
      if (wait != timeout) continue;
      Event ev{0, Errno::kSuccess, kEventClock};
      c.mem.load(in + uint64_t{index} * kSubscriptionSize, ev.userdata);
      ready.push_back(ev);
    }
  }
  for (size_t k = 0; k < ready.size(); ++k) {
    const uint64_t ev = out + uint64_t{k} * kEventSize;
    c.mem.storeBytes(ev, std::string(kEventSize, '\0').data(), kEventSize);
    c.mem.store<uint64_t>(ev, ready[k].userdata);
    c.mem.store<uint16_t>(ev + 8, static_cast<uint16_t>(ready[k].error));
    c.mem.store<uint8_t>(ev + 10, ready[k].type);
  }
  return c.mem.store<uint32_t>(nevents_out, static_cast<uint32_t>(ready.size()));
}

Errno procRaise(Call& c, uint32_t sig) { return Errno::kNosys; }

// No sockets are ever pre-opened, so every fd is either unknown or not a socket.
Errno sockAccept(Call& c, uint32_t fd, uint32_t flags, uint32_t fd_out) {
  return c.ctx.fds().get(fd) ? Errno::kNotsock : Errno::kBadf;
}

Errno sockRecv(Call& c, uint32_t fd, uint32_t ri_data, uint32_t ri_len, uint32_t ri_flags,
               uint32_t nread_out, uint32_t roflags_out) {
  return c.ctx.fds().get(fd) ? Errno::kNotsock : Errno::kBadf;
}

Errno sockSend(Call& c, uint32_t fd, uint32_t si_data, uint32_t si_len, uint32_t si_flags,
               uint32_t nwritten_out) {
  return c.ctx.fds().get(fd) ? Errno::kNotsock : Errno::kBadf;
}

Errno sockShutdown(Call& c, uint32_t fd, uint32_t how) {
  return c.ctx.fds().get(fd) ? Errno::kNotsock : Errno::kBadf;
}

}  // namespace lichen::wasi

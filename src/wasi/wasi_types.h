// WASI preview1 (`wasi_snapshot_preview1`) constants and guest struct layouts, as the witx
// defines them for wasm32. Values are part of the ABI: never renumber.
#pragma once

#include <cstdint>

namespace lichen::wasi {

enum class Errno : uint16_t {
  kSuccess = 0,
  k2big = 1,
  kAcces = 2,
  kAddrinuse = 3,
  kAddrnotavail = 4,
  kAfnosupport = 5,
  kAgain = 6,
  kAlready = 7,
  kBadf = 8,
  kBadmsg = 9,
  kBusy = 10,
  kCanceled = 11,
  kChild = 12,
  kConnaborted = 13,
  kConnrefused = 14,
  kConnreset = 15,
  kDeadlk = 16,
  kDestaddrreq = 17,
  kDom = 18,
  kDquot = 19,
  kExist = 20,
  kFault = 21,
  kFbig = 22,
  kHostunreach = 23,
  kIdrm = 24,
  kIlseq = 25,
  kInprogress = 26,
  kIntr = 27,
  kInval = 28,
  kIo = 29,
  kIsconn = 30,
  kIsdir = 31,
  kLoop = 32,
  kMfile = 33,
  kMlink = 34,
  kMsgsize = 35,
  kMultihop = 36,
  kNametoolong = 37,
  kNetdown = 38,
  kNetreset = 39,
  kNetunreach = 40,
  kNfile = 41,
  kNobufs = 42,
  kNodev = 43,
  kNoent = 44,
  kNoexec = 45,
  kNolck = 46,
  kNolink = 47,
  kNomem = 48,
  kNomsg = 49,
  kNoprotoopt = 50,
  kNospc = 51,
  kNosys = 52,
  kNotconn = 53,
  kNotdir = 54,
  kNotempty = 55,
  kNotrecoverable = 56,
  kNotsock = 57,
  kNotsup = 58,
  kNotty = 59,
  kNxio = 60,
  kOverflow = 61,
  kOwnerdead = 62,
  kPerm = 63,
  kPipe = 64,
  kProto = 65,
  kProtonosupport = 66,
  kPrototype = 67,
  kRange = 68,
  kRofs = 69,
  kSpipe = 70,
  kSrch = 71,
  kStale = 72,
  kTimedout = 73,
  kTxtbsy = 74,
  kXdev = 75,
  kNotcapable = 76,
};

// Rights (bit positions from the witx).
namespace rights {
constexpr uint64_t kFdDatasync = 1ull << 0;
constexpr uint64_t kFdRead = 1ull << 1;
constexpr uint64_t kFdSeek = 1ull << 2;
constexpr uint64_t kFdFdstatSetFlags = 1ull << 3;
constexpr uint64_t kFdSync = 1ull << 4;
constexpr uint64_t kFdTell = 1ull << 5;
constexpr uint64_t kFdWrite = 1ull << 6;
constexpr uint64_t kFdAdvise = 1ull << 7;
constexpr uint64_t kFdAllocate = 1ull << 8;
constexpr uint64_t kPathCreateDirectory = 1ull << 9;
constexpr uint64_t kPathCreateFile = 1ull << 10;
constexpr uint64_t kPathLinkSource = 1ull << 11;
constexpr uint64_t kPathLinkTarget = 1ull << 12;
constexpr uint64_t kPathOpen = 1ull << 13;
constexpr uint64_t kFdReaddir = 1ull << 14;
constexpr uint64_t kPathReadlink = 1ull << 15;
constexpr uint64_t kPathRenameSource = 1ull << 16;
constexpr uint64_t kPathRenameTarget = 1ull << 17;
constexpr uint64_t kPathFilestatGet = 1ull << 18;
constexpr uint64_t kPathFilestatSetSize = 1ull << 19;
constexpr uint64_t kPathFilestatSetTimes = 1ull << 20;
constexpr uint64_t kFdFilestatGet = 1ull << 21;
constexpr uint64_t kFdFilestatSetSize = 1ull << 22;
constexpr uint64_t kFdFilestatSetTimes = 1ull << 23;
constexpr uint64_t kPathSymlink = 1ull << 24;
constexpr uint64_t kPathRemoveDirectory = 1ull << 25;
constexpr uint64_t kPathUnlinkFile = 1ull << 26;
constexpr uint64_t kPollFdReadwrite = 1ull << 27;
constexpr uint64_t kSockShutdown = 1ull << 28;
constexpr uint64_t kSockAccept = 1ull << 29;

constexpr uint64_t kAll = (1ull << 30) - 1;
// Rights that change the filesystem; a read-only pre-open withholds them.
constexpr uint64_t kMutating = kFdDatasync | kFdWrite | kFdAllocate | kPathCreateDirectory |
                               kPathCreateFile | kPathLinkSource | kPathLinkTarget |
                               kPathRenameSource | kPathRenameTarget | kPathFilestatSetSize |
                               kPathFilestatSetTimes | kFdFilestatSetSize | kFdFilestatSetTimes |
                               kPathSymlink | kPathRemoveDirectory | kPathUnlinkFile;
constexpr uint64_t kRegularFile = kFdDatasync | kFdRead | kFdSeek | kFdFdstatSetFlags | kFdSync |
                                  kFdTell | kFdWrite | kFdAdvise | kFdAllocate | kFdFilestatGet |
                                  kFdFilestatSetSize | kFdFilestatSetTimes | kPollFdReadwrite;
constexpr uint64_t kDirectory = kFdFdstatSetFlags | kFdSync | kFdAdvise | kPathCreateDirectory |
                                kPathCreateFile | kPathLinkSource | kPathLinkTarget | kPathOpen |
                                kFdReaddir | kPathReadlink | kPathRenameSource | kPathRenameTarget |
                                kPathFilestatGet | kPathFilestatSetSize | kPathFilestatSetTimes |
                                kFdFilestatGet | kFdFilestatSetTimes | kPathSymlink |
                                kPathRemoveDirectory | kPathUnlinkFile | kPollFdReadwrite;
}  // namespace rights

enum class Filetype : uint8_t {
  kUnknown = 0,
  kBlockDevice = 1,
  kCharacterDevice = 2,
  kDirectory = 3,
  kRegularFile = 4,
  kSocketDgram = 5,
  kSocketStream = 6,
  kSymbolicLink = 7,
};

constexpr uint16_t kFdflagAppend = 1;
constexpr uint16_t kFdflagDsync = 2;
constexpr uint16_t kFdflagNonblock = 4;
constexpr uint16_t kFdflagRsync = 8;
constexpr uint16_t kFdflagSync = 16;

constexpr uint16_t kOflagCreat = 1;
constexpr uint16_t kOflagDirectory = 2;
constexpr uint16_t kOflagExcl = 4;
constexpr uint16_t kOflagTrunc = 8;

constexpr uint32_t kLookupSymlinkFollow = 1;

constexpr uint16_t kFstflagAtim = 1;
constexpr uint16_t kFstflagAtimNow = 2;
constexpr uint16_t kFstflagMtim = 4;
constexpr uint16_t kFstflagMtimNow = 8;

constexpr uint32_t kClockRealtime = 0;
constexpr uint32_t kClockMonotonic = 1;
constexpr uint32_t kClockProcessCputime = 2;
constexpr uint32_t kClockThreadCputime = 3;

constexpr uint8_t kWhenceSet = 0;
constexpr uint8_t kWhenceCur = 1;
constexpr uint8_t kWhenceEnd = 2;

constexpr uint8_t kEventClock = 0;
constexpr uint8_t kEventFdRead = 1;
constexpr uint8_t kEventFdWrite = 2;
constexpr uint16_t kSubclockAbstime = 1;
constexpr uint16_t kEventFdReadwriteHangup = 1;

constexpr uint8_t kPreopentypeDir = 0;

// Guest struct sizes (wasm32).
constexpr uint32_t kIovecSize = 8;
constexpr uint32_t kFdstatSize = 24;
constexpr uint32_t kFilestatSize = 64;
constexpr uint32_t kDirentSize = 24;
constexpr uint32_t kSubscriptionSize = 48;
constexpr uint32_t kEventSize = 32;

}  // namespace lichen::wasi

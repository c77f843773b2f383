// The sandbox race's world and its oracle. A temporary root holds "box" (the pre-open) and
// "outside" (its sibling: a secret file, a directory, a symlink and a marker). The oracle knows
// every inode outside the box (the outside tree and the box's ancestors up to "/") and the
// state of outside, and counts an escape whenever a guest's fd, bytes, stat or new name touches
// one of them, or outside changed.
#pragma once

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace lichen::wasi::race {

namespace fs = std::filesystem;

constexpr const char* kSecret = "TOPSECRET-3b9f";
constexpr const char* kMarker = "OUTSIDE-MARKER-77a1";
// Names the victim may create; none may appear outside the box.
constexpr const char* kCreatable[] = {"secret", "subdir", "link", "new", "stolen", "moved"};

struct Sandbox {
  Sandbox() {
    std::string pattern = (fs::temp_directory_path() / "lichen-race-XXXXXX").string();
    root = fs::path(mkdtemp(pattern.data())).string();
    box = root + "/box";
    outside = root + "/outside";
    fs::create_directories(box + "/d");
    fs::create_directories(outside + "/subdir");
    std::FILE* f = std::fopen((outside + "/secret").c_str(), "w");
    if (f) {
      std::fputs(kSecret, f);
      std::fclose(f);
    }
    f = std::fopen((outside + "/" + kMarker).c_str(), "w");
    if (f) std::fclose(f);
    fs::create_symlink(kMarker, outside + "/link");
    // A distinctive modification time: a set_times that reached it would change it.
    const timespec times[2] = {{1000000, 0}, {1000000, 0}};
    ::utimensat(AT_FDCWD, (outside + "/secret").c_str(), times, 0);
  }
  ~Sandbox() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }

  // Empties the box but for "d": victims and attackers leave names behind.
  void tidyBox() const {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(box, ec)) {
      if (e.path().filename() != "d") fs::remove_all(e.path(), ec);
    }
    for (const auto& e : fs::directory_iterator(box + "/d", ec)) fs::remove_all(e.path(), ec);
  }

  std::string root, box, outside;
};

class Oracle {
 public:
  explicit Oracle(const Sandbox& sb) : sb_(sb) {
    box_real_ = fs::canonical(sb.box).string();
    for (const auto& e : fs::recursive_directory_iterator(sb.outside)) forbid(e.path());
    forbid(sb.outside);
    // The box's ancestors: "tr" -> "../.." and the like must never be reached either.
    for (fs::path p = fs::canonical(sb.root);; p = p.parent_path()) {
      forbid(p);
      if (p == p.root_path()) break;
    }
    snapshot_ = outsideState();
    for (fs::path p = fs::canonical(sb.root);; p = p.parent_path()) {
      for (const char* name : kCreatable) {
        struct stat st {};
        if (::lstat((p / name).c_str(), &st) != 0) watched_absent_.push_back(p / name);
      }
      if (p == p.root_path()) break;
    }
  }

  unsigned long long escapes() const { return escapes_; }

  void checkFd(int host_fd, const std::string& what) {
    std::error_code ec;
    const std::string target =
        fs::read_symlink("/proc/self/fd/" + std::to_string(host_fd), ec).string();
    if (ec) return;
    if (target != box_real_ && target.rfind(box_real_ + "/", 0) != 0) {
      escape(what + ": opened " + target);
    }
  }

  void checkBytes(const std::string& bytes, const std::string& what) {
    if (bytes.find(kSecret) != std::string::npos || bytes.find(kMarker) != std::string::npos) {
      escape(what + ": read data from outside");
    }
  }

  void checkInode(uint64_t dev, uint64_t ino, const std::string& what) {
    if (forbidden_.count({dev, ino})) escape(what + ": stat of an inode outside the box");
  }

  // A name the victim made in the box: it may not be (a hard link to) anything outside.
  void checkBoxName(const std::string& name, const std::string& what) {
    struct stat st {};
    const std::string path = sb_.box + "/" + name;
    if (::lstat(path.c_str(), &st) == 0 && forbidden_.count({st.st_dev, st.st_ino})) {
      escape(what + ": " + name + " is an object from outside");
    }
    std::error_code ec;
    fs::remove_all(path, ec);
  }

  void checkOutside(const std::string& what) {
    if (outsideState() != snapshot_) escape(what + ": outside changed");
    for (const fs::path& p : watched_absent_) {
      struct stat st {};
      if (::lstat(p.c_str(), &st) == 0) escape(what + ": created " + p.string());
    }
  }

 private:
  void forbid(const fs::path& p) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) == 0) forbidden_.insert({st.st_dev, st.st_ino});
  }

  // Names, inodes and modification times of everything outside, plus the secret's bytes.
  std::string outsideState() const {
    std::string state;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(sb_.outside, ec)) {
      struct stat st {};
      ::lstat(e.path().c_str(), &st);
      state += e.path().filename().string() + ":" + std::to_string(st.st_ino) + ":" +
               std::to_string(st.st_mtim.tv_sec) + ";";
    }
    std::FILE* f = std::fopen((sb_.outside + "/secret").c_str(), "r");
    if (f) {
      char buf[64] = {};
      state += std::to_string(std::fread(buf, 1, sizeof buf - 1, f)) + buf;
      std::fclose(f);
    }
    return state;
  }

  void escape(const std::string& what) {
    if (escapes_++ < 10) std::fprintf(stderr, "ESCAPE: %s\n", what.c_str());
  }

  const Sandbox& sb_;
  std::string box_real_;
  std::set<std::pair<uint64_t, uint64_t>> forbidden_;
  std::vector<fs::path> watched_absent_;
  std::string snapshot_;
  unsigned long long escapes_ = 0;
};

}  // namespace lichen::wasi::race

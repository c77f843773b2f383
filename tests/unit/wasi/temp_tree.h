// A temporary host directory for WASI tests, removed with everything in it at the end.
#pragma once

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace lichen::wasi::testing {

class TempTree {
 public:
  TempTree() {
    std::string pattern = (std::filesystem::temp_directory_path() / "lichen-wasi-XXXXXX").string();
    root_ = mkdtemp(pattern.data());
  }
  ~TempTree() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path path(const std::string& rel) const { return root_ / rel; }

  void mkdir(const std::string& rel) const { std::filesystem::create_directories(path(rel)); }
  void write(const std::string& rel, const std::string& text) const {
    std::ofstream(path(rel)) << text;
  }
  std::string read(const std::string& rel) const {
    std::ifstream in(path(rel));
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  void symlink(const std::string& target, const std::string& rel) const {
    std::filesystem::create_symlink(target, path(rel));
  }
  bool exists(const std::string& rel) const {
    return std::filesystem::exists(std::filesystem::symlink_status(path(rel)));
  }

 private:
  std::filesystem::path root_;
};

}  // namespace lichen::wasi::testing

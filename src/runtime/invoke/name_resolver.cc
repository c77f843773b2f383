#include "runtime/invoke/name_resolver.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace lichen::invoke {

bool isValidAppId(const std::string& app_id) {
  if (app_id.empty() || app_id.size() > 200 || app_id[0] == '.') return false;
  for (char c : app_id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      return false;
    }
  }
  return true;
}

std::string LocalNameResolver::defaultDir() {
  if (const char* dir = std::getenv("LICHEN_NAME_RESOLUTION_DIR"); dir && *dir) return dir;
  return "/tmp/lichen-" + std::to_string(::getuid()) + "/apps";
}

namespace {

// The folder must be a real directory of ours that nobody else can write or read: in a shared
// /tmp another user could otherwise plant registrations and redirect our calls.
bool folderIsPrivate(const std::string& dir) {
  struct stat info {};
  return ::lstat(dir.c_str(), &info) == 0 && S_ISDIR(info.st_mode) && info.st_uid == ::getuid() &&
         (info.st_mode & 077) == 0;
}

}  // namespace

std::string LocalNameResolver::pathOf(const std::string& app_id) const {
  return dir_ + "/" + app_id;
}

Expected<void, Status> LocalNameResolver::registerSelf(const std::string& app_id,
                                                       const Endpoint& endpoint) {
  if (!isValidAppId(app_id)) {
    return fail(StatusCode::kInvalidConfig, "app id '" + app_id + "' cannot be registered");
  }
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) return fail(StatusCode::kInternal, "cannot create " + dir_ + ": " + ec.message());
  ::chmod(dir_.c_str(), 0700);
  if (!folderIsPrivate(dir_)) {
    return fail(StatusCode::kInternal, dir_ + " is not a private folder of this user");
  }
  std::string path = pathOf(app_id);
  std::string temp = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::trunc);
    out << endpoint.address << ' ' << endpoint.port << ' ' << ::getpid() << ' ' << endpoint.token
        << '\n';
    if (!out) return fail(StatusCode::kInternal, "cannot write " + temp);
  }
  ::chmod(temp.c_str(), 0600);
  std::filesystem::rename(temp, path, ec);  // atomic: readers see the old or the new file
  if (ec) return fail(StatusCode::kInternal, "cannot write " + path + ": " + ec.message());
  registered_ = path;
  return {};
}

void LocalNameResolver::unregisterSelf() {
  if (registered_.empty()) return;
  // Only remove the file if it is still ours (a newer sidecar may have taken the app id).
  std::ifstream in(registered_);
  std::string address, port, pid;
  in >> address >> port >> pid;
  if (pid == std::to_string(::getpid())) std::filesystem::remove(registered_);
  registered_.clear();
}

std::optional<Endpoint> LocalNameResolver::resolve(const std::string& app_id) const {
  if (!isValidAppId(app_id) || !folderIsPrivate(dir_)) return std::nullopt;
  std::ifstream in(pathOf(app_id));
  Endpoint endpoint;
  long port = 0;
  long pid = 0;
  if (!(in >> endpoint.address >> port >> pid >> endpoint.token)) return std::nullopt;
  if (port <= 0 || port > 65535 || pid <= 0) return std::nullopt;
  // A sidecar killed without unregistering leaves its file: skip dead processes.
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return std::nullopt;
  endpoint.port = static_cast<uint16_t>(port);
  return endpoint;
}

}  // namespace lichen::invoke

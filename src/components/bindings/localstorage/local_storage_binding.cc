#include "components/bindings/localstorage/local_storage_binding.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "runtime/component/uuid.h"

namespace lichen::components {
namespace {

using bindings::InvokeResult;

InvokeResult failure(std::string message) {
  return InvokeResult::failure(Status(StatusCode::kInternal, std::move(message)));
}

std::string errnoText(int error) { return std::strerror(error); }

// filepath.Walk order (lexical) without following symlinks: regular files and links as files.
void walk(int dir_fd, const std::string& path, std::vector<std::string>& out) {
  DIR* dir = fdopendir(dir_fd);
  if (!dir) {
    close(dir_fd);
    return;
  }
  std::vector<std::pair<std::string, bool>> entries;
  while (dirent* entry = readdir(dir)) {
    std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    struct stat st {};
    if (fstatat(dirfd(dir), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    entries.emplace_back(name, S_ISDIR(st.st_mode));
  }
  std::sort(entries.begin(), entries.end());
  for (const auto& [name, is_dir] : entries) {
    if (!is_dir) {
      out.push_back(path + "/" + name);
      continue;
    }
    int child = openat(dirfd(dir), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (child >= 0) walk(child, path + "/" + name, out);
  }
  closedir(dir);
}

}  // namespace

std::string cleanRelative(const std::string& name) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= name.size()) {
    size_t slash = std::min(name.find('/', start), name.size());
    std::string part = name.substr(start, slash - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = slash + 1;
  }
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : "/") + part;
  return out;
}

std::optional<std::string> decodeStdBase64(const std::string& text) {
  std::string clean;
  for (char c : text) {
    if (c != '\r' && c != '\n') clean += c;
  }
  if (clean.size() % 4 != 0) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < clean.size(); i += 4) {
    uint32_t value = 0;
    int padding = 0;
    for (size_t k = 0; k < 4; ++k) {
      char c = clean[i + k];
      int digit = c >= 'A' && c <= 'Z'   ? c - 'A'
                  : c >= 'a' && c <= 'z' ? c - 'a' + 26
                  : c >= '0' && c <= '9' ? c - '0' + 52
                  : c == '+'             ? 62
                  : c == '/'             ? 63
                                         : -1;
      if (c == '=' && i + 4 == clean.size() && k >= 2) {
        ++padding;
        digit = 0;
      } else if (digit < 0 || padding > 0) {
        return std::nullopt;
      }
      value = (value << 6) | static_cast<uint32_t>(digit);
    }
    out += static_cast<char>(value >> 16);
    if (padding < 2) out += static_cast<char>((value >> 8) & 0xFF);
    if (padding < 1) out += static_cast<char>(value & 0xFF);
  }
  return out;
}

LocalStorageBinding::~LocalStorageBinding() {
  if (root_fd_ >= 0) close(root_fd_);
}

Expected<void, Status> LocalStorageBinding::init(const component::Properties& properties) {
  std::string root = properties.getOr("rootPath", "");
  if (root.empty()) return fail(StatusCode::kInvalidConfig, "property rootPath must not be empty");
  std::error_code ec;
  std::filesystem::path path = std::filesystem::absolute(root, ec).lexically_normal();
  if (ec) return fail(StatusCode::kInvalidConfig, "rootPath " + root + ": " + ec.message());
  std::filesystem::path resolved = std::filesystem::weakly_canonical(path, ec);
  if (ec) return fail(StatusCode::kInvalidConfig, "rootPath " + root + ": " + ec.message());
  std::string text = resolved.string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  for (const char* disallowed : {"/proc", "/sys", "/boot", "/var/run/secrets", "/run/secrets"}) {
    std::string prefix = disallowed;
    if (text == prefix || text.starts_with(prefix + "/")) {
      return fail(StatusCode::kInvalidConfig, "property rootPath points to a disallowed location");
    }
  }
  std::filesystem::create_directories(resolved, ec);
  if (ec) {
    return fail(StatusCode::kInvalidConfig,
                "unable to create directory specified by 'rootPath' " + text + ": " + ec.message());
  }
  root_fd_ = open(text.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root_fd_ < 0)
    return fail(StatusCode::kInvalidConfig, "rootPath " + text + ": " + errnoText(errno));
  root_ = text;
  return {};
}

int LocalStorageBinding::openInRoot(const std::string& relative, int flags, int mode) const {
  open_how how{};
  how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
  how.mode = static_cast<uint64_t>(mode);
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  long fd =
      syscall(SYS_openat2, root_fd_, relative.empty() ? "." : relative.c_str(), &how, sizeof(how));
  return fd < 0 ? -errno : static_cast<int>(fd);
}

InvokeResult LocalStorageBinding::invoke(const bindings::InvokeRequest& request) {
  auto it = request.metadata.find("fileName");
  std::string name = it == request.metadata.end() ? "" : it->second;
  if (name.empty() && request.operation == "create") name = component::newUuid();
  if (request.operation == "create") return create(name, request.data);
  if (request.operation == "get") return get(name);
  if (request.operation == "delete") return remove(name);
  if (request.operation == "list") return list(name);
  return failure("unsupported operation " + request.operation);
}

InvokeResult LocalStorageBinding::create(const std::string& name, const std::string& data) {
  // As Dapr: a JSON string's quotes come off, then base64 text is decoded.
  std::string bytes = data;
  if (bytes.size() >= 2 && bytes.front() == '"') {
    boost::system::error_code ec;
    boost::json::value value = boost::json::parse(bytes, ec);
    if (!ec && value.is_string()) bytes = std::string(value.get_string());
  }
  if (auto decoded = decodeStdBase64(bytes)) bytes = std::move(*decoded);
  std::string relative = cleanRelative(name);
  std::string shown = root_ + (relative.empty() ? "" : "/" + relative);
  // mkdir -p of the parents, each resolved inside the root.
  for (size_t slash = relative.find('/'); slash != std::string::npos;
       slash = relative.find('/', slash + 1)) {
    std::string parent = relative.substr(0, slash);
    int fd = openInRoot(parent, O_PATH | O_DIRECTORY);
    if (fd >= 0) {
      close(fd);
      continue;
    }
    if (fd != -ENOENT) return failure("error creating directory " + shown + ": " + errnoText(-fd));
    size_t up = parent.rfind('/');
    int base = up == std::string::npos ? dup(root_fd_)
                                       : openInRoot(parent.substr(0, up), O_PATH | O_DIRECTORY);
    if (base < 0) return failure("error creating directory " + shown + ": " + errnoText(-base));
    int made = mkdirat(base, parent.substr(up == std::string::npos ? 0 : up + 1).c_str(), 0777);
    int error = errno;
    close(base);
    if (made != 0 && error != EEXIST) {
      return failure("error creating directory " + shown + ": " + errnoText(error));
    }
  }
  int fd = openInRoot(relative, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (fd < 0) return failure("error creating file " + shown + ": " + errnoText(-fd));
  size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int error = errno;
      close(fd);
      return failure("error writing to file " + shown + ": " + errnoText(error));
    }
    written += static_cast<size_t>(n);
  }
  close(fd);
  boost::json::object response;
  response["fileName"] = relative;
  return InvokeResult::success({boost::json::serialize(response), {}});
}

InvokeResult LocalStorageBinding::get(const std::string& name) {
  std::string relative = cleanRelative(name);
  std::string shown = root_ + (relative.empty() ? "" : "/" + relative);
  int fd = openInRoot(relative, O_RDONLY);
  if (fd == -ENOENT) return failure("file not found: " + shown);
  if (fd < 0) return failure("error opening path " + shown + ": " + errnoText(-fd));
  std::string data;
  char buffer[65536];
  for (;;) {
    ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int error = errno;
      close(fd);
      return failure("error reading file " + shown + ": " + errnoText(error));
    }
    if (n == 0) break;
    data.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return InvokeResult::success({std::move(data), {}});
}

InvokeResult LocalStorageBinding::list(const std::string& name) {
  std::string relative = cleanRelative(name);
  std::string shown = root_ + (relative.empty() ? "" : "/" + relative);
  int fd = openInRoot(relative, O_RDONLY);
  if (fd < 0) return failure("error getting stats for path " + shown + ": " + errnoText(-fd));
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISDIR(st.st_mode)) {
    close(fd);
    return failure("unable to list files as the file specified is not a directory: " + shown);
  }
  std::vector<std::string> files;
  walk(fd, shown, files);
  if (files.empty()) return InvokeResult::success({"null", {}});  // Go's nil slice
  boost::json::array array;
  for (const std::string& file : files) array.emplace_back(file);
  return InvokeResult::success({boost::json::serialize(array), {}});
}

InvokeResult LocalStorageBinding::remove(const std::string& name) {
  std::string relative = cleanRelative(name);
  std::string shown = root_ + (relative.empty() ? "" : "/" + relative);
  if (relative.empty()) return failure("error deleting file " + shown + ": refusing the root");
  size_t up = relative.rfind('/');
  int base = up == std::string::npos ? dup(root_fd_)
                                     : openInRoot(relative.substr(0, up), O_PATH | O_DIRECTORY);
  if (base < 0) return failure("error deleting file " + shown + ": " + errnoText(-base));
  std::string leaf = relative.substr(up == std::string::npos ? 0 : up + 1);
  int removed = unlinkat(base, leaf.c_str(), 0);
  if (removed != 0 && (errno == EISDIR || errno == EPERM)) {
    removed = unlinkat(base, leaf.c_str(), AT_REMOVEDIR);
  }
  int error = errno;
  close(base);
  if (removed != 0) return failure("error deleting file " + shown + ": " + errnoText(error));
  return InvokeResult::empty();
}

void registerLocalStorageBinding(runtime::Registry& registry) {
  registry.add("bindings.localstorage", [] { return std::make_unique<LocalStorageBinding>(); });
}

}  // namespace lichen::components

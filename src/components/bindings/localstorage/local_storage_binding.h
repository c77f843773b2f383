// bindings.localstorage: an output binding over files under `rootPath`, as Dapr's (operations
// create, get, list, delete; request metadata `fileName`). Every path is resolved by the kernel
// inside the root (openat2 with RESOLVE_IN_ROOT, what Dapr's securejoin does in user space):
// `..` stops at the root and symlinks, even absolute ones, resolve as if the root were `/`, so
// no name or link planted under the root reaches a file outside it.
#pragma once

#include <string>

#include "runtime/bindings/binding.h"
#include "runtime/registry.h"

namespace lichen::components {

class LocalStorageBinding : public bindings::OutputBinding {
 public:
  ~LocalStorageBinding() override;
  // `rootPath` is required; made absolute and created if missing; /proc, /sys, /boot and
  // /var/run/secrets (after resolving symlinks) are refused, as Dapr does.
  Expected<void, Status> init(const component::Properties& properties) override;
  std::vector<std::string> operations() const override {
    return {"create", "get", "list", "delete"};
  }
  bindings::InvokeResult invoke(const bindings::InvokeRequest& request) override;
  const std::string& root() const { return root_; }

 private:
  bindings::InvokeResult create(const std::string& name, const std::string& data);
  bindings::InvokeResult get(const std::string& name);
  bindings::InvokeResult list(const std::string& name);
  bindings::InvokeResult remove(const std::string& name);
  // openat2(root, relative, flags, RESOLVE_IN_ROOT): an fd or -errno.
  int openInRoot(const std::string& relative, int flags, int mode = 0) const;

  std::string root_;
  int root_fd_ = -1;
};

// `name` as a path relative to the root: lexically cleaned as if rooted at "/", so ".."
// cannot climb above the root ("../../etc/x" -> "etc/x"); "" for the root itself.
std::string cleanRelative(const std::string& name);
// Go's base64.StdEncoding.DecodeString: padded standard alphabet, '\r' and '\n' ignored.
std::optional<std::string> decodeStdBase64(const std::string& text);

void registerLocalStorageBinding(runtime::Registry& registry);

}  // namespace lichen::components

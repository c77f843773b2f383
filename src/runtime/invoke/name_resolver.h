// Local name resolution for service invocation between sidecars on one machine (daprd uses
// mDNS in standalone mode). Each sidecar with an app id writes one small file into a shared
// folder: its address, HTTP port, process id and a random internal token that other sidecars
// present when they forward an invocation (the folder is the user's, mode 0700, files 0600).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

#include "common/status.h"

namespace lichen::invoke {

struct Endpoint {
  std::string address;
  uint16_t port = 0;
  std::string token;
};

class LocalNameResolver {
 public:
  explicit LocalNameResolver(std::string dir) : dir_(std::move(dir)) {}
  ~LocalNameResolver() { unregisterSelf(); }
  LocalNameResolver(const LocalNameResolver&) = delete;
  LocalNameResolver& operator=(const LocalNameResolver&) = delete;

  // The default folder: $LICHEN_NAME_RESOLUTION_DIR, else /tmp/lichen-<uid>/apps.
  static std::string defaultDir();

  Expected<void, Status> registerSelf(const std::string& app_id, const Endpoint& endpoint);
  void unregisterSelf();
  // nullopt when no live sidecar has registered `app_id`.
  std::optional<Endpoint> resolve(const std::string& app_id) const;

 private:
  std::string pathOf(const std::string& app_id) const;

  std::string dir_;
  std::string registered_;  // our file, removed on unregister
};

// App ids name files: letters, digits, '-', '_' and '.', as Kubernetes names allow.
bool isValidAppId(const std::string& app_id);

}  // namespace lichen::invoke

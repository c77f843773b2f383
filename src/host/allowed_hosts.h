// Which outbound URLs a guest may reach (`--allowed-outbound-hosts`, docs/host-abi.md): entries
// of the form SCHEME://HOST[:PORT], as Spin's allowed_outbound_hosts. Nothing is allowed unless
// an entry says so; the URL's host is matched as written, never through DNS.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.h"

namespace lichen::host {

class AllowedHosts {
 public:
  // Parses the entries (each may itself be a comma-separated list); an error names the bad one.
  static Expected<AllowedHosts, std::string> parse(const std::vector<std::string>& entries);

  // `scheme` and `host` lower case; `port` the URL's, or its scheme's default.
  bool allows(std::string_view scheme, std::string_view host, uint16_t port) const;
  bool empty() const { return rules_.empty(); }

 private:
  struct Rule {
    std::string scheme;            // "http", "https" or "*"
    std::string host;              // a name or address; "*"; or ".example.com" for "*.example.com"
    std::optional<uint16_t> port;  // the port given; nullopt: "*" or none given
    bool default_port = false;     // none given: the URL's scheme's default port
  };
  std::vector<Rule> rules_;
};

}  // namespace lichen::host

#include "host/allowed_hosts.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace lichen::host {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

std::optional<uint16_t> defaultPort(std::string_view scheme) {
  if (scheme == "http") return 80;
  if (scheme == "https") return 443;
  return std::nullopt;
}

bool validHostText(std::string_view host) {
  if (host.empty()) return false;
  return std::all_of(host.begin(), host.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '.' || c == ':' || c == '[' || c == ']';
  });
}

}  // namespace

Expected<AllowedHosts, std::string> AllowedHosts::parse(const std::vector<std::string>& entries) {
  AllowedHosts out;
  for (const std::string& list : entries) {
    std::string_view rest(list);
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string_view raw = trim(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      if (raw.empty()) continue;
      auto bad = [&](const char* why) {
        return Unexpected("--allowed-outbound-hosts: \"" + std::string(raw) + "\": " + why +
                          " (expected SCHEME://HOST[:PORT], e.g. https://api.example.com or "
                          "http://127.0.0.1:*)");
      };
      std::string entry = lower(raw);
      size_t sep = entry.find("://");
      if (sep == std::string::npos) return bad("no scheme");
      Rule rule;
      rule.scheme = entry.substr(0, sep);
      if (rule.scheme != "http" && rule.scheme != "https" && rule.scheme != "*") {
        return bad("the scheme is not http, https or *");
      }
      std::string authority = entry.substr(sep + 3);
      if (!authority.empty() && authority.back() == '/') authority.pop_back();
      if (authority.find('/') != std::string::npos) return bad("a path is not allowed");
      // The port follows the host (after the brackets of an IPv6 literal).
      size_t host_end = authority.front() == '[' ? authority.find(']') : authority.find(':');
      if (authority.front() == '[') {
        if (host_end == std::string::npos) return bad("an IPv6 address without its ']'");
        ++host_end;
      }
      if (host_end != std::string::npos && host_end < authority.size()) {
        if (authority[host_end] != ':') return bad("text after the host");
        std::string port = authority.substr(host_end + 1);
        authority.resize(host_end);
        if (port != "*") {
          unsigned value = 0;
          auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
          if (ec != std::errc() || end != port.data() + port.size() || value == 0 ||
              value > 65535) {
            return bad("the port is not a number from 1 to 65535 or *");
          }
          rule.port = static_cast<uint16_t>(value);
        }
      } else {
        rule.default_port = true;
      }
      if (authority == "*") {
        rule.host = "*";
      } else if (authority.rfind("*.", 0) == 0 && validHostText(authority.substr(2))) {
        rule.host = authority.substr(1);  // ".example.com"
      } else if (validHostText(authority)) {
        rule.host = authority;
      } else {
        return bad("the host is not a name, an address, * or *.domain");
      }
      out.rules_.push_back(std::move(rule));
    }
  }
  return out;
}

bool AllowedHosts::allows(std::string_view scheme, std::string_view host, uint16_t port) const {
  for (const Rule& rule : rules_) {
    if (rule.scheme != "*" && rule.scheme != scheme) continue;
    if (rule.port && *rule.port != port) continue;
    if (rule.default_port && defaultPort(scheme) != port) continue;
    if (rule.host == "*" || rule.host == host) return true;
    if (rule.host.front() == '.' && host.size() > rule.host.size() &&
        host.substr(host.size() - rule.host.size()) == rule.host) {
      return true;
    }
  }
  return false;
}

}  // namespace lichen::host

// A blocking HTTP/1.1 test client over one TCP connection (Boost.Beast), plus raw writes for
// malformed-request tests. For tests only: errors come back as values, never thrown.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace lichen::testing {

struct HttpResult {
  int status = 0;  // 0 = transport failure (see error)
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased
  bool keep_alive = false;
  std::string error;
};

class HttpClient {
 public:
  HttpClient(std::string host, uint16_t port);
  ~HttpClient();

  // Sends one request on the current connection (connecting first if needed).
  HttpResult request(const std::string& method, const std::string& target,
                     const std::string& body = "",
                     const std::map<std::string, std::string>& headers = {});
  // Writes raw bytes and reads whatever HTTP response comes back.
  HttpResult raw(const std::string& bytes);
  bool connected() const;
  void disconnect();
  // How many TCP connections this client has opened (keep-alive tests).
  int connections() const { return connections_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string host_;
  uint16_t port_;
  int connections_ = 0;
};

// A port that was free a moment ago (bind to port 0, read it back, close).
uint16_t pickFreePort();

}  // namespace lichen::testing

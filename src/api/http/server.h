// The HTTP/1.1 server (Boost.Beast on an Asio thread pool). It parses requests with a body
// limit, answers malformed ones 400 and oversized ones 413 without harm to other connections,
// keeps connections alive, and hands each request to a handler as an ApiRequest. A handler
// may block (SQLite, a call into the app), so requests run on a WorkerPool; those the
// `never_blocks` check admits (an in-memory state read) run on the I/O thread that read them,
// which saves the hand-off to a worker and back.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api/http/api_types.h"
#include "common/status.h"

namespace lichen::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  // Also listened on, at the same port. As daprd, an address that cannot be bound (no IPv6
  // here, say) is skipped while another one is listening.
  std::vector<std::string> more_addresses;
  uint16_t port = 3500;               // 0 = pick a free port
  uint64_t max_body_bytes = 4 << 20;  // daprd's 4 MiB default (--max-body-size)
  uint32_t max_header_bytes = 16 << 10;
  unsigned threads = 2;          // I/O
  unsigned worker_threads = 16;  // request handlers, which may block: kept warm
  // More start while every thread is busy (a slow app must not starve healthz), up to this.
  unsigned max_worker_threads = 4096;
  uint32_t idle_timeout_seconds = 60;
};

using RequestHandler = std::function<ApiResponse(const ApiRequest&)>;
// Called on an I/O thread for each request: true only when the handler will answer it without
// waiting on anything. Must itself be quick and must not block.
using NeverBlocksCheck = std::function<bool(const ApiRequest&)>;

class HttpServer {
 public:
  // Without a check every request runs on a worker.
  HttpServer(ServerOptions options, RequestHandler handler,
             NeverBlocksCheck never_blocks = nullptr);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving; returns the bound port.
  StatusOr<uint16_t> start();
  // The addresses listened on, after start(): the configured ones that could be bound.
  const std::vector<std::string>& boundAddresses() const;
  // Stops accepting, lets requests in flight finish (up to `drain_ms`), then stops.
  void stop(int64_t drain_ms = 5000);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Converts a request target ("/v1.0/state/s/k?metadata.a=b") into decoded segments and query
// parameters. Trailing slashes are dropped, as daprd's StripSlashes middleware does.
Expected<void, Status> parseTarget(std::string_view target, ApiRequest& request);

}  // namespace lichen::http

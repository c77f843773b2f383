#include "cli/run_options.h"

#include <netdb.h>

#include <cctype>
#include <filesystem>

namespace lichen::cli {
namespace {

std::string trimmed(std::string text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

// daprd's CSV of listen addresses: "[::1],127.0.0.1", "localhost", "" (every interface).
std::vector<std::string> listenAddresses(const std::string& csv) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t comma = csv.find(',', start);
    std::string item = trimmed(csv.substr(start, comma - start));
    if (item.size() > 1 && item.front() == '[' && item.back() == ']') {
      item = item.substr(1, item.size() - 2);
    }
    if (item == "localhost") item = "127.0.0.1";
    if (item.empty()) item = "0.0.0.0";
    out.push_back(std::move(item));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// The app channel connects to an IP address: a host name is resolved once, at start.
std::optional<std::string> hostAddress(const std::string& host) {
  if (host == "localhost") return "127.0.0.1";
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || found == nullptr) {
    return std::nullopt;
  }
  char text[NI_MAXHOST];
  int failed = ::getnameinfo(found->ai_addr, found->ai_addrlen, text, sizeof(text), nullptr, 0,
                             NI_NUMERICHOST);
  ::freeaddrinfo(found);
  if (failed != 0) return std::nullopt;
  return std::string(text);
}

}  // namespace

std::optional<uint64_t> parseQuantity(const std::string& text) {
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || digits > 18) return std::nullopt;
  uint64_t value = std::stoull(text.substr(0, digits));
  std::string unit = text.substr(digits);
  if (unit.empty()) return value;
  if (unit == "Ki") return value << 10;
  if (unit == "Mi") return value << 20;
  if (unit == "Gi") return value << 30;
  if (unit == "k" || unit == "K") return value * 1000;
  if (unit == "M") return value * 1000 * 1000;
  if (unit == "G") return value * 1000 * 1000 * 1000;
  return std::nullopt;
}

void addRunFlags(CLI::App& run, RunOptions& options) {
  run.add_option("--app-id", options.app_id, "The id of the application");
  run.add_option("--mode", options.mode,
                 "standalone, or kubernetes (accepted; Lichen has no Kubernetes API client)")
      ->check(CLI::IsMember({"standalone", "kubernetes"}))
      ->capture_default_str();
  run.add_option("--resources-path,--components-path", options.resources_paths,
                 "Folder or file of Dapr resource YAML (repeatable, or comma-separated)")
      ->delimiter(',')
      ->allow_extra_args(false);  // `--resources-path DIR app.wasm`: the file is not a path
  run.add_option("--dapr-http-port", options.http_port, "HTTP API port (0: any free port)")
      ->capture_default_str();
  run.add_option("--dapr-grpc-port", options.grpc_port,
                 "gRPC API port (default 50001, served only if free; 0: any free port)");
  run.add_option("--dapr-listen-addresses", options.listen_addresses,
                 "Addresses to listen on, comma-separated")
      ->capture_default_str();
  run.add_option("--app-port", options.app_port, "The port the application listens on")
      ->check(CLI::Range(-1, 65535));
  run.add_option("--app-channel-address", options.app_channel_address,
                 "The host the application listens on")
      ->capture_default_str();
  run.add_option("--app-protocol", options.app_protocol, "http (grpc, https, h2c: accepted)")
      ->capture_default_str();
  run.add_option("--config", options.configs, "Dapr Configuration YAML file")
      ->delimiter(',')
      ->allow_extra_args(false);
  run.add_option("--log-level", options.log_level, "debug, info, warn, error or fatal")
      ->check(CLI::IsMember({"debug", "info", "warn", "error", "fatal"}))
      ->capture_default_str();
  run.add_flag("--log-as-json", options.log_as_json, "Log in JSON format");
  run.add_flag("--enable-api-logging", options.api_logging, "Log every API call");
  run.add_option("--max-body-size", options.max_body_size,
                 "Maximum request body size, e.g. 4Mi (default 4Mi)");
  run.add_option("--dapr-http-max-request-size", options.http_max_request_size_mb,
                 "Maximum request body size in MiB (deprecated by daprd: --max-body-size)");
  run.add_option("--read-buffer-size", options.read_buffer_size,
                 "Maximum size of the request headers, e.g. 4Ki (default 16Ki)");
  run.add_option("--dapr-http-read-buffer-size", options.http_read_buffer_kb,
                 "Maximum size of the request headers in KiB (deprecated: --read-buffer-size)");
  run.add_option("--dapr-graceful-shutdown-seconds", options.graceful_shutdown_seconds,
                 "Time to let requests in flight finish on shutdown (< 0: 5)")
      ->capture_default_str();
  run.add_flag("--disable-builtin-k8s-secret-store", options.disable_k8s_secret_store,
               "Accepted: Lichen has no built-in Kubernetes secret store");
  run.add_option("--data-dir", options.data_dir, "Where the embedded defaults keep data")
      ->capture_default_str();
  run.add_option("--wasm-instances", options.wasm_instances,
                 "Wasm app: a fresh instance per request, or a pool of reused instances")
      ->check(CLI::IsMember({"fresh", "pool"}))
      ->capture_default_str();
  run.add_option("--app-max-concurrency", options.app_max_concurrency,
                 "Wasm app: requests and events served at once (-1 or 0: no limit)")
      ->capture_default_str();
  run.add_option("--allowed-outbound-hosts", options.allowed_outbound_hosts,
                 "Wasm app: what http_request may reach, e.g. https://api.example.com,"
                 "http://127.0.0.1:* (nothing by default)")
      ->allow_extra_args(false);
}

Expected<ResolvedRunOptions, std::string> resolveRunOptions(const RunOptions& options,
                                                            bool wasm_app) {
  ResolvedRunOptions out;
  out.not_honoured = options.unhonoured_flags;
  if (!options.max_body_size.empty()) {
    auto bytes = parseQuantity(options.max_body_size);
    if (!bytes) return Unexpected("invalid --max-body-size '" + options.max_body_size + "'");
    out.max_body_bytes = *bytes;
  } else if (options.http_max_request_size_mb > 0) {
    out.max_body_bytes = static_cast<uint64_t>(options.http_max_request_size_mb) << 20;
  }
  if (!options.read_buffer_size.empty()) {
    auto bytes = parseQuantity(options.read_buffer_size);
    if (!bytes || *bytes == 0 || *bytes > UINT32_MAX) {
      return Unexpected("invalid --read-buffer-size '" + options.read_buffer_size + "'");
    }
    out.max_header_bytes = static_cast<uint32_t>(*bytes);
  } else if (options.http_read_buffer_kb > 0) {
    out.max_header_bytes = static_cast<uint32_t>(options.http_read_buffer_kb) << 10;
  }
  out.listen_addresses = listenAddresses(options.listen_addresses);
  int seconds = options.graceful_shutdown_seconds < 0 ? 5 : options.graceful_shutdown_seconds;
  out.graceful_shutdown_ms = static_cast<int64_t>(seconds) * 1000;
  auto channel = hostAddress(options.app_channel_address);
  if (!channel)
    return Unexpected("cannot resolve --app-channel-address '" + options.app_channel_address + "'");
  out.app_channel_ip = *channel;

  bool kubernetes = options.mode == "kubernetes";
  if (kubernetes) {
    out.not_honoured.push_back(
        "--mode kubernetes (no Kubernetes API server: components come from --resources-path or "
        "the embedded defaults)");
  }
  for (size_t i = 0; i < options.configs.size(); ++i) {
    const std::string& config = options.configs[i];
    if (i > 0) {
      out.not_honoured.push_back("--config " + config + " (only the first is loaded)");
    } else if (kubernetes && !std::filesystem::exists(config)) {
      out.not_honoured.push_back("--config " + config +
                                 " (a Configuration object needs the Kubernetes API server)");
    } else {
      out.load_config = true;
    }
  }
  if (options.app_port > 0 && options.app_protocol != "http") {
    out.not_honoured.push_back("--app-protocol " + options.app_protocol + " (http is used)");
  }
  if (!wasm_app && options.app_max_concurrency > 0) {
    out.not_honoured.push_back("--app-max-concurrency (for an HTTP app)");
  }
  return out;
}

}  // namespace lichen::cli

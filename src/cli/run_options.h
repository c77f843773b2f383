// The options of `lichen run` / `lichen daprd` (daprd's flag names and meanings, plus Lichen's
// own), their registration on the CLI11 command, and what their values resolve to.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/expected.h"

namespace lichen::cli {

struct RunOptions {
  std::string app_id;
  std::string mode = "standalone";  // or kubernetes (without its API server)
  std::vector<std::string> resources_paths;
  uint16_t http_port = 3500;
  std::optional<uint16_t> grpc_port;           // --dapr-grpc-port; absent: 50001 if free
  std::string listen_addresses = "127.0.0.1";  // CSV, as daprd's
  int app_port = 0;                            // <= 0: no app (daprd takes -1 too)
  std::string app_channel_address = "127.0.0.1";
  std::string app_protocol = "http";
  std::vector<std::string> configs;  // daprd takes several; Lichen loads the first
  std::string log_level = "info";
  bool log_as_json = false;
  bool api_logging = false;
  std::string max_body_size;              // a quantity; empty: --dapr-http-max-request-size or 4Mi
  int http_max_request_size_mb = 0;       // daprd's deprecated form, in MiB
  std::string read_buffer_size;           // a quantity; empty: --dapr-http-read-buffer-size or 16Ki
  int http_read_buffer_kb = 0;            // daprd's deprecated form, in KiB
  int graceful_shutdown_seconds = 5;      // < 0: the default (as daprd)
  bool disable_k8s_secret_store = false;  // Lichen has no built-in Kubernetes secret store
  std::string data_dir = ".lichen";
  // Wasm apps only.
  std::string wasm_instances = "fresh";
  int app_max_concurrency = -1;  // <= 0: no limit (daprd's -1)
  std::vector<std::string> allowed_outbound_hosts;
  // daprd flags given that Lichen accepts but does not honour yet (`--name` each).
  std::vector<std::string> unhonoured_flags;
};

// Registers every option on `run` (honoured ones first; daprd's others are added by
// UnhonouredDaprdFlags afterwards). `options` must outlive the parse.
void addRunFlags(CLI::App& run, RunOptions& options);

// daprd quantities: "4Mi", "512Ki", "1G", "1048576".
std::optional<uint64_t> parseQuantity(const std::string& text);

struct ResolvedRunOptions {
  uint64_t max_body_bytes = 4 << 20;
  std::optional<uint32_t> max_header_bytes;   // unset: the server's default
  std::vector<std::string> listen_addresses;  // at least one, IPv6 without brackets
  int64_t graceful_shutdown_ms = 5000;
  std::string app_channel_ip = "127.0.0.1";  // --app-channel-address, resolved
  bool load_config = false;                  // configs[0] is a file to load
  // The startup warning's items: flags and values accepted but not honoured.
  std::vector<std::string> not_honoured;
};

// Checks and resolves the options' values against daprd's rules; an error names the flag.
// `wasm_app`: a Wasm module is the app (--app-max-concurrency applies to it).
Expected<ResolvedRunOptions, std::string> resolveRunOptions(const RunOptions& options,
                                                            bool wasm_app);

}  // namespace lichen::cli

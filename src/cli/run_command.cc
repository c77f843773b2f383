#include "cli/run_command.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <optional>

#include "api/http/app_channel.h"
#include "api/http/dapr_api.h"
#include "api/http/http_api_transport.h"
#include "api/http/http_input_handler.h"
#include "api/http/http_subscriber.h"
#include "api/http/sidecar_forwarder.h"
#include "app/wasm_app.h"
#include "app/wasm_app_channel.h"
#include "cli/wasi_run.h"
#include "components/register_components.h"
#include "runtime/component/uuid.h"
#include "runtime/invoke/name_resolver.h"
#include "runtime/resources/configuration.h"
#include "runtime/resources/resiliency_loader.h"
#include "runtime/resources/resource_loader.h"
#include "runtime/runtime.h"
#include "runtime/sidecar.h"

namespace lichen::cli {
namespace {

struct RunOptions {
  std::string app_id;
  std::vector<std::string> resources_paths;
  uint16_t http_port = 3500;
  std::string listen_address = "127.0.0.1";
  uint16_t app_port = 0;
  std::string app_protocol = "http";
  std::string config;
  std::string log_level = "info";
  bool log_as_json = false;
  bool api_logging = false;
  std::string max_body_size = "4Mi";
  int graceful_shutdown_seconds = 5;
  std::string data_dir = ".lichen";
  // Wasm apps only.
  std::string wasm_instances = "fresh";
  unsigned app_max_concurrency = 0;
  std::vector<std::string> allowed_outbound_hosts;
};

// daprd quantities: "4Mi", "512Ki", "1G", "1048576".
std::optional<uint64_t> parseQuantity(const std::string& text) {
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0) return std::nullopt;
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

void appendJsonEscaped(std::string_view text, spdlog::memory_buf_t& dest) {
  constexpr char kHex[] = "0123456789abcdef";
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      dest.push_back('\\');
      dest.push_back(c);
    } else if (u < 0x20) {
      const char escape[] = {'\\', 'u', '0', '0', kHex[u >> 4], kHex[u & 15]};
      dest.append(escape, escape + sizeof(escape));
    } else {
      dest.push_back(c);
    }
  }
}

// %* in the pattern: the log message, escaped for a JSON string (--log-as-json).
class JsonMessageFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    appendJsonEscaped(std::string_view(msg.payload.data(), msg.payload.size()), dest);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonMessageFlag>();
  }
};

void setupLogging(const RunOptions& options) {
  auto logger = spdlog::stdout_logger_mt("lichen");
  spdlog::set_default_logger(logger);
  spdlog::level::level_enum level = spdlog::level::from_str(options.log_level);
  if (options.log_level == "fatal") level = spdlog::level::critical;
  spdlog::set_level(level);
  if (options.log_as_json) {
    // The shape of daprd's JSON log lines.
    spdlog::memory_buf_t app_id;
    appendJsonEscaped(options.app_id, app_id);
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    formatter->add_flag<JsonMessageFlag>('*').set_pattern(
        R"({"app_id":")" + fmt::to_string(app_id) +
        R"(","level":"%l","msg":"%*","scope":"lichen.runtime","time":"%Y-%m-%dT%H:%M:%S.%fZ",)"
        R"("type":"log","ver":")" +
        std::string(runtime::kRuntimeVersion) + R"("})");
    spdlog::set_formatter(std::move(formatter));
  } else {
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  }
  spdlog::flush_on(spdlog::level::info);
}

// The app on --app-port, over HTTP: invocation channel, pub/sub subscriber and readiness.
// Every call goes through `channel`, so Configuration's appHttpPipeline applies to all of them.
runtime::AppConnection httpApp(uint16_t port,
                               const std::shared_ptr<http::PipelinedAppChannel>& channel) {
  if (port == 0) return {};
  return {channel, std::make_shared<http::HttpSubscriber>(channel),
          [port] { return http::appReachable("127.0.0.1", port); },
          "listening on port " + std::to_string(port),
          std::make_shared<http::HttpInputHandler>(channel)};
}

constexpr uint64_t kDefaultAppMemoryMib = 256;

// `lichen run --app-id ID app.wasm`: the module is the app, served in-process; the WASI run
// flags (--timeout, --fuel, --max-memory, --dir, --env) apply to each request.
Expected<app::WasmAppOptions, std::string> wasmAppOptions(const WasiRunOptions& wasi,
                                                          const RunOptions& run) {
  if (!wasi.args.empty() || !wasi.invoke.empty()) {
    return Unexpected(std::string("a Wasm app takes no program arguments and no --invoke"));
  }
  app::WasmAppOptions out;
  out.file = wasi.file;
  out.app_id = run.app_id;
  out.instances = run.wasm_instances == "pool" ? app::WasmAppOptions::Instances::kPool
                                               : app::WasmAppOptions::Instances::kFresh;
  out.max_concurrency = run.app_max_concurrency;
  auto hosts = host::AllowedHosts::parse(run.allowed_outbound_hosts);
  if (!hosts) return Unexpected(hosts.error());
  out.outbound_hosts = std::move(*hosts);
  // A safe default: a request may not take the host's memory (a WASI run has none).
  out.max_memory_mib = wasi.max_memory_mib.value_or(kDefaultAppMemoryMib);
  out.fuel = wasi.fuel;
  if (!wasi.timeout.empty()) {
    auto timeout = parseDuration(wasi.timeout);
    if (!timeout) return Unexpected("invalid --timeout '" + wasi.timeout + "' (try 500ms, 2s)");
    out.timeout = *timeout;
    out.timeout_text = wasi.timeout;
  }
  for (const std::string& d : wasi.dirs) out.preopens.push_back(parseDir(d, false));
  for (const std::string& d : wasi.dirs_ro) out.preopens.push_back(parseDir(d, true));
  for (const std::string& kv : wasi.env) {
    if (kv.find('=') != std::string::npos) {
      out.env.push_back(kv);
    } else if (const char* host = std::getenv(kv.c_str())) {
      out.env.push_back(kv + "=" + host);
    }
  }
  return out;
}

// Loads the Wasm app over the built runtime and runs its init export once.
Expected<runtime::AppConnection, std::string> wasmApp(app::WasmAppOptions options,
                                                      runtime::Runtime& runtime) {
  auto loaded = app::WasmApp::load(std::move(options), runtime);
  if (!loaded) return Unexpected(loaded.error());
  std::shared_ptr<app::WasmApp> wasm_app = std::move(*loaded);
  if (auto init = wasm_app->init(); !init) return Unexpected(init.error());
  std::string description =
      "the Wasm module (lichen ABI version " + std::to_string(wasm_app->abiVersion()) + ")";
  return runtime::AppConnection{std::make_shared<app::WasmAppChannel>(wasm_app),
                                std::make_shared<app::WasmSubscriber>(wasm_app),
                                [] { return true; }, description,
                                std::make_shared<app::WasmInputHandler>(wasm_app)};
}

void logResiliency(const resiliency::ResiliencySpec& spec) {
  for (const std::string& name : spec.names) spdlog::info("resiliency loaded: {}", name);
  for (const std::string& where : spec.unsupported) {
    spdlog::warn("{}: actor targets are not applied (Lichen hosts no actors here)", where);
  }
}

int runSidecar(const RunOptions& options, const WasiRunOptions* wasm_app) {
  auto started = std::chrono::steady_clock::now();
  // Before any thread exists: components start threads too.
  runtime::Sidecar::blockShutdownSignals();
  setupLogging(options);
  auto max_body = parseQuantity(options.max_body_size);
  if (!max_body) {
    spdlog::error("invalid --max-body-size '{}'", options.max_body_size);
    return 2;
  }
  resources::Configuration config;
  if (!wasm_app && (options.app_max_concurrency != 0 || options.wasm_instances != "fresh" ||
                    !options.allowed_outbound_hosts.empty())) {
    spdlog::warn(
        "--app-max-concurrency, --wasm-instances and --allowed-outbound-hosts apply to a Wasm "
        "app (lichen run --app-id ID app.wasm); ignored");
  }
  if (options.app_port != 0 && options.app_protocol != "http") {
    spdlog::warn("--app-protocol {}: only http is supported yet; using http", options.app_protocol);
  }
  if (!options.config.empty()) {
    auto loaded = resources::loadConfiguration(options.config);
    if (!loaded) {
      spdlog::error("{}", loaded.error().message());
      return 1;
    }
    config = std::move(*loaded);
    spdlog::info(
        "configuration {} loaded: secret scopes, features, httpPipeline and appHttpPipeline "
        "apply; its other sections are not applied yet",
        options.config);
  }

  runtime::Registry registry;
  components::registerBuiltinComponents(registry);
  std::vector<component::ComponentSpec> specs;
  if (options.resources_paths.empty()) {
    specs = runtime::embeddedDefaults(options.data_dir);
    spdlog::info(
        "no resources path given: using embedded defaults (state store 'statestore' "
        "on SQLite at {}/state.db, in-memory pub/sub 'pubsub')",
        options.data_dir);
  } else {
    auto loaded = resources::loadComponents(options.resources_paths);
    if (!loaded) {
      spdlog::error("{}", loaded.error().message());
      return 1;
    }
    specs = std::move(*loaded);
  }
  resiliency::ResiliencySpec resiliency_spec;
  if (!options.resources_paths.empty()) {
    auto loaded = resources::loadResiliency(options.resources_paths, options.app_id);
    if (!loaded) {
      spdlog::error("{}", loaded.error().message());
      return 1;
    }
    resiliency_spec = std::move(*loaded);
    logResiliency(resiliency_spec);
  }
  const char* ns = std::getenv("NAMESPACE");
  runtime::RuntimeOptions runtime_options{
      options.app_id, ns ? ns : "", std::move(config.secret_scopes),
      std::move(config.enabled_features), std::move(resiliency_spec)};
  runtime::SidecarOptions sidecar_options;
  sidecar_options.resources_paths = options.resources_paths;
  const char* app_token = std::getenv("APP_API_TOKEN");
  auto app_channel =
      std::make_shared<http::PipelinedAppChannel>(std::make_shared<http::HttpAppChannel>(
          "127.0.0.1", options.app_port, app_token ? app_token : ""));
  sidecar_options.app = httpApp(options.app_port, app_channel);
  // Other sidecars on this machine find us (and we them) through local name resolution.
  sidecar_options.resolver =
      std::make_shared<invoke::LocalNameResolver>(invoke::LocalNameResolver::defaultDir());
  sidecar_options.remote = std::make_shared<http::SidecarForwarder>();
  sidecar_options.internal_token = component::newUuid();
  sidecar_options.graceful_shutdown_ms =
      static_cast<int64_t>(options.graceful_shutdown_seconds) * 1000;
  sidecar_options.started = started;
  auto created = runtime::Sidecar::create(std::move(runtime_options), registry, std::move(specs),
                                          sidecar_options);
  if (!created) {
    spdlog::error("{}", created.error().message());
    return 1;
  }
  runtime::Sidecar& sidecar = **created;
  // The pipelines' middleware components are loaded now, with the other components.
  auto http_pipeline = middleware::buildPipeline(sidecar.runtime().middleware(),
                                                 config.http_pipeline, "httpPipeline");
  auto app_pipeline = middleware::buildPipeline(sidecar.runtime().middleware(),
                                                config.app_http_pipeline, "appHttpPipeline");
  if (!http_pipeline || !app_pipeline) {
    spdlog::error("{}", (http_pipeline ? app_pipeline.error() : http_pipeline.error()).message());
    return 1;
  }
  if (wasm_app && !app_pipeline->empty()) {
    spdlog::warn(
        "appHttpPipeline applies to an HTTP app (--app-port); a Wasm app is called in-process");
  }
  app_channel->setPipeline(std::move(*app_pipeline));
  if (wasm_app) {
    auto app_options = wasmAppOptions(*wasm_app, options);
    if (!app_options) {
      spdlog::error("{}", app_options.error());
      return 2;
    }
    auto connection = wasmApp(std::move(*app_options), sidecar.runtime());
    if (!connection) {
      spdlog::error("{}", connection.error());
      return 1;
    }
    sidecar_options.app = *connection;
    sidecar.setApp(std::move(*connection));
  }

  http::ApiOptions api_options;
  const char* token = std::getenv("DAPR_API_TOKEN");
  api_options.api_token = token ? token : "";
  api_options.app_port = options.app_port;
  api_options.app_protocol = options.app_protocol;
  api_options.api_logging = options.api_logging;
  api_options.on_shutdown = [&sidecar] { sidecar.requestShutdown(); };
  // daprd's /v1.0/healthz reports ready only once the app channel is up.
  api_options.app_ready = sidecar_options.app.ready;
  api_options.internal_token = sidecar_options.internal_token;
  api_options.http_pipeline = std::move(*http_pipeline);
  http::ServerOptions server_options;
  server_options.address = options.listen_address;
  server_options.port = options.http_port;
  server_options.max_body_bytes = *max_body;
  sidecar.addTransport(std::make_unique<http::HttpApiTransport>(
      server_options, std::make_unique<http::DaprHttpApi>(sidecar.runtime(), api_options)));
  auto started_up = sidecar.start();
  if (!started_up) {
    spdlog::error("{}", started_up.error().message());
    return 1;
  }
  sidecar.waitForShutdown();
  sidecar.stop();
  return 0;
}

}  // namespace

void addRunCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* run = app.add_subcommand(
      "run", "Run the Dapr-compatible sidecar, or a WASI program (FILE.wasm [ARGS...])");
  run->add_option("--app-id", options->app_id, "The id of the application");
  run->add_option("--resources-path,--components-path", options->resources_paths,
                  "Folder or file of Dapr resource YAML (repeatable)")
      ->allow_extra_args(false);  // `--resources-path DIR app.wasm`: the file is not a path
  run->add_option("--dapr-http-port", options->http_port, "HTTP API port (0: any free port)")
      ->capture_default_str();
  run->add_option("--dapr-listen-addresses", options->listen_address, "Address to listen on")
      ->capture_default_str();
  run->add_option("--app-port", options->app_port, "The port the application listens on");
  run->add_option("--app-protocol", options->app_protocol, "http or grpc")->capture_default_str();
  run->add_option("--config", options->config, "Dapr Configuration YAML file");
  run->add_option("--log-level", options->log_level, "debug, info, warn, error or fatal")
      ->check(CLI::IsMember({"debug", "info", "warn", "error", "fatal"}))
      ->capture_default_str();
  run->add_flag("--log-as-json", options->log_as_json, "Log in JSON format");
  run->add_flag("--enable-api-logging", options->api_logging, "Log every API call");
  run->add_option("--max-body-size,--dapr-http-max-request-size", options->max_body_size,
                  "Maximum request body size, e.g. 4Mi")
      ->capture_default_str();
  run->add_option("--dapr-graceful-shutdown-seconds", options->graceful_shutdown_seconds,
                  "Time to let requests in flight finish on shutdown")
      ->capture_default_str();
  run->add_option("--data-dir", options->data_dir, "Where the embedded defaults keep data")
      ->capture_default_str();
  run->add_option("--wasm-instances", options->wasm_instances,
                  "Wasm app: a fresh instance per request, or a pool of reused instances")
      ->check(CLI::IsMember({"fresh", "pool"}))
      ->capture_default_str();
  run->add_option("--app-max-concurrency", options->app_max_concurrency,
                  "Wasm app: requests and events served at once (0: no limit)")
      ->capture_default_str();
  run->add_option("--allowed-outbound-hosts", options->allowed_outbound_hosts,
                  "Wasm app: what http_request may reach, e.g. https://api.example.com,"
                  "http://127.0.0.1:* (nothing by default)")
      ->allow_extra_args(false);
  // `lichen run FILE.wasm [ARGS...]` runs a WASI program instead of the sidecar.
  auto wasi_options = std::make_shared<WasiRunOptions>();
  addWasiRunOptions(*run, *wasi_options);
  run->callback([options, wasi_options, &exit_code] {
    // With --app-id, a .wasm file is the app; without, a WASI program to run.
    if (!wasi_options->file.empty() && !options->app_id.empty()) {
      exit_code = runSidecar(*options, wasi_options.get());
      return;
    }
    if (!wasi_options->file.empty()) {
      exit_code = runWasi(*wasi_options);
      return;
    }
    if (options->app_id.empty()) {
      const char* env = std::getenv("APP_ID");
      options->app_id = env ? env : "";
    }
    exit_code = runSidecar(*options, nullptr);
  });
}

}  // namespace lichen::cli

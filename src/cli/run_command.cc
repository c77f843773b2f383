#include "cli/run_command.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "api/grpc/grpc_api_transport.h"
#include "api/http/app_channel.h"
#include "api/http/dapr_api.h"
#include "api/http/http_api_transport.h"
#include "api/http/http_input_handler.h"
#include "api/http/http_subscriber.h"
#include "api/http/sidecar_forwarder.h"
#include "app/wasm_app.h"
#include "app/wasm_app_channel.h"
#include "cli/daprd_flags.h"
#include "cli/run_logging.h"
#include "cli/run_options.h"
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

// The app on --app-port, over HTTP: invocation channel, pub/sub subscriber and readiness.
// Every call goes through `channel`, so Configuration's appHttpPipeline applies to all of them.
runtime::AppConnection httpApp(const std::string& address, uint16_t port,
                               const std::shared_ptr<http::PipelinedAppChannel>& channel) {
  if (port == 0) return {};
  return {channel, std::make_shared<http::HttpSubscriber>(channel),
          [address, port] { return http::appReachable(address, port); },
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
  out.max_concurrency = static_cast<unsigned>(std::max(0, run.app_max_concurrency));
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
  setupLogging(options.log_level, options.log_as_json, options.app_id);
  auto resolved = resolveRunOptions(options, wasm_app != nullptr);
  if (!resolved) {
    spdlog::error("{}", resolved.error());
    return 2;
  }
  if (!resolved->not_honoured.empty()) {
    std::string names;
    for (const std::string& name : resolved->not_honoured) {
      names += (names.empty() ? "" : ", ") + name;
    }
    spdlog::warn("accepted but not yet honoured: {}", names);
  }
  resources::Configuration config;
  if (!wasm_app && (options.wasm_instances != "fresh" || !options.allowed_outbound_hosts.empty())) {
    spdlog::warn(
        "--wasm-instances and --allowed-outbound-hosts apply to a Wasm app "
        "(lichen run --app-id ID app.wasm); ignored");
  }
  if (resolved->load_config) {
    auto loaded = resources::loadConfiguration(options.configs.front());
    if (!loaded) {
      spdlog::error("{}", loaded.error().message());
      return 1;
    }
    config = std::move(*loaded);
    spdlog::info(
        "configuration {} loaded: secret scopes, features, httpPipeline and appHttpPipeline "
        "apply; its other sections are not applied yet",
        options.configs.front());
  }
  auto app_port = static_cast<uint16_t>(std::max(0, options.app_port));

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
          resolved->app_channel_ip, app_port, app_token ? app_token : ""));
  sidecar_options.app = httpApp(resolved->app_channel_ip, app_port, app_channel);
  // Other sidecars on this machine find us (and we them) through local name resolution.
  sidecar_options.resolver =
      std::make_shared<invoke::LocalNameResolver>(invoke::LocalNameResolver::defaultDir());
  sidecar_options.remote = std::make_shared<http::SidecarForwarder>();
  sidecar_options.internal_token = component::newUuid();
  sidecar_options.graceful_shutdown_ms = resolved->graceful_shutdown_ms;
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
  api_options.app_port = app_port;
  api_options.app_protocol = options.app_protocol;
  api_options.api_logging = options.api_logging;
  api_options.on_shutdown = [&sidecar] { sidecar.requestShutdown(); };
  // daprd's /v1.0/healthz reports ready only once the app channel is up.
  api_options.app_ready = sidecar_options.app.ready;
  api_options.internal_token = sidecar_options.internal_token;
  api_options.http_pipeline = std::move(*http_pipeline);
  http::ServerOptions server_options;
  server_options.address = resolved->listen_addresses.front();
  server_options.more_addresses.assign(resolved->listen_addresses.begin() + 1,
                                       resolved->listen_addresses.end());
  server_options.port = options.http_port;
  server_options.max_body_bytes = resolved->max_body_bytes;
  if (resolved->max_header_bytes) server_options.max_header_bytes = *resolved->max_header_bytes;
  sidecar.addTransport(std::make_unique<http::HttpApiTransport>(
      server_options, std::make_unique<http::DaprHttpApi>(sidecar.runtime(), api_options)));
  grpcapi::GrpcApiOptions grpc_api_options{api_options.api_token, api_options.on_shutdown, app_port,
                                           options.app_protocol};
  grpcapi::GrpcServerOptions grpc_server_options;
  grpc_server_options.addresses = resolved->listen_addresses;
  grpc_server_options.port = options.grpc_port.value_or(50001);
  grpc_server_options.optional = !options.grpc_port.has_value();
  sidecar.addTransport(std::make_unique<grpcapi::GrpcApiTransport>(
      grpc_server_options,
      std::make_unique<grpcapi::DaprGrpcService>(sidecar.runtime(), grpc_api_options)));
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
  // `lichen daprd ARGS`: what tools that start daprd run (main.cc also maps argv[0] daprd).
  run->alias("daprd");
  addRunFlags(*run, *options);
  // daprd's flag: print the version and exit.
  run->set_version_flag("--version", std::string(runtime::kRuntimeVersion),
                        "Print the runtime version");
  run->add_flag_callback(
      "--build-info",
      [] {
        throw CLI::CallForVersion("Version: " + std::string(runtime::kRuntimeVersion) +
                                      "\nGit Commit: unknown\nGit Version: unknown",
                                  0);
      },
      "Print the build info");
  // `lichen run FILE.wasm [ARGS...]` runs a WASI program instead of the sidecar.
  auto wasi_options = std::make_shared<WasiRunOptions>();
  addWasiRunOptions(*run, *wasi_options);
  // Every other daprd flag is accepted and named in one startup warning.
  auto unhonoured = std::make_shared<UnhonouredDaprdFlags>();
  unhonoured->addTo(*run);
  run->callback([options, wasi_options, unhonoured, &exit_code] {
    options->unhonoured_flags = unhonoured->given();
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

#include "api/grpc/grpc_api_transport.h"

#include <grpc/support/log.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>
#include <spdlog/spdlog.h>

#include <chrono>

namespace lichen::grpcapi {
namespace {

// grpc-core writes its own lines to stderr (e.g. a bind failure, which start() reports
// itself): route them through spdlog at debug level, so --log-as-json output stays JSON.
void logThroughSpdlog(gpr_log_func_args* args) {
  spdlog::debug("grpc: {} ({}:{})", args->message, args->file, args->line);
}

}  // namespace

GrpcApiTransport::GrpcApiTransport(GrpcServerOptions options,
                                   std::unique_ptr<DaprGrpcService> service)
    : options_(std::move(options)), service_(std::move(service)) {
  gpr_set_log_function(logThroughSpdlog);
}

GrpcApiTransport::~GrpcApiTransport() { stop(0); }

StatusOr<runtime::TransportInfo> GrpcApiTransport::start() {
  auto hostPort = [](const std::string& host, uint16_t port) {
    bool v6 = host.find(':') != std::string::npos && host.front() != '[';
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
  };
  grpc::ServerBuilder builder;
  // A port the system picks (0) differs per listener, so then only the first address is
  // served; a fixed port is served on every address, as daprd does.
  const size_t listeners = options_.port == 0 ? 1 : options_.addresses.size();
  std::vector<int> bound(listeners, 0);
  for (size_t i = 0; i < listeners; ++i) {
    builder.AddListeningPort(hostPort(options_.addresses[i], options_.port),
                             grpc::InsecureServerCredentials(), &bound[i]);
  }
  // grpc++ sets SO_REUSEPORT by default: a second sidecar would then share the port and take
  // some of the first one's clients. A port in use must be an error (or, when optional, a
  // warning), as it is for daprd.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.RegisterService(service_.get());
  builder.SetMaxReceiveMessageSize(options_.max_message_bytes);
  builder.SetMaxSendMessageSize(options_.max_message_bytes);
  server_ = builder.BuildAndStart();
  if (!server_ || bound[0] == 0) {
    server_.reset();
    const std::string where = hostPort(options_.addresses.front(), options_.port);
    if (!options_.optional)
      return fail(StatusCode::kInternal, "gRPC API: cannot listen on " + where);
    spdlog::warn("gRPC API not served: cannot listen on {} (set --dapr-grpc-port)", where);
    return runtime::TransportInfo{"gRPC API", options_.addresses.front(), 0, false, false};
  }
  return runtime::TransportInfo{"gRPC API", options_.addresses.front(),
                                static_cast<uint16_t>(bound[0]), false};
}

void GrpcApiTransport::stop(int64_t drain_ms) {
  if (!server_) return;
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::milliseconds(drain_ms));
  server_->Wait();
  server_.reset();
}

}  // namespace lichen::grpcapi

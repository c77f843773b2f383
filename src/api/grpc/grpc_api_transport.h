// Dapr's gRPC API as one of the sidecar's transports (--dapr-grpc-port): a grpc++ server on
// the listen addresses serving DaprGrpcService, which it owns.
#pragma once

#include <grpcpp/server.h>

#include <memory>
#include <string>
#include <vector>

#include "api/grpc/dapr_grpc_service.h"
#include "runtime/transport.h"

namespace lichen::grpcapi {

struct GrpcServerOptions {
  std::vector<std::string> addresses{"127.0.0.1"};  // every one on the same port
  uint16_t port = 50001;                            // 0: the system picks one
  int max_message_bytes = 4 << 20;  // daprd's default (--dapr-http-max-request-size)
  // The port was not asked for (the default 50001): one in use is a warning, not an error,
  // so several sidecars on one machine still start.
  bool optional = false;
};

class GrpcApiTransport : public runtime::Transport {
 public:
  GrpcApiTransport(GrpcServerOptions options, std::unique_ptr<DaprGrpcService> service);
  ~GrpcApiTransport() override;
  StatusOr<runtime::TransportInfo> start() override;
  void stop(int64_t drain_ms) override;

 private:
  GrpcServerOptions options_;
  std::unique_ptr<DaprGrpcService> service_;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace lichen::grpcapi

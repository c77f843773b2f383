// Dapr's gRPC API (dapr.proto.runtime.v1.Dapr) over the runtime: each RPC with an HTTP twin in
// Lichen has that twin's semantics, and errors carry the gRPC code daprd answers (the status
// table in common/status.h). RPCs not served here answer UNIMPLEMENTED.
#pragma once

#include <functional>
#include <string>

#include "dapr/proto/runtime/v1/dapr.grpc.pb.h"
#include "runtime/runtime.h"

namespace lichen::grpcapi {

namespace rt = dapr::proto::runtime::v1;

struct GrpcApiOptions {
  std::string api_token;              // DAPR_API_TOKEN: required as `dapr-api-token` metadata
  std::function<void()> on_shutdown;  // the Shutdown RPC
  int app_port = 0;                   // for GetMetadata's app connection properties
  std::string app_protocol = "http";
};

class DaprGrpcService final : public rt::Dapr::Service {
 public:
  DaprGrpcService(runtime::Runtime& runtime, GrpcApiOptions options)
      : runtime_(runtime), options_(std::move(options)) {}

  grpc::Status GetState(grpc::ServerContext* context, const rt::GetStateRequest* request,
                        rt::GetStateResponse* response) override;
  grpc::Status GetBulkState(grpc::ServerContext* context, const rt::GetBulkStateRequest* request,
                            rt::GetBulkStateResponse* response) override;
  grpc::Status SaveState(grpc::ServerContext* context, const rt::SaveStateRequest* request,
                         google::protobuf::Empty* response) override;
  grpc::Status DeleteState(grpc::ServerContext* context, const rt::DeleteStateRequest* request,
                           google::protobuf::Empty* response) override;
  grpc::Status ExecuteStateTransaction(grpc::ServerContext* context,
                                       const rt::ExecuteStateTransactionRequest* request,
                                       google::protobuf::Empty* response) override;
  grpc::Status PublishEvent(grpc::ServerContext* context, const rt::PublishEventRequest* request,
                            google::protobuf::Empty* response) override;
  grpc::Status InvokeBinding(grpc::ServerContext* context, const rt::InvokeBindingRequest* request,
                             rt::InvokeBindingResponse* response) override;
  grpc::Status GetSecret(grpc::ServerContext* context, const rt::GetSecretRequest* request,
                         rt::GetSecretResponse* response) override;
  grpc::Status GetMetadata(grpc::ServerContext* context, const rt::GetMetadataRequest* request,
                           rt::GetMetadataResponse* response) override;
  grpc::Status SetMetadata(grpc::ServerContext* context, const rt::SetMetadataRequest* request,
                           google::protobuf::Empty* response) override;
  grpc::Status Shutdown(grpc::ServerContext* context, const rt::ShutdownRequest* request,
                        google::protobuf::Empty* response) override;
  grpc::Status TryLockAlpha1(grpc::ServerContext* context, const rt::TryLockRequest* request,
                             rt::TryLockResponse* response) override;
  grpc::Status UnlockAlpha1(grpc::ServerContext* context, const rt::UnlockRequest* request,
                            rt::UnlockResponse* response) override;
  grpc::Status GetConfiguration(grpc::ServerContext* context,
                                const rt::GetConfigurationRequest* request,
                                rt::GetConfigurationResponse* response) override;
  grpc::Status GetConfigurationAlpha1(grpc::ServerContext* context,
                                      const rt::GetConfigurationRequest* request,
                                      rt::GetConfigurationResponse* response) override {
    return GetConfiguration(context, request, response);
  }

 private:
  // UNAUTHENTICATED unless the call carries the API token (when one is set), as daprd's
  // token interceptor answers.
  grpc::Status authorize(const grpc::ServerContext& context) const;

  runtime::Runtime& runtime_;
  GrpcApiOptions options_;
};

// A runtime Status as daprd answers it over gRPC: its code and message.
grpc::Status toGrpc(const Status& status);

}  // namespace lichen::grpcapi

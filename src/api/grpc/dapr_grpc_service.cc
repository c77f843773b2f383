// See dapr_grpc_service.h. State values travel as bytes (what a gRPC client saves is stored as
// given, as daprd stores it); metadata maps are passed to the building blocks as they are.
#include "api/grpc/dapr_grpc_service.h"

#include "runtime/configuration/configuration_manager.h"
#include "runtime/lock/lock_manager.h"

namespace lichen::grpcapi {
namespace {

namespace cv1 = dapr::proto::common::v1;
using Empty = google::protobuf::Empty;

using Metadata = std::map<std::string, std::string>;

Metadata toMap(const google::protobuf::Map<std::string, std::string>& in) {
  return Metadata(in.begin(), in.end());
}

state::Consistency consistencyOf(cv1::StateOptions::StateConsistency c) {
  switch (c) {
    case cv1::StateOptions::CONSISTENCY_EVENTUAL:
      return state::Consistency::kEventual;
    case cv1::StateOptions::CONSISTENCY_STRONG:
      return state::Consistency::kStrong;
    default:
      return state::Consistency::kUnspecified;
  }
}

state::Concurrency concurrencyOf(cv1::StateOptions::StateConcurrency c) {
  switch (c) {
    case cv1::StateOptions::CONCURRENCY_FIRST_WRITE:
      return state::Concurrency::kFirstWrite;
    case cv1::StateOptions::CONCURRENCY_LAST_WRITE:
      return state::Concurrency::kLastWrite;
    default:
      return state::Concurrency::kUnspecified;
  }
}

state::SetRequest setRequestOf(const cv1::StateItem& item) {
  state::SetRequest set;
  set.key = item.key();
  set.value = item.value();
  if (item.has_etag()) set.etag = item.etag().value();
  set.metadata = toMap(item.metadata());
  if (item.has_options()) {
    set.concurrency = concurrencyOf(item.options().concurrency());
    set.consistency = consistencyOf(item.options().consistency());
  }
  return set;
}

// A StateItem of a transaction and a DeleteStateRequest carry the same delete fields.
template <typename Message>
state::DeleteRequest deleteRequestOf(const Message& item) {
  state::DeleteRequest remove;
  remove.key = item.key();
  if (item.has_etag()) remove.etag = item.etag().value();
  remove.metadata = toMap(item.metadata());
  if (item.has_options()) {
    remove.concurrency = concurrencyOf(item.options().concurrency());
    remove.consistency = consistencyOf(item.options().consistency());
  }
  return remove;
}

}  // namespace

grpc::Status toGrpc(const Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.info().grpc_code), status.message());
}

grpc::Status DaprGrpcService::authorize(const grpc::ServerContext& context) const {
  if (options_.api_token.empty()) return grpc::Status::OK;
  auto range = context.client_metadata().equal_range("dapr-api-token");
  for (auto it = range.first; it != range.second; ++it) {
    if (std::string_view(it->second.data(), it->second.size()) == options_.api_token) {
      return grpc::Status::OK;
    }
  }
  return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                      "authentication error: api token mismatch");
}

#define LICHEN_AUTHORIZE(context)                                  \
  if (grpc::Status denied = authorize(*(context)); !denied.ok()) { \
    return denied;                                                 \
  }

grpc::Status DaprGrpcService::GetState(grpc::ServerContext* context,
                                       const rt::GetStateRequest* request,
                                       rt::GetStateResponse* response) {
  LICHEN_AUTHORIZE(context);
  state::GetRequest get{request->key(), toMap(request->metadata()),
                        consistencyOf(request->consistency())};
  auto found = runtime_.state().get(request->store_name(), get);
  if (!found) return toGrpc(found.error());
  if (!found->has_value()) return grpc::Status::OK;  // absent: an empty response, as daprd
  response->set_data(std::move((*found)->data));
  if ((*found)->etag) response->set_etag(*(*found)->etag);
  for (auto& [key, value] : (*found)->metadata) (*response->mutable_metadata())[key] = value;
  return grpc::Status::OK;
}

grpc::Status DaprGrpcService::GetBulkState(grpc::ServerContext* context,
                                           const rt::GetBulkStateRequest* request,
                                           rt::GetBulkStateResponse* response) {
  LICHEN_AUTHORIZE(context);
  std::vector<std::string> keys(request->keys().begin(), request->keys().end());
  auto items = runtime_.state().bulkGet(request->store_name(), keys, toMap(request->metadata()));
  if (!items) return toGrpc(items.error());
  for (auto& item : *items) {
    rt::BulkStateItem* out = response->add_items();
    out->set_key(item.key);
    out->set_error(item.error);
    if (!item.response) continue;
    out->set_data(std::move(item.response->data));
    if (item.response->etag) out->set_etag(*item.response->etag);
    for (auto& [key, value] : item.response->metadata) (*out->mutable_metadata())[key] = value;
  }
  return grpc::Status::OK;
}

grpc::Status DaprGrpcService::SaveState(grpc::ServerContext* context,
                                        const rt::SaveStateRequest* request, Empty*) {
  LICHEN_AUTHORIZE(context);
  std::vector<state::SetRequest> sets;
  sets.reserve(request->states_size());
  for (const auto& item : request->states()) sets.push_back(setRequestOf(item));
  auto saved = runtime_.state().save(request->store_name(), std::move(sets));
  return saved ? grpc::Status::OK : toGrpc(saved.error());
}

grpc::Status DaprGrpcService::DeleteState(grpc::ServerContext* context,
                                          const rt::DeleteStateRequest* request, Empty*) {
  LICHEN_AUTHORIZE(context);
  auto removed = runtime_.state().remove(request->store_name(), deleteRequestOf(*request));
  return removed ? grpc::Status::OK : toGrpc(removed.error());
}

grpc::Status DaprGrpcService::ExecuteStateTransaction(
    grpc::ServerContext* context, const rt::ExecuteStateTransactionRequest* request, Empty*) {
  LICHEN_AUTHORIZE(context);
  std::vector<state::Operation> operations;
  for (const auto& op : request->operations()) {
    if (op.operationtype() == "upsert") {
      operations.emplace_back(setRequestOf(op.request()));
    } else if (op.operationtype() == "delete") {
      operations.emplace_back(deleteRequestOf(op.request()));
    } else {
      return toGrpc(Status(StatusCode::kStateOperationNotSupported,
                           "operation type " + op.operationtype() + " not supported"));
    }
  }
  auto done = runtime_.state().transact(request->storename(), std::move(operations),
                                        toMap(request->metadata()));
  return done ? grpc::Status::OK : toGrpc(done.error());
}

grpc::Status DaprGrpcService::PublishEvent(grpc::ServerContext* context,
                                           const rt::PublishEventRequest* request, Empty*) {
  LICHEN_AUTHORIZE(context);
  pubsub::PublishRequest publish{
      request->pubsub_name(), request->topic(), request->data(), request->data_content_type(), {}};
  for (const auto& [key, value] : request->metadata()) publish.metadata[key] = value;
  auto published = runtime_.pubsub().publish(publish);
  return published ? grpc::Status::OK : toGrpc(published.error());
}

grpc::Status DaprGrpcService::InvokeBinding(grpc::ServerContext* context,
                                            const rt::InvokeBindingRequest* request,
                                            rt::InvokeBindingResponse* response) {
  LICHEN_AUTHORIZE(context);
  bindings::InvokeResult result = runtime_.bindings().invoke(
      request->name(), request->operation(), request->data(), toMap(request->metadata()));
  if (!result.ok()) return toGrpc(result.error);
  if (result.response) {
    response->set_data(std::move(result.response->data));
    for (auto& [key, value] : result.response->metadata) {
      (*response->mutable_metadata())[key] = value;
    }
  }
  return grpc::Status::OK;
}

grpc::Status DaprGrpcService::GetSecret(grpc::ServerContext* context,
                                        const rt::GetSecretRequest* request,
                                        rt::GetSecretResponse* response) {
  LICHEN_AUTHORIZE(context);
  auto secret =
      runtime_.secrets().get(request->store_name(), request->key(), toMap(request->metadata()));
  if (!secret) return toGrpc(secret.error());
  for (const auto& [key, value] : *secret) (*response->mutable_data())[key] = value;
  return grpc::Status::OK;
}

grpc::Status DaprGrpcService::GetMetadata(grpc::ServerContext* context,
                                          const rt::GetMetadataRequest*,
                                          rt::GetMetadataResponse* response) {
  LICHEN_AUTHORIZE(context);
  response->set_id(runtime_.appId());
  response->set_runtime_version(std::string(runtime::kRuntimeVersion));
  for (const auto& feature : runtime_.enabledFeatures()) response->add_enabled_features(feature);
  for (const auto& info : runtime_.components()) {
    rt::RegisteredComponents* component = response->add_registered_components();
    component->set_name(info.name);
    component->set_type(info.type);
    component->set_version(info.version);
    for (const auto& capability : info.capabilities) component->add_capabilities(capability);
  }
  for (const auto& [key, value] : runtime_.extended()) {
    (*response->mutable_extended_metadata())[key] = value;
  }
  if (options_.app_port > 0) {
    rt::AppConnectionProperties* app = response->mutable_app_connection_properties();
    app->set_port(options_.app_port);
    app->set_protocol(options_.app_protocol);
  }
  return grpc::Status::OK;
}

grpc::Status DaprGrpcService::SetMetadata(grpc::ServerContext* context,
                                          const rt::SetMetadataRequest* request, Empty*) {
  LICHEN_AUTHORIZE(context);
  runtime_.setExtended(request->key(), request->value());
  return grpc::Status::OK;
}

grpc::Status DaprGrpcService::Shutdown(grpc::ServerContext* context, const rt::ShutdownRequest*,
                                       Empty*) {
  LICHEN_AUTHORIZE(context);
  if (options_.on_shutdown) options_.on_shutdown();
  return grpc::Status::OK;
}

grpc::Status DaprGrpcService::TryLockAlpha1(grpc::ServerContext* context,
                                            const rt::TryLockRequest* request,
                                            rt::TryLockResponse* response) {
  LICHEN_AUTHORIZE(context);
  auto held = runtime_.block<lock::LockManager>().tryLock(
      request->store_name(), request->resource_id(), request->lock_owner(),
      request->expiry_in_seconds());
  if (!held) return toGrpc(held.error());
  response->set_success(*held);
  return grpc::Status::OK;
}

grpc::Status DaprGrpcService::UnlockAlpha1(grpc::ServerContext* context,
                                           const rt::UnlockRequest* request,
                                           rt::UnlockResponse* response) {
  LICHEN_AUTHORIZE(context);
  auto status = runtime_.block<lock::LockManager>().unlock(
      request->store_name(), request->resource_id(), request->lock_owner());
  if (!status) return toGrpc(status.error());
  response->set_status(static_cast<rt::UnlockResponse::Status>(*status));
  return grpc::Status::OK;
}

grpc::Status DaprGrpcService::GetConfiguration(grpc::ServerContext* context,
                                               const rt::GetConfigurationRequest* request,
                                               rt::GetConfigurationResponse* response) {
  LICHEN_AUTHORIZE(context);
  std::vector<std::string> keys(request->keys().begin(), request->keys().end());
  auto items = runtime_.block<configuration::ConfigurationManager>().get(
      request->store_name(), keys, toMap(request->metadata()));
  if (!items) return toGrpc(items.error());
  for (auto& [key, item] : *items) {
    cv1::ConfigurationItem& out = (*response->mutable_items())[key];
    out.set_value(item.value);
    out.set_version(item.version);
    for (auto& [name, value] : item.metadata) (*out.mutable_metadata())[name] = value;
  }
  return grpc::Status::OK;
}

}  // namespace lichen::grpcapi

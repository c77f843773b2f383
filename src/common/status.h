// Status: the sidecar's error value. One table (LICHEN_STATUS_CODES) maps every code to its
// HTTP status, Dapr `ERR_*` error code, gRPC status code and google.rpc.ErrorInfo reason, so the
// HTTP and gRPC APIs answer exactly as daprd does (pkg/messages, pkg/api/errors in dapr/dapr).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "common/expected.h"

namespace lichen {

// X(name, http status, Dapr errorCode, gRPC code, ErrorInfo reason)
#define LICHEN_STATUS_CODES(X)                                                                    \
  X(kOk, 200, "", 0, "")                                                                          \
  X(kInternal, 500, "ERR_INTERNAL", 13, "")                                                       \
  X(kBadRequest, 400, "ERR_BAD_REQUEST", 3, "")                                                   \
  X(kMalformedRequest, 400, "ERR_MALFORMED_REQUEST", 3, "")                                       \
  X(kBodyRead, 400, "ERR_BODY_READ", 3, "")                                                       \
  X(kBodyTooLarge, 413, "ERR_BODY_READ", 8, "")                                                   \
  X(kUnimplemented, 501, "ERR_API_UNIMPLEMENTED", 12, "")                                         \
  X(kNotFound, 404, "ERR_NOT_FOUND", 5, "")                                                       \
  X(kInvalidConfig, 500, "ERR_COMPONENT_CONFIG", 9, "")                                           \
  /* Component-level results; building blocks rewrite them into their own codes. */               \
  X(kEtagMismatch, 409, "ERR_ETAG_MISMATCH", 10, "")                                              \
  X(kEtagInvalid, 400, "ERR_ETAG_INVALID", 3, "")                                                 \
  X(kNotSupported, 500, "ERR_NOT_SUPPORTED", 12, "")                                              \
  /* State (pkg/api/errors/state.go, pkg/messages/predefined.go). */                              \
  X(kStateStoreNotConfigured, 500, "ERR_STATE_STORE_NOT_CONFIGURED", 9,                           \
    "DAPR_STATE_NOT_CONFIGURED")                                                                  \
  X(kStateStoreNotFound, 400, "ERR_STATE_STORE_NOT_FOUND", 3, "DAPR_STATE_NOT_FOUND")             \
  X(kStateStoreNotSupported, 500, "ERR_STATE_STORE_NOT_SUPPORTED", 12,                            \
    "DAPR_STATE_TRANSACTIONS_NOT_SUPPORTED")                                                      \
  X(kStateTooManyTransactions, 400, "ERR_STATE_STORE_TOO_MANY_TRANSACTIONS", 3,                   \
    "DAPR_STATE_TOO_MANY_TRANSACTIONS")                                                           \
  X(kStateIllegalKey, 400, "ERR_MALFORMED_REQUEST", 3, "DAPR_STATE_ILLEGAL_KEY")                  \
  X(kStateOperationNotSupported, 400, "ERR_NOT_SUPPORTED_STATE_OPERATION", 3, "")                 \
  X(kStateGet, 500, "ERR_STATE_GET", 13, "")                                                      \
  X(kStateBulkGet, 500, "ERR_STATE_BULK_GET", 13, "")                                             \
  X(kStateSave, 500, "ERR_STATE_SAVE", 13, "")                                                    \
  X(kStateSaveEtagMismatch, 409, "ERR_STATE_SAVE", 10, "")                                        \
  X(kStateSaveEtagInvalid, 400, "ERR_STATE_SAVE", 3, "")                                          \
  X(kStateDelete, 500, "ERR_STATE_DELETE", 13, "")                                                \
  X(kStateDeleteEtagMismatch, 409, "ERR_STATE_DELETE", 10, "")                                    \
  X(kStateDeleteEtagInvalid, 400, "ERR_STATE_DELETE", 3, "")                                      \
  X(kStateTransaction, 500, "ERR_STATE_TRANSACTION", 13, "")                                      \
  /* Secrets: an unknown store is 401 in daprd's code (the docs say 400). */                      \
  X(kSecretStoresNotConfigured, 500, "ERR_SECRET_STORES_NOT_CONFIGURED", 9, "")                   \
  X(kSecretStoreNotFound, 401, "ERR_SECRET_STORE_NOT_FOUND", 3, "")                               \
  X(kSecretGet, 500, "ERR_SECRET_GET", 13, "")                                                    \
  X(kSecretPermissionDenied, 403, "ERR_PERMISSION_DENIED", 7, "")                                 \
  /* Health and metadata. */                                                                      \
  X(kHealthNotReady, 500, "ERR_HEALTH_NOT_READY", 14, "")                                         \
  X(kHealthAppIdNotMatch, 500, "ERR_HEALTH_APPID_NOT_MATCH", 3, "")                               \
  /* Building blocks with no component configured (daprd's answers when none is loaded). */       \
  X(kStateQueryNotSupported, 500, "ERR_STATE_STORE_NOT_SUPPORTED", 12,                            \
    "DAPR_STATE_QUERYING_NOT_SUPPORTED")                                                          \
  X(kPubsubNotConfigured, 400, "ERR_PUBSUB_NOT_CONFIGURED", 9, "")                                \
  X(kPubsubEmpty, 404, "ERR_PUBSUB_EMPTY", 3, "")                                                 \
  X(kPubsubNotFound, 404, "ERR_PUBSUB_NOT_FOUND", 3, "")                                          \
  X(kTopicNameEmpty, 404, "ERR_TOPIC_NAME_EMPTY", 3, "")                                          \
  X(kPubsubPublishMessage, 500, "ERR_PUBSUB_PUBLISH_MESSAGE", 13, "")                             \
  X(kPubsubCloudEventsSer, 500, "ERR_PUBSUB_CLOUD_EVENTS_SER", 13, "")                            \
  X(kPubsubEventsSer, 400, "ERR_PUBSUB_EVENTS_SER", 3, "")                                        \
  X(kDirectInvoke, 500, "ERR_DIRECT_INVOKE", 13, "")                                              \
  /* Blocks Lichen does not have yet: workflows, jobs, conversation (errorcodes.go). */           \
  X(kWorkflowComponentNotFound, 400, "ERR_WORKFLOW_COMPONENT_NOT_FOUND", 3, "")                   \
  X(kStartWorkflow, 500, "ERR_START_WORKFLOW", 13, "")                                            \
  X(kGetWorkflow, 500, "ERR_GET_WORKFLOW", 13, "")                                                \
  X(kTerminateWorkflow, 500, "ERR_TERMINATE_WORKFLOW", 13, "")                                    \
  X(kPauseWorkflow, 500, "ERR_PAUSE_WORKFLOW", 13, "")                                            \
  X(kResumeWorkflow, 500, "ERR_RESUME_WORKFLOW", 13, "")                                          \
  X(kPurgeWorkflow, 500, "ERR_PURGE_WORKFLOW", 13, "")                                            \
  X(kRaiseEventWorkflow, 500, "ERR_RAISE_EVENT_WORKFLOW", 13, "")                                 \
  X(kSchedulerScheduleJob, 500, "DAPR_SCHEDULER_SCHEDULE_JOB", 13, "DAPR_SCHEDULER_SCHEDULE_JOB") \
  X(kSchedulerGetJob, 500, "DAPR_SCHEDULER_GET_JOB", 13, "DAPR_SCHEDULER_GET_JOB")                \
  X(kSchedulerDeleteJob, 500, "DAPR_SCHEDULER_DELETE_JOB", 13, "DAPR_SCHEDULER_DELETE_JOB")       \
  X(kConversationNotFound, 400, "ERR_CONVERSATION_NOT_FOUND", 3, "")                              \
  X(kOutputBindingInvoke, 500, "ERR_INVOKE_OUTPUT_BINDING", 13, "")                               \
  X(kConfigurationStoreNotConfigured, 500, "ERR_CONFIGURATION_STORE_NOT_CONFIGURED", 9, "")       \
  X(kLockStoreNotConfigured, 500, "ERR_LOCK_STORE_NOT_CONFIGURED", 9, "")                         \
  /* Configuration and distributed lock (pkg/api/http/http.go, pkg/messages). */                  \
  X(kConfigurationStoreNotFound, 400, "ERR_CONFIGURATION_STORE_NOT_FOUND", 3, "")                 \
  X(kConfigurationGet, 500, "ERR_CONFIGURATION_GET", 13, "")                                      \
  X(kConfigurationSubscribe, 500, "ERR_CONFIGURATION_SUBSCRIBE", 13, "")                          \
  X(kConfigurationUnsubscribe, 500, "ERR_CONFIGURATION_UNSUBSCRIBE", 13, "")                      \
  X(kAppChannelNil, 500, "ERR_APP_CHANNEL_NIL", 9, "")                                            \
  X(kLockStoreNotFound, 400, "ERR_LOCK_STORE_NOT_FOUND", 3, "")                                   \
  X(kTryLock, 500, "ERR_TRY_LOCK", 13, "")                                                        \
  X(kUnlock, 500, "ERR_UNLOCK", 13, "")                                                           \
  X(kCryptoProvidersNotConfigured, 500, "ERR_CRYPTO_PROVIDERS_NOT_CONFIGURED", 9, "")             \
  X(kActorRuntimeNotFound, 500, "ERR_ACTOR_RUNTIME_NOT_FOUND", 13, "")

enum class StatusCode : uint8_t {
#define LICHEN_STATUS_ENUM(name, http, dapr, grpc, reason) name,
  LICHEN_STATUS_CODES(LICHEN_STATUS_ENUM)
#undef LICHEN_STATUS_ENUM
};

struct StatusInfo {
  uint16_t http_status;
  std::string_view error_code;  // Dapr ERR_*; empty for kOk
  uint8_t grpc_code;
  std::string_view reason;  // google.rpc.ErrorInfo reason; empty when Dapr sends none
};

constexpr StatusInfo statusInfo(StatusCode code) {
  switch (code) {
#define LICHEN_STATUS_CASE(name, http, dapr, grpc, reason) \
  case StatusCode::name:                                   \
    return StatusInfo{http, dapr, grpc, reason};
    LICHEN_STATUS_CODES(LICHEN_STATUS_CASE)
#undef LICHEN_STATUS_CASE
  }
  return StatusInfo{500, "ERR_INTERNAL", 13, ""};
}

class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  StatusInfo info() const { return statusInfo(code_); }

  // The same failure seen from a caller: keep the message, change the code.
  Status withCode(StatusCode code) const { return Status(code, message_); }
  // Prefixes context onto the message ("failed saving state in state store s: <message>").
  Status withContext(std::string_view context) const {
    return Status(code_, std::string(context) + ": " + message_);
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

template <typename T>
using StatusOr = Expected<T, Status>;

// `return fail(StatusCode::kStateGet, "...");` from a function returning StatusOr<T>.
inline Unexpected<Status> fail(StatusCode code, std::string message) {
  return Unexpected<Status>(Status(code, std::move(message)));
}
inline Unexpected<Status> fail(Status status) { return Unexpected<Status>(std::move(status)); }

}  // namespace lichen

// The binding component interfaces, mirroring Dapr's bindings.OutputBinding and
// bindings.InputBinding. One component may be both (Dapr registers such a type twice); the
// BindingsManager asks the component which of the two it is.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "runtime/component/component.h"

namespace lichen::bindings {

using Metadata = std::map<std::string, std::string>;

// One output call. `data` is what daprd hands a binding: the JSON encoding of the request's
// `data` field ("hello" arrives with its quotes), or the raw bytes from the Wasm host ABI.
struct InvokeRequest {
  std::string operation;
  std::string data;
  Metadata metadata;
};

struct InvokeResponse {
  std::string data;
  Metadata metadata;
};

// What an output call came to. As in daprd, a call may fail and still carry a response whose
// metadata the caller reports (the http binding's statusCode when the server answered 500);
// no response and no error is daprd's "nil response": HTTP 204.
struct InvokeResult {
  std::optional<InvokeResponse> response;
  Status error;  // ok() unless the call failed

  bool ok() const { return error.ok(); }
  static InvokeResult success(InvokeResponse response) { return {std::move(response), {}}; }
  static InvokeResult empty() { return {}; }
  static InvokeResult failure(Status error) { return {std::nullopt, std::move(error)}; }
};

class OutputBinding : public virtual component::Component {
 public:
  // The operations invoke accepts; daprd refuses any other before calling the binding.
  virtual std::vector<std::string> operations() const = 0;
  // Called on the caller's thread; may block on I/O.
  virtual InvokeResult invoke(const InvokeRequest& request) = 0;
};

// One event an input binding read, before the runtime hands it to the app.
struct ReadEvent {
  std::string data;
  Metadata metadata;
};
// The runtime's answer to one event: the app's reply body, or why it was not handled (the
// binding may then retry, nack or, like cron, ignore it).
using ReadHandler = std::function<StatusOr<std::string>(const ReadEvent&)>;

class InputBinding : public virtual component::Component {
 public:
  // Starts reading; events reach `handler` on the binding's own threads until close().
  virtual Expected<void, Status> read(ReadHandler handler) = 0;
  // Stops reading; no handler call is running or starts after it returns. Idempotent.
  virtual void close() = 0;
};

}  // namespace lichen::bindings

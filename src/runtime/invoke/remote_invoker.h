// How an invocation reaches another app's sidecar once name resolution found it. The runtime
// owns the interface; a transport implements it (api/http forwards over HTTP).
#pragma once

#include "common/status.h"
#include "runtime/invoke/invocation.h"
#include "runtime/invoke/name_resolver.h"

namespace lichen::invoke {

class RemoteInvoker {
 public:
  virtual ~RemoteInvoker() = default;
  // `request.app_id` is the bare target id. A transport failure is an error; any status the
  // other side answers is a response.
  virtual StatusOr<InvokeResponse> invoke(const Endpoint& sidecar,
                                          const InvokeRequest& request) = 0;
};

}  // namespace lichen::invoke

// The middleware building block's interface: an HTTP middleware component (Dapr's
// middleware.http.*) sees a request before the next handler and its response after, and may
// rewrite either, or answer without calling on. Transport-neutral, so the same component runs
// in the pipeline on Lichen's API (httpPipeline) and on calls to the app (appHttpPipeline).
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "runtime/component/component.h"

namespace lichen::middleware {

// Header names lower-cased; a name may repeat (multi-valued headers), in order.
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;                 // "GET"
  std::string uri;                    // path and query, percent-encoded: "/v1.0/x?a=b"
  std::string protocol = "HTTP/1.1";  // "HTTP/1.1"
  std::string source_addr;            // "1.2.3.4:5678", empty when unknown
  HttpHeaders headers;
  std::string body;
};

struct HttpResponse {
  int status = 200;
  HttpHeaders headers;
  std::string body;
  // The host failed to produce a response (the app could not be reached, a middleware's guest
  // trapped, ...): the status and body describe the error. An http-wasm guest further out
  // sees it as handle_response's is_error.
  bool failed = false;
};

using HttpNext = std::function<HttpResponse(const HttpRequest&)>;

class HttpMiddleware : public component::Component {
 public:
  // Called on many threads at once. A failure of the middleware itself (a guest that traps)
  // is a response too (500, marked `failed`), so a pipeline passes errors on like answers.
  virtual HttpResponse handle(HttpRequest request, const HttpNext& next) const = 0;
};

}  // namespace lichen::middleware

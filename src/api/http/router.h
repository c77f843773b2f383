// A small path router: patterns like "/v1.0/state/{store}/{key}", matched segment by segment
// on decoded segments; a last segment "{name*}" takes the rest of the path (Dapr's topic…). Like
// go-chi (daprd's router), a literal route whose method does not match falls through to a parameter
// route, and a path known under other methods answers 405.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http/api_types.h"

namespace lichen::http {

using Params = std::map<std::string, std::string>;
using Handler = std::function<ApiResponse(const ApiRequest&, const Params&)>;
// True when the handler answers this request without waiting (no I/O, no other process, no
// sleep, no guest code): the server may then run it on an I/O thread (see server.h).
using NeverBlocks = std::function<bool(const ApiRequest&, const Params&)>;

class Router {
 public:
  // Routes are tried in the order added: add literal routes before overlapping parameter ones.
  // A route without `never_blocks` may block: its calls run on the server's worker threads.
  void add(std::vector<std::string> methods, std::string_view pattern, Handler handler,
           NeverBlocks never_blocks = nullptr);
  // The matching route's response; a 404 "404 page not found" when no route's path matches.
  ApiResponse dispatch(const ApiRequest& request) const;
  // The same, but nothing when no route's path matches: a handler's own 404 (a missing store,
  // an app that answered 404) stays an answer and is never mistaken for "no route".
  std::optional<ApiResponse> tryDispatch(const ApiRequest& request) const;
  // Whether dispatching `request` answers without blocking: its route says so, or it is a 405.
  // A path no route knows is false (the caller may go on to something that blocks).
  bool neverBlocks(const ApiRequest& request) const;

 private:
  struct Route {
    std::vector<std::string> methods;
    std::vector<std::string> pattern;  // "{name}" segments are parameters
    Handler handler;
    NeverBlocks never_blocks;
  };
  enum class Lookup { kRoute, kWrongMethod, kUnknownPath };
  // The route dispatch would take (kRoute, with `route` and `params` set), else why none.
  Lookup find(const ApiRequest& request, const Route*& route, Params& params) const;
  static bool match(const Route& route, const std::vector<std::string>& segments, Params& params);

  std::vector<Route> routes_;
};

}  // namespace lichen::http

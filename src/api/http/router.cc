#include "api/http/router.h"

#include <algorithm>

namespace lichen::http {

void Router::add(std::vector<std::string> methods, std::string_view pattern, Handler handler,
                 NeverBlocks never_blocks) {
  Route route{std::move(methods), {}, std::move(handler), std::move(never_blocks)};
  size_t start = pattern.starts_with('/') ? 1 : 0;
  while (start <= pattern.size()) {
    size_t end = pattern.find('/', start);
    if (end == std::string_view::npos) end = pattern.size();
    route.pattern.emplace_back(pattern.substr(start, end - start));
    start = end + 1;
  }
  routes_.push_back(std::move(route));
}

bool Router::match(const Route& route, const std::vector<std::string>& segments, Params& params) {
  bool rest = !route.pattern.empty() && route.pattern.back().size() > 3 &&
              route.pattern.back().ends_with("*}");
  if (rest ? segments.size() < route.pattern.size() : route.pattern.size() != segments.size()) {
    return false;
  }
  auto is_parameter = [](const std::string& part) {
    return part.size() > 2 && part.front() == '{' && part.back() == '}';
  };
  // Literals first, so a route that does not match costs no allocation.
  for (size_t i = 0; i < route.pattern.size(); ++i) {
    const std::string& part = route.pattern[i];
    if (is_parameter(part) ? segments[i].empty() : part != segments[i]) return false;
  }
  params.clear();
  for (size_t i = 0; i < route.pattern.size(); ++i) {
    const std::string& part = route.pattern[i];
    if (rest && i + 1 == route.pattern.size()) {
      // "{name*}" takes this segment and every one after it, joined by '/'.
      std::string joined = segments[i];
      for (size_t j = i + 1; j < segments.size(); ++j) joined += "/" + segments[j];
      params[part.substr(1, part.size() - 3)] = std::move(joined);
    } else if (is_parameter(part)) {
      params[part.substr(1, part.size() - 2)] = segments[i];
    }
  }
  return true;
}

ApiResponse Router::dispatch(const ApiRequest& request) const {
  std::optional<ApiResponse> response = tryDispatch(request);
  if (response) return std::move(*response);
  return ApiResponse{404, "text/plain; charset=utf-8", "404 page not found\n", {}};
}

Router::Lookup Router::find(const ApiRequest& request, const Route*& route, Params& params) const {
  bool path_known = false;
  for (const Route& candidate : routes_) {
    if (!match(candidate, request.segments, params)) continue;
    if (std::find(candidate.methods.begin(), candidate.methods.end(), request.method) ==
        candidate.methods.end()) {
      path_known = true;
      continue;
    }
    route = &candidate;
    return Lookup::kRoute;
  }
  return path_known ? Lookup::kWrongMethod : Lookup::kUnknownPath;
}

std::optional<ApiResponse> Router::tryDispatch(const ApiRequest& request) const {
  const Route* route = nullptr;
  Params params;
  switch (find(request, route, params)) {
    case Lookup::kRoute:
      return route->handler(request, params);
    case Lookup::kWrongMethod:
      return ApiResponse{405, "text/plain; charset=utf-8", "Method Not Allowed", {}};
    case Lookup::kUnknownPath:
      break;
  }
  return std::nullopt;
}

bool Router::neverBlocks(const ApiRequest& request) const {
  const Route* route = nullptr;
  Params params;
  switch (find(request, route, params)) {
    case Lookup::kRoute:
      return route->never_blocks && route->never_blocks(request, params);
    case Lookup::kWrongMethod:
      return true;
    case Lookup::kUnknownPath:
      break;
  }
  return false;
}

}  // namespace lichen::http

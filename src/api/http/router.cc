#include "api/http/router.h"

#include <algorithm>

namespace lichen::http {

void Router::add(std::vector<std::string> methods, std::string_view pattern, Handler handler) {
  Route route{std::move(methods), {}, std::move(handler)};
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
  const std::string& last = route.pattern.empty() ? std::string() : route.pattern.back();
  bool rest = last.size() > 3 && last.ends_with("*}");
  if (rest ? segments.size() < route.pattern.size() : route.pattern.size() != segments.size()) {
    return false;
  }
  Params found;
  for (size_t i = 0; i < route.pattern.size(); ++i) {
    const std::string& part = route.pattern[i];
    if (rest && i + 1 == route.pattern.size()) {
      // "{name*}" takes this segment and every one after it, joined by '/'.
      std::string joined = segments[i];
      for (size_t j = i + 1; j < segments.size(); ++j) joined += "/" + segments[j];
      if (segments[i].empty()) return false;
      found[part.substr(1, part.size() - 3)] = std::move(joined);
    } else if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
      if (segments[i].empty()) return false;
      found[part.substr(1, part.size() - 2)] = segments[i];
    } else if (part != segments[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

ApiResponse Router::dispatch(const ApiRequest& request) const {
  std::optional<ApiResponse> response = tryDispatch(request);
  if (response) return std::move(*response);
  return ApiResponse{404, "text/plain; charset=utf-8", "404 page not found\n", {}};
}

std::optional<ApiResponse> Router::tryDispatch(const ApiRequest& request) const {
  bool path_known = false;
  for (const Route& route : routes_) {
    Params params;
    if (!match(route, request.segments, params)) continue;
    if (std::find(route.methods.begin(), route.methods.end(), request.method) ==
        route.methods.end()) {
      path_known = true;
      continue;
    }
    return route.handler(request, params);
  }
  if (path_known) return ApiResponse{405, "text/plain; charset=utf-8", "Method Not Allowed", {}};
  return std::nullopt;
}

}  // namespace lichen::http

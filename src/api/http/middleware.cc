#include "api/http/middleware.h"

namespace lichen::http {

void MiddlewareChain::add(std::unique_ptr<Middleware> middleware) {
  links_.push_back(std::move(middleware));
}

ApiResponse MiddlewareChain::handle(const ApiRequest& request, const NextHandler& last) const {
  return handleFrom(0, request, last);
}

ApiResponse MiddlewareChain::handleFrom(size_t index, const ApiRequest& request,
                                        const NextHandler& last) const {
  if (index == links_.size()) return last(request);
  return links_[index]->handle(request, [this, index, &last](const ApiRequest& next) {
    return handleFrom(index + 1, next, last);
  });
}

}  // namespace lichen::http

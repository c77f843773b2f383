#include "runtime/middleware/middleware_manager.h"

namespace lichen::middleware {
namespace {

HttpResponse runFrom(const std::vector<std::shared_ptr<const HttpMiddleware>>& pipeline,
                     size_t index, HttpRequest request, const HttpNext& last) {
  if (index == pipeline.size()) return last(request);
  return pipeline[index]->handle(std::move(request), [&](const HttpRequest& next) {
    return runFrom(pipeline, index + 1, next, last);
  });
}

}  // namespace

StatusOr<std::vector<std::string>> MiddlewareManager::addComponent(
    const component::ComponentId& id, const component::Properties& /*properties*/,
    std::unique_ptr<component::Component> component) {
  auto typed = component::componentAs<HttpMiddleware>(std::move(component), "HTTP middleware");
  if (!typed) return fail(std::move(typed).error());
  by_name_[id.name] = Entry{id.type, std::shared_ptr<const HttpMiddleware>(std::move(*typed))};
  return std::vector<std::string>{};
}

std::shared_ptr<const HttpMiddleware> MiddlewareManager::find(const std::string& name,
                                                              const std::string& type) const {
  auto it = by_name_.find(name);
  if (it == by_name_.end() || it->second.type != type) return nullptr;
  return it->second.middleware;
}

StatusOr<std::vector<std::shared_ptr<const HttpMiddleware>>> buildPipeline(
    const MiddlewareManager& manager, const std::vector<resources::PipelineHandler>& handlers,
    const std::string& pipeline_name) {
  std::vector<std::shared_ptr<const HttpMiddleware>> pipeline;
  for (const resources::PipelineHandler& handler : handlers) {
    auto found = manager.find(handler.name, handler.type);
    if (!found) {
      return fail(StatusCode::kInvalidConfig, pipeline_name + ": no middleware component " +
                                                  handler.name + " of type " + handler.type);
    }
    pipeline.push_back(std::move(found));
  }
  return pipeline;
}

HttpResponse runPipeline(const std::vector<std::shared_ptr<const HttpMiddleware>>& pipeline,
                         HttpRequest request, const HttpNext& last) {
  return runFrom(pipeline, 0, std::move(request), last);
}

}  // namespace lichen::middleware

// The middleware building block: HTTP middleware components by name, for the pipelines that
// Dapr's Configuration lists (spec.httpPipeline, spec.appHttpPipeline; see pipeline.h).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "runtime/component/building_block.h"
#include "runtime/middleware/http_middleware.h"
#include "runtime/resources/configuration.h"

namespace lichen::middleware {

class MiddlewareManager : public component::BuildingBlock {
 public:
  static constexpr std::string_view kCategory = "middleware";

  std::string_view category() const override { return kCategory; }
  StatusOr<std::vector<std::string>> addComponent(
      const component::ComponentId& id, const component::Properties& properties,
      std::unique_ptr<component::Component> component) override;

  // The component named `name` with its type ("middleware.http.wasm"), or null. Shared: a
  // pipeline keeps it while requests run.
  std::shared_ptr<const HttpMiddleware> find(const std::string& name,
                                             const std::string& type) const;

 private:
  struct Entry {
    std::string type;
    std::shared_ptr<const HttpMiddleware> middleware;
  };
  std::map<std::string, Entry> by_name_;
};

// The pipeline's components in order; an error names the first handler with no component
// of that name and type (daprd refuses to start then too).
StatusOr<std::vector<std::shared_ptr<const HttpMiddleware>>> buildPipeline(
    const MiddlewareManager& manager, const std::vector<resources::PipelineHandler>& handlers,
    const std::string& pipeline_name);

// Runs `request` through `pipeline` (the first is the outermost), then `last`.
HttpResponse runPipeline(const std::vector<std::shared_ptr<const HttpMiddleware>>& pipeline,
                         HttpRequest request, const HttpNext& last);

}  // namespace lichen::middleware

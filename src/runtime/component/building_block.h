// A building block's manager as the Runtime sees it while loading components. The Runtime keeps
// one map, category ("state", "bindings") -> block, and hands each initialised component to the
// block of its category; everything block-specific (features, capabilities, per-block metadata
// such as keyPrefix) stays in the block. Dapr's pkg/runtime/processor keeps the same map.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "runtime/component/component.h"
#include "runtime/component/properties.h"

namespace lichen::component {

struct ComponentId {
  std::string name;
  std::string type;     // "state.sqlite"
  std::string version;  // "v1"
};

class BuildingBlock {
 public:
  virtual ~BuildingBlock() = default;
  // The Dapr category whose components this block takes: the type's prefix, "state".
  virtual std::string_view category() const = 0;
  // Takes a created and initialised component of this category and answers its capabilities
  // for GET /v1.0/metadata. An error (not this block's interface, a bad block-level metadata
  // value) fails the component; the Runtime adds where it was declared.
  virtual StatusOr<std::vector<std::string>> addComponent(const ComponentId& id,
                                                          const Properties& properties,
                                                          std::unique_ptr<Component> component) = 0;
  // Stops the block's own activity (broker deliveries, input bindings); no call into the app
  // starts after it returns. The Runtime closes blocks in the reverse order of registration.
  virtual void close() {}
};

// The component as the block's interface T; an error when it is not one (a factory registered
// under another block's category).
template <typename T>
StatusOr<std::unique_ptr<T>> componentAs(std::unique_ptr<Component> component,
                                         std::string_view interface_name) {
  auto* typed = dynamic_cast<T*>(component.get());
  if (!typed) {
    return fail(StatusCode::kInvalidConfig,
                "the component's factory does not make a " + std::string(interface_name));
  }
  component.release();
  return std::unique_ptr<T>(typed);
}

}  // namespace lichen::component

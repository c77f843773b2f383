// What every component is, whatever its building block: something the Runtime creates through
// the Registry's one factory map and initialises from its resolved metadata. Each block's
// interface (state::StateStore, pubsub::PubSub, bindings::OutputBinding, ...) derives from it;
// the block's manager takes the component back as its own interface.
#pragma once

#include "common/status.h"
#include "runtime/component/properties.h"

namespace lichen::component {

class Component {
 public:
  virtual ~Component() = default;
  // Reads the component metadata; errors name the offending field.
  virtual Expected<void, Status> init(const Properties& properties) = 0;
};

}  // namespace lichen::component

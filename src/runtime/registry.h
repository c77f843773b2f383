// The component registry: one map, component type name -> factory, built explicitly in main
// from the components' register functions (e.g. components::registerSqliteState); no static
// self-registration, so nothing is silently dropped when linking static libraries. The type's
// category (the part before the first dot) says which building block takes the component.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "runtime/component/component.h"

namespace lichen::runtime {

using ComponentFactory = std::function<std::unique_ptr<component::Component>()>;

class Registry {
 public:
  // `type` is the full Dapr type, e.g. "state.sqlite"; components are version v1.
  void add(std::string type, ComponentFactory factory);

  // nullptr when the type (or version) is unknown. An empty version means v1, as in Dapr.
  std::unique_ptr<component::Component> create(const std::string& type,
                                               const std::string& version) const;
  bool knows(const std::string& type) const { return factories_.contains(type); }
  // Every registered type of one category ("state"), sorted; for error messages.
  std::vector<std::string> types(const std::string& category) const;

 private:
  std::map<std::string, ComponentFactory> factories_;
};

}  // namespace lichen::runtime

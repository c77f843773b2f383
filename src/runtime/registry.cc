#include "runtime/registry.h"

namespace lichen::runtime {

void Registry::add(std::string type, ComponentFactory factory) {
  factories_.insert_or_assign(std::move(type), std::move(factory));
}

std::unique_ptr<component::Component> Registry::create(const std::string& type,
                                                       const std::string& version) const {
  auto it = factories_.find(type);
  if (it == factories_.end() || !(version.empty() || version == "v1")) return nullptr;
  return it->second();
}

std::vector<std::string> Registry::types(const std::string& category) const {
  std::vector<std::string> out;
  for (const auto& [type, factory] : factories_) {
    if (type.compare(0, type.find('.'), category) == 0 && type.find('.') == category.size()) {
      out.push_back(type);
    }
  }
  return out;
}

}  // namespace lichen::runtime

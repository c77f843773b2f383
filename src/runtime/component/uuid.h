// Random (version 4) UUIDs, as Dapr uses for CloudEvent ids and the {uuid} template tag.
#pragma once

#include <string>

namespace lichen::component {

std::string newUuid();

}  // namespace lichen::component

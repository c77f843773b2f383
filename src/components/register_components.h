// Every built-in component, registered explicitly (see STYLE.md: no static self-registration).
#pragma once

#include "runtime/registry.h"

namespace lichen::components {

void registerBuiltinComponents(runtime::Registry& registry);

}  // namespace lichen::components

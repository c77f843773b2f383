// Loads Dapr resource YAML (kind: Component, apiVersion dapr.io/v1alpha1) from files and
// folders, as daprd does for --resources-path. Several documents per file are allowed; other
// kinds are skipped here (Subscription: subscription_loader.h, Resiliency: resiliency_loader.h).
// Every error names the file and line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "runtime/component/component_spec.h"

namespace YAML {
class Node;
}

namespace lichen::resources {

// Each path is a folder (its *.yaml / *.yml files, sorted by name, not recursive) or a file.
StatusOr<std::vector<component::ComponentSpec>> loadComponents(
    const std::vector<std::string>& paths);

// The resource files under `paths`: *.yaml / *.yml of each folder sorted by name, then files.
StatusOr<std::vector<std::string>> resourceFiles(const std::vector<std::string>& paths);
StatusOr<std::string> readResourceFile(const std::string& file);

// One `{name, value | envRef | secretKeyRef}` entry of a resource's list (a component's
// spec.metadata, an HTTPEndpoint's spec.headers); `owner` is the resource's name for errors.
StatusOr<component::MetadataItem> parseMetadataItem(const YAML::Node& node, const std::string& file,
                                                    const std::string& owner);

// Parses one file's text; `file` is used in error messages and recorded in each spec.
StatusOr<std::vector<component::ComponentSpec>> parseComponents(std::string_view yaml,
                                                                const std::string& file);

}  // namespace lichen::resources

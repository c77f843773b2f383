#include "components/secrets/localfile/local_file_secret_store.h"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

namespace lichen::components {
namespace {

namespace json = boost::json;

void flatten(const json::value& value, const std::string& path, const std::string& separator,
             std::map<std::string, std::string>& out) {
  auto join = [&](const std::string& key) { return path.empty() ? key : path + separator + key; };
  switch (value.kind()) {
    case json::kind::object:
      for (const auto& member : value.get_object()) {
        flatten(member.value(), join(std::string(member.key())), separator, out);
      }
      break;
    case json::kind::array: {
      const json::array& array = value.get_array();
      for (size_t i = 0; i < array.size(); ++i)
        flatten(array[i], join(std::to_string(i)), separator, out);
      break;
    }
    case json::kind::string:
      out[path] = std::string(value.get_string());
      break;
    case json::kind::null:
      out[path] = "";
      break;
    default:
      out[path] = json::serialize(value);
  }
}

}  // namespace

Expected<void, Status> LocalFileSecretStore::init(const component::Properties& properties) {
  LICHEN_ASSIGN_OR_RETURN(std::string file, properties.require("secretsFile"));
  std::string separator = properties.getOr("nestedSeparator", ":");
  LICHEN_ASSIGN_OR_RETURN(multi_valued_, properties.getBool("multiValued", false));
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(StatusCode::kInvalidConfig, "cannot read secretsFile " + file);
  std::ostringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  json::value root = json::parse(text.str(), ec);
  if (ec || !root.is_object()) {
    return fail(StatusCode::kInvalidConfig,
                "secretsFile " + file + " is not a JSON object" + (ec ? ": " + ec.message() : ""));
  }
  secrets_.clear();
  if (!multi_valued_) {
    std::map<std::string, std::string> flat;
    flatten(root, "", separator, flat);
    for (auto& [name, value] : flat) secrets_[name] = {{name, value}};
    return {};
  }
  for (const auto& member : root.get_object()) {
    std::string name(member.key());
    secrets::Secret secret;
    if (member.value().is_object()) {
      flatten(member.value(), "", separator, secret);
    } else {
      flatten(member.value(), name, separator, secret);
    }
    secrets_[name] = std::move(secret);
  }
  return {};
}

StatusOr<std::optional<secrets::Secret>> LocalFileSecretStore::getSecret(const std::string& name,
                                                                         const secrets::Metadata&) {
  auto it = secrets_.find(name);
  if (it == secrets_.end()) return std::optional<secrets::Secret>();
  return std::optional<secrets::Secret>(it->second);
}

StatusOr<std::map<std::string, secrets::Secret>> LocalFileSecretStore::bulkGetSecret(
    const secrets::Metadata&) {
  return secrets_;
}

std::vector<std::string> LocalFileSecretStore::capabilities() const {
  if (multi_valued_) return {"MULTIPLE_KEY_VALUES_PER_SECRET"};
  return {};
}

void registerLocalFileSecretStore(runtime::Registry& registry) {
  registry.add("secretstores.local.file", [] { return std::make_unique<LocalFileSecretStore>(); });
}

}  // namespace lichen::components

#include "runtime/runtime.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <random>

#include "runtime/component/uuid.h"

namespace lichen::runtime {
namespace {

using component::ComponentSpec;

std::string replaceAll(std::string text, std::string_view from, const std::string& to) {
  for (size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

bool inScope(const ComponentSpec& spec, const std::string& app_id) {
  return spec.scopes.empty() ||
         std::find(spec.scopes.begin(), spec.scopes.end(), app_id) != spec.scopes.end();
}

}  // namespace

std::string expandTemplateTags(const std::string& value, const RuntimeOptions& options) {
  if (value.find('{') == std::string::npos) return value;
  std::string out = value;
  if (out.find("{uuid}") != std::string::npos)
    out = replaceAll(out, "{uuid}", component::newUuid());
  if (out.find("{podName}") != std::string::npos) {
    const char* pod = std::getenv("POD_NAME");
    char host[256] = {};
    if (!pod && gethostname(host, sizeof(host) - 1) == 0) pod = host;
    out = replaceAll(out, "{podName}", pod ? pod : "");
  }
  out = replaceAll(out, "{namespace}", options.ns);
  out = replaceAll(out, "{appID}", options.app_id);
  return out;
}

// The building blocks: one line each.
Runtime::Runtime(RuntimeOptions options)
    : options_(std::move(options)), invocation_(options_.app_id) {
  addBlock(std::make_unique<secrets::SecretsManager>());
  addBlock(std::make_unique<state::StateManager>(options_.app_id, options_.ns));
  addBlock(std::make_unique<pubsub::PubSubManager>(options_.app_id));
  addBlock(std::make_unique<bindings::BindingsManager>());
  addBlock(std::make_unique<middleware::MiddlewareManager>());
  addBlock(std::make_unique<configuration::ConfigurationManager>(
      [this] { return invocation_.appChannel(); }));
  addBlock(std::make_unique<lock::LockManager>(options_.app_id));
  if (!options_.resiliency.empty()) {
    resiliency_ = std::make_shared<resiliency::Resiliency>(options_.resiliency);
    invocation_.setResiliency(resiliency_);
    state().setResiliency(resiliency_);
    secrets().setResiliency(resiliency_);
    pubsub().setResiliency(resiliency_);
    bindings().setResiliency(resiliency_);
  }
}

Runtime::~Runtime() { close(); }

void Runtime::addBlock(std::unique_ptr<component::BuildingBlock> block) {
  block_order_.push_back(block.get());
  blocks_.emplace(std::string(block->category()), std::move(block));
}

void Runtime::stopRetries() {
  if (resiliency_) resiliency_->shutdown(resiliency::Duration::zero());
}

void Runtime::close() {
  // Retry waits end first (a delivery thread may sit in one); calls cut by a timeout get a
  // moment to finish before the components they use close.
  if (resiliency_) resiliency_->shutdown(std::chrono::seconds(5));
  for (auto it = block_order_.rbegin(); it != block_order_.rend(); ++it) (*it)->close();
}

StatusOr<std::unique_ptr<Runtime>> Runtime::create(RuntimeOptions options, const Registry& registry,
                                                   std::vector<ComponentSpec> specs) {
  std::unique_ptr<Runtime> runtime(new Runtime(std::move(options)));
  if (!runtime->options_.secret_scopes.empty()) {
    runtime->secrets().setAccessPolicy([scopes = runtime->options_.secret_scopes](
                                           const std::string& store, const std::string& secret) {
      for (const resources::SecretScope& scope : scopes) {
        if (scope.store_name == store) return scope.allows(secret);
      }
      return true;  // stores without a scope are open, as in daprd
    });
  }
  // Secret stores first: other components' secretKeyRef entries resolve through them.
  std::stable_partition(specs.begin(), specs.end(), [](const ComponentSpec& spec) {
    return spec.category() == "secretstores";
  });
  for (const ComponentSpec& spec : specs) {
    if (!inScope(spec, runtime->appId())) {
      spdlog::info("component '{}' ({}) is not scoped to app '{}', skipped", spec.name, spec.type,
                   runtime->appId());
      continue;
    }
    auto added = runtime->addComponent(registry, spec);
    if (added) continue;
    if (!spec.ignore_errors) return fail(added.error());
    spdlog::warn("{} (ignoreErrors: true, continuing)", added.error().message());
  }
  return runtime;
}

StatusOr<component::Properties> Runtime::resolve(const ComponentSpec& spec) {
  component::Properties properties;
  for (const component::MetadataItem& item : spec.metadata) {
    std::string value = item.value;
    if (!item.env_ref.empty()) {
      const char* env = std::getenv(item.env_ref.c_str());
      value = env ? env : "";
    }
    if (item.secret_key_ref) {
      std::string where =
          spec.file.empty() ? spec.where() : spec.file + ":" + std::to_string(item.line);
      if (spec.secret_store.empty()) {
        return fail(StatusCode::kInvalidConfig,
                    where + ": component '" + spec.name + "': metadata '" + item.name +
                        "' uses secretKeyRef but the component has no auth.secretStore");
      }
      if (!secrets().hasStore(spec.secret_store)) {
        return fail(StatusCode::kInvalidConfig, where + ": component '" + spec.name +
                                                    "': secret store '" + spec.secret_store +
                                                    "' is not defined");
      }
      auto secret = secrets().getForComponent(spec.secret_store, item.secret_key_ref->name);
      if (!secret) {
        return fail(StatusCode::kInvalidConfig, where + ": component '" + spec.name +
                                                    "': metadata '" + item.name +
                                                    "': " + secret.error().message());
      }
      const std::string& key =
          item.secret_key_ref->key.empty() ? item.secret_key_ref->name : item.secret_key_ref->key;
      auto it = secret->find(key);
      if (it == secret->end()) {
        return fail(StatusCode::kInvalidConfig,
                    where + ": component '" + spec.name + "': metadata '" + item.name +
                        "': secret '" + item.secret_key_ref->name + "' has no key '" + key + "'");
      }
      value = it->second;
    }
    properties.set(item.name, expandTemplateTags(value, options_));
  }
  return properties;
}

Expected<void, Status> Runtime::addComponent(const Registry& registry, const ComponentSpec& spec) {
  std::string version = spec.version.empty() ? "v1" : spec.version;
  std::string label =
      spec.where() + ": component '" + spec.name + "' (" + spec.type + "/" + version + ")";
  LICHEN_ASSIGN_OR_RETURN(component::Properties properties, resolve(spec));
  auto block = blocks_.find(spec.category());
  if (block == blocks_.end() || !registry.knows(spec.type)) {
    std::string known;
    for (const std::string& type : registry.types(spec.category())) {
      known += (known.empty() ? "" : ", ") + type;
    }
    return fail(StatusCode::kInvalidConfig, label + ": unknown component type" +
                                                (known.empty() ? "" : " (known: " + known + ")"));
  }
  std::unique_ptr<component::Component> component = registry.create(spec.type, spec.version);
  if (!component) return fail(StatusCode::kInvalidConfig, label + ": unknown component version");
  // As daprd: a broker's consumer group is the app id unless the component names one.
  if (spec.category() == "pubsub" && properties.getOr("consumerID", "").empty()) {
    properties.set("consumerID", options_.app_id);
  }
  auto init = component->init(properties);
  if (!init) return fail(StatusCode::kInvalidConfig, label + ": " + init.error().message());
  auto capabilities = block->second->addComponent({spec.name, spec.type, version}, properties,
                                                  std::move(component));
  if (!capabilities) {
    return fail(StatusCode::kInvalidConfig, label + ": " + capabilities.error().message());
  }
  components_.push_back({spec.name, spec.type, version, std::move(*capabilities)});
  spdlog::info("component loaded: {} ({}/{})", spec.name, spec.type, version);
  return {};
}

std::vector<ComponentInfo> Runtime::components() const { return components_; }

void Runtime::setExtended(const std::string& key, std::string value) {
  std::lock_guard lock(extended_mutex_);
  extended_[key] = std::move(value);
}

std::map<std::string, std::string> Runtime::extended() const {
  std::lock_guard lock(extended_mutex_);
  return extended_;
}

std::vector<ComponentSpec> embeddedDefaults(const std::string& data_dir) {
  ComponentSpec statestore;
  statestore.name = "statestore";
  statestore.type = "state.sqlite";
  statestore.version = "v1";
  statestore.metadata.push_back({"connectionString", data_dir + "/state.db", std::nullopt, "", 0});
  statestore.metadata.push_back({"actorStateStore", "true", std::nullopt, "", 0});
  ComponentSpec pubsub;
  pubsub.name = "pubsub";
  pubsub.type = "pubsub.in-memory";
  pubsub.version = "v1";
  return {statestore, pubsub};
}

}  // namespace lichen::runtime

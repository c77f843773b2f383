#include "runtime/bindings/bindings_manager.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

namespace lichen::bindings {
namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// daprd's isBindingOfDirection: without `direction` metadata a binding is of every direction.
bool ofDirection(const component::Properties& properties, std::string_view direction) {
  std::optional<std::string> value = properties.get("direction");
  if (!value) return true;
  std::string list = lower(*value);
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = std::min(list.find(',', start), list.size());
    std::string item = list.substr(start, comma - start);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (item == direction) return true;
    start = comma + 1;
  }
  return false;
}

Status invokeError(const std::string& name, const std::string& why) {
  return Status(StatusCode::kOutputBindingInvoke,
                "error invoking output binding " + name + ": " + why);
}

}  // namespace

BindingsManager::~BindingsManager() { close(); }

StatusOr<std::vector<std::string>> BindingsManager::addComponent(
    const component::ComponentId& id, const component::Properties& properties,
    std::unique_ptr<component::Component> component) {
  auto* output = dynamic_cast<OutputBinding*>(component.get());
  auto* input = dynamic_cast<InputBinding*>(component.get());
  if (!output && !input) {
    return fail(StatusCode::kInvalidConfig, "the component's factory does not make a binding");
  }
  std::vector<std::string> capabilities;
  if (input && ofDirection(properties, "input")) {
    // daprd's route: the component name, or its `route` metadata.
    std::string route = properties.getOr("route", id.name);
    if (route.starts_with('/')) route.erase(0, 1);
    std::lock_guard lock(mutex_);
    inputs_[id.name] = Input{route, properties.has("direction"), input, false};
    capabilities.push_back("INPUT_BINDING");
  }
  if (output && ofDirection(properties, "output")) {
    outputs_[id.name] = output;
    capabilities.push_back("OUTPUT_BINDING");
  }
  owned_.push_back(std::move(component));
  return capabilities;
}

InvokeResult BindingsManager::invoke(const std::string& name, const std::string& operation,
                                     std::string data, Metadata metadata) {
  if (operation.empty()) {
    return InvokeResult::failure(invokeError(name, "operation field is missing from request"));
  }
  auto it = outputs_.find(name);
  if (it == outputs_.end()) {
    return InvokeResult::failure(invokeError(name, "couldn't find output binding " + name));
  }
  std::vector<std::string> operations = it->second->operations();
  if (std::find(operations.begin(), operations.end(), operation) == operations.end()) {
    std::string supported;
    for (size_t i = 0; i < operations.size(); ++i) supported += (i ? " " : "") + operations[i];
    return InvokeResult::failure(invokeError(name, "binding " + name +
                                                       " does not support operation " + operation +
                                                       ". supported operations:" + supported));
  }
  // Under the binding's outbound policy; the call owns its request, as a policy timeout may
  // leave it running (resiliency/policy.h).
  resiliency::Policy policy =
      resiliency::componentPolicyOf(resiliency_.get(), name, resiliency::ComponentKind::kBinding,
                                    resiliency::Direction::kOutbound);
  InvokeRequest request{operation, std::move(data), std::move(metadata)};
  auto ran = policy.run<InvokeResult>(
      [binding = it->second, request]() -> StatusOr<InvokeResult> {
        return binding->invoke(request);
      },
      [](const InvokeResult& answer) {
        return resiliency::Verdict{!answer.ok(), std::nullopt, answer.error.message()};
      });
  InvokeResult result = ran ? std::move(*ran) : InvokeResult::failure(std::move(ran).error());
  if (!result.ok()) result.error = invokeError(name, result.error.message());
  return result;
}

std::vector<std::string> BindingsManager::inputNames() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [name, input] : inputs_) out.push_back(name);
  return out;
}

void BindingsManager::startInput(std::shared_ptr<InputHandler> handler) {
  std::lock_guard lock(mutex_);
  if (started_ || closed_ || !handler) return;
  started_ = true;
  for (auto& [name, input] : inputs_) {
    if (!input.explicit_input) {
      auto accepted = handler->accepts(name, input.route);
      if (!accepted) {
        spdlog::warn("input binding {}: could not ask the app: {}", name,
                     accepted.error().message());
        continue;
      }
      if (!*accepted) {
        spdlog::info("app has not subscribed to binding {}.", name);
        continue;
      }
    }
    // Each event runs under the binding's inbound resiliency policy; the delivery owns its
    // copies, as a policy timeout may leave it running (resiliency/policy.h).
    auto read =
        input.binding->read([handler, name = name, route = input.route, engine = resiliency_](
                                const ReadEvent& event) -> StatusOr<std::string> {
          InputEvent delivery{name, route, event.data, event.metadata};
          auto reply =
              resiliency::componentPolicyOf(engine.get(), name, resiliency::ComponentKind::kBinding,
                                            resiliency::Direction::kInbound)
                  .run<std::string>([handler, delivery] { return handler->deliver(delivery); });
          if (!reply)
            spdlog::debug("error from app consumer for binding [{}]: {}", name,
                          reply.error().message());
          return reply;
        });
    if (!read) {
      spdlog::error("error reading from input binding {}: {}", name, read.error().message());
      continue;
    }
    input.reading = true;
    spdlog::info("input binding {} delivers to the app at /{}", name, input.route);
  }
}

void BindingsManager::close() {
  std::lock_guard lock(mutex_);
  if (closed_) return;
  closed_ = true;
  for (auto& [name, input] : inputs_) input.binding->close();
}

}  // namespace lichen::bindings

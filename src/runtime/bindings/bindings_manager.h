// The bindings building block: output bindings called by name (the HTTP route, later the Wasm
// host ABI), and input bindings whose events go to the app's InputHandler, after daprd's
// pkg/runtime/processor/binding. Transport-free: it never sees an HTTP status of its own making.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/bindings/binding.h"
#include "runtime/bindings/input_handler.h"
#include "runtime/component/building_block.h"
#include "runtime/resiliency/resiliency.h"

namespace lichen::bindings {

class BindingsManager : public component::BuildingBlock {
 public:
  static constexpr std::string_view kCategory = "bindings";
  ~BindingsManager() override;

  std::string_view category() const override { return kCategory; }
  // An output and/or input binding, as the component is and its `direction` metadata allows
  // ("input", "output", "input, output"; absent = whatever the component is). Capabilities
  // are daprd's INPUT_BINDING / OUTPUT_BINDING.
  StatusOr<std::vector<std::string>> addComponent(
      const component::ComponentId& id, const component::Properties& properties,
      std::unique_ptr<component::Component> component) override;

  // One output call, as daprd's SendToOutputBinding: an empty operation, an unknown binding
  // or an operation the binding does not list fail with ERR_INVOKE_OUTPUT_BINDING and daprd's
  // message ("error invoking output binding NAME: ..."), as does a failed call, which may
  // still carry the binding's response metadata.
  InvokeResult invoke(const std::string& name, const std::string& operation, std::string data,
                      Metadata metadata);
  // Output calls run under the binding's outbound resiliency policy, input events under its
  // inbound one. Set before serving.
  void setResiliency(std::shared_ptr<resiliency::Resiliency> resiliency) {
    resiliency_ = std::move(resiliency);
  }
  bool hasOutput(const std::string& name) const { return outputs_.contains(name); }
  std::vector<std::string> inputNames() const;

  // Once the app is ready: probes the app for each input binding (unless its direction is
  // explicitly input, as daprd) and starts reading those it accepts. Later calls do nothing.
  void startInput(std::shared_ptr<InputHandler> handler);
  // Stops every input binding; no delivery runs after this returns.
  void close() override;

 private:
  struct Input {
    std::string route;
    bool explicit_input = false;  // `direction` names input: no probe
    InputBinding* binding = nullptr;
    bool reading = false;
  };

  // Every binding component; declared first, so destroyed after the maps that point into it. A
  // component that is both input and output is in both maps.
  std::vector<std::unique_ptr<component::Component>> owned_;
  std::map<std::string, OutputBinding*> outputs_;  // read-only once serving
  std::shared_ptr<resiliency::Resiliency> resiliency_;
  mutable std::mutex mutex_;  // guards inputs_, started_, closed_
  std::map<std::string, Input> inputs_;
  bool started_ = false;
  bool closed_ = false;
};

}  // namespace lichen::bindings

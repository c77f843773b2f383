// The application's side of input bindings, whatever the app is: an HTTP app (api/http's
// HttpInputHandler: OPTIONS /<name> probe, POST /<name>) or a Wasm module in-process (src/app).
// The BindingsManager asks accepts() once per input binding when the app is ready, and then
// calls deliver() for each event of the bindings it accepted. Small on purpose: a new kind of
// app implements these two calls and nothing else.
#pragma once

#include <string>

#include "common/status.h"
#include "runtime/bindings/binding.h"

namespace lichen::bindings {

struct InputEvent {
  std::string name;  // the binding's component name
  // The route: the component's `route` metadata, else the name (daprd's input binding route).
  // An HTTP app is called on POST /<route>; other apps may ignore it.
  std::string route;
  std::string data;   // the bytes the binding read (empty for cron)
  Metadata metadata;  // e.g. cron's timeZone, readTimeUTC; HTTP apps get them as headers
};

class InputHandler {
 public:
  virtual ~InputHandler() = default;
  // Does the app want events of this binding? daprd's start-up probe (OPTIONS /<route>: 2xx or
  // 405 = yes, 404 or any other status = no). An error (the app could not be asked) starts no
  // delivery for the binding and is logged.
  virtual StatusOr<bool> accepts(const std::string& name, const std::string& route) = 0;
  // Hands one event to the app; called on the binding's thread, may block while the app works.
  // The app's reply body on success (2xx for HTTP); an error when the app did not handle it
  // (another status, no answer, a trap), which goes back to the binding.
  virtual StatusOr<std::string> deliver(const InputEvent& event) = 0;
};

}  // namespace lichen::bindings

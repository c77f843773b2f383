#include "cli/daprd_flags.h"

#include <algorithm>
#include <array>

namespace lichen::cli {
namespace {

using enum DaprdFlagKind;

// daprd 1.16's flags, from cmd/daprd/options/options.go, dapr/kit's logger flags and
// pkg/metrics's flags (names and kinds are facts of its command line).
constexpr std::array kFlags = std::to_array<DaprdFlag>({
    {"mode", kValue},
    {"dapr-http-port", kValue},
    {"dapr-listen-addresses", kValue},
    {"dapr-public-port", kValue},
    {"dapr-public-listen-address", kValue},
    {"dapr-grpc-port", kValue},
    {"dapr-internal-grpc-port", kValue},
    {"dapr-internal-grpc-listen-address", kValue},
    {"app-port", kValue},
    {"profile-port", kValue},
    {"app-protocol", kValue},
    {"components-path", kValue},
    {"resources-path", kValue},
    {"config", kValue},
    {"app-id", kValue},
    {"control-plane-address", kValue},
    {"sentry-address", kValue},
    {"control-plane-trust-domain", kValue},
    {"control-plane-namespace", kValue},
    {"sentry-request-jwt-audiences", kValue},
    {"allowed-origins", kValue},
    {"enable-profiling", kBool},
    {"version", kBool},
    {"build-info", kBool},
    {"wait", kBool},
    {"app-max-concurrency", kValue},
    {"enable-mtls", kBool},
    {"app-ssl", kBool},
    {"dapr-http-max-request-size", kValue},
    {"max-body-size", kValue},
    {"dapr-http-read-buffer-size", kValue},
    {"read-buffer-size", kValue},
    {"unix-domain-socket", kValue},
    {"dapr-graceful-shutdown-seconds", kValue},
    {"dapr-block-shutdown-duration", kValue},
    {"enable-api-logging", kBool},
    {"disable-builtin-k8s-secret-store", kBool},
    {"enable-app-health-check", kBool},
    {"app-health-check-path", kValue},
    {"app-health-probe-interval", kValue},
    {"app-health-probe-timeout", kValue},
    {"app-health-threshold", kValue},
    {"app-channel-address", kValue},
    {"placement-host-address", kValue},
    {"scheduler-host-address", kValue},
    {"scheduler-job-streams", kValue},
    {"actors-service", kValue},
    {"reminders-service", kValue},
    {"log-level", kValue},
    {"log-as-json", kBool},
    {"metrics-port", kValue},
    {"metrics-listen-address", kValue},
    {"enable-metrics", kBool},
});

// "--name=value" -> "name"; "-name" -> "name".
std::string_view flagName(std::string_view arg) {
  arg.remove_prefix(std::min(arg.find_first_not_of('-'), arg.size()));
  return arg.substr(0, arg.find('='));
}

}  // namespace

std::span<const DaprdFlag> daprdFlags() { return kFlags; }

const DaprdFlag* findDaprdFlag(std::string_view name) {
  auto it = std::find_if(kFlags.begin(), kFlags.end(),
                         [name](const DaprdFlag& flag) { return flag.name == name; });
  return it == kFlags.end() ? nullptr : &*it;
}

std::vector<std::string> normaliseDaprdArgs(std::span<const std::string> args) {
  std::vector<std::string> out;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "--") {
      out.insert(out.end(), args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
      break;
    }
    const DaprdFlag* flag =
        arg.size() > 1 && arg[0] == '-' ? findDaprdFlag(flagName(arg)) : nullptr;
    if (!flag) {
      out.push_back(std::move(arg));
      continue;
    }
    if (arg[1] != '-') arg.insert(0, "-");  // daprd reads -flag as --flag
    size_t equals = arg.find('=');
    if (flag->kind == kBool || (equals != std::string::npos && equals + 1 < arg.size())) {
      out.push_back(std::move(arg));
    } else if (equals != std::string::npos) {  // `--flag=`: an empty value
      arg.pop_back();
      out.push_back(std::move(arg));
      out.emplace_back();
    } else if (i + 1 == args.size()) {
      out.push_back(std::move(arg));  // CLI11 reports the missing value
    } else {
      // daprd takes the next argument as the value whatever it looks like.
      const std::string& value = args[++i];
      if (!value.empty() && value[0] == '-') {
        out.push_back(arg + "=" + value);
      } else {
        out.push_back(std::move(arg));
        out.push_back(value);
      }
    }
  }
  return out;
}

void UnhonouredDaprdFlags::addTo(CLI::App& command) {
  constexpr const char* kGroup = "daprd flags accepted but not honoured yet";
  for (const DaprdFlag& flag : kFlags) {
    std::string name = "--" + std::string(flag.name);
    if (command.get_option_no_throw(name) != nullptr) continue;  // honoured
    if (flag.kind == kBool) {
      bool& enabled = bools_.emplace_back(false);
      accepted_.push_back({command.add_flag(name, enabled, "")->group(kGroup), &enabled});
    } else {
      std::string& value = values_.emplace_back();
      CLI::Option* option = command.add_option(name, value, "")
                                ->group(kGroup)
                                ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
                                ->allow_extra_args(false);
      accepted_.push_back({option, nullptr});
    }
  }
}

std::vector<std::string> UnhonouredDaprdFlags::given() const {
  std::vector<std::string> names;
  for (const Accepted& accepted : accepted_) {
    if (accepted.option->count() == 0) continue;
    if (accepted.enabled && !*accepted.enabled) continue;
    names.push_back(accepted.option->get_name());
  }
  return names;
}

}  // namespace lichen::cli

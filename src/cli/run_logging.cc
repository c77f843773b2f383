#include "cli/run_logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "runtime/runtime.h"

namespace lichen::cli {
namespace {

void appendJsonEscaped(std::string_view text, spdlog::memory_buf_t& dest) {
  constexpr char kHex[] = "0123456789abcdef";
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      dest.push_back('\\');
      dest.push_back(c);
    } else if (u < 0x20) {
      const char escape[] = {'\\', 'u', '0', '0', kHex[u >> 4], kHex[u & 15]};
      dest.append(escape, escape + sizeof(escape));
    } else {
      dest.push_back(c);
    }
  }
}

// %* in the pattern: the log message, escaped for a JSON string (--log-as-json).
class JsonMessageFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    appendJsonEscaped(std::string_view(msg.payload.data(), msg.payload.size()), dest);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonMessageFlag>();
  }
};

}  // namespace

void setupLogging(const std::string& level_name, bool as_json, const std::string& app_id) {
  auto logger = spdlog::stdout_logger_mt("lichen");
  spdlog::set_default_logger(logger);
  spdlog::level::level_enum level = spdlog::level::from_str(level_name);
  if (level_name == "fatal") level = spdlog::level::critical;
  spdlog::set_level(level);
  if (as_json) {
    // The shape of daprd's JSON log lines.
    spdlog::memory_buf_t escaped_app_id;
    appendJsonEscaped(app_id, escaped_app_id);
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    formatter->add_flag<JsonMessageFlag>('*').set_pattern(
        R"({"app_id":")" + fmt::to_string(escaped_app_id) +
        R"(","level":"%l","msg":"%*","scope":"lichen.runtime","time":"%Y-%m-%dT%H:%M:%S.%fZ",)"
        R"("type":"log","ver":")" +
        std::string(runtime::kRuntimeVersion) + R"("})");
    spdlog::set_formatter(std::move(formatter));
  } else {
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  }
  spdlog::flush_on(spdlog::level::info);
}

}  // namespace lichen::cli

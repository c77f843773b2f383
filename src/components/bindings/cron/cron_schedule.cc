#include "components/bindings/cron/cron_schedule.h"

#include <array>
#include <sstream>
#include <vector>

#include "runtime/component/properties.h"

namespace lichen::components {
namespace {

constexpr uint64_t kStar = uint64_t{1} << 63;  // the field was `*` or `?`

struct Bounds {
  unsigned min, max;
  const char* const* names;  // lower-case, indexed from `min`; null when none
};
constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                   "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr const char* kDays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
constexpr Bounds kSeconds{0, 59, nullptr}, kMinutes{0, 59, nullptr}, kHours{0, 23, nullptr},
    kDom{1, 31, nullptr}, kMonth{1, 12, kMonths}, kDow{0, 6, kDays};

uint64_t bits(unsigned min, unsigned max, unsigned step) {
  uint64_t out = 0;
  for (unsigned i = min; i <= max; i += step) out |= uint64_t{1} << i;
  return out;
}
uint64_t all(const Bounds& b) { return bits(b.min, b.max, 1) | kStar; }

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream stream(text);
  while (std::getline(stream, item, separator)) out.push_back(item);
  if (!text.empty() && text.back() == separator) out.push_back("");
  if (text.empty()) out.push_back("");
  return out;
}

StatusOr<unsigned> parseNumber(const std::string& text) {
  auto value = component::parseInt(text);
  if (!value) return fail(StatusCode::kInvalidConfig, "failed to parse int from " + text);
  if (*value < 0) {
    return fail(StatusCode::kInvalidConfig, "negative number (" + text + ") not allowed: " + text);
  }
  if (*value > 1000000) return fail(StatusCode::kInvalidConfig, "number too large: " + text);
  return static_cast<unsigned>(*value);
}

StatusOr<unsigned> parseNumberOrName(const std::string& text, const Bounds& b) {
  if (b.names) {
    std::string lower;
    for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (unsigned i = 0; i <= b.max - b.min; ++i) {
      if (lower == b.names[i]) return b.min + i;
    }
  }
  return parseNumber(text);
}

// One comma-separated part: `*`, `?`, `a`, `a-b`, each optionally `/step`.
StatusOr<uint64_t> parseRange(const std::string& expr, const Bounds& b) {
  std::vector<std::string> range_and_step = split(expr, '/');
  std::vector<std::string> low_high = split(range_and_step[0], '-');
  unsigned start, end, step = 1;
  uint64_t extra = 0;
  if (low_high[0] == "*" || low_high[0] == "?") {
    start = b.min;
    end = b.max;
    extra = kStar;
  } else {
    LICHEN_ASSIGN_OR_RETURN(start, parseNumberOrName(low_high[0], b));
    if (low_high.size() == 1) {
      end = start;
    } else if (low_high.size() == 2) {
      LICHEN_ASSIGN_OR_RETURN(end, parseNumberOrName(low_high[1], b));
    } else {
      return fail(StatusCode::kInvalidConfig, "too many hyphens: " + expr);
    }
  }
  if (range_and_step.size() == 2) {
    LICHEN_ASSIGN_OR_RETURN(step, parseNumber(range_and_step[1]));
    if (low_high.size() == 1) end = b.max;  // "5/15" is 5-max/15
    if (step > 1) extra = 0;
  } else if (range_and_step.size() > 2) {
    return fail(StatusCode::kInvalidConfig, "too many slashes: " + expr);
  }
  auto number = [](unsigned n) { return std::to_string(n); };
  if (start < b.min) {
    return fail(StatusCode::kInvalidConfig, "beginning of range (" + number(start) +
                                                ") below minimum (" + number(b.min) + "): " + expr);
  }
  if (end > b.max) {
    return fail(StatusCode::kInvalidConfig, "end of range (" + number(end) + ") above maximum (" +
                                                number(b.max) + "): " + expr);
  }
  if (start > end) {
    return fail(StatusCode::kInvalidConfig, "beginning of range (" + number(start) +
                                                ") beyond end of range (" + number(end) +
                                                "): " + expr);
  }
  if (step == 0) {
    return fail(StatusCode::kInvalidConfig, "step of range should be a positive number: " + expr);
  }
  return bits(start, end, step) | extra;
}

StatusOr<uint64_t> parseField(const std::string& field, const Bounds& b) {
  uint64_t out = 0;
  for (const std::string& expr : split(field, ',')) {
    if (expr.empty()) continue;  // Go's FieldsFunc drops empty parts
    LICHEN_ASSIGN_OR_RETURN(uint64_t part, parseRange(expr, b));
    out |= part;
  }
  return out;
}

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

StatusOr<CronSchedule> CronSchedule::parse(const std::string& text,
                                           const std::string& zoneinfo_dir) {
  if (text.empty()) return fail(StatusCode::kInvalidConfig, "empty spec string");
  CronSchedule schedule;
  std::string spec = text;
  if (spec.starts_with("TZ=") || spec.starts_with("CRON_TZ=")) {
    size_t space = spec.find(' ');
    size_t eq = spec.find('=');
    if (space == std::string::npos) {
      return fail(StatusCode::kInvalidConfig, "missing schedule after " + spec);
    }
    std::string zone = spec.substr(eq + 1, space - eq - 1);
    auto loaded = TimeZone::load(zone, zoneinfo_dir);
    if (!loaded) return fail(StatusCode::kInvalidConfig, "provided bad location " + zone);
    schedule.zone_ = std::move(*loaded);
    spec = spec.substr(space);
    spec.erase(0, spec.find_first_not_of(" \t"));
  } else {
    auto local = TimeZone::load("Local", zoneinfo_dir);
    if (local) schedule.zone_ = std::move(*local);
  }
  if (spec.starts_with("@")) {
    auto set = [&](uint64_t s, uint64_t m, uint64_t h, uint64_t dom, uint64_t mon, uint64_t dow) {
      schedule.second_ = s, schedule.minute_ = m, schedule.hour_ = h;
      schedule.dom_ = dom, schedule.month_ = mon, schedule.dow_ = dow;
    };
    if (spec == "@yearly" || spec == "@annually") {
      set(1, 1, 1, 1 << 1, 1 << 1, all(kDow));
    } else if (spec == "@monthly") {
      set(1, 1, 1, 1 << 1, all(kMonth), all(kDow));
    } else if (spec == "@weekly") {
      set(1, 1, 1, all(kDom), all(kMonth), 1);
    } else if (spec == "@daily" || spec == "@midnight") {
      set(1, 1, 1, all(kDom), all(kMonth), all(kDow));
    } else if (spec == "@hourly") {
      set(1, 1, all(kHours), all(kDom), all(kMonth), all(kDow));
    } else if (spec.starts_with("@every ")) {
      std::string duration = spec.substr(7);
      auto ms = component::parseDurationMs(duration);
      // Go accepts "0s" and negative durations, which would fire without pause; refused here.
      if (!ms || *ms <= 0 || duration.find_first_not_of("0123456789") == std::string::npos) {
        return fail(StatusCode::kInvalidConfig,
                    "failed to parse duration " + spec + ": a positive Go duration (15s, 1m30s)");
      }
      schedule.every_ms_ = *ms;
    } else {
      return fail(StatusCode::kInvalidConfig, "unrecognized descriptor: " + spec);
    }
    return schedule;
  }
  std::vector<std::string> fields;
  std::istringstream stream(spec);
  for (std::string field; stream >> field;) fields.push_back(field);
  if (fields.size() < 5 || fields.size() > 6) {
    std::string list;
    for (const std::string& f : fields) list += (list.empty() ? "" : " ") + f;
    return fail(StatusCode::kInvalidConfig, "expected 5 to 6 fields, found " +
                                                std::to_string(fields.size()) + ": [" + list + "]");
  }
  if (fields.size() == 5) fields.insert(fields.begin(), "0");
  const std::array<const Bounds*, 6> bounds = {&kSeconds, &kMinutes, &kHours,
                                               &kDom,     &kMonth,   &kDow};
  std::array<uint64_t*, 6> out = {&schedule.second_, &schedule.minute_, &schedule.hour_,
                                  &schedule.dom_,    &schedule.month_,  &schedule.dow_};
  for (size_t i = 0; i < 6; ++i) {
    LICHEN_ASSIGN_OR_RETURN(*out[i], parseField(fields[i], *bounds[i]));
  }
  return schedule;
}

bool CronSchedule::dayMatches(int64_t days, unsigned day_of_month) const {
  bool dom_match = (uint64_t{1} << day_of_month) & dom_;
  bool dow_match = (uint64_t{1} << static_cast<unsigned>(((days % 7) + 11) % 7)) & dow_;
  if ((dom_ & kStar) || (dow_ & kStar)) return dom_match && dow_match;
  return dom_match || dow_match;
}

int64_t CronSchedule::nextCivil(int64_t civil, int64_t limit) const {
  while (civil <= limit) {
    int64_t days = floorDiv(civil, 86400);
    int64_t seconds_of_day = civil - days * 86400;
    int64_t year;
    unsigned month, day;
    civilFromDays(days, year, month, day);
    if (!((uint64_t{1} << month) & month_)) {
      civil =
          (month == 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1)) * 86400;
      continue;
    }
    if (!dayMatches(days, day)) {
      civil = (days + 1) * 86400;
      continue;
    }
    auto hour = static_cast<unsigned>(seconds_of_day / 3600);
    auto minute = static_cast<unsigned>(seconds_of_day / 60 % 60);
    auto second = static_cast<unsigned>(seconds_of_day % 60);
    if (!((uint64_t{1} << hour) & hour_)) {
      civil = days * 86400 + (hour + 1) * 3600;
    } else if (!((uint64_t{1} << minute) & minute_)) {
      civil = days * 86400 + hour * 3600 + (minute + 1) * 60;
    } else if (!((uint64_t{1} << second) & second_)) {
      civil += 1;
    } else {
      return civil;
    }
  }
  return -1;
}

int64_t CronSchedule::next(int64_t after_ms) const {
  if (every_ms_ > 0) return after_ms + every_ms_;
  // Activations are whole seconds strictly after `after_ms`.
  int64_t after = floorDiv(after_ms, 1000);
  // Wall-clock times map to 0, 1 or 2 instants (gap, normal, overlap). Near a transition
  // (offsets change by at most kShift) instants after `after` may have earlier wall-clock
  // times, so the search starts kShift back and goes on until candidates are surely later.
  constexpr int64_t kShift = 3 * 3600;
  int32_t offset = zone_.offsetAt(after);
  bool steady =
      zone_.offsetAt(after - kShift) == offset && zone_.offsetAt(after + kShift) == offset;
  int64_t civil = after + offset + (steady ? 1 : -kShift);
  int64_t limit = civil + 5 * 366 * 86400;
  int64_t best = -1;
  while ((civil = nextCivil(civil, limit)) >= 0) {
    if (best >= 0 && civil > best + zone_.offsetAt(best) + kShift) break;
    int32_t candidates[3] = {zone_.offsetAt(civil - 50400), zone_.offsetAt(civil),
                             zone_.offsetAt(civil + 50400)};
    for (int32_t candidate : candidates) {
      int64_t instant = civil - candidate;
      if (zone_.offsetAt(instant) != candidate || instant <= after) continue;
      if (best < 0 || instant < best) best = instant;
    }
    if (best >= 0 && candidates[0] == candidates[1] && candidates[1] == candidates[2]) break;
    civil += 1;
  }
  return best < 0 ? -1 : best * 1000;
}

}  // namespace lichen::components

#include "components/bindings/cron/time_zone.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

namespace lichen::components {
namespace {

int64_t readBigEndian(const std::string& bytes, size_t at, size_t width) {
  uint64_t value = 0;
  for (size_t i = 0; i < width; ++i) value = (value << 8) | static_cast<uint8_t>(bytes[at + i]);
  if (width == 4) return static_cast<int32_t>(static_cast<uint32_t>(value));
  return static_cast<int64_t>(value);
}

// POSIX offsets are west-positive ("EST5"): [+-]hh[:mm[:ss]], returned east-positive.
bool parseOffset(std::string_view& text, int32_t& east) {
  int sign = 1;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    sign = text[0] == '-' ? -1 : 1;
    text.remove_prefix(1);
  }
  int32_t parts[3] = {0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) {
      if (i == 0) return false;
      break;
    }
    int32_t value = 0;
    while (!text.empty() && std::isdigit(static_cast<unsigned char>(text[0]))) {
      value = value * 10 + (text[0] - '0');
      text.remove_prefix(1);
    }
    parts[i] = value;
    if (i < 2 && !text.empty() && text[0] == ':') {
      text.remove_prefix(1);
    } else {
      break;
    }
  }
  east = -sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
  return true;
}

bool skipName(std::string_view& text) {
  if (!text.empty() && text[0] == '<') {
    size_t close = text.find('>');
    if (close == std::string_view::npos) return false;
    text.remove_prefix(close + 1);
    return true;
  }
  size_t n = 0;
  while (n < text.size() && std::isalpha(static_cast<unsigned char>(text[n]))) ++n;
  text.remove_prefix(n);
  return n >= 3;
}

}  // namespace

int64_t daysFromCivil(int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civilFromDays(int64_t days, int64_t& year, unsigned& month, unsigned& day) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<int64_t>(yoe) + era * 400 + (month <= 2);
}

TimeZone TimeZone::utc() { return TimeZone(); }

StatusOr<TimeZone> TimeZone::load(const std::string& name, const std::string& zoneinfo_dir) {
  std::string zone = name;
  std::string path;
  if (zone.empty() || zone == "Local") {
    const char* tz = std::getenv("TZ");
    if (tz && *tz) {
      zone = tz[0] == ':' ? tz + 1 : tz;
    } else {
      path = "/etc/localtime";
    }
  }
  if (path.empty()) {
    if (zone == "UTC" || zone.empty()) return utc();
    if (zone.front() == '/' || zone.find("..") != std::string::npos) {
      return fail(StatusCode::kInvalidConfig, "unknown time zone " + name);
    }
    path = zoneinfo_dir + "/" + zone;
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) return fail(StatusCode::kInvalidConfig, "unknown time zone " + name);
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  auto parsed = fromTzif(name.empty() ? "Local" : name, bytes);
  if (!parsed) return fail(StatusCode::kInvalidConfig, "unknown time zone " + name);
  return parsed;
}

StatusOr<TimeZone> TimeZone::fromTzif(const std::string& name, const std::string& bytes) {
  auto bad = [&] { return fail(StatusCode::kInvalidConfig, name + ": not a TZif file"); };
  if (bytes.size() < 44 || bytes.compare(0, 4, "TZif") != 0) return bad();
  // Counts: isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt.
  auto counts = [&](size_t at, int64_t out[6]) {
    for (int i = 0; i < 6; ++i) out[i] = readBigEndian(bytes, at + 20 + 4 * i, 4);
  };
  int64_t c[6];
  counts(0, c);
  size_t at = 44;
  size_t time_size = 4;
  if (bytes[4] >= '2') {  // skip the 32-bit block; the 64-bit one follows its own header
    at += c[3] * 4 + c[3] + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0];
    if (bytes.size() < at + 44 || bytes.compare(at, 4, "TZif") != 0) return bad();
    counts(at, c);
    at += 44;
    time_size = 8;
  }
  const int64_t timecnt = c[3], typecnt = c[4];
  size_t needed = at + timecnt * time_size + timecnt + typecnt * 6;
  if (typecnt < 1 || bytes.size() < needed) return bad();
  TimeZone zone;
  zone.name_ = name;
  std::vector<int32_t> type_offsets;
  size_t types_at = at + timecnt * time_size + timecnt;
  for (int64_t i = 0; i < typecnt; ++i) {
    type_offsets.push_back(static_cast<int32_t>(readBigEndian(bytes, types_at + 6 * i, 4)));
  }
  for (int64_t i = 0; i < timecnt; ++i) {
    zone.transitions_.push_back(readBigEndian(bytes, at + i * time_size, time_size));
    auto index = static_cast<uint8_t>(bytes[at + timecnt * time_size + i]);
    if (index >= typecnt) return bad();
    zone.offsets_.push_back(type_offsets[index]);
  }
  zone.initial_offset_ = type_offsets[0];
  if (time_size == 8) {
    size_t footer_at = needed + c[5] + c[2] * 12 + c[1] + c[0];
    if (footer_at < bytes.size() && bytes[footer_at] == '\n') {
      size_t end = bytes.find('\n', footer_at + 1);
      std::string_view footer(bytes.data() + footer_at + 1,
                              (end == std::string::npos ? bytes.size() : end) - footer_at - 1);
      // std offset [dst [offset] ,Mm.w.d[/time],Mm.w.d[/time]]; other rule forms are left to
      // the last transition's offset.
      if (skipName(footer) && parseOffset(footer, zone.std_offset_)) {
        zone.has_footer_ = true;
        zone.dst_offset_ = zone.std_offset_ + 3600;
        if (!footer.empty() && skipName(footer)) {
          if (!footer.empty() && footer[0] != ',') parseOffset(footer, zone.dst_offset_);
          Rule* rules[2] = {&zone.dst_start_, &zone.dst_end_};
          bool ok = true;
          for (Rule* rule : rules) {
            int fields[3];
            ok = ok && footer.size() > 2 && footer[0] == ',' && footer[1] == 'M';
            if (!ok) break;
            footer.remove_prefix(2);
            std::string text(footer.substr(0, footer.find_first_of(",/")));
            ok = std::sscanf(text.c_str(), "%d.%d.%d", &fields[0], &fields[1], &fields[2]) == 3;
            footer.remove_prefix(text.size());
            *rule = Rule{fields[0], fields[1], fields[2], 7200};
            if (ok && !footer.empty() && footer[0] == '/') {
              footer.remove_prefix(1);
              int32_t west;  // the time of day, parsed with the offset syntax (sign flipped)
              ok = parseOffset(footer, west);
              rule->time = -west;
            }
          }
          zone.has_dst_ = ok;
          if (!ok) zone.has_footer_ = false;
        }
      }
    }
  }
  return zone;
}

int32_t TimeZone::offsetAt(int64_t unix_seconds) const {
  if (transitions_.empty() || unix_seconds < transitions_.front()) {
    return has_footer_ && transitions_.empty() ? footerOffset(unix_seconds) : initial_offset_;
  }
  if (has_footer_ && unix_seconds >= transitions_.back()) return footerOffset(unix_seconds);
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), unix_seconds);
  return offsets_[static_cast<size_t>(it - transitions_.begin()) - 1];
}

int32_t TimeZone::footerOffset(int64_t unix_seconds) const {
  if (!has_dst_) return std_offset_;
  int64_t year;
  unsigned month, day;
  civilFromDays((unix_seconds + std_offset_) / 86400 - ((unix_seconds + std_offset_) % 86400 < 0),
                year, month, day);
  // The instant a rule's local date and time happen in `year`, with `offset` in effect then.
  auto instant = [year](const Rule& rule, int32_t offset) {
    int64_t first = daysFromCivil(year, static_cast<unsigned>(rule.month), 1);
    int64_t first_weekday = (first % 7 + 11) % 7;  // 1970-01-01 was a Thursday (4)
    int64_t day = first + (rule.weekday - first_weekday + 7) % 7 + 7 * (rule.week - 1);
    if (rule.week == 5) {  // "last": step back while past the month's end
      int64_t next_month =
          rule.month == 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, rule.month + 1, 1);
      while (day >= next_month) day -= 7;
    }
    return day * 86400 + rule.time - offset;
  };
  int64_t start = instant(dst_start_, std_offset_);
  int64_t end = instant(dst_end_, dst_offset_);
  bool dst = start < end ? unix_seconds >= start && unix_seconds < end
                         : !(unix_seconds >= end && unix_seconds < start);
  return dst ? dst_offset_ : std_offset_;
}

}  // namespace lichen::components

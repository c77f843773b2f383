// A time zone read from the system's TZif files (/usr/share/zoneinfo, RFC 8536), for cron's
// CRON_TZ=Zone and the local zone: UTC offsets by instant, from the file's transitions and,
// after the last one, from its POSIX TZ footer ("EST5EDT,M3.2.0,M11.1.0"). g++ 12's libstdc++
// has no std::chrono time zone database, and TZ/localtime_r is process-wide.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace lichen::components {

class TimeZone {
 public:
  static TimeZone utc();
  // "Europe/Berlin", "UTC"; "Local" (or "") is $TZ, else /etc/localtime, else UTC. Names are
  // looked up under `zoneinfo_dir` only: absolute names and ".." are refused, as Go does.
  static StatusOr<TimeZone> load(const std::string& name,
                                 const std::string& zoneinfo_dir = "/usr/share/zoneinfo");
  // Parses TZif bytes (for tests and load).
  static StatusOr<TimeZone> fromTzif(const std::string& name, const std::string& bytes);

  const std::string& name() const { return name_; }
  // Seconds east of UTC in effect at `unix_seconds`.
  int32_t offsetAt(int64_t unix_seconds) const;

 private:
  struct Rule {  // one POSIX "Mm.w.d/time" date rule
    int month = 0, week = 0, weekday = 0;
    int32_t time = 7200;  // seconds after local midnight
  };
  int32_t footerOffset(int64_t unix_seconds) const;

  std::string name_ = "UTC";
  std::vector<int64_t> transitions_;  // ascending instants
  std::vector<int32_t> offsets_;      // the offset from each transition on
  int32_t initial_offset_ = 0;        // before the first transition
  bool has_footer_ = false;           // offsets after the last transition come from the footer
  int32_t std_offset_ = 0, dst_offset_ = 0;
  bool has_dst_ = false;
  Rule dst_start_, dst_end_;
};

// Days since 1970-01-01 of a proleptic Gregorian date, and back (Howard Hinnant's algorithms).
int64_t daysFromCivil(int64_t year, unsigned month, unsigned day);
void civilFromDays(int64_t days, int64_t& year, unsigned& month, unsigned& day);

}  // namespace lichen::components

// Cron schedules as Dapr's bindings.cron reads them (dapr/kit/cron, a fork of robfig/cron v3,
// with SecondOptional|Minute|Hour|Dom|Month|Dow|Descriptor): 6 fields with seconds or 5
// without, `*`/`?`, lists, ranges, steps, month and weekday names, the descriptors @yearly,
// @annually, @monthly, @weekly, @daily, @midnight, @hourly and `@every <Go duration>`, and a
// `CRON_TZ=Zone ` or `TZ=Zone ` prefix. Times are matched on the zone's wall clock: a time a
// spring-forward skips does not fire, one a fall-back repeats fires twice, as robfig's does.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "components/bindings/cron/time_zone.h"

namespace lichen::components {

class CronSchedule {
 public:
  // Errors read like robfig's ("expected 5 to 6 fields, found 2: [a b]").
  static StatusOr<CronSchedule> parse(const std::string& spec,
                                      const std::string& zoneinfo_dir = "/usr/share/zoneinfo");

  // The first activation strictly after `after_ms` (Unix ms), or -1 when none comes within
  // five years (robfig's limit), e.g. "0 0 0 30 2 *".
  int64_t next(int64_t after_ms) const;
  const TimeZone& zone() const { return zone_; }

 private:
  // The first wall-clock second >= `civil` (seconds of a naive UTC-like calendar) matching the
  // fields, or -1 within the five-year limit.
  int64_t nextCivil(int64_t civil, int64_t limit) const;
  bool dayMatches(int64_t days, unsigned day_of_month) const;

  uint64_t second_ = 0, minute_ = 0, hour_ = 0, dom_ = 0, month_ = 0, dow_ = 0;
  int64_t every_ms_ = 0;  // > 0 for @every
  TimeZone zone_;
};

}  // namespace lichen::components

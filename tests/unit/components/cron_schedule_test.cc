// The cron schedule parser and its next activation, robfig/dapr-kit semantics: fields, names,
// descriptors, @every, CRON_TZ, and wall-clock times a DST change skips or repeats.
#include "components/bindings/cron/cron_schedule.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace lichen::components {
namespace {

// Unix ms of a UTC date and time.
int64_t utc(int64_t y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
  return (daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) * 1000;
}

int64_t next(const std::string& spec, int64_t after) {
  auto schedule = CronSchedule::parse(spec);
  EXPECT_TRUE(schedule) << spec << ": " << schedule.error().message();
  return schedule ? schedule->next(after) : -2;
}

TEST(CronScheduleTest, RejectsWhatRobfigRejects) {
  for (const char* bad :
       {"", "* * *", "* * * * * * *", "60 * * * * *", "* 5-3 * * *", "*/0 * * * *", "1-2-3 * * * *",
        "a * * * *", "* * * * FOO", "@every", "@every 0s", "@every -5s", "@every 10", "@bogus",
        "CRON_TZ=Nowhere/City * * * * *", "CRON_TZ=../../etc/passwd * * * * *", "CRON_TZ=UTC"}) {
    EXPECT_FALSE(CronSchedule::parse(bad)) << bad;
  }
  auto error = CronSchedule::parse("* * *");
  EXPECT_EQ(error.error().message(), "expected 5 to 6 fields, found 3: [* * *]");
  EXPECT_EQ(CronSchedule::parse("0 61 * * * *").error().message(),
            "end of range (61) above maximum (59): 61");
}

TEST(CronScheduleTest, SixFieldsWithSecondsAndFiveWithout) {
  EXPECT_EQ(next("CRON_TZ=UTC 0 30 * * * *", utc(2026, 1, 1, 0, 10)), utc(2026, 1, 1, 0, 30));
  EXPECT_EQ(next("CRON_TZ=UTC 0 30 * * * *", utc(2026, 1, 1, 0, 30)), utc(2026, 1, 1, 1, 30));
  EXPECT_EQ(next("CRON_TZ=UTC 15 * * * * *", utc(2026, 1, 1, 0, 0, 20)), utc(2026, 1, 1, 0, 1, 15));
  EXPECT_EQ(next("CRON_TZ=UTC */15 * * * *", utc(2026, 1, 1, 0, 7, 30)), utc(2026, 1, 1, 0, 15));
  // Strictly after: a time on the dot moves to the next one; sub-second parts are dropped.
  EXPECT_EQ(next("CRON_TZ=UTC * * * * * *", utc(2026, 1, 1) + 999), utc(2026, 1, 1, 0, 0, 1));
  EXPECT_EQ(next("TZ=UTC 5/20 * * * * *", utc(2026, 1, 1, 0, 0, 26)), utc(2026, 1, 1, 0, 0, 45));
}

TEST(CronScheduleTest, NamesListsRangesAndTheDayRule) {
  // 2026-01-01 is a Thursday.
  EXPECT_EQ(next("CRON_TZ=UTC 0 0 12 * jan-MAR MON", utc(2026, 1, 1)), utc(2026, 1, 5, 12));
  EXPECT_EQ(next("CRON_TZ=UTC 0 0 0 * * sat,sun", utc(2026, 1, 1)), utc(2026, 1, 3));
  // Both day fields restricted: either matches (the 13th, or a Friday).
  EXPECT_EQ(next("CRON_TZ=UTC 0 0 0 13 * FRI", utc(2026, 1, 1)), utc(2026, 1, 2));
  // One of them `*` or `?`: both must match, so any day that is a Friday.
  EXPECT_EQ(next("CRON_TZ=UTC 0 0 0 ? * FRI", utc(2026, 1, 3)), utc(2026, 1, 9));
  EXPECT_EQ(next("CRON_TZ=UTC 0 0 0 13 * *", utc(2026, 1, 1)), utc(2026, 1, 13));
  EXPECT_EQ(next("CRON_TZ=UTC 0 0 0 30 2 *", utc(2026, 1, 1)), -1);  // never within 5 years
  EXPECT_EQ(next("CRON_TZ=UTC 0 0 0 29 2 *", utc(2026, 1, 1)), utc(2028, 2, 29));
}

TEST(CronScheduleTest, Descriptors) {
  int64_t t = utc(2026, 1, 7, 10, 20, 30);  // a Wednesday
  EXPECT_EQ(next("CRON_TZ=UTC @hourly", t), utc(2026, 1, 7, 11));
  EXPECT_EQ(next("CRON_TZ=UTC @daily", t), utc(2026, 1, 8));
  EXPECT_EQ(next("CRON_TZ=UTC @midnight", t), utc(2026, 1, 8));
  EXPECT_EQ(next("CRON_TZ=UTC @weekly", t), utc(2026, 1, 11));  // Sunday
  EXPECT_EQ(next("CRON_TZ=UTC @monthly", t), utc(2026, 2, 1));
  EXPECT_EQ(next("CRON_TZ=UTC @yearly", t), utc(2027, 1, 1));
  EXPECT_EQ(next("CRON_TZ=UTC @annually", t), utc(2027, 1, 1));
  EXPECT_EQ(next("@every 15s", t), t + 15000);
  EXPECT_EQ(next("@every 1m30s", t + 7), t + 7 + 90000);
  EXPECT_EQ(next("@every 250ms", t), t + 250);
}

TEST(CronScheduleTest, CronTzFollowsTheZonesWallClock) {
  // 09:00 in Berlin is 08:00 UTC in winter (CET) and 07:00 UTC in summer (CEST).
  EXPECT_EQ(next("CRON_TZ=Europe/Berlin 0 0 9 * * *", utc(2026, 1, 10)), utc(2026, 1, 10, 8));
  EXPECT_EQ(next("CRON_TZ=Europe/Berlin 0 0 9 * * *", utc(2026, 7, 10)), utc(2026, 7, 10, 7));
  EXPECT_EQ(next("CRON_TZ=Asia/Kolkata @daily", utc(2026, 1, 10, 12)), utc(2026, 1, 10, 18, 30));
  // After the zone file's last transition the POSIX footer rule applies (EST5EDT,M3.2.0,...).
  EXPECT_EQ(next("CRON_TZ=America/New_York 0 0 12 * * *", utc(2040, 7, 4)), utc(2040, 7, 4, 16));
  EXPECT_EQ(next("CRON_TZ=America/New_York 0 0 12 * * *", utc(2040, 1, 4)), utc(2040, 1, 4, 17));
  EXPECT_EQ(next("CRON_TZ=America/New_York 0 0 12 * * *", utc(2040, 3, 11, 12)),
            utc(2040, 3, 11, 16));  // 2040-03-11 is its second Sunday in March: EDT already
}

TEST(CronScheduleTest, SpringForwardSkipsTheMissingTime) {
  // New York, 2026-03-08: 02:00 EST jumps to 03:00 EDT, so 02:30 does not exist that day.
  const std::string spec = "CRON_TZ=America/New_York 0 30 2 * * *";
  EXPECT_EQ(next(spec, utc(2026, 3, 7, 8)), utc(2026, 3, 9, 6, 30));  // 02:30 EDT on the 9th
  EXPECT_EQ(next(spec, utc(2026, 3, 6, 8)), utc(2026, 3, 7, 7, 30));  // 02:30 EST on the 7th
  // Hourly: 01:00 EST, then 03:00 EDT, one hour of real time apart.
  const std::string hourly = "CRON_TZ=America/New_York 0 0 * * * *";
  EXPECT_EQ(next(hourly, utc(2026, 3, 8, 6)), utc(2026, 3, 8, 7));
}

TEST(CronScheduleTest, FallBackRepeatsTheDoubledTime) {
  // New York, 2026-11-01: 02:00 EDT falls back to 01:00 EST, so 01:30 happens twice.
  const std::string spec = "CRON_TZ=America/New_York 0 30 1 * * *";
  int64_t first = next(spec, utc(2026, 11, 1, 4));
  EXPECT_EQ(first, utc(2026, 11, 1, 5, 30));  // 01:30 EDT
  int64_t second = next(spec, first);
  EXPECT_EQ(second, utc(2026, 11, 1, 6, 30));  // 01:30 EST
  EXPECT_EQ(next(spec, second), utc(2026, 11, 2, 6, 30));
  // From inside the repeated hour, an earlier-looking wall-clock time still comes next.
  EXPECT_EQ(next(spec, utc(2026, 11, 1, 5, 45)), utc(2026, 11, 1, 6, 30));
}

TEST(CronScheduleTest, LocalZoneComesFromTz) {
  ::setenv("TZ", "Asia/Tokyo", 1);
  auto schedule = CronSchedule::parse("0 0 9 * * *");
  ::unsetenv("TZ");
  ASSERT_TRUE(schedule);
  EXPECT_EQ(schedule->next(utc(2026, 1, 10, 1)), utc(2026, 1, 11, 0));
  EXPECT_EQ(schedule->zone().offsetAt(utc(2026, 1, 10) / 1000), 9 * 3600);
}

TEST(TimeZoneTest, RefusesNamesOutsideTheZoneFolder) {
  EXPECT_FALSE(TimeZone::load("/etc/passwd"));
  EXPECT_FALSE(TimeZone::load("../../../etc/passwd"));
  EXPECT_FALSE(TimeZone::load("Not/AZone"));
  EXPECT_FALSE(TimeZone::fromTzif("x", "not a tzif file"));
  auto utc_zone = TimeZone::load("UTC");
  ASSERT_TRUE(utc_zone);
  EXPECT_EQ(utc_zone->offsetAt(0), 0);
}

}  // namespace
}  // namespace lichen::components

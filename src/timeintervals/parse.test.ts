import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseDayOfMonthRange,
  parseLocation,
  parseMonthRange,
  parseTimeRange,
  parseWeekdayRange,
  parseYearRange,
} from './parse.ts';
import type { Range } from './types.ts';

// Validation results (null = accepted) of Alertmanager's timeinterval package (0.25 and 0.34
// agree) for each value, printed by a Go program that unmarshals the YAML as config loading does.
const rangeCases: [(s: string) => Range, string, string | null][] = [
  [parseWeekdayRange, "monday", null],
  [parseWeekdayRange, "monday:friday", null],
  [parseWeekdayRange, "Monday:FRIDAY", null],
  [parseWeekdayRange, "funday", "funday is not a valid weekday"],
  [parseWeekdayRange, "friday:monday", "start day cannot be before end day"],
  [parseWeekdayRange, "monday:", " is not a valid weekday"],
  [parseWeekdayRange, "monday:tuesday:wednesday", "couldn't parse range monday:tuesday:wednesday, invalid format"],
  [parseWeekdayRange, ":", " is not a valid weekday"],
  [parseWeekdayRange, "", " is not a valid weekday"],
  [parseWeekdayRange, "sunday:saturday", null],
  [parseWeekdayRange, "S\u00f8ndag", "s\u00f8ndag is not a valid weekday"],
  [parseDayOfMonthRange, "1", null],
  [parseDayOfMonthRange, "31", null],
  [parseDayOfMonthRange, "-31", null],
  [parseDayOfMonthRange, "1:5", null],
  [parseDayOfMonthRange, "-3:-1", null],
  [parseDayOfMonthRange, "0", "0 is not a valid day of the month: out of range"],
  [parseDayOfMonthRange, "32", "32 is not a valid day of the month: out of range"],
  [parseDayOfMonthRange, "-32", "-32 is not a valid day of the month: out of range"],
  [parseDayOfMonthRange, "-1:5", "end day must be negative if start day is negative"],
  [parseDayOfMonthRange, "5:1", "end day 1 is always before start day 5"],
  [parseDayOfMonthRange, "-1:-3", "end day -3 is always before start day -1"],
  [parseDayOfMonthRange, "1:-1", null],
  [parseDayOfMonthRange, "28:-1", "end day -1 is always before start day 28"],
  [parseDayOfMonthRange, "29:-1", "end day -1 is always before start day 29"],
  [parseDayOfMonthRange, "-5:25", "end day must be negative if start day is negative"],
  [parseDayOfMonthRange, "abc", "strconv.Atoi: parsing \"abc\": invalid syntax"],
  [parseDayOfMonthRange, "1:x", "strconv.Atoi: parsing \"x\": invalid syntax"],
  [parseDayOfMonthRange, "+5", null],
  [parseDayOfMonthRange, "007", null],
  [parseDayOfMonthRange, "-0", "0 is not a valid day of the month: out of range"],
  [parseDayOfMonthRange, "99999999999999999999", "strconv.Atoi: parsing \"99999999999999999999\": value out of range"],
  [parseDayOfMonthRange, "9223372036854775807", "9223372036854775807 is not a valid day of the month: out of range"],
  [parseDayOfMonthRange, "1.5", "strconv.Atoi: parsing \"1.5\": invalid syntax"],
  [parseDayOfMonthRange, "", "strconv.Atoi: parsing \"\": invalid syntax"],
  [parseDayOfMonthRange, " 1", "strconv.Atoi: parsing \" 1\": invalid syntax"],
  [parseDayOfMonthRange, "1:2:3", "couldn't parse range 1:2:3, invalid format"],
  [parseMonthRange, "may", null],
  [parseMonthRange, "May:August", null],
  [parseMonthRange, "1:3", null],
  [parseMonthRange, "december", null],
  [parseMonthRange, "13", null],
  [parseMonthRange, "0", null],
  [parseMonthRange, "-1", null],
  [parseMonthRange, "12:1", "end month january is before start month december"],
  [parseMonthRange, "march:january", "end month january is before start month march"],
  [parseMonthRange, "foo", "foo is not a valid month"],
  [parseMonthRange, "13:1", "end month january is before start month "],
  [parseMonthRange, "jan", "jan is not a valid month"],
  [parseMonthRange, "1:foo", "foo is not a valid month"],
  [parseMonthRange, "+3", null],
  [parseYearRange, "2020", null],
  [parseYearRange, "2020:2022", null],
  [parseYearRange, "2022:2020", "end year 2020 is before start year 2022"],
  [parseYearRange, "-5", null],
  [parseYearRange, "abc", "strconv.Atoi: parsing \"abc\": invalid syntax"],
  [parseYearRange, "99999999999999999999", "strconv.Atoi: parsing \"99999999999999999999\": value out of range"],
  [parseYearRange, "2020:", "strconv.Atoi: parsing \"\": invalid syntax"],
  [parseYearRange, "0:0", null],
];

for (const [parse, input, error] of rangeCases) {
  test(`${parse.name}(${JSON.stringify(input)})`, () => {
    if (error === null) assert.doesNotThrow(() => parse(input));
    else assert.throws(() => parse(input), { message: error });
  });
}

const timeCases: [string, string, string | null][] = [
  ["09:00", "17:00", null],
  ["00:00", "24:00", null],
  ["9:00", "17:00", "couldn't parse timestamp 9:00, invalid format"],
  ["09:00", "24:01", "couldn't parse timestamp 24:01, invalid format"],
  ["24:00", "24:00", "start time cannot be equal or greater than end time"],
  ["17:00", "09:00", "start time cannot be equal or greater than end time"],
  ["09:00", "09:00", "start time cannot be equal or greater than end time"],
  ["", "17:00", "both start and end times must be provided"],
  ["09:00", "", "both start and end times must be provided"],
  ["25:00", "26:00", "couldn't parse timestamp 25:00, invalid format"],
  ["09:60", "10:00", "couldn't parse timestamp 09:60, invalid format"],
  ["23:59", "24:00", null],
  ["09:00:00", "10:00", "couldn't parse timestamp 09:00:00, invalid format"],
  ["0900", "1000", "couldn't parse timestamp 0900, invalid format"],
  [" 09:00", "10:00", "couldn't parse timestamp  09:00, invalid format"],
];

for (const [start, end, error] of timeCases) {
  test(`parseTimeRange(${JSON.stringify(start)}, ${JSON.stringify(end)})`, () => {
    if (error === null) assert.doesNotThrow(() => parseTimeRange(start, end));
    else assert.throws(() => parseTimeRange(start, end), { message: error });
  });
}

const locationCases: [string, string | null][] = [
  ["Europe/Berlin", null],
  ["europe/berlin", "unknown time zone europe/berlin"],
  ["UTC", null],
  ["utc", "unknown time zone utc"],
  ["Local", null],
  ["", null],
  ["Etc/UTC", null],
  ["US/Eastern", null],
  ["us/eastern", "unknown time zone us/eastern"],
  ["Foo/Bar", "unknown time zone Foo/Bar"],
  ["../etc/passwd", "time: invalid location name"],
  ["/etc/localtime", "time: invalid location name"],
  ["Europe/../UTC", "time: invalid location name"],
  ["+01:00", "unknown time zone +01:00"],
  ["Asia/Calcutta", null],
  ["Europe/Kyiv", null],
  ["EST", null],
  ["GMT", null],
];

for (const [name, error] of locationCases) {
  test(`parseLocation(${JSON.stringify(name)})`, () => {
    if (error === null) assert.doesNotThrow(() => parseLocation(name));
    else assert.throws(() => parseLocation(name), { message: error });
  });
}

test('parsed values', () => {
  assert.deepEqual(parseTimeRange('16:00', '24:00'), { startMinute: 960, endMinute: 1440 });
  assert.deepEqual(parseWeekdayRange('Monday:FRIDAY'), { begin: 1, end: 5 });
  assert.deepEqual(parseWeekdayRange('sunday'), { begin: 0, end: 0 });
  assert.deepEqual(parseDayOfMonthRange('-3:-1'), { begin: -3, end: -1 });
  assert.deepEqual(parseDayOfMonthRange('+5'), { begin: 5, end: 5 });
  assert.deepEqual(parseMonthRange('may:8'), { begin: 5, end: 8 });
  assert.deepEqual(parseYearRange('2020:2022'), { begin: 2020, end: 2022 });
  assert.equal(parseLocation(''), 'UTC');
  assert.equal(parseLocation('UTC'), 'UTC');
  assert.equal(parseLocation('Local'), 'Local');
  assert.equal(parseLocation('US/Eastern'), 'US/Eastern');
});

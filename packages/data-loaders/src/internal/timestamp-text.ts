import { parseFiniteNumber } from '../interactions-line-parser.js';

// `2016-05-09`, `2016-05-09 13:05`, `2014-04-07T10:51:09.277Z`, `2014-04-07T10:51:09+02:00`.
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

/**
 * Epoch seconds of an ISO 8601 date or date-time (`2016-05-09` is midnight UTC; a time without a zone is UTC;
 * fractions of a second are kept), or undefined when the text is not one or names an impossible date.
 */
export function parseIsoDateSeconds(text: string): number | undefined {
  const match = ISO_DATE_TIME.exec(text.trim());
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((group) => Number(match[group] ?? '0')) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > (DAYS_IN_MONTH[month - 1] as number)) return undefined;
  if (month === 2 && day === 29 && !isLeapYear(year)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const fraction = match[7] === undefined ? 0 : Number(match[7]);
  return date.getTime() / 1000 + fraction - zoneOffsetMinutes(match[8]) * 60;
}

/** A timestamp field: a finite number (taken as is), or an ISO date / date-time in epoch seconds; else undefined. */
export function parseTimestampText(text: string): number | undefined {
  return parseFiniteNumber(text) ?? parseIsoDateSeconds(text);
}

// Calendar dates of a decree are local to the issuer: kept as ISO strings (YYYY-MM-DD), shown as 22.10.2024.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const RU_DATE = /^(\d{2})\.(\d{2})\.(\d{4})$/;

export function isRealIsoDate(iso: string): boolean {
  const m = ISO_DATE.exec(iso);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Accepts 2024-10-30 or 30.10.2024 (as offices write it); returns ISO or undefined. */
export function normalizeDate(input: string): string | undefined {
  const ru = RU_DATE.exec(input.trim());
  const iso = ru ? `${ru[3]}-${ru[2]}-${ru[1]}` : input.trim();
  return isRealIsoDate(iso) ? iso : undefined;
}

export function formatRuDate(iso: string): string {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new Error(`not an ISO date: ${iso}`);
  return `${m[3]}.${m[2]}.${m[1]}`;
}

const MONTHS_GENITIVE = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
];

/** «2 ноября 2024 года», as decrees spell set dates. */
export function formatRuDateLong(iso: string): string {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new Error(`not an ISO date: ${iso}`);
  return `${Number(m[3])} ${MONTHS_GENITIVE[Number(m[2]) - 1]} ${m[1]} года`;
}

// A formatter costs tens of microseconds and native memory V8 frees late: one per zone and purpose, reused (a
// region's journal formats ten thousand dates).
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(purpose: string, locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${purpose} ${options.timeZone}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

/** The calendar date (ISO, YYYY-MM-DD) an instant falls on in a zone. */
export function localIsoDate(at: Date, timeZone: string): string {
  return formatterOf('iso date', 'sv-SE', { timeZone }).format(at);
}

/** Offset in minutes of an IANA zone at an instant (e.g. +180 for Europe/Moscow). */
function zoneOffsetMinutes(timeZone: string, at: Date): number {
  const parts = formatterOf('offset', 'en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - at.getTime()) / 60000);
}

/** The instant at which a local calendar date ends in the issuer's zone (23:59:59.999 local). */
export function endOfLocalDay(iso: string, timeZone: string): Date {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new Error(`not an ISO date: ${iso}`);
  const naiveUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1) - 1;
  return new Date(naiveUtc - zoneOffsetMinutes(timeZone, new Date(naiveUtc)) * 60000);
}

/** Date and time as a Russian reader expects them, in the issuer's zone and saying which: 22.10.2024 14:05 (мск). */
export function formatRuDateTime(at: Date, timeZone: string): string {
  const f = formatterOf('ru date time', 'ru-RU', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  const zone = timeZone === 'Europe/Moscow' ? 'мск' : `время ${timeZone}`;
  return `${f.format(at).replace(',', '')} (${zone})`;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The instant of a local wall-clock hour on a calendar date in a zone (e.g. 09:00 in Moscow; 9.5 is 09:30). */
export function localTimeToInstant(iso: string, hour: number, timeZone: string): Date {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new Error(`not an ISO date: ${iso}`);
  const naiveUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + Math.round(hour * 3_600_000);
  return new Date(naiveUtc - zoneOffsetMinutes(timeZone, new Date(naiveUtc)) * 60000);
}

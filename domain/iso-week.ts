// ISO 8601 weeks ("2024-W44"), the unit in which the platform's statistics arrive.
const ISO_WEEK = /^(\d{4})-W(\d{2})$/;
const DAY = 86_400_000;

/** The Monday (ISO date) of an ISO week, or undefined when the text is not a real week. */
export function mondayOfIsoWeek(week: string): string | undefined {
  const m = ISO_WEEK.exec(week.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || n > weeksInIsoYear(year)) return undefined;
  const jan4 = Date.UTC(year, 0, 4);
  const mondayOfWeek1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY;
  return new Date(mondayOfWeek1 + (n - 1) * 7 * DAY).toISOString().slice(0, 10);
}

/** The ISO week a calendar date (ISO) belongs to. */
export function isoWeekOf(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  const thursday = t + (3 - ((new Date(t).getUTCDay() + 6) % 7)) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function isIsoWeek(week: string): boolean {
  return mondayOfIsoWeek(week) !== undefined;
}

/** The Sunday (ISO date) that ends an ISO week. */
export function sundayOfIsoWeek(week: string): string {
  const monday = mondayOfIsoWeek(week);
  if (!monday) throw new Error(`not an ISO week: ${week}`);
  return new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * DAY).toISOString().slice(0, 10);
}

export function previousIsoWeek(week: string): string {
  const monday = mondayOfIsoWeek(week);
  if (!monday) throw new Error(`not an ISO week: ${week}`);
  return isoWeekOf(new Date(Date.parse(`${monday}T00:00:00Z`) - 7 * DAY).toISOString().slice(0, 10));
}

function weeksInIsoYear(year: number): number {
  return isoWeekOf(`${year}-12-28`) === `${year}-W53` ? 53 : 52;
}

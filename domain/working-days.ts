// Working-day arithmetic over a production calendar. Pure: used by validation and by workflows alike.
import { RU_PRODUCTION_CALENDAR, type ProductionCalendarData } from './calendars/ru';

export interface WorkingCalendar {
  isWorkingDay(iso: string): boolean;
  /** Moves n working days from a date (n < 0: back). n = 0 is the date itself. */
  addWorkingDays(iso: string, n: number): string;
  covers(year: number): boolean;
}

/** A campaign may add its own days off or working days (a regional holiday, a local transfer). */
export interface CalendarOverride {
  extraNonWorking?: string[];
  extraWorking?: string[];
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function workingCalendar(
  override: CalendarOverride = {},
  data: ProductionCalendarData = RU_PRODUCTION_CALENDAR,
): WorkingCalendar {
  const off = new Set([...data.nonWorkingWeekdays, ...(override.extraNonWorking ?? [])]);
  const on = new Set([...data.workingWeekends, ...(override.extraWorking ?? [])]);
  const isWorkingDay = (iso: string) => {
    if (on.has(iso)) return true;
    if (off.has(iso)) return false;
    const weekday = new Date(`${iso}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  };
  return {
    isWorkingDay,
    addWorkingDays(iso, n) {
      let day = iso;
      const step = n < 0 ? -1 : 1;
      for (let left = Math.abs(n); left > 0;) {
        day = addDays(day, step);
        if (isWorkingDay(day)) left -= 1;
      }
      return day;
    },
    covers: (year) => data.years.includes(year),
  };
}

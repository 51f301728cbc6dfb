// The Russian production calendar (производственный календарь) for a five-day week, as data.
// Sources: Labour Code art. 112 (holidays, and a holiday on a weekend moves to the next working day),
// and the Government's yearly decrees on day transfers:
//   2024 — постановление Правительства РФ от 10.08.2023 № 1305 «О переносе выходных дней в 2024 году»;
//   2025 — постановление Правительства РФ от 04.10.2024 № 1335 «О переносе выходных дней в 2025 году»;
//   2026 — постановление Правительства РФ от 24.09.2025 «О переносе выходных дней в 2026 году».
// Totals (checked in test/unit/production-calendar.test.ts): 248 working days in 2024, 247 in 2025, 247 in 2026.

export interface ProductionCalendarData {
  /** Mondays to Fridays that are days off: holidays and days off moved onto weekdays. */
  nonWorkingWeekdays: string[];
  /** Saturdays and Sundays that are working days (a day off moved away from them). */
  workingWeekends: string[];
  /** Years this data covers; outside them only weekends count as days off. */
  years: number[];
}

export const RU_PRODUCTION_CALENDAR: ProductionCalendarData = {
  years: [2024, 2025, 2026],
  nonWorkingWeekdays: [
    // 2024
    '2024-01-01',
    '2024-01-02',
    '2024-01-03',
    '2024-01-04',
    '2024-01-05',
    '2024-01-08',
    '2024-02-23',
    '2024-03-08',
    '2024-04-29',
    '2024-04-30',
    '2024-05-01',
    '2024-05-09',
    '2024-05-10',
    '2024-06-12',
    '2024-11-04',
    '2024-12-30',
    '2024-12-31',
    // 2025
    '2025-01-01',
    '2025-01-02',
    '2025-01-03',
    '2025-01-06',
    '2025-01-07',
    '2025-01-08',
    '2025-05-01',
    '2025-05-02',
    '2025-05-08',
    '2025-05-09',
    '2025-06-12',
    '2025-06-13',
    '2025-11-03',
    '2025-11-04',
    '2025-12-31',
    // 2026
    '2026-01-01',
    '2026-01-02',
    '2026-01-05',
    '2026-01-06',
    '2026-01-07',
    '2026-01-08',
    '2026-01-09',
    '2026-02-23',
    '2026-03-09',
    '2026-05-01',
    '2026-05-11',
    '2026-06-12',
    '2026-11-04',
    '2026-12-31',
  ],
  workingWeekends: ['2024-04-27', '2024-11-02', '2024-12-28', '2025-11-01'],
};

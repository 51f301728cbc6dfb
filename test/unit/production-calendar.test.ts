import { localTimeToInstant } from '../../domain/dates';
import { campaignWarnings } from '../../domain/campaign-warnings';
import { workingCalendar } from '../../domain/working-days';
import { exampleCampaign } from '../support/example-campaign';

const calendar = workingCalendar();

function workingDaysIn(year: number): number {
  let count = 0;
  for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1)) {
    if (calendar.isWorkingDay(d.toISOString().slice(0, 10))) count += 1;
  }
  return count;
}

describe('production calendar of Russia, five-day week', () => {
  it.each([
    [2024, 248],
    [2025, 247],
    [2026, 247],
  ])('%i has %i working days', (year, days) => {
    expect(workingDaysIn(year)).toBe(days);
  });

  it.each([
    // [date, working?, why]
    ['2024-04-27', true, 'Saturday worked for Monday 29 April'],
    ['2024-04-29', false, 'transferred day off'],
    ['2024-11-02', true, 'Saturday worked: the report deadline of decree №380 is a working day'],
    ['2024-11-04', false, 'Unity Day'],
    ['2024-12-28', true, 'Saturday worked for Monday 30 December'],
    ['2024-12-31', false, 'day off moved from Sunday 7 January'],
    ['2025-05-02', false, 'day off moved from Saturday 4 January'],
    ['2025-05-08', false, 'day off moved from Sunday 23 February'],
    ['2025-06-13', false, 'day off moved from Saturday 8 March'],
    ['2025-11-01', true, 'Saturday worked for Monday 3 November'],
    ['2025-11-03', false, 'transferred day off'],
    ['2025-12-31', false, 'day off moved from Sunday 5 January'],
    ['2026-01-09', false, 'day off moved from Saturday 3 January'],
    ['2026-01-12', true, 'first working day of 2026'],
    ['2026-03-09', false, '8 March falls on a Sunday'],
    ['2026-05-11', false, '9 May falls on a Saturday'],
    ['2026-12-31', false, 'day off moved from Sunday 4 January'],
    ['2024-10-30', true, 'an ordinary Wednesday'],
    ['2024-10-26', false, 'an ordinary Saturday'],
  ])('%s working: %s (%s)', (date, working) => {
    expect(calendar.isWorkingDay(date)).toBe(working);
  });

  it('counts working days across a holiday and a worked Saturday', () => {
    expect(calendar.addWorkingDays('2024-10-30', 1)).toBe('2024-10-31');
    expect(calendar.addWorkingDays('2024-11-01', 1)).toBe('2024-11-02'); // worked Saturday
    expect(calendar.addWorkingDays('2024-11-02', 1)).toBe('2024-11-05'); // skips Sunday and Unity Day
    expect(calendar.addWorkingDays('2024-11-05', -1)).toBe('2024-11-02');
    expect(calendar.addWorkingDays('2024-10-30', -3)).toBe('2024-10-25');
    expect(calendar.addWorkingDays('2024-10-30', 0)).toBe('2024-10-30');
    expect(calendar.addWorkingDays('2025-12-30', 1)).toBe('2026-01-12');
  });

  it('takes a campaign override: a regional day off and a local working day', () => {
    const local = workingCalendar({ extraNonWorking: ['2024-10-31'], extraWorking: ['2024-11-03'] });
    expect(local.isWorkingDay('2024-10-31')).toBe(false);
    expect(local.isWorkingDay('2024-11-03')).toBe(true);
    expect(local.addWorkingDays('2024-10-30', 1)).toBe('2024-11-01');
  });

  it('knows which years it covers', () => {
    expect([2023, 2024, 2026, 2027].map((y) => calendar.covers(y))).toEqual([false, true, true, false]);
  });
});

describe('campaign warnings', () => {
  it('flag a due date on a day off and a year the calendar does not cover', () => {
    const campaign = exampleCampaign();
    expect(campaignWarnings(campaign)).toEqual([]);
    const clauses = campaign.decree.clauses.map((c) =>
      c.number === '1.2'
        ? { ...c, task: { ...c.task!, due: '2024-11-04' } }
        : c.number === '1.3'
          ? { ...c, task: { ...c.task!, due: '2027-02-01' } }
          : c,
    );
    expect(campaignWarnings({ ...campaign, decree: { ...campaign.decree, clauses } })).toEqual([
      'п. 1.2: срок 04.11.2024 приходится на нерабочий день',
      'п. 1.3: производственный календарь на 2027 год не задан, выходными считаются только суббота и воскресенье',
    ]);
  });
});

describe('local hour of the issuer', () => {
  it.each([
    ['2024-10-30', 9, 'Europe/Moscow', '2024-10-30T06:00:00.000Z'],
    ['2024-10-30', 9.5, 'Europe/Moscow', '2024-10-30T06:30:00.000Z'],
    ['2024-03-31', 9, 'Europe/Berlin', '2024-03-31T07:00:00.000Z'], // the day summer time starts
    ['2024-10-30', 0, 'Asia/Vladivostok', '2024-10-29T14:00:00.000Z'],
  ])('%s at %s in %s is %s', (date, hour, zone, instant) => {
    expect(localTimeToInstant(date, hour, zone).toISOString()).toBe(instant);
  });
});

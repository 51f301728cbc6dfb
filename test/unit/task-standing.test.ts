// One definition of a task's standing: overdue is open with the due date in force ended in the campaign's zone.
import { isOverdue, localToday, standingOf, STANDING_LABELS } from '../../domain/task-standing';
import { matrixCell } from '../../web/routes/campaign-tree-view';

describe('overdue', () => {
  it('is open past the due date in force, in the campaign’s time zone', () => {
    // 21:30 UTC on the 15th is already the 16th in Moscow: a task due the 15th is overdue there, not in UTC.
    const now = new Date('2024-11-15T21:30:00Z');
    expect(localToday('Europe/Moscow', now)).toBe('2024-11-16');
    expect(localToday('UTC', now)).toBe('2024-11-15');
    expect(isOverdue({ status: 'open', due: '2024-11-15' }, localToday('Europe/Moscow', now))).toBe(true);
    expect(isOverdue({ status: 'open', due: '2024-11-15' }, localToday('UTC', now))).toBe(false);
  });

  it('is never a done or withdrawn task; an extended one only after its new date', () => {
    expect(standingOf({ status: 'done', due: '2024-01-01' }, '2024-11-16')).toBe('done');
    expect(standingOf({ status: 'withdrawn', due: '2024-01-01' }, '2024-11-16')).toBe('withdrawn');
    expect(standingOf({ status: 'open', due: '2024-11-20' }, '2024-11-16')).toBe('open');
    expect(STANDING_LABELS[standingOf({ status: 'open', due: '2024-11-15' }, '2024-11-16')]).toBe('просрочена');
  });

  it('the matrix says it as the list does', () => {
    const task = {
      taskId: 't',
      schoolId: 's',
      schoolName: 'Школа',
      clause: '1.2',
      kind: 'registration-deadline',
      status: 'open' as const,
      due: '2024-11-15',
      regionCode: null,
      regionName: null,
      municipalityCode: null,
      municipalityName: null,
      closedAt: null,
      escalated: false,
    };
    expect(matrixCell(task, '2024-11-16', 'Europe/Moscow')).toMatchObject({ cls: 'overdue' });
    expect(matrixCell(task, '2024-11-15', 'Europe/Moscow')).toMatchObject({ cls: 'open' });
  });
});

// What a campaign file may do but an office should look at twice (as Directum flags a due date on a day off).
import { taskClauses } from './campaign-clauses';
import type { Campaign } from './campaign-schema';
import { formatRuDate } from './dates';
import { workingCalendar } from './working-days';

export function campaignWarnings(campaign: Campaign): string[] {
  const calendar = workingCalendar(campaign.calendar);
  const warnings: string[] = [];
  for (const clause of taskClauses(campaign)) {
    const { due } = clause.task;
    if (!calendar.covers(Number(due.slice(0, 4)))) {
      warnings.push(
        `п. ${clause.number}: производственный календарь на ${due.slice(0, 4)} год не задан, выходными считаются только суббота и воскресенье`,
      );
    } else if (!calendar.isWorkingDay(due)) {
      warnings.push(`п. ${clause.number}: срок ${formatRuDate(due)} приходится на нерабочий день`);
    }
  }
  return warnings;
}

// The decree's words, rendered once from the campaign: the PDF, the emails and the task pages all use this.
import type { Campaign, Clause } from '../../domain/campaign-schema';
import { formatRuDate, formatRuDateLong } from '../../domain/dates';
import { ruPercent, type TextRenderer } from './renderer';

export interface RenderedClause {
  number: string;
  depth: number;
  text: string;
}

export interface DecreeText {
  preamble: string[];
  clauses: RenderedClause[];
}

function sharedContext(campaign: Campaign): object {
  const bySchool = campaign.schools
    .filter((s) => s.studentUsagePercent !== undefined)
    .sort((a, b) => b.studentUsagePercent! - a.studentUsagePercent!)
    .map((s) => `${s.name} - ${ruPercent(s.studentUsagePercent!)}`)
    .join(', ');
  return { ...campaign, schoolCount: campaign.schools.length, studentUsageBySchool: bySchool };
}

export function renderClauseText(campaign: Campaign, clause: Clause, renderer: TextRenderer): string {
  const due = clause.task ? { due: formatRuDate(clause.task.due), dueLong: formatRuDateLong(clause.task.due) } : {};
  return renderer.renderInline(clause.text, { ...sharedContext(campaign), ...due });
}

export function renderDecreeText(campaign: Campaign, renderer: TextRenderer): DecreeText {
  const context = sharedContext(campaign);
  return {
    preamble: campaign.decree.preamble.map((p) => renderer.renderInline(p, context)),
    clauses: campaign.decree.clauses.map((clause) => ({
      number: clause.number,
      depth: clause.number.split('.').length - 1,
      text: renderClauseText(campaign, clause, renderer),
    })),
  };
}

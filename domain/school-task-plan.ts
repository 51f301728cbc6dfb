// What one school's task looks like when a campaign launches it: the campaign's data, fixed as workflow input.
import { deadlineRulesFor } from './campaign-clauses';
import type { Campaign, School, TaskClause } from './campaign-schema';
import type { LadderPolicy } from './deadline-ladder';
import { schoolTaskWorkflowId } from './ids';
import type { DecreeRef, SchoolTask } from './school-task';

export function planSchoolTask(
  campaign: Campaign,
  decree: DecreeRef,
  school: School,
  clause: TaskClause,
  clauseTexts: Record<string, string>,
): SchoolTask {
  return {
    taskId: schoolTaskWorkflowId(campaign.id, school.id, clause.number),
    campaignId: campaign.id,
    timeZone: campaign.timeZone,
    decree,
    clause: { number: clause.number, text: clauseTexts[clause.number] ?? clause.text },
    kind: clause.task.kind,
    title: clause.task.title,
    due: clause.task.due,
    dueHour: clause.task.dueHour,
    ...(clause.task.kind === 'questionnaire' ? { questions: clause.task.questions } : {}),
    assigneeRole: clause.task.assignee,
    school: { id: school.id, name: school.name, head: school.head, officer: school.officer, ...placesOf(school) },
    office: {
      name: campaign.office.name,
      sender: campaign.office.sender,
      head: campaign.office.head,
      reportMailbox: campaign.office.reportMailbox,
      reportMark: campaign.office.reportMark,
    },
    orderBasis: orderBasisOf(campaign, clauseTexts),
    districtHead: campaign.district?.head,
    linkPolicy: campaign.links,
    ...(campaign.statistics ? { statisticsUndoWithinDays: campaign.statistics.undoWithinDays } : {}),
    ladder: ladderPolicyFor(campaign, clause),
  };
}

/** The reminder and escalation rules of a clause's tasks: the same for every school of the campaign. */
export function ladderPolicyFor(campaign: Campaign, clause: TaskClause): LadderPolicy {
  return {
    ...deadlineRulesFor(campaign, clause),
    localHour: campaign.deadlines.localHour,
    timeZone: campaign.timeZone,
    calendar: campaign.calendar,
  };
}

function placesOf(school: School): Pick<SchoolTask['school'], 'region' | 'municipality'> {
  const place = (p: School['region']) => p && { code: p.code, name: p.name };
  return {
    ...(school.region && { region: place(school.region) }),
    ...(school.municipality && { municipality: place(school.municipality) }),
  };
}

/** The clause about the person responsible (1.8 in decree №380): the one whose words mention «ответствен». */
function orderBasisOf(campaign: Campaign, clauseTexts: Record<string, string>): SchoolTask['orderBasis'] {
  const clause = campaign.decree.clauses.find((c) => /ответственн/i.test(c.text) && /анализ|статистик/i.test(c.text));
  const issuer =
    campaign.issuer.nameGenitive ??
    campaign.issuer.lines.map((l) => (/^(\S )+\S$/.test(l) ? l.replace(/ /g, '') : l)).join(' ');
  return clause
    ? {
        issuer,
        clauseNumber: clause.number,
        clauseText: clauseTexts[clause.number] ?? clause.text,
        platform: campaign.platform,
      }
    : undefined;
}

// What one school's task looks like when a campaign launches it: the campaign's data, fixed as workflow input.
import { deadlineRulesFor, type Campaign, type School, type TaskClause } from './campaign-schema';
import { schoolTaskWorkflowId } from './ids';
import type { DecreeRef, SchoolTask } from './school-task';

export function planSchoolTask(campaign: Campaign, decree: DecreeRef, school: School, clause: TaskClause, clauseTexts: Record<string, string>): SchoolTask {
  return {
    taskId: schoolTaskWorkflowId(campaign.id, school.id, clause.number),
    campaignId: campaign.id,
    timeZone: campaign.timeZone,
    decree,
    clause: { number: clause.number, text: clauseTexts[clause.number] ?? clause.text },
    kind: clause.task.kind,
    title: clause.task.title,
    due: clause.task.due,
    assigneeRole: clause.task.assignee,
    school: { id: school.id, name: school.name, head: school.head, officer: school.officer },
    office: { name: campaign.office.name, sender: campaign.office.sender, head: campaign.office.head },
    districtHead: campaign.district?.head,
    linkPolicy: campaign.links,
    ladder: { ...deadlineRulesFor(campaign, clause), localHour: campaign.deadlines.localHour, timeZone: campaign.timeZone, calendar: campaign.calendar },
  };
}

// Every school's latest answers to one questionnaire clause, read from the task read model without whole states.
import type { TaskState } from '../../domain/school-task';
import type { TaskReadModel } from '../../store/task-read-model';
import type { AnswersVersion } from './questions';
import type { AnswerLine } from './summary';

/** The lines in the hierarchy's order, and one task's state for what all share (the questions, the decree). */
export async function answerLinesOf(
  tasks: TaskReadModel,
  campaignId: string,
  clause: string,
): Promise<{ lines: AnswerLine[]; sample?: TaskState }> {
  const rows = await tasks.latestVersions(campaignId, clause, 'questionnaire');
  const sample = rows[0] && (await tasks.state(rows[0].taskId));
  if (sample?.task.kind !== 'questionnaire') return { lines: [] };
  const lines = rows.map((r) => ({
    taskId: r.taskId,
    schoolName: r.schoolName,
    municipalityName: r.municipalityName,
    status: r.status,
    due: r.due,
    ...(r.latest ? { latest: r.latest as AnswersVersion } : {}),
  }));
  return { lines, sample };
}

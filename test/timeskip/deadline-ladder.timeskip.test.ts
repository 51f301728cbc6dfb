// Reminders and the escalation ladder over simulated days and weeks (Temporal's time-skipping test server),
// with the real workflow code, the real mail activities and a real SMTP server on loopback.
import { workingCalendar } from '../../domain/working-days';
import { ladderSteps } from '../../domain/deadline-ladder';
import type { TaskState } from '../../domain/school-task';
import { join } from 'node:path';
import { loadCampaignFile } from '../../client/load-campaign';
import { questionnaireFormOf } from '../../kinds/questionnaire/form';
import { chatMigrationWorkflow, questionnaireWorkflow, schoolTaskWorkflow } from '../../workflows';
import {
  decideExtensionUpdate,
  requestExtensionUpdate,
  submitAnswersUpdate,
  submitTaskUpdate,
  taskStateQuery,
  updateChatChecklistUpdate,
  withdrawTaskSignal,
} from '../../workflows/definitions';
import { exampleCampaign, exampleTask } from '../support/example-campaign';
import { moscowToday, sleepUntil, useTimeSkippingRig } from '../support/time-skipping';

const campaign = exampleCampaign();
const calendar = workingCalendar();
const submission = { officerName: 'Иванова А.А.', confirm: true, staffTotal: 30, staffRegistered: 30 };
const HOUR = 3600_000;
const rigOf = useTimeSkippingRig();

const mailsOf = (taskId: string) =>
  rigOf()
    .sink.messages()
    .filter((m) => m.messageId.includes(taskId));
const moscowHour = (iso: string) =>
  Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Moscow', hour: '2-digit', hourCycle: 'h23' }).format(
      new Date(iso),
    ),
  );

async function start(id: string, dueInWorkingDays: number, changes = {}) {
  const due = calendar.addWorkingDays(await moscowToday(rigOf().env), dueInWorkingDays);
  const task = exampleTask(campaign, 0, due, id, changes);
  const handle = await rigOf().env.client.workflow.start(schoolTaskWorkflow, {
    workflowId: task.taskId,
    taskQueue: rigOf().taskQueue,
    args: [task],
  });
  return { task, handle, steps: ladderSteps(due, task.ladder) };
}

it('done before the first reminder: no reminder is ever sent', () =>
  (async () => {
    const { task, handle, steps } = await start('early', 8);
    await handle.executeUpdate(submitTaskUpdate, { args: [submission] });
    const result = await handle.result();
    await sleepUntil(rigOf().env, steps.at(-1)!.at, 24 * HOUR);
    expect(result.status).toBe('done');
    expect(result.sentSteps).toEqual([]);
    expect(mailsOf(task.taskId).map((m) => m.subject)).toEqual([expect.stringMatching(/^Квитанция/)]);
  })());

it('done between reminders: the reminders before it went out, none after', () =>
  (async () => {
    const { task, handle, steps } = await start('between', 6);
    await sleepUntil(rigOf().env, steps[0]!.at, HOUR);
    expect((await handle.query(taskStateQuery)).sentSteps.map((s) => s.key)).toEqual([steps[0]!.key]);
    await handle.executeUpdate(submitTaskUpdate, { args: [submission] });
    const result = await handle.result();
    await sleepUntil(rigOf().env, steps.at(-1)!.at, 24 * HOUR);
    expect(result.sentSteps.map((s) => s.key)).toEqual([steps[0]!.key]);
    expect(mailsOf(task.taskId).filter((m) => !m.subject.startsWith('Квитанция'))).toHaveLength(1);
  })());

it('never done: the whole ladder, in order, to the right people, at 09:00 Moscow time on working days', () =>
  (async () => {
    const { task, handle, steps } = await start('never', 6);
    await sleepUntil(rigOf().env, steps.at(-1)!.at, HOUR);
    const state: TaskState = await handle.query(taskStateQuery);
    expect(state.sentSteps.map((s) => s.key)).toEqual(steps.map((s) => s.key));
    expect(state.sentSteps.map((s) => s.recipient)).toEqual([
      task.school.officer.email,
      task.school.officer.email,
      task.school.officer.email,
      task.school.head.email,
      task.office.head.email,
      task.districtHead!.email,
    ]);
    for (const sent of state.sentSteps) {
      expect(Math.abs(Date.parse(sent.sentAt) - Date.parse(sent.at))).toBeLessThan(5 * 60_000);
      expect(moscowHour(sent.sentAt)).toBe(9);
      expect(calendar.isWorkingDay(sent.date)).toBe(true);
    }
    const mails = mailsOf(task.taskId);
    expect(mails).toHaveLength(6);
    const last = mails.find((m) => m.envelopeTo[0] === task.districtHead!.email)!;
    expect(last.subject).toMatch(
      /^Просрочка 5 рабочих дней \(\d+ дн(ей|я)\): МКОУ «Дегвинская СОШ» не выполнила п\. 1\.2 постановления № 380$/,
    );
    expect(last.text.match(/^— .*(напоминание|эскалация)/gm)).toHaveLength(5);
    expect(state.status).toBe('open');
    await handle.signal(withdrawTaskSignal, { reason: 'конец проверки' });
    await handle.result();
  })());

it('withdrawn by the office: the assignee is told, pending reminders stop', () =>
  (async () => {
    const { task, handle, steps } = await start('withdrawn', 6);
    await sleepUntil(rigOf().env, steps[0]!.at, HOUR);
    await handle.signal(withdrawTaskSignal, { reason: 'пункт отменён постановлением № 401' });
    const result = await handle.result();
    await sleepUntil(rigOf().env, steps.at(-1)!.at, 24 * HOUR);
    expect(result).toMatchObject({ status: 'withdrawn', withdrawal: { reason: 'пункт отменён постановлением № 401' } });
    const mails = mailsOf(task.taskId);
    expect(mails.map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Напоминание/),
      expect.stringMatching(/^Задача по п\. 1\.2 отозвана/),
    ]);
    expect(mails[1]!.text).toContain('Причина: пункт отменён постановлением № 401');
  })());

it('a holiday inside the window moves the reminders to working days', () =>
  (async () => {
    const today = await moscowToday(rigOf().env);
    const due = calendar.addWorkingDays(today, 6);
    const holiday = calendar.addWorkingDays(due, -1);
    const { handle, steps } = await start('holiday', 6, { calendar: { extraNonWorking: [holiday], extraWorking: [] } });
    expect(steps.find((s) => s.offsetWorkingDays === -1)!.date).toBe(calendar.addWorkingDays(due, -2));
    await sleepUntil(rigOf().env, steps.at(-1)!.at, HOUR);
    const state = await handle.query(taskStateQuery);
    expect(state.sentSteps.map((s) => s.date)).not.toContain(holiday);
    expect(state.sentSteps).toHaveLength(6);
    await handle.signal(withdrawTaskSignal, { reason: 'конец проверки' });
    await handle.result();
  })());

it('extension approved mid-ladder: the timers move to the new date, the old ladder stops, everyone is told', () =>
  (async () => {
    const { task, handle, steps } = await start('extended', 6);
    const firstEscalation = steps.find((s) => s.kind === 'escalation')!;
    await sleepUntil(rigOf().env, firstEscalation.at, HOUR);
    const newDue = calendar.addWorkingDays(await moscowToday(rigOf().env), 5);

    const rejected = handle.executeUpdate(requestExtensionUpdate, {
      args: [{ newDue: task.due, reason: 'тот же срок' }],
    });
    await expect(rejected).rejects.toThrow();
    const request = await handle.executeUpdate(requestExtensionUpdate, {
      args: [{ newDue: newDue.split('-').reverse().join('.'), reason: 'учитель информатики на больничном' }],
    });
    expect(request).toMatchObject({ status: 'pending', newDue, previousDue: task.due });
    const decided = await handle.executeUpdate(decideExtensionUpdate, {
      args: [{ requestId: request.id, approve: true, comment: 'согласовано' }],
    });
    expect(decided.status).toBe('approved');

    const newSteps = ladderSteps(newDue, task.ladder);
    await sleepUntil(rigOf().env, newSteps.at(-1)!.at, HOUR);
    const state = await handle.query(taskStateQuery);
    const oldSent = steps.filter((s) => s.at <= firstEscalation.at).map((s) => s.key);
    expect(state.due).toBe(newDue);
    expect(state.sentSteps.map((s) => s.key)).toEqual([...oldSent, ...newSteps.map((s) => s.key)]);
    expect(state.extensions).toEqual([
      expect.objectContaining({
        status: 'approved',
        reason: 'учитель информатики на больничном',
        comment: 'согласовано',
      }),
    ]);

    const mails = mailsOf(task.taskId);
    const toOffice = mails.find((m) => m.subject.startsWith('Запрос на перенос срока'))!;
    expect(toOffice.envelopeTo).toEqual([task.office.head.email]);
    expect(toOffice.text).toContain('Причина: учитель информатики на больничном');
    const decision = mails.find((m) => m.subject.startsWith('Срок перенесён'))!;
    expect(decision.envelopeTo.sort()).toEqual([task.school.head.email, task.school.officer.email].sort());
    await handle.signal(withdrawTaskSignal, { reason: 'конец проверки' });
    await handle.result();
  })());

it('chat migration: one nudge a week at 09:00 on a working day, listing what is open, until the checklist is done', () =>
  (async () => {
    const due = calendar.addWorkingDays(await moscowToday(rigOf().env), 25);
    const task = { ...exampleTask(campaign, 1, due, 'chats'), kind: 'chat-migration' as const };
    const handle = await rigOf().env.client.workflow.start(chatMigrationWorkflow, {
      workflowId: task.taskId,
      taskQueue: rigOf().taskQueue,
      args: [task],
    });
    const nudges = () => mailsOf(task.taskId).filter((m) => m.subject.startsWith('Перевод чатов'));
    // The simulated clock may be anywhere by now (e.g. before the New Year holidays): compute the nudge days.
    const started = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Moscow' }).format(
      (await handle.describe()).startTime,
    );
    const nudgeAt = (week: number) => {
      const day = new Date(Date.parse(`${started}T00:00:00Z`) + week * 7 * 24 * HOUR).toISOString().slice(0, 10);
      return `${calendar.isWorkingDay(day) ? day : calendar.addWorkingDays(day, 1)}T06:00:00Z`; // 09:00 Moscow
    };
    const delivered = async (n: number) => {
      for (let i = 0; i < 100 && nudges().length < n; i++) await new Promise((r) => setTimeout(r, 100));
    };
    await sleepUntil(rigOf().env, nudgeAt(1), HOUR);
    await delivered(1);
    expect(nudges().map((m) => m.subject)).toEqual([expect.stringContaining('перечень чатов не заполнен')]);

    await handle.executeUpdate(updateChatChecklistUpdate, {
      args: [
        {
          chats: [
            { scope: '5А', oldMessenger: 'WhatsApp', newChat: '5А класс', migrated: true },
            { scope: 'сотрудники', oldMessenger: 'Telegram', newChat: '', migrated: false },
          ],
        },
      ],
    });
    await sleepUntil(rigOf().env, nudgeAt(2), HOUR);
    await delivered(2);
    expect(nudges()).toHaveLength(2);
    expect(nudges()[1]!.subject).toContain('переведено 1 из 2');
    expect(nudges()[1]!.text).toContain('- сотрудники (Telegram)');
    const { events } = await handle.fetchHistory();
    const scheduled = events!.filter(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'mailChatNudge',
    );
    const times = scheduled.map((e) => new Date(Number(e.eventTime!.seconds) * 1000).toISOString());
    expect(times.map(moscowHour)).toEqual([9, 9]);
    for (const t of times) expect(calendar.isWorkingDay(t.slice(0, 10))).toBe(true);

    await handle.executeUpdate(updateChatChecklistUpdate, {
      args: [
        {
          chats: [{ id: 'c2', scope: 'сотрудники', oldMessenger: 'Telegram', newChat: 'Коллектив', migrated: true }],
          noForeignMessengerLeft: true,
        },
      ],
    });
    expect((await handle.result()).status).toBe('done');
    await rigOf().env.sleep(14 * 24 * HOUR);
    expect(nudges()).toHaveLength(2);
  })());

it('a questionnaire reminds and escalates like every kind, until its answers arrive (late, and final)', () =>
  (async () => {
    const monitoring = loadCampaignFile(
      join(__dirname, '..', '..', 'examples', 'monitoring-questionnaire', 'campaign.yaml'),
    );
    const due = calendar.addWorkingDays(await moscowToday(rigOf().env), 6);
    const planned = exampleTask(monitoring, 0, due, 'questionnaire');
    const task = { ...planned, decree: { ...planned.decree, kind: 'РАСПОРЯЖЕНИЕ', number: '41' } };
    const steps = ladderSteps(due, task.ladder);
    const handle = await rigOf().env.client.workflow.start(questionnaireWorkflow, {
      workflowId: task.taskId,
      taskQueue: rigOf().taskQueue,
      args: [task],
    });
    await sleepUntil(rigOf().env, steps[3]!.at, HOUR); // three reminders, then the school head
    const state: TaskState = await handle.query(taskStateQuery);
    expect(state.sentSteps.map((s) => s.key)).toEqual(steps.slice(0, 4).map((s) => s.key));
    const escalation = mailsOf(task.taskId).find((m) => m.envelopeTo[0] === task.school.head.email)!;
    expect(escalation.subject).toMatch(/не выполнила п\. 1 распоряжения № 41$/);
    const form = questionnaireFormOf(
      {
        'q.staff-total': '30',
        'q.staff-active': '12',
        'q.main-channel': 'Электронная почта',
        'q.foreign-left': 'yes',
        'q.order-date': '01.11.2024',
        'r.classes.0.row': '1А',
        'r.classes.0.pupils': '20',
        'r.classes.0.in-chat': '3',
        'r.classes.0.teacher-in-chat': 'no',
        respondent: 'Иванова А.А.',
      },
      task.questions!,
    );
    const receipt = await handle.executeUpdate(submitAnswersUpdate, { args: [form] });
    expect(receipt).toMatchObject({ version: 1, late: true });
    const result = await handle.result();
    await sleepUntil(rigOf().env, steps.at(-1)!.at, 24 * HOUR);
    expect(result.status).toBe('done');
    expect(result.sentSteps).toHaveLength(4);
    expect(mailsOf(task.taskId).map((m) => m.subject)).toContainEqual(
      expect.stringMatching(/^Квитанция № \w+: ответы на анкету по п\. 1 приняты/),
    );
  })());

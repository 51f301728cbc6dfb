// The auditor's journal accounts for everything the system sent and issued: a campaign runs through its launch, a
// school's submission and report, a week's statistics, reminders, escalations, the consolidated edition at the
// deadline and a withdrawal, over simulated working days; then the Message-IDs in the journal are exactly those the
// SMTP server received, every document the store indexed as issued has its event in the journal, and every issued
// PDF and the journal's PDF export pass veraPDF's PDF/A-2b profile.
import { execFileSync } from 'node:child_process';
import { timelinePdf } from '../../client/audit-exports';
import { timelineOfRuns } from '../../client/audit-timeline';
import { importStatistics } from '../../client/import-statistics';
import { journalEventSchema, journalMessageIds } from '../../client/journal-events';
import { launchCampaign } from '../../client/launch-campaign';
import { batchWorkflowId, campaignRegions, regionWorkflowId, type TreeLimits } from '../../domain/campaign-tree';
import { ladderSteps } from '../../domain/deadline-ladder';
import { campaignWorkflowId, schoolTaskWorkflowId } from '../../domain/ids';
import { isoWeekOf } from '../../domain/iso-week';
import { workingCalendar } from '../../domain/working-days';
import {
  submitReportUpdate,
  submitTaskUpdate,
  taskStateQuery,
  treeProgressQuery,
  type TreeProgress,
  withdrawCampaignSignal,
} from '../../workflows/definitions';
import { validatePdfA } from '../../scripts/lib/verapdf';
import { exampleCampaign } from '../support/example-campaign';
import { keepPdf } from '../support/pdf-text';
import { excelCsv, weekFigures } from '../support/statistics-files';
import { HOUR, moscowToday, SMALL_TREE, sleepUntil, until, useTimeSkippingRig } from '../support/time-skipping';

const limits: TreeLimits = SMALL_TREE;
const rigOf = useTimeSkippingRig();

const report = {
  classes: [
    {
      className: '5А',
      classTeacher: 'Магомедова П.А.',
      chatOnPlatform: true,
      members: '27',
      chatCreated: '01.10.2024',
    },
  ],
  staffTotal: '42',
  staffActivated: '40',
  studentsTotal: '380',
  studentsActivated: '170',
  interaction: 'Учителя ведут классные чаты и публикуют домашние задания.',
  officerName: 'Ибрагимова С.М.',
  officerPosition: 'заместитель директора',
};

it(
  'the journal holds every mail the SMTP server received and every document the store issued',
  () =>
    (async () => {
      const { env, sink, store, taskQueue } = rigOf();
      const due = workingCalendar().addWorkingDays(await moscowToday(env), 5);
      const base = exampleCampaign();
      const clauses = base.decree.clauses.map((c) => (c.task ? { ...c, task: { ...c.task, due } } : c));
      const campaign = {
        ...base,
        id: 'journal-complete',
        schools: base.schools.slice(0, 4),
        decree: { ...base.decree, clauses },
      };
      const root = env.client.workflow.getHandle(campaignWorkflowId(campaign.id));
      // The Java test server has no Schedules: the campaign launches without its weekly one, and a week is imported by
      // hand.
      await launchCampaign(
        { client: env.client, taskQueue, documents: store.documents },
        { ...campaign, statistics: undefined },
        limits,
        'office.test',
      );
      const tasks = campaign.schools.length * clauses.filter((c) => c.task).length;
      await until(
        () => root.query(treeProgressQuery),
        (p) => p.counts.started === tasks && p.counts.mailed === campaign.schools.length,
      );

      const task = (school: number, clause: string) =>
        env.client.workflow.getHandle(schoolTaskWorkflowId(campaign.id, campaign.schools[school]!.id, clause));
      await task(0, '1.2').executeUpdate(submitTaskUpdate, {
        args: [{ staffTotal: 20, staffRegistered: 20, officerName: 'Иванова А.А.', confirm: true }],
      });
      await task(0, '1.9').executeUpdate(submitReportUpdate, { args: [report] });

      const week = isoWeekOf(await moscowToday(env))!;
      const bytes = excelCsv(
        campaign,
        weekFigures(campaign, () => 90),
      );
      const imported = await importStatistics(
        { client: env.client, taskQueue, documents: store.documents, ledger: store.ledger },
        { campaign, week, filename: 'week.csv', bytes, importedBy: 'office.test' },
      );
      expect(imported.status).toBe('imported');
      if (imported.status === 'imported') await env.client.workflow.getHandle(imported.analysisWorkflowId).result();

      const late = (await task(1, '1.2').query(taskStateQuery)).task;
      const firstEscalation = ladderSteps(due, late.ladder).find((s) => s.kind === 'escalation')!;
      await sleepUntil(env, firstEscalation.at, HOUR);
      await until(
        () => root.query(treeProgressQuery),
        (p) => p.consolidatedReports.length > 0,
      );
      await root.signal(withdrawCampaignSignal, { reason: 'проверка журнала', by: 'office.test' });
      const final = (await root.result()) as TreeProgress;
      expect(final.counts.withdrawn).toBeGreaterThan(0);

      // The Java test server has no visibility listing either: the campaign's workflows are named from its plan (the
      // timeline the pages read lists the same ones by CampaignId on a real server).
      const regions = campaignRegions(campaign, limits.schoolsPerBatch);
      const workflowIds = [
        root.workflowId,
        imported.status === 'imported' ? imported.analysisWorkflowId : '',
        ...regions.map((r) => regionWorkflowId(campaign.id, r.code)),
        ...regions.flatMap((r) => r.batches.map((b) => batchWorkflowId(campaign.id, b))),
        ...campaign.schools.flatMap((s) =>
          clauses.flatMap((c) => (c.task ? [schoolTaskWorkflowId(campaign.id, s.id, c.number)] : [])),
        ),
      ];
      const journal = await timelineOfRuns(
        env.client,
        campaign.id,
        workflowIds.map((workflowId) => ({ workflowId })),
      );
      for (const e of journal.events) expect(journalEventSchema.safeParse(e).error).toBeUndefined();
      const kinds = new Set(journal.events.map((e) => e.kind));
      for (const kind of [
        'campaign.launched',
        'decree.rendered',
        'reminder.sent',
        'escalation.sent',
        'task.submitted',
        'report.submitted',
        'report.rendered',
        'report.consolidated',
        'statistics.imported',
        'statistics.analysed',
        'task.withdrawn',
      ] as const) {
        expect([kind, kinds.has(kind)]).toEqual([kind, true]);
      }

      const journalIds = journalMessageIds(journal.events);
      const received = sink.messages().map((m) => m.messageId);
      expect(received.length).toBeGreaterThan(40);
      expect(new Set(journalIds).size).toBe(journalIds.length); // each mail once
      expect([...new Set(journalIds)].sort()).toEqual([...new Set(received)].sort());

      const issued = await store.issued.ofCampaign(campaign.id);
      expect(new Set(issued.map((d) => d.kind))).toEqual(
        new Set(['decree', 'school-report', 'consolidated-report', 'weekly-report']),
      );
      const documented = new Set(
        journal.events.flatMap((e) =>
          'sha256' in e.details
            ? [`${e.workflowId} ${e.details.sha256}`]
            : 'reportSha256' in e.details
              ? [`${e.workflowId} ${e.details.reportSha256}`]
              : [],
        ),
      );
      expect(issued.map((d) => `${d.workflowId} ${d.sha256}`).filter((d) => !documented.has(d))).toEqual([]);

      // Every issued PDF, and the journal's own export, is PDF/A-2b.
      const pdfs = await Promise.all(
        issued.map(async (d, i) => keepPdf(`issued-${i}-${d.kind}`, (await store.documents.find(d.sha256))!.content)),
      );
      const journalPdf = await timelinePdf(journal, 'Журнал кампании', 'auditor.test');
      pdfs.push(keepPdf('journal-export', journalPdf));
      const verdicts = await validatePdfA(pdfs);
      expect(verdicts.filter((v) => !v.passed).map((v) => v.report)).toEqual([]);
      expect(execFileSync('pdfinfo', [pdfs.at(-1)!], { encoding: 'utf8' })).toMatch(/Author:\s+auditor\.test/);
    })(),
  240_000,
);

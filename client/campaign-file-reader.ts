// A campaign file uploaded or pasted in the browser is parsed and validated on a capped thread with a deadline, as
// statistics files are: a file of 200,000 schools, a deeply nested YAML or an alias bomb costs that thread, never
// the web server's event loop or the Temporal worker in the same process.
import { join } from 'node:path';
import { createCappedThread, type IsolationLimits, type ThreadFailure } from '../activities/isolation/capped-thread';
import type { Campaign } from '../domain/campaign-schema';

/** The country's file (40,000 schools, about 20 MB) parses and validates in a few seconds within 768 MB. */
export const CAMPAIGN_FILE_ISOLATION: IsolationLimits = { timeoutMs: 30_000, maxHeapMb: 768 };

export type CampaignReading = { campaign: Campaign } | { problems: string[] };

export interface CampaignFileReader {
  read(source: string, name: string): Promise<CampaignReading>;
  close(): Promise<void>;
}

const refusal = (why: ThreadFailure): CampaignReading => ({
  problems: [
    why.kind === 'timeout'
      ? `файл проверялся дольше ${why.seconds} с и был остановлен: он слишком велик или составлен так, чтобы вывести систему из строя`
      : why.kind === 'memory'
        ? 'файл требует слишком много памяти для проверки и отклонён: он слишком велик или составлен так, чтобы вывести систему из строя'
        : 'файл не удалось проверить: внутренняя ошибка. Ничего не изменено; сообщите администратору системы',
  ],
});

export function createCampaignFileReader(limits: IsolationLimits = CAMPAIGN_FILE_ISOLATION): CampaignFileReader {
  const thread = createCappedThread<{ source: string; name: string }, CampaignReading>(join(__dirname, 'campaign-reader-thread.cjs'), limits, refusal);
  return { read: (source, name) => thread.run({ source, name }), close: () => thread.close() };
}

// A campaign file uploaded or pasted in the browser is parsed and validated on a capped thread with a deadline, as
// statistics files are: a file of 200,000 schools, a deeply nested YAML or an alias bomb costs that thread, never
// the web server's event loop or the Temporal worker in the same process.
import { join } from 'node:path';
import { createCappedThread, type IsolationLimits, type ThreadFailure } from '../activities/isolation/capped-thread';
import type { Campaign } from '../domain/campaign-schema';

/**
 * The country's file, 40,000 schools: as JSON (9.8 MB) about 1 s; as YAML (18 MB) about 20 s and more than 768 MB
 * of heap on this thread (measured 2026-12-07: refused at 768, read at 1,536). A hostile file costs the thread at
 * most this much; the process and its event loop nothing.
 */
export const CAMPAIGN_FILE_ISOLATION: IsolationLimits = { timeoutMs: 120_000, maxHeapMb: 2048 };

export type CampaignReading = { campaign: Campaign } | { problems: string[] };

export interface CampaignFileReader {
  /** The file's bytes (UTF-8), transferred to the thread: the main thread neither decodes nor copies them. */
  read(source: Uint8Array, name: string): Promise<CampaignReading>;
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
  const thread = createCappedThread<{ bytes: Uint8Array; name: string }, CampaignReading>(
    join(__dirname, 'campaign-reader-thread.cjs'),
    limits,
    refusal,
  );
  return {
    read(source, name) {
      const bytes = new Uint8Array(source); // its own buffer, to transfer: the caller's may be a view of a pooled one
      return thread.run({ bytes, name }, [bytes.buffer]);
    },
    close: () => thread.close(),
  };
}

// Input from outside (a statistics file, a campaign file) is read on a thread of its own with a capped heap and a
// deadline, so a hostile or broken file costs that thread, not the web server or the Temporal worker sharing the
// process. The thread is kept warm between requests (starting one and warming its JIT costs more than most
// files); one that ran out of memory or time is discarded and the next request gets a fresh one.
import { Worker } from 'node:worker_threads';

export interface IsolationLimits {
  timeoutMs: number;
  maxHeapMb: number;
}

/** Why a request got no answer from its thread. */
export type ThreadFailure =
  { kind: 'timeout'; seconds: number } | { kind: 'memory' } | { kind: 'crash'; detail?: string };

export interface CappedThread<Req, Res> {
  /** One request at a time: the thread's heap is the limit of one file. */
  run(request: Req, transfer?: ArrayBuffer[]): Promise<Res>;
  close(): Promise<void>;
}

/**
 * `file` is a CommonJS thread that answers `{ id, ...request }` with `{ id, result }` or `{ id, crashed }`;
 * `failed` turns a thread's failure into the caller's answer (a refusal in Russian, never a throw).
 */
export function createCappedThread<Req extends object, Res>(
  file: string,
  limits: IsolationLimits,
  failed: (why: ThreadFailure) => Res,
): CappedThread<Req, Res> {
  let worker: Worker | undefined;
  let next = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const spawn = () => {
    const w = new Worker(file, {
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb, maxYoungGenerationSizeMb: 64 },
    });
    w.unref(); // an idle reader never keeps a CLI run alive
    return w;
  };
  const discard = (w: Worker) => {
    if (worker === w) worker = undefined;
    void w.terminate();
  };
  return {
    run(request, transfer = []) {
      const result = queue.then(() => {
        const w = (worker ??= spawn());
        return ask(w, ++next, request, transfer, limits, failed, () => discard(w));
      });
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      await queue;
      if (worker) await worker.terminate();
      worker = undefined;
    },
  };
}

interface Reply<Res> {
  id: number;
  result?: Res;
  crashed?: string;
}

function ask<Req extends object, Res>(
  w: Worker,
  id: number,
  request: Req,
  transfer: ArrayBuffer[],
  limits: IsolationLimits,
  failed: (why: ThreadFailure) => Res,
  discard: () => void,
): Promise<Res> {
  return new Promise<Res>((resolve) => {
    const finish = (answer: Res, broken: boolean) => {
      clearTimeout(timer);
      w.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (broken) discard();
      resolve(answer);
    };
    const onMessage = (m: Reply<Res>) => {
      if (m.id !== id) return;
      if (m.crashed !== undefined) console.error(`reader thread failed: ${m.crashed}`);
      finish(m.crashed === undefined ? (m.result as Res) : failed({ kind: 'crash', detail: m.crashed }), false);
    };
    const onError = (err: Error & { code?: string }) =>
      finish(
        failed(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? { kind: 'memory' } : { kind: 'crash', detail: err.message }),
        true,
      );
    const onExit = () => finish(failed({ kind: 'crash' }), true);
    const timer = setTimeout(
      () => finish(failed({ kind: 'timeout', seconds: Math.round(limits.timeoutMs / 1000) }), true),
      limits.timeoutMs,
    );
    w.on('message', onMessage).on('error', onError).on('exit', onExit);
    w.postMessage({ id, ...request }, transfer);
  });
}

// The worker's own log (bundle report, state changes, debug lines) goes to a file; the console keeps what a person
// needs: progress, addresses and errors. Installed once per process, before any connection to Temporal.
import { createWriteStream } from 'node:fs';
import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import type { AppConfig } from '../../config/app-config';

/** metricsAddress: where the SDK's core serves Prometheus metrics (TEMPORAL_METRICS_PORT), if anywhere. */
export function sendWorkerLogToFile(file: string, metricsAddress?: string): void {
  const out = createWriteStream(file, { flags: 'a' });
  const write = (entry: LogEntry) => {
    const at = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString();
    const line = `${at} [${entry.level}] ${entry.message}${entry.meta && Object.keys(entry.meta).length ? ` ${JSON.stringify(entry.meta)}` : ''}`;
    out.write(`${line}\n`);
    if (entry.level === 'ERROR') console.error(`[worker] ${entry.message} (подробности: ${file})`);
  };
  const metrics = metricsAddress ? { metrics: { prometheus: { bindAddress: metricsAddress } } } : {};
  Runtime.install({
    logger: new DefaultLogger('DEBUG', write),
    telemetryOptions: { logging: { filter: { core: 'INFO', other: 'WARN' }, forward: {} }, ...metrics },
  });
}

export function temporalMetricsAddress(config: AppConfig): string | undefined {
  const { host, temporalPort } = config.metrics;
  return temporalPort === undefined ? undefined : `${host.includes(':') ? `[${host}]` : host}:${temporalPort}`;
}

// PostgreSQL for one machine with nothing installed: PGlite persisted under DATA_DIR, in a process of its own
// (embedded-postgres-server.ts), served on a Unix socket in DATA_DIR/postgres (0700) so the CLI, extra workers and
// web servers of the same user connect with the same driver as to a real server, and no other local account can.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

const SERVER = join(__dirname, 'embedded-postgres-server.ts');
const START_TIMEOUT_MS = 60_000;

export function startEmbeddedPostgres(options: { dir: string; port: number }): Promise<EmbeddedPostgres> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER, options.dir, String(options.port)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      void stop();
      reject(
        new Error(
          `Встроенный PostgreSQL (${options.dir}) не запустился: ${why}. Если уже запущен другой экземпляр (npm start), остановите его или задайте другой DATA_DIR.`,
        ),
      );
    };
    const timer = setTimeout(() => fail(`нет ответа за ${START_TIMEOUT_MS / 1000} с`), START_TIMEOUT_MS);
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const ready = /^ready (\S+)$/m.exec(out);
      if (!ready) return;
      clearTimeout(timer);
      // The server never keeps its parent alive: when the parent ends, its stdin closes and the server stops.
      child.unref();
      for (const stream of [child.stdin, child.stdout, child.stderr] as unknown as { unref?: () => void }[])
        stream.unref?.();
      resolve({ url: ready[1]!, stop });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(stderr.trim() || `процесс завершился с кодом ${code}`);
    });
  });
}

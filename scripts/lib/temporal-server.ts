// The real Temporal Server (not the dev server) for the several-machines test and an operator's rehearsal: built
// from the Go module proxy (no binary download), PostgreSQL for persistence and SQL visibility, as a region installs
// it. The build takes minutes; the binaries and the module's PostgreSQL schema are cached like the CLI's.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { isReachable, stopChild } from './temporal-dev-server';

export const TEMPORAL_SERVER_VERSION = 'v1.29.1';

export interface TemporalServerBuild {
  server: string;
  sqlTool: string;
  schemaDir: string;
}

function cacheDir(): string {
  return join(
    process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
    'decree-campaigns',
    `temporal-server-${TEMPORAL_SERVER_VERSION}`,
  );
}

/** `go install` cannot build the server (its go.mod has replace directives): a scratch module requires it instead. */
function buildWithGo(dir: string): void {
  const src = join(dir, 'src');
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'go.mod'), 'module decree-campaigns/temporal-server\n\ngo 1.23\n');
  const env = { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' };
  const go = (args: string[]) => execFileSync('go', args, { cwd: src, env, stdio: ['ignore', 'inherit', 'inherit'] });
  console.log(
    `[temporal] Building Temporal Server ${TEMPORAL_SERVER_VERSION} and temporal-sql-tool with Go into ${dir} (about 10 minutes once; cached).`,
  );
  // Both packages named: naming only the module leaves go.sum without what the two commands need.
  go([
    'get',
    `go.temporal.io/server/cmd/server@${TEMPORAL_SERVER_VERSION}`,
    `go.temporal.io/server/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`,
  ]);
  go(['build', '-o', join(dir, 'bin', 'temporal-server'), 'go.temporal.io/server/cmd/server']);
  go(['build', '-o', join(dir, 'bin', 'temporal-sql-tool'), 'go.temporal.io/server/cmd/tools/sql']);
  const moduleDir = execFileSync('go', ['list', '-m', '-f', '{{.Dir}}', 'go.temporal.io/server'], {
    cwd: src,
    env,
    encoding: 'utf8',
  }).trim();
  cpSync(join(moduleDir, 'schema', 'postgresql', 'v12'), join(dir, 'schema', 'postgresql', 'v12'), { recursive: true });
}

export function ensureTemporalServer(): TemporalServerBuild {
  const dir = cacheDir();
  const build = {
    server: join(dir, 'bin', 'temporal-server'),
    sqlTool: join(dir, 'bin', 'temporal-sql-tool'),
    schemaDir: join(dir, 'schema', 'postgresql', 'v12'),
  };
  if (!existsSync(build.server) || !existsSync(build.sqlTool) || !existsSync(build.schemaDir)) buildWithGo(dir);
  return build;
}

export interface ClusterOptions {
  /** A PostgreSQL server Temporal may create its two databases on (user without password: a throwaway cluster). */
  postgres: { host: string; port: number; user: string };
  dir: string;
  /** Nine free ports: the frontend's gRPC and HTTP, and gRPC and membership for each of the four services. */
  ports: number[];
}

export interface TemporalCluster {
  address: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Creates the `temporal` and `temporal_visibility` databases with the module's versioned schema, as the docs say. */
function setUpDatabases(build: TemporalServerBuild, pg: ClusterOptions['postgres']): void {
  for (const [database, schema] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    const tool = (...args: string[]) =>
      execFileSync(
        build.sqlTool,
        ['--plugin', 'postgres12', '--ep', pg.host, '-p', String(pg.port), '-u', pg.user, '--db', database, ...args],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
    tool('create-database');
    tool('setup-schema', '-v', '0.0');
    tool('update-schema', '-d', join(build.schemaDir, schema, 'versioned'));
  }
}

function configYaml(o: ClusterOptions): string {
  const [
    frontend,
    http,
    frontendMembership,
    history,
    historyMembership,
    matching,
    matchingMembership,
    worker,
    workerMembership,
  ] = o.ports;
  const store = (database: string, conns: number) => `      sql:
        pluginName: "postgres12"
        databaseName: "${database}"
        connectAddr: "${o.postgres.host}:${o.postgres.port}"
        connectProtocol: "tcp"
        user: "${o.postgres.user}"
        maxConns: ${conns}
        maxIdleConns: ${conns}
        maxConnLifetime: "1h"`;
  const service = (name: string, grpc: number, membership: number, extra = '') => `  ${name}:
    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnLocalHost: true${extra}`;
  return `log:
  stdout: true
  level: warn
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: 4
  datastores:
    postgres-default:
${store('temporal', 20)}
    postgres-visibility:
${store('temporal_visibility', 4)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
services:
${service('frontend', frontend!, frontendMembership!, `\n      httpPort: ${http}`)}
${service('history', history!, historyMembership!)}
${service('matching', matching!, matchingMembership!)}
${service('worker', worker!, workerMembership!)}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${frontend}"
dcRedirectionPolicy:
  policy: "noop"
dynamicConfigClient:
  filepath: "${join(o.dir, 'config', 'dynamicconfig.yaml')}"
  pollInterval: "10s"
`;
}

/** The namespace a new cluster lacks (the dev server makes `default` itself); ready once it answers a list. */
async function registerNamespace(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await connection.workflowService
      .registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(7 * 86_400_000) })
      .catch((err: Error) => {
        if (!/already exists/i.test(err.message)) throw err;
      });
    for (let i = 0; ; i++) {
      try {
        await connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 });
        return;
      } catch (err) {
        if (i > 150) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } finally {
    await connection.close();
  }
}

/** Databases, config, `temporal-server start`, the `default` namespace: a cluster as an operator would set it up. */
export async function startTemporalCluster(
  o: ClusterOptions,
  build = ensureTemporalServer(),
): Promise<TemporalCluster> {
  setUpDatabases(build, o.postgres);
  mkdirSync(join(o.dir, 'config'), { recursive: true });
  writeFileSync(join(o.dir, 'config', 'development.yaml'), configYaml(o));
  writeFileSync(join(o.dir, 'config', 'dynamicconfig.yaml'), 'system.enableActivityEagerExecution:\n  - value: true\n');
  const log = openSync(join(o.dir, 'server.log'), 'a');
  // 1.29 has no --config-file: --root and --config name the folder, --env the file in it.
  const child = spawn(
    build.server,
    ['--root', o.dir, '--config', 'config', '--env', 'development', '--allow-no-auth', 'start'],
    { stdio: ['ignore', log, log] },
  );
  process.once('exit', () => child.kill('SIGTERM'));
  const address = `127.0.0.1:${o.ports[0]}`;
  const deadline = Date.now() + 90_000;
  while (!(await isReachable(address))) {
    if (child.exitCode !== null)
      throw new Error(`temporal-server exited with code ${child.exitCode}; see ${join(o.dir, 'server.log')}`);
    if (Date.now() > deadline)
      throw new Error(`temporal-server at ${address} not reachable after 90 s; see ${join(o.dir, 'server.log')}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  await registerNamespace(address, 'default');
  return { address, process: child, stop: () => stopChild(child) };
}

// Temporal's time-skipping test server, the Java one from Maven Central, behind a wrapper that execs java.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const POM = join(__dirname, '..', 'time-skipping', 'pom.xml');

function cacheDir(): string {
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'decree-campaigns', 'java-test-server-1.31.0');
}

/** Path of an executable that starts the test server: `wrapper <port> [args…]`. */
export function ensureJavaTestServer(): string {
  const dir = cacheDir();
  const wrapper = join(dir, 'temporal-test-server');
  if (existsSync(wrapper)) return wrapper;
  mkdirSync(dir, { recursive: true });
  console.log('[test-server] Resolving io.temporal:temporal-test-server from Maven Central (first run only)…');
  const classpathFile = join(dir, 'classpath.txt');
  execFileSync('mvn', ['-q', '-B', '-f', POM, 'dependency:build-classpath', `-Dmdep.outputFile=${classpathFile}`], {
    stdio: 'inherit',
  });
  const classpath = readFileSync(classpathFile, 'utf8').trim();
  writeFileSync(wrapper, `#!/bin/sh\nexec java -cp '${classpath}' io.temporal.testserver.TestServer "$@"\n`);
  chmodSync(wrapper, 0o755);
  return wrapper;
}

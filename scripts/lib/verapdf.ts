// veraPDF from Maven Central behind a small Java main (scripts/verapdf/PdfaCheck.java), built once and cached:
// the tests check every PDF the system issues against PDF/A-2b with it.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const SOURCES = join(__dirname, '..', 'verapdf');

function cacheDir(): string {
  const sourceHash = createHash('sha256')
    .update(readFileSync(join(SOURCES, 'pom.xml')))
    .update(readFileSync(join(SOURCES, 'PdfaCheck.java')))
    .digest('hex')
    .slice(0, 12);
  return join(
    process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
    'decree-campaigns',
    `verapdf-1.30.2-${sourceHash}`,
  );
}

/** Path of an executable: `pdfa-check [--flavour 2b] file.pdf…`. */
export function ensureVeraPdf(): string {
  const dir = cacheDir();
  const wrapper = join(dir, 'pdfa-check');
  if (existsSync(wrapper)) return wrapper;
  mkdirSync(dir, { recursive: true });
  console.log('[verapdf] Resolving org.verapdf:validation-model-jakarta from Maven Central (first run only)…');
  const classpathFile = join(dir, 'classpath.txt');
  execFileSync(
    'mvn',
    ['-q', '-B', '-f', join(SOURCES, 'pom.xml'), 'dependency:build-classpath', `-Dmdep.outputFile=${classpathFile}`],
    { stdio: 'inherit' },
  );
  const classpath = readFileSync(classpathFile, 'utf8').trim();
  execFileSync('javac', ['-cp', classpath, '-d', join(dir, 'classes'), join(SOURCES, 'PdfaCheck.java')], {
    stdio: 'inherit',
  });
  // Written under another name and moved: a run killed mid-build leaves no wrapper that would be trusted.
  writeFileSync(
    `${wrapper}.partial`,
    `#!/bin/sh\nexec java -cp '${join(dir, 'classes')}:${classpath}' PdfaCheck "$@"\n`,
  );
  chmodSync(`${wrapper}.partial`, 0o755);
  renameSync(`${wrapper}.partial`, wrapper);
  return wrapper;
}

export interface PdfaVerdict {
  file: string;
  passed: boolean;
  /** veraPDF's words for each failed rule, with where it failed. */
  report: string;
}

/** Validates the files in one JVM (a few seconds, whatever their number). */
export async function validatePdfA(files: string[]): Promise<PdfaVerdict[]> {
  const wrapper = ensureVeraPdf();
  const output = await new Promise<string>((resolve, reject) => {
    execFile(wrapper, ['--flavour', '2b', ...files], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      // 1: a file does not conform; 2: one could not be read (its line says ERROR). Anything else is veraPDF's own.
      if (err && ![1, 2].includes((err as { code?: number }).code ?? -1))
        reject(new Error(`veraPDF failed: ${err.message}\n${stdout}`));
      else resolve(stdout);
    });
  });
  return files.map((file) => {
    const start = output.indexOf(`${file}: `);
    if (start < 0) return { file, passed: false, report: `veraPDF said nothing of ${file}:\n${output}` };
    const next = files.map((f) => output.indexOf(`${f}: `, start + 1)).filter((i) => i > start);
    const report = output.slice(start, next.length ? Math.min(...next) : undefined).trim();
    return { file, passed: report.startsWith(`${file}: PASS`), report };
  });
}

// What each cached workflow costs the worker depends on which modules its bundle instantiates per workflow: the
// reusable V8 context runs a workflow's modules once for each workflow, except those preloaded for the thread.
// These fail when workflow code imports the campaign schema again, or uses zod modules the thread does not share.
import { bundleWorkflowCode } from '@temporalio/worker';
import { bundleWorkflowsApart, WORKFLOW_CODE } from '../../worker/create-worker';

interface BundledModule {
  id: string;
  imports: string[];
}

/** Every module in the bundle, with the ids of the modules it imports. */
function bundledModules(code: string): BundledModule[] {
  const starts = [...code.matchAll(/^\/\*\*\*\/ "([^"]+)"/gm)];
  return starts.map((m, i) => {
    const body = code.slice(m.index, starts[i + 1]?.index ?? code.length);
    return {
      id: m[1]!,
      imports: [...body.matchAll(/__webpack_require__\(\/\*! [^*]+ \*\/ "([^"]+)"\)/g)].map((r) => r[1]!),
    };
  });
}

const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const reported: string[] = [];
let apartCode: string;
let modules: BundledModule[];

// The bundle the worker runs: built on a thread of its own, its report passed back to the logger given.
beforeAll(async () => {
  apartCode = (await bundleWorkflowsApart({ ...silent, info: (message: string) => void reported.push(message) })).code;
  modules = bundledModules(apartCode);
}, 60_000);

it('builds on its thread the same bundle as in this one, and reports it to the logger given', async () => {
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOW_CODE.workflowsPath,
    preloadModules: WORKFLOW_CODE.bundlerOptions.preloadModules,
    logger: silent,
  });
  expect(apartCode).toBe(code);
  expect(reported).toContain('Workflow bundle created');
}, 60_000);

it('keeps the campaign and statistics schemas out of the workflow bundle', () => {
  const ids = modules.map((m) => m.id);
  expect(ids).toContain('./kinds/registration-deadline/workflow.ts');
  expect(ids).not.toContain('./domain/campaign-schema.ts');
  expect(ids).not.toContain('./domain/statistics-schema.ts');
});

it('loads the zod modules that domain code uses through the preloaded, shared module', () => {
  const zodOf = (m: BundledModule) => m.imports.filter((id) => id.includes('/node_modules/zod/'));
  const usedByDomain = new Set(modules.filter((m) => m.id.startsWith('./domain/')).flatMap(zodOf));
  const preloaded = new Set(zodOf(modules.find((m) => m.id === './workflows/shared-modules.ts')!));
  expect(usedByDomain.size).toBeGreaterThan(0);
  expect([...usedByDomain].filter((id) => !preloaded.has(id))).toEqual([]);
});

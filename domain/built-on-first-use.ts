// Zod schemas that workflow code imports are built on first use, not at module load. The worker's reusable V8
// context instantiates a workflow's modules once per cached workflow, so a schema built at load is paid by every
// open task (measured: 1.4 MB per cached task workflow for these modules' schemas), though most tasks never
// validate anything. Memoised per module instance, so per workflow: deterministic, nothing shared.
export function builtOnFirstUse<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

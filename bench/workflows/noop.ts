// The launch benchmark's baseline: a workflow that does nothing, so starting and completing it costs only Temporal.
export async function noopWorkflow(): Promise<void> {
  return undefined;
}

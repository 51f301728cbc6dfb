// The memory bench's baseline: a workflow that holds a task's input and waits, with a query, and imports nothing
// of the product, so its cached cost is the SDK's alone.
import { condition, defineQuery, setHandler } from '@temporalio/workflow';

export const heldInputQuery = defineQuery<number>('heldInput');

export async function sleepingWorkflow(input: unknown): Promise<void> {
  setHandler(heldInputQuery, () => JSON.stringify(input).length);
  await condition(() => false, '30 days');
}

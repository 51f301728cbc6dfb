// Loaded once per workflow thread, before any workflow, and shared by every workflow the thread runs (the SDK's
// `preloadModules`; the worker sets it). Without it the reusable V8 context instantiates zod for each cached
// workflow: measured 560 KB per open task. Only modules without per-workflow state belong here, and the SDK
// freezes what they export, so anything they compute lazily into an export is computed here, before the freeze.
import { z } from 'zod';

// zod decides once, on the first object parse, whether it may compile parsers; that memo is an exported object.
z.object({ warm: z.coerce.number() }).safeParse({ warm: '1' });

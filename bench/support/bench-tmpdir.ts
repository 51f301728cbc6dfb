// Imported first by every bench: the bench's databases, outboxes, logs and servers live in a temporary folder of its
// own, removed when the bench's process exits however it ends (KEEP_TMP=1 keeps it). The country bench alone
// writes gigabytes there.
import { usePrivateTmpdirUntilExit } from '../../scripts/lib/private-tmpdir';

export const benchTmpdir = usePrivateTmpdirUntilExit('decree-bench-');

// Every jest run works in a temporary folder of its own (TMPDIR), removed by tmpdir-teardown.ts however the run
// ends: each project's global setup claims it (the same folder for all), the first teardown after the tests removes it.
import { claimPrivateTmpdir } from '../../scripts/lib/private-tmpdir';

export default function tmpdirSetup(): void {
  claimPrivateTmpdir('decree-tests-');
}

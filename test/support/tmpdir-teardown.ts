import { releasePrivateTmpdir } from '../../scripts/lib/private-tmpdir';

export default function tmpdirTeardown(): void {
  releasePrivateTmpdir();
}

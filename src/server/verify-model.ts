// Answers "verify model signature" requests. This build ships no offline signature verifier, so
// the answer says so plainly rather than guessing at a result.

import type { MlsecConfig } from '../core/config';
import type { WorkspaceIO } from '../core/workspace/io';
import type { VerifyModelResult } from './protocol';

export const VERIFICATION_UNAVAILABLE = 'model signature verification is not available in this build';

export async function verifyModel(io: WorkspaceIO, rel: string, _config: MlsecConfig): Promise<VerifyModelResult> {
  const st = await io.stat(rel);
  if (!st) return { available: true, verified: false, message: `${rel} does not exist.`, details: [] };
  return {
    available: false,
    verified: false,
    message: `mlsec: ${VERIFICATION_UNAVAILABLE}.`,
    details: [`${rel}: not checked (${VERIFICATION_UNAVAILABLE}).`],
  };
}

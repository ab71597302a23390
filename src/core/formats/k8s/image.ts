// Image references written in manifests, with template placeholders marked as unresolved.

import { makeImageRef } from '../../facts/image';
import type { ImageRef, Str } from '../../facts/model';

/** Placeholders of the templating systems found in manifests: Argo/KFP `{{…}}`, `$(VAR)`, `${VAR}`, `$VAR`, `{name}`. */
const PLACEHOLDER = /\{\{|\$\(|\$\{|\$[A-Za-z_]|\{[A-Za-z_][\w.-]*\}/;

/** An ImageRef for an image written in a manifest; `role` and `workloadId` say where it is used. */
export function imageRef(s: Str, role: ImageRef['role'], workloadId?: string): ImageRef {
  return makeImageRef(s, s.value.trim(), PLACEHOLDER.test(s.value), role, workloadId);
}

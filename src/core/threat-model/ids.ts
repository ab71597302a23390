// Stable identifiers for threat-model parts: hashes of what a part is (kind, name, URL, file),
// never of where it sits in a file, so ids survive edits elsewhere and reviewer decisions keyed
// by them stay attached.

import { createHash } from 'node:crypto';

/** `prefix-` and 12 hex digits of the SHA-256 of the parts joined with a separator that cannot occur in them. */
export function stableId(prefix: string, ...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p.replace(/\u0000/g, '')).update('\u0000');
  return `${prefix}-${h.digest('hex').slice(0, 12)}`;
}

/** A UUID-shaped identifier derived from any stable id (Threat Dragon cells use UUIDs). */
export function uuidFromId(id: string): string {
  const hex = createHash('sha256').update(id).digest('hex');
  // Version 5 and the RFC 4122 variant, so tools that check the shape accept it.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

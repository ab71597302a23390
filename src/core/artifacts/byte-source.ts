// The narrow byte input the model scanners read through: a size and ranges of bytes. A workspace
// file is one (WorkspaceIO); so is an archive entry decompressed into memory, which lets a model
// file carried inside a zip be scanned by the same code as one on disk.

import type { FileStat } from '../workspace/io';

export interface ByteSource {
  /** Undefined when the path is absent. */
  stat(rel: string): Promise<FileStat | undefined>;
  /** Reads at most `length` bytes from `position`. */
  readRange(rel: string, position: number, length: number): Promise<Buffer>;
}

/** One file held in memory, under the name `name`, as a byte source. */
export function memorySource(name: string, bytes: Buffer): ByteSource {
  return {
    stat: (rel) => Promise.resolve(rel === name ? { size: bytes.length, mtimeMs: 0, isFile: true, isDirectory: false } : undefined),
    readRange: (rel, position, length) => {
      if (rel !== name) return Promise.reject(new Error(`no entry named ${rel}`));
      const from = Math.min(Math.max(0, position), bytes.length);
      return Promise.resolve(bytes.subarray(from, Math.min(bytes.length, from + Math.max(0, length))));
    },
  };
}

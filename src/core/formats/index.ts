// The format reader registry, in the order readers are consulted.

import type { FormatReader } from './reader';
import { modelFileReader } from './model-file';
import { sigstoreBundleReader } from './sigstore-bundle';

export const readers: FormatReader[] = [
  modelFileReader,
  sigstoreBundleReader,
];

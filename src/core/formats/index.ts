// The format reader registry, in the order readers are consulted.

import { dockerfileReader } from './dockerfile/reader';
import type { FormatReader } from './reader';
import { modelFileReader } from './model-file';
import { sigstoreBundleReader } from './sigstore-bundle';

export const readers: FormatReader[] = [
  dockerfileReader,
  modelFileReader,
  sigstoreBundleReader,
];

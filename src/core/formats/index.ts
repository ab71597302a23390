// The format reader registry, in the order readers are consulted.

import { dockerfileReader } from './dockerfile/reader';
import type { FormatReader } from './reader';

export const readers: FormatReader[] = [dockerfileReader];

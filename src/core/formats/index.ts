// The format reader registry, in the order readers are consulted.

import type { FormatReader } from './reader';

export const readers: FormatReader[] = [];

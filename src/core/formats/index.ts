// The format reader registry, in the order readers are consulted.

import type { FormatReader } from './reader';
import { k8sReader } from './k8s/reader';

export const readers: FormatReader[] = [k8sReader];

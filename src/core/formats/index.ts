// The format reader registry, in the order readers are consulted.

import { dockerfileReader } from './dockerfile/reader';
import type { FormatReader } from './reader';
import { k8sReader } from './k8s/reader';

export const readers: FormatReader[] = [dockerfileReader, k8sReader];

// The format reader registry, in the order readers are consulted.

import type { FormatReader } from './reader';
import { dvcReader } from './dvc/reader';
import { mlflowReader, requirementsReader } from './mlflow/reader';

export const readers: FormatReader[] = [];
readers.push(dvcReader, mlflowReader, requirementsReader);

// The format reader registry, in the order readers are consulted.

import { dockerfileReader } from './dockerfile/reader';
import { k8sReader } from './k8s/reader';
import { modelFileReader } from './model-file';
import type { FormatReader } from './reader';
import { sigstoreBundleReader } from './sigstore-bundle';
import { dvcReader } from './dvc/reader';
import { mlflowReader, requirementsReader } from './mlflow/reader';
import { pythonReader } from './python/reader';
import { feastReader } from './feast/reader';
import { composeReader } from './compose/reader';
import { ciReader } from './ci/reader';

export const readers: FormatReader[] = [
  dockerfileReader,
  k8sReader,
  modelFileReader,
  sigstoreBundleReader,
  dvcReader,
  mlflowReader,
  requirementsReader,
  pythonReader,
  feastReader,
  composeReader,
  ciReader,
];

// Well-formed image digests and digest-pinned base images shared by the Dockerfile rule tables.

export const PYTHON_DIGEST = 'sha256:11a4a60b518bf24989d481468076e5d5982884626aed9faeb35b8576fcd223e1';
export const PYTORCH_DIGEST = 'sha256:e8795e623be803af131a2cd6e0598bc9d7f69b44d23a261d2d389a312f3df9ac';
export const CUDA_DIGEST = 'sha256:e636c973d999a634277daa3a43db4adb0e7fde4ef22d47c8e833adb29bd2e99f';
export const DISTROLESS_DIGEST = 'sha256:ea3e6869841f102bdb95fc7358ad94097770136193d88ac06a56a1c5a318d613';

/** Base images pinned to a digest, so tables of other rules do not also trip unpinned-image. */
export const PYTHON = `python:3.11-slim@${PYTHON_DIGEST}`;
export const PYTORCH = `pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime@${PYTORCH_DIGEST}`;
export const CUDA = `nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04@${CUDA_DIGEST}`;
export const DISTROLESS = `gcr.io/distroless/python3-debian12:nonroot@${DISTROLESS_DIGEST}`;

/** Joins lines with CRLF, for files written on Windows. */
export function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

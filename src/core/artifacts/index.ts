// The model-artifact API: scanning model files and verifying signatures, for the readers, the
// enrichers, the CLI and the editor (whose path verification, which runs the signature rules, is
// in ../verify-model.ts).

export { scanModelFile, hazards, hazardLines, isModelFileName } from './model-scan';
export type { ModelScan, Hazard, ContentFormat } from './model-scan';
export { scanPickleBuffer, pickleParser } from './pickle';
export type { PickleScan, PickleGlobal } from './pickle';
export { classifyGlobal } from './pickle-globals';
export { verifySignature, verifySignatureFile, findSignaturesFor, formatResult, describeSigner } from './signature';
export type { VerifyRequest, VerifyResult, SignatureLocation } from './signature';
export { loadTrustPolicy, emptyTrust, parsePublicKeys, parseCertificates } from './signature-trust';
export type { Trust } from './signature-trust';

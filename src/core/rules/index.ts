// The rule registry: every rule module, in catalog order. A test checks that ids, file names,
// documentation pages and test tables agree with this list.

import unpinnedImage from './supply-chain/unpinned-image';
import unpinnedPackage from './supply-chain/unpinned-package';
import extraIndexUrl from './supply-chain/extra-index-url';
import remoteScriptExecution from './supply-chain/remote-script-execution';
import unverifiedDownload from './supply-chain/unverified-download';
import packageSignatureBypass from './supply-chain/package-signature-bypass';
import hardcodedCredential from './secrets/hardcoded-credential';
import buildArgSecret from './secrets/build-arg-secret';
import credentialFileInImage from './secrets/credential-file-in-image';
import broadBuildContext from './secrets/broad-build-context';
import tlsVerificationDisabled from './transport/tls-verification-disabled';
import plaintextHttp from './transport/plaintext-http';
import runtimePackageInstall from './supply-chain/runtime-package-install';
import runsAsRoot from './container/runs-as-root';
import privileged from './container/privileged';
import privilegeEscalation from './container/privilege-escalation';
import hostNamespace from './container/host-namespace';
import hostPathMount from './container/host-path-mount';
import dangerousCapabilities from './container/dangerous-capabilities';
import writableRootFilesystem from './container/writable-root-filesystem';
import missingResourceLimits from './container/missing-resource-limits';
import defaultServiceAccount from './container/default-service-account';
import unconfinedSeccomp from './container/unconfined-seccomp';
import serviceAccountTokenAutomount from './container/service-account-token-automount';
import unauthenticatedMlService from './serving/unauthenticated-ml-service';
import stageNotLocked from './provenance/stage-not-locked';
import lockMismatch from './provenance/lock-mismatch';
import unpinnedDataImport from './supply-chain/unpinned-data-import';
import modelWithoutInputSchema from './serving/model-without-input-schema';
import type { Rule } from './rule';
import modelUnsafeDeserialization from './model/unsafe-deserialization';
import modelPickleFormat from './model/pickle-format';
import modelSignatureInvalid from './model/signature-invalid';
import modelUnsignedModel from './model/unsigned-model';
import modelUnsafeLoadCall from './model/unsafe-load-call';
import modelUnfetchedLfsPointer from './model/unfetched-lfs-pointer';
import remoteCodeOnLoad from './supply-chain/remote-code-on-load';
import unpinnedModelDownload from './supply-chain/unpinned-model-download';
import unsafeYamlLoad from './injection/unsafe-yaml-load';
import parameterInShell from './injection/parameter-in-shell';
import publicInferenceEndpoint from './serving/public-inference-endpoint';

export const rules: Rule[] = [
  unpinnedImage,
  unpinnedPackage,
  extraIndexUrl,
  remoteScriptExecution,
  unverifiedDownload,
  packageSignatureBypass,
  runtimePackageInstall,
  hardcodedCredential,
  buildArgSecret,
  credentialFileInImage,
  broadBuildContext,
  tlsVerificationDisabled,
  plaintextHttp,
  runsAsRoot,
  privileged,
  privilegeEscalation,
  hostNamespace,
  hostPathMount,
  dangerousCapabilities,
  writableRootFilesystem,
  missingResourceLimits,
  defaultServiceAccount,
  unconfinedSeccomp,
  serviceAccountTokenAutomount,
  unauthenticatedMlService,
  modelUnsafeDeserialization,
  modelPickleFormat,
  modelSignatureInvalid,
  modelUnsignedModel,
  modelUnfetchedLfsPointer,
  unpinnedDataImport,
  modelWithoutInputSchema,
  stageNotLocked,
  lockMismatch,
  modelUnsafeLoadCall,
  remoteCodeOnLoad,
  unpinnedModelDownload,
  unsafeYamlLoad,
  parameterInShell,
  publicInferenceEndpoint,
];

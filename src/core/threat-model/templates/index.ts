// The threat template catalogue: one module per template, named after its id
// (`<family>/<name>.ts` for `<family>.<name>`), listed in evaluation order, which is also the
// order threats of one target are listed in: STRIDE per element and flow, supply chain, data,
// models, inference endpoints, the host, and privacy. Tests check that every module is listed,
// every rule a template names is a real rule, and every template has a table row.

import strideProcessSpoofing from './stride-process/spoofing';
import strideProcessTampering from './stride-process/tampering';
import strideProcessRepudiation from './stride-process/repudiation';
import strideProcessInformationDisclosure from './stride-process/information-disclosure';
import strideProcessDenialOfService from './stride-process/denial-of-service';
import strideProcessElevationOfPrivilege from './stride-process/elevation-of-privilege';
import strideExternalSpoofing from './stride-external/spoofing';
import strideExternalRepudiation from './stride-external/repudiation';
import strideStoreTampering from './stride-store/tampering';
import strideStoreRepudiation from './stride-store/repudiation';
import strideStoreInformationDisclosure from './stride-store/information-disclosure';
import strideStoreDenialOfService from './stride-store/denial-of-service';
import strideFlowTampering from './stride-flow/tampering';
import strideFlowInformationDisclosure from './stride-flow/information-disclosure';
import strideFlowDenialOfService from './stride-flow/denial-of-service';
import supplyChainImageSubstitution from './supply-chain/image-substitution';
import supplyChainMaliciousPackage from './supply-chain/malicious-package';
import supplyChainUnverifiedDownload from './supply-chain/unverified-download';
import mlTrainingDataPoisoning from './ml/training-data-poisoning';
import mlDataSourcePoisoning from './ml/data-source-poisoning';
import mlModelStoreTampering from './ml/model-store-tampering';
import mlModelHandoverTampering from './ml/model-handover-tampering';
import mlUnsafeDeserialization from './ml/unsafe-deserialization';
import mlInputManipulation from './ml/input-manipulation';
import mlModelExtraction from './ml/model-extraction';
import mlMembershipInference from './ml/membership-inference';
import mlInferenceDos from './ml/inference-dos';
import containerHostEscape from './container/host-escape';
import linddunLinkability from './linddun/linkability';
import linddunIdentifiability from './linddun/identifiability';
import linddunNonRepudiation from './linddun/non-repudiation';
import linddunDetectability from './linddun/detectability';
import linddunDisclosureOfInformation from './linddun/disclosure-of-information';
import linddunUnawareness from './linddun/unawareness';
import linddunNonCompliance from './linddun/non-compliance';
import type { ThreatTemplate } from './template';

export const TEMPLATES: readonly ThreatTemplate[] = [
  strideProcessSpoofing,
  strideProcessTampering,
  strideProcessRepudiation,
  strideProcessInformationDisclosure,
  strideProcessDenialOfService,
  strideProcessElevationOfPrivilege,
  strideExternalSpoofing,
  strideExternalRepudiation,
  strideStoreTampering,
  strideStoreRepudiation,
  strideStoreInformationDisclosure,
  strideStoreDenialOfService,
  strideFlowTampering,
  strideFlowInformationDisclosure,
  strideFlowDenialOfService,
  supplyChainImageSubstitution,
  supplyChainMaliciousPackage,
  supplyChainUnverifiedDownload,
  mlTrainingDataPoisoning,
  mlDataSourcePoisoning,
  mlModelStoreTampering,
  mlModelHandoverTampering,
  mlUnsafeDeserialization,
  mlInputManipulation,
  mlModelExtraction,
  mlMembershipInference,
  mlInferenceDos,
  containerHostEscape,
  linddunLinkability,
  linddunIdentifiability,
  linddunNonRepudiation,
  linddunDetectability,
  linddunDisclosureOfInformation,
  linddunUnawareness,
  linddunNonCompliance,
];

/** Every rule id some template turns into an open threat. */
export function templatedRuleIds(): Set<string> {
  return new Set(TEMPLATES.flatMap((t) => t.rules));
}

export type { AnyTemplate, ElementTemplate, FlowTemplate, ThreatTemplate } from './template';

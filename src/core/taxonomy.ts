// Names and links of the taxonomy ids rules carry (STRIDE, MITRE ATLAS, OWASP ML Top 10), for
// documentation pages and reports.

import type { Stride } from './model';

export const STRIDE_NAMES: Record<Stride, string> = {
  S: 'Spoofing',
  T: 'Tampering',
  R: 'Repudiation',
  I: 'Information disclosure',
  D: 'Denial of service',
  E: 'Elevation of privilege',
};

/** MITRE ATLAS techniques the catalog uses, with their ATLAS data v5 names. */
export const ATLAS_NAMES: Record<string, string> = {
  'AML.T0010': 'AI Supply Chain Compromise',
  'AML.T0010.001': 'AI Supply Chain Compromise: AI Software',
  'AML.T0010.002': 'AI Supply Chain Compromise: Data',
  'AML.T0010.003': 'AI Supply Chain Compromise: Model',
  'AML.T0010.004': 'AI Supply Chain Compromise: Container Registry',
  'AML.T0011': 'User Execution',
  'AML.T0011.000': 'User Execution: Unsafe AI Artifacts',
  'AML.T0011.001': 'User Execution: Malicious Package',
  'AML.T0012': 'Valid Accounts',
  'AML.T0018': 'Manipulate AI Model',
  'AML.T0018.002': 'Manipulate AI Model: Embed Malware',
  'AML.T0020': 'Poison Training Data',
  'AML.T0024': 'Exfiltration via AI Inference API',
  'AML.T0029': 'Denial of AI Service',
  'AML.T0034': 'Cost Harvesting',
  'AML.T0040': 'AI Model Inference API Access',
  'AML.T0043': 'Craft Adversarial Data',
  'AML.T0049': 'Exploit Public-Facing Application',
  'AML.T0050': 'Command and Scripting Interpreter',
  'AML.T0055': 'Unsecured Credentials',
  'AML.T0105': 'Escape to Host',
};

/** OWASP Machine Learning Security Top 10 (2023). */
export const OWASP_ML_NAMES: Record<string, string> = {
  ML01: 'Input Manipulation Attack',
  ML02: 'Data Poisoning Attack',
  ML03: 'Model Inversion Attack',
  ML04: 'Membership Inference Attack',
  ML05: 'Model Theft',
  ML06: 'AI Supply Chain Attacks',
  ML07: 'Transfer Learning Attack',
  ML08: 'Model Skewing',
  ML09: 'Output Integrity Attack',
  ML10: 'Model Poisoning',
};

export const OWASP_ML_URL = 'https://owasp.org/www-project-machine-learning-security-top-10/';

/** The canonical form of an ATLAS id: the catalog writes both `T0010.004` and `AML.T0010.004`. */
export function atlasId(id: string): string {
  return /^T\d{4}/.test(id) ? `AML.${id}` : id;
}

export function atlasName(id: string): string | undefined {
  return ATLAS_NAMES[atlasId(id)];
}

export function atlasUrl(id: string): string {
  return `https://atlas.mitre.org/techniques/${atlasId(id)}`;
}

export function owaspName(id: string): string | undefined {
  return OWASP_ML_NAMES[id];
}

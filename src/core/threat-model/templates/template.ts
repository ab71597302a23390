// The shape of a threat template: typed predicates over elements and flows (which targets a
// threat applies to), the rules whose findings make it concrete, the controls that mitigate it,
// and the metadata a reviewer needs; plus the predicates several template families share. Each
// template is one module, `<family>/<name>.ts` for the id `<family>.<name>`.
// Template ids are stable forever: reviewer decisions are keyed by hashes of them.

import type { Severity, Stride } from '../../model';
import type { ControlKind, Element, Flow, Linddun } from '../model';
import type { ModelView, Target } from '../view';

export interface TemplateBase {
  id: string;
  description: string;
  impact: string;
  mitigation: string;
  /** How mlsec decides the threat applies and what makes it open or mitigated. */
  detection: string;
  falsePositives: string;
  stride: Stride[];
  linddun?: Linddun[];
  atlas: string[];
  owasp: string[];
  cwe: string[];
  references: string[];
  /** Rule ids whose findings on the target make the threat open. */
  rules: string[];
  /** Any one group of control kinds, all present on the target, mitigates the threat. */
  mitigatedBy: ControlKind[][];
}

export interface ElementTemplate extends TemplateBase {
  target: 'element';
  match(e: Element, v: ModelView): boolean;
  title(e: Element, v: ModelView): string;
  severity(e: Element, v: ModelView): Severity;
  /** A reason the controls are not enough, which keeps the threat from counting as mitigated. */
  blocked?(e: Element, v: ModelView): string | undefined;
}

export interface FlowTemplate extends TemplateBase {
  target: 'flow';
  match(f: Flow, v: ModelView): boolean;
  title(f: Flow, v: ModelView): string;
  severity(f: Flow, v: ModelView): Severity;
  blocked?(f: Flow, v: ModelView): string | undefined;
}

export interface AnyTemplate extends TemplateBase {
  target: 'any';
  match(t: Target, v: ModelView): boolean;
  title(t: Target, v: ModelView): string;
  severity(t: Target, v: ModelView): Severity;
  blocked?(t: Target, v: ModelView): string | undefined;
}

export type ThreatTemplate = ElementTemplate | FlowTemplate | AnyTemplate;

/** The module of a template, from the repository root: `<family>/<name>.ts` for the id `<family>.<name>` (earlier dots become dashes). */
export function templateModulePath(id: string): string {
  const parts = id.split('.');
  return `src/core/threat-model/templates/${parts.slice(0, -1).join('-')}/${parts[parts.length - 1]}.ts`;
}

/** Declares a template in its own module; the `target` field types the predicates. */
export function defineTemplate(t: ThreatTemplate): ThreatTemplate {
  return t;
}

export const SERVICE_ROLES = new Set(['inference-service', 'tracking-server', 'notebook', 'ml-service']);
export const SUPPLIER_ROLES = new Set(['package-index', 'container-registry', 'model-hub', 'dataset-source', 'web-source', 'git-repository', 'third-party-service']);
export const ATLAS = 'https://atlas.mitre.org/techniques/';
export const OWASP_ML = 'https://owasp.org/www-project-machine-learning-security-top-10/docs/';
export const LINDDUN_REF = 'https://linddun.org/threat-types/';

export const hasHostAccess = (e: Element) => (e.properties.privileged ? 'the container is privileged' : e.properties.hostAccess ? 'the pod shares host namespaces or mounts a host path' : undefined);
export const fromOutside = (f: Flow, v: ModelView) => v.elements.get(f.source)?.kind === 'external-entity' || f.crosses.length > 0;
export const modelFlow = (f: Flow, v: ModelView) =>
  v.carries(f, 'model') && (f.kind === 'model-load' || f.kind === 'model-publish' || f.kind === 'artifact-handover' || f.kind === 'download' || f.kind === 'data-read');

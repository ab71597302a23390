// A CycloneDX 1.6 ML bill of materials built from a project's provenance and facts: models with
// a model card skeleton, datasets with their recorded hashes, container images, pinned Python
// packages, lineage as dependencies, and tracking/inference endpoints as services.
// Output is deterministic: the same project gives the same bytes.

import { createHash } from 'node:crypto';
import type { Facts } from '../facts/model';
import { isDigest } from '../facts/image';
import type { ArtifactRecord, ProvenanceReport } from '../provenance/lineage';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json | undefined };

export interface CdxProperty {
  name: string;
  value: string;
}

export interface CdxComponent {
  'bom-ref': string;
  type: 'machine-learning-model' | 'data' | 'file' | 'container' | 'library' | 'application';
  name: string;
  version?: string;
  purl?: string;
  hashes?: { alg: 'MD5' | 'SHA-256'; content: string }[];
  data?: { type: 'dataset' | 'other' | 'source-code' | 'configuration'; name: string; contents?: { url: string } }[];
  modelCard?: {
    modelParameters: { datasets: { ref: string }[] };
    considerations: Record<string, never>;
    properties?: CdxProperty[];
  };
  properties?: CdxProperty[];
}

export interface CdxService {
  'bom-ref': string;
  name: string;
  endpoints?: string[];
  authenticated?: boolean;
  properties?: CdxProperty[];
}

export interface CdxBom {
  $schema: string;
  bomFormat: 'CycloneDX';
  specVersion: '1.6';
  serialNumber: string;
  version: 1;
  metadata: {
    timestamp?: string;
    tools: { components: { type: 'application'; name: string; version: string }[] };
    component: { 'bom-ref': string; type: 'application'; name: string };
  };
  components: CdxComponent[];
  services: CdxService[];
  dependencies: { ref: string; dependsOn: string[] }[];
}

export interface BomOptions {
  /** Name of the project (the metadata component). */
  projectName: string;
  toolVersion: string;
  /** An ISO 8601 timestamp to record; none is written unless given. */
  timestamp?: string;
}

const HEX_MD5 = /^[0-9a-f]{32}$/;

function byRef<T extends { 'bom-ref': string }>(a: T, b: T): number {
  return a['bom-ref'] < b['bom-ref'] ? -1 : a['bom-ref'] > b['bom-ref'] ? 1 : 0;
}

function artifactRef(path: string): string {
  return `artifact:${path}`;
}

/** A package URL for a PyPI package (name normalised as PEP 503 and the purl spec ask). */
export function pypiPurl(name: string, version: string): string {
  return `pkg:pypi/${encodeURIComponent(name.toLowerCase().replace(/[-_.]+/g, '-'))}@${encodeURIComponent(version)}`;
}

/** A package URL for an OCI image: the digest is the version, the repository a qualifier. */
export function ociPurl(registry: string | undefined, repository: string, tag: string | undefined, digest: string | undefined): string {
  const name = repository.split('/').pop() ?? repository;
  const qualifiers = [`repository_url=${encodeURIComponent(`${registry ?? 'docker.io'}/${repository}`)}`, ...(tag ? [`tag=${encodeURIComponent(tag)}`] : [])];
  return `pkg:oci/${encodeURIComponent(name)}${digest ? `@${encodeURIComponent(digest)}` : ''}?${qualifiers.join('&')}`;
}

function artifactComponent(a: ArtifactRecord, datasets: string[], projectName: string): CdxComponent {
  const props: CdxProperty[] = [];
  const hashes: CdxComponent['hashes'] = [];
  for (const r of a.records) {
    // Only the md5 of a file's bytes is a content hash; DVC's `.dir` value hashes a listing.
    if (r.md5 && HEX_MD5.test(r.md5) && r.hashName === 'md5' && !hashes.some((h) => h.content === r.md5)) hashes.push({ alg: 'MD5', content: r.md5 });
    if (r.md5 && HEX_MD5.test(r.md5) && r.hashName === 'md5-dos2unix') props.push({ name: 'mlsec:dvc:md5-dos2unix', value: r.md5 });
    if (r.md5?.endsWith('.dir')) props.push({ name: 'mlsec:dvc:dir-md5', value: r.md5 });
    if (r.etag) props.push({ name: 'mlsec:dvc:etag', value: r.etag });
    if (r.checksum) props.push({ name: 'mlsec:dvc:checksum', value: r.checksum });
    if (r.size !== undefined) props.push({ name: 'mlsec:dvc:size', value: String(r.size) });
    if (r.nfiles !== undefined) props.push({ name: 'mlsec:dvc:nfiles', value: String(r.nfiles) });
    props.push({ name: 'mlsec:dvc:recorded-in', value: r.stage ? `${r.recordedIn}#${r.stage}` : r.recordedIn });
  }
  props.push({ name: 'mlsec:workspace-status', value: a.status });
  for (const at of a.attestations ?? []) props.push({ name: at.role === 'output' ? 'mlsec:attestation' : 'mlsec:attestation-dependency', value: at.file });
  if (a.importedFrom?.repo) props.push({ name: 'mlsec:dvc:import-repo', value: a.importedFrom.repo });
  if (a.importedFrom?.revLock) props.push({ name: 'mlsec:dvc:import-rev-lock', value: a.importedFrom.revLock });
  const unique = props.filter((p, i) => props.findIndex((q) => q.name === p.name && q.value === p.value) === i);
  // An MLmodel at the project root describes the project's model directory itself.
  const base = { 'bom-ref': artifactRef(a.path), name: a.path === '.' ? projectName : a.path, ...(hashes.length ? { hashes } : {}), properties: unique };
  if (a.kind === 'model') {
    const cardProps: CdxProperty[] = [];
    if (a.mlflow?.runId) cardProps.push({ name: 'mlflow:run_id', value: a.mlflow.runId });
    if (a.mlflow?.modelUuid) cardProps.push({ name: 'mlflow:model_uuid', value: a.mlflow.modelUuid });
    if (a.mlflow) cardProps.push({ name: 'mlflow:flavors', value: a.mlflow.flavors.join(',') }, { name: 'mlflow:signature', value: String(a.mlflow.signature) });
    return {
      ...base,
      type: 'machine-learning-model',
      modelCard: {
        modelParameters: { datasets: datasets.map((ref) => ({ ref })) },
        considerations: {},
        ...(cardProps.length ? { properties: cardProps } : {}),
      },
    };
  }
  if (a.kind === 'code' || a.kind === 'params') return { ...base, type: 'file' };
  const external = a.kind === 'external' && /^[a-z][\w+.-]*:\/\//i.test(a.path);
  return {
    ...base,
    type: 'data',
    data: [{ type: a.kind === 'metrics' ? 'other' : 'dataset', name: a.path, ...(external ? { contents: { url: a.path.split('#')[0] } } : {}) }],
  };
}

/** The data artifacts a model was derived from, following the lineage upstream. */
function upstreamDatasets(report: ProvenanceReport, path: string): string[] {
  const stages = new Map(report.stages.map((s) => [s.id, s]));
  const artifacts = new Map(report.artifacts.map((a) => [a.path, a]));
  const seen = new Set<string>([path]);
  const out = new Set<string>();
  const queue = [path];
  while (queue.length) {
    const p = queue.shift()!;
    const producer = artifacts.get(p)?.producedBy;
    const stage = producer ? stages.get(producer) : undefined;
    for (const input of stage?.inputs ?? []) {
      if (seen.has(input)) continue;
      seen.add(input);
      const kind = artifacts.get(input)?.kind ?? 'external';
      if (kind === 'data' || kind === 'external') out.add(artifactRef(input));
      queue.push(input);
    }
  }
  return [...out].sort();
}

function canonical(value: Json | undefined): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** A UUID (RFC 9562 version 8, name-based) from the SHA-256 of the BOM's content. */
export function contentSerial(content: string): string {
  const h = createHash('sha256').update(content).digest();
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `urn:uuid:${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

type Components = Map<string, CdxComponent>;

/** The artifacts of the provenance report, and the stage inputs no record describes. */
function addProvenanceComponents(components: Components, report: ProvenanceReport, projectName: string): void {
  const artifacts = new Map(report.artifacts.map((a) => [a.path, a]));
  for (const a of report.artifacts) {
    const c = artifactComponent(a, a.kind === 'model' ? upstreamDatasets(report, a.path) : [], projectName);
    components.set(c['bom-ref'], c);
  }
  // Stage inputs that no record describes (imported sources, remote URLs) still take part in the lineage.
  for (const s of report.stages) {
    for (const input of s.inputs) {
      if (artifacts.has(input) || components.has(artifactRef(input))) continue;
      components.set(artifactRef(input), artifactComponent({ path: input, kind: 'external', consumedBy: [s.id], records: [], status: 'unrecorded' }, [], projectName));
    }
  }
}

/** Models the readers found that the provenance report does not already list. */
function addModelComponents(components: Components, facts: Facts): void {
  for (const m of facts.models) {
    if (components.has(artifactRef(m.path))) continue;
    components.set(artifactRef(m.path), {
      'bom-ref': artifactRef(m.path),
      type: 'machine-learning-model',
      name: m.path,
      modelCard: { modelParameters: { datasets: [] }, considerations: {} },
      properties: [...(m.serialization ? [{ name: 'mlsec:serialization', value: m.serialization }] : []), ...(m.flavor ? [{ name: 'mlflow:flavor', value: m.flavor }] : [])],
    });
  }
}

/** Container images with a known name, and pip packages pinned to a version. */
function addDependencyComponents(components: Components, facts: Facts): void {
  for (const img of facts.images) {
    if (img.unresolved) continue;
    const digest = isDigest(img.digest) ? img.digest : undefined;
    const purl = ociPurl(img.registry, img.repository, img.tag, digest);
    if (components.has(purl)) continue;
    components.set(purl, {
      'bom-ref': purl,
      type: 'container',
      name: `${img.registry ? `${img.registry}/` : ''}${img.repository}`,
      ...(img.tag ? { version: img.tag } : {}),
      purl,
      ...(digest?.startsWith('sha256:') ? { hashes: [{ alg: 'SHA-256' as const, content: digest.slice(7) }] } : {}),
      properties: [{ name: 'mlsec:image-role', value: img.role }],
    });
  }
  for (const inst of facts.packageInstalls) {
    if (inst.manager !== 'pip' && inst.manager !== 'uv') continue;
    for (const p of inst.packages) {
      if (p.kind !== 'name' || !p.pinnedVersion) continue;
      const purl = pypiPurl(p.name, p.pinnedVersion);
      if (!components.has(purl))
        components.set(purl, { 'bom-ref': purl, type: 'library', name: p.name, version: p.pinnedVersion, purl, properties: [{ name: 'mlsec:declared-in', value: p.loc.file }] });
    }
  }
}

/** Tracking servers the workspace names and the ML services it launches. */
function bomServices(facts: Facts): CdxService[] {
  const services = new Map<string, CdxService>();
  for (const u of facts.urls) {
    if (u.role !== 'tracking-server') continue;
    const ref = `service:${u.url.value}`;
    services.set(ref, { 'bom-ref': ref, name: 'ML tracking server', endpoints: [u.url.value], properties: [{ name: 'mlsec:declared-in', value: u.url.loc.file }] });
  }
  for (const s of facts.services) {
    const ref = `service:${s.service}:${s.loc.file}:${s.loc.start}`;
    services.set(ref, {
      'bom-ref': ref,
      name: s.service,
      authenticated: s.authenticated,
      properties: [{ name: 'mlsec:declared-in', value: s.loc.file }, ...(s.bind !== undefined ? [{ name: 'mlsec:bind', value: s.bind || 'all interfaces' }] : [])],
    });
  }
  return [...services.values()].sort(byRef);
}

/** Each stage output depends on the stage's inputs. */
function bomDependencies(report: ProvenanceReport): { ref: string; dependsOn: string[] }[] {
  const deps = new Map<string, Set<string>>();
  for (const s of report.stages) {
    for (const out of s.outputs) {
      const set = deps.get(artifactRef(out)) ?? new Set<string>();
      for (const input of s.inputs) set.add(artifactRef(input));
      deps.set(artifactRef(out), set);
    }
  }
  return [...deps.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([ref, set]) => ({ ref, dependsOn: [...set].sort() }));
}

/** Builds the ML-BOM. */
export function buildMlBom(report: ProvenanceReport, facts: Facts, options: BomOptions): CdxBom {
  const components: Components = new Map();
  addProvenanceComponents(components, report, options.projectName);
  addModelComponents(components, facts);
  addDependencyComponents(components, facts);
  const body = {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX' as const,
    specVersion: '1.6' as const,
    serialNumber: '',
    version: 1 as const,
    metadata: {
      ...(options.timestamp ? { timestamp: options.timestamp } : {}),
      tools: { components: [{ type: 'application' as const, name: 'mlsec', version: options.toolVersion }] },
      component: { 'bom-ref': 'project', type: 'application' as const, name: options.projectName },
    },
    components: [...components.values()].sort(byRef),
    services: bomServices(facts),
    dependencies: bomDependencies(report),
  };
  body.serialNumber = contentSerial(canonical({ ...body, serialNumber: undefined } as unknown as Json));
  return body;
}

/** The BOM as the bytes `mlsec bom` writes. */
export function serializeBom(bom: CdxBom): string {
  return `${JSON.stringify(bom, null, 2)}\n`;
}

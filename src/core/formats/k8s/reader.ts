// The format reader for Kubernetes-shaped YAML: Kubernetes workloads, Argo Workflows, Kubeflow
// Pipelines (IR and v1 components), KServe, Seldon, Kubeflow training/tuning/notebook and Ray
// resources. It recognises documents by content and returns one parsed document per resource.

import type { Node } from 'yaml';
import type { ParsedDocument } from '../../document';
import { emptyFacts } from '../../facts/model';
import type { Problem } from '../../model';
import type { SourceFile } from '../../source';
import type { FormatReader } from '../reader';
import { AliasLimitError, type YamlDoc } from '../yaml/nodes';
import { parseYaml } from '../yaml/parse';
import { readArgo } from './argo';
import { classify, isHelmTemplate, KNOWN_KINDS, looksLikeManifest, mayBeManifest, type Classified } from './detect';
import { FactsBuilder } from './facts';
import { readKfpComponent, readKfpPipeline, readKfpPlatform } from './kfp';
import { readKatib, readKubernetes, readNotebook, readPersistentVolume, readRay, readServiceAccount, readTrainer, readTrainingJob, type ResourceCtx } from './resources';
import { readKserve, readSeldon } from './serving';
import { readStrimzi } from './strimzi';
import { readNetwork } from './network';
import { addConnectionFacts } from '../../facts/connections';
import { readConfigData } from './config-data';
import { appendAll } from '../../collections';
import { checkBudget } from '../../workspace/budget';

/** The AST kept on each parsed document: the YAML document and what it was recognised as. */
export interface K8sAst {
  yaml: YamlDoc;
  docIndex: number;
  cls: Classified;
}

/** Reads a resource (possibly nested) with the reader of its kind. */
function dispatch(b: FactsBuilder, node: Node, cls: Classified, path: string, depth = 0): string[] {
  if (depth > 8) return [];
  const rc: ResourceCtx = { b, node, cls, path, dispatch: (n, c, p) => dispatch(b, n, c, p, depth + 1) };
  switch (cls.format) {
    case 'argo':
      return readArgo(rc);
    case 'kserve':
      return readKserve(rc);
    case 'seldon':
      return readSeldon(rc);
    case 'kfp':
      return cls.kind === 'PipelineSpec' ? readKfpPipeline(rc) : cls.kind === 'PlatformSpec' ? readKfpPlatform(rc) : readKfpComponent(rc);
    case 'kubeflow-training':
      if (cls.kind === 'Experiment') return readKatib(rc);
      if (cls.kind === 'Notebook') return readNotebook(rc);
      if (/^(TrainJob|TrainingRuntime|ClusterTrainingRuntime)$/.test(cls.kind)) return readTrainer(rc);
      return readTrainingJob(rc);
    default:
      if (/^Ray/.test(cls.kind)) return readRay(rc);
      if (cls.apiVersion?.startsWith('kafka.strimzi.io/')) return readStrimzi(rc);
      if (cls.network) return readNetwork(rc);
      if (cls.kind === 'Secret' || cls.kind === 'ConfigMap') return readConfigData(rc);
      if (cls.kind === 'PersistentVolume') return readPersistentVolume(rc);
      if (cls.kind === 'ServiceAccount') return readServiceAccount(rc);
      // A trial template of another family (a Job inside a Katib Experiment) arrives here too.
      if (cls.apiVersion?.startsWith('argoproj.io/')) return readArgo(rc);
      return readKubernetes(rc);
  }
}

const KIND_LINE = new RegExp(`^\\s*["']?kind["']?\\s*:\\s*["']?(?:${KNOWN_KINDS.join('|')})\\b`, 'm');

/** Reads one file into parsed documents; never throws. */
export function readManifests(file: SourceFile): ParsedDocument[] {
  const text = file.text;
  if (!looksLikeManifest(text)) return [];
  if (isHelmTemplate(text)) {
    if (!KIND_LINE.test(text)) return [];
    return [
      {
        file,
        format: 'kubernetes',
        facts: emptyFacts(),
        notes: [{ file: file.path, level: 'info', message: 'skipped: a Helm template (Go template directives outside strings); render it with `helm template` to analyse the manifests' }],
      },
    ];
  }
  const parsed = parseYaml(file);
  const out: ParsedDocument[] = [];
  const fileNotes: Problem[] = [...parsed.notes];
  parsed.docs.forEach((y, i) => {
    checkBudget();
    let cls: Classified | undefined;
    try {
      cls = classify(y);
      if (!cls || parsed.failed.has(i)) return;
      const b = new FactsBuilder(y, cls.format, `${file.path}#${i}`);
      const root = y.root;
      if (root) dispatch(b, root, cls, `${file.path}#${i}`);
      addConnectionFacts(b.facts);
      out.push({ file, format: cls.format, facts: b.facts, notes: [], ast: { yaml: y, docIndex: i, cls } satisfies K8sAst });
    } catch (e) {
      if (!(e instanceof AliasLimitError)) throw e;
      fileNotes.push({ file: file.path, level: 'warning', message: `document ${i + 1}: ${e.message}` });
      if (cls) out.push({ file, format: cls.format, facts: emptyFacts(), notes: [], ast: { yaml: y, docIndex: i, cls } satisfies K8sAst });
    }
  });
  if (!out.length) {
    // Notes about a file that is not ours would be noise; a broken manifest deserves them.
    const ours = fileNotes.length && (KIND_LINE.test(text) || /^\s*["']?(pipelineInfo|deploymentSpec)["']?\s*:/m.test(text));
    if (!ours) return [];
    return [{ file, format: 'kubernetes', facts: emptyFacts(), notes: fileNotes }];
  }
  appendAll(out[0].notes, fileNotes);
  return out;
}

export const k8sReader: FormatReader = {
  id: 'kubernetes',
  matches: (path) => (mayBeManifest(path) ? 'maybe' : 'no'),
  parse: (file) => readManifests(file),
};

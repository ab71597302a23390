// provenance/stage-not-locked: dvc.yaml stages that have no entry in dvc.lock.

import type { PipelineStage } from '../../facts/dvc';
import { lockOf, lockPathOf } from '../dvc-support';
import { defineRule } from '../rule';

const MAX_NAMES = 5;

export default defineRule({
  meta: {
    id: 'provenance/stage-not-locked',
    title: 'DVC stage without a dvc.lock entry',
    description: 'Reports a `dvc.yaml` stage (including each stage a `foreach` or `matrix` generates) that has no entry in the `dvc.lock` beside it, or whose pipeline has no `dvc.lock` at all.',
    explanation:
      'dvc.lock is the record of what a stage read and wrote: the md5 of every dependency and output. A stage without an entry has outputs with no recorded hashes, so nobody can show that the model or features in the workspace or remote came from this stage and these inputs; a poisoned dataset or swapped model file is indistinguishable from a genuine one.',
    example: {
      language: 'yaml',
      bad: '# dvc.yaml\nstages:\n  train:\n    cmd: python train.py\n    deps: [data/features.csv]\n    outs: [models/model.pkl]\n# dvc.lock has no "train" entry',
      good: '# after `dvc repro train`, dvc.lock records\ntrain:\n  outs:\n  - path: models/model.pkl\n    hash: md5\n    md5: 3f2a…',
    },
    formats: ['dvc'],
    severity: 'medium',
    fixes: ['guided'],
    stride: ['R', 'T'],
    atlas: ['AML.T0020'],
    owasp: ['ML02'],
    references: ['https://dvc.org/doc/user-guide/project-structure/dvcyaml-files#dvclock-file', 'https://dvc.org/doc/command-reference/repro', 'https://dvc.org/doc/command-reference/commit'],
  },
  *check(ctx) {
    for (const p of ctx.facts.dvcPipelines) {
      const lockPath = lockPathOf(p.path);
      const lock = lockOf(ctx.index, p.path);
      const locked = new Set(lock?.stages.map((s) => s.name.value) ?? []);
      // The definitions some generated stage of which is locked (`train@1` locks `train`).
      const lockedDefinitions = new Set([...locked].filter((n) => n.includes('@')).map((n) => n.slice(0, n.indexOf('@'))));
      // Generated stages share their definition's key: one finding per definition names them all.
      const byDefinition = new Map<number, PipelineStage[]>();
      for (const st of p.stages) {
        if (locked.has(st.name)) continue;
        // A definition whose iteration could not be resolved is locked when any of its generated stages is.
        if (st.generatedBy && !st.name.includes('@') && lockedDefinitions.has(st.name)) continue;
        const list = byDefinition.get(st.nameLoc.start) ?? [];
        list.push(st);
        byDefinition.set(st.nameLoc.start, list);
      }
      for (const stages of byDefinition.values()) {
        const names = stages.map((s) => `"${s.name}"`);
        const shown = names.length > MAX_NAMES ? `${names.slice(0, MAX_NAMES).join(', ')} and ${names.length - MAX_NAMES} more` : names.join(', ');
        const where = lock ? `${lockPath} has no entry for` : `there is no ${lockPath} for`;
        yield {
          message: `${stages.length > 1 ? 'Stages' : 'Stage'} ${shown}: ${where} ${stages.length > 1 ? 'them' : 'it'}, so ${stages.length > 1 ? 'their' : 'its'} outputs have no recorded hashes and their origin cannot be verified.`,
          loc: stages[0].nameLoc,
          fixes: [
            {
              title: `Run \`dvc repro ${stages.length === 1 ? stages[0].name : stages[0].name.split('@')[0]}\` and commit ${lockPath}, so the stage's inputs and outputs are recorded`,
              kind: 'guided',
              edits: [],
            },
          ],
        };
      }
    }
  },
});

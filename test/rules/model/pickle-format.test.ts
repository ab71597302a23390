// Rule table for model/pickle-format: pickle files without dangerous globals, and pickle-based
// serialisations an MLmodel declares.

import * as assert from 'node:assert/strict';
import rule from '../../../src/core/rules/model/pickle-format';
import { DocumentIndex } from '../../../src/core/document';
import { defaultConfig } from '../../../src/core/config';
import { emptyFacts } from '../../../src/core/facts/model';
import { FactIndex } from '../../../src/core/facts/fact-index';
import { ruleTester } from '../../helpers/rule-tester';
import * as fx from '../../helpers/model-fixtures';
import { pickle } from '../../helpers/pickle-writer';

const migrate = { kind: 'guided' as const, title: /safetensors .* ONNX, or skops .*explanation only, no automatic edit/, output: {} };

ruleTester(rule, {
  valid: [
    { name: 'safetensors weights', files: { 'model.safetensors': fx.validSafetensors() } },
    { name: 'a float NumPy array', files: { 'x.npy': fx.numericNpy() } },
    { name: 'a Keras archive', files: { 'model.keras': fx.denseKeras() } },
    { name: 'a dangerous pickle (reported by model/unsafe-deserialization instead)', files: { 'model.pkl': fx.osSystemP0() } },
    { name: 'an ordinary zip archive', files: { 'images.zip': fx.zipOf({ 'cat.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]) }) } },
  ],
  invalid: [
    {
      name: 'a pickle of plain containers',
      files: { 'features.pkl': fx.containersP4() },
      errors: [{ line: 1, column: 1, severity: 'info', message: 'This model is stored as a pickle, which runs code when loaded.' }],
      fixes: [migrate],
    },
    {
      name: 'a zip archive whose pickles are all safe',
      files: { 'model.zip': fx.zipOf({ 'model.pkl': fx.containersP4(), 'README.md': Buffer.from('# model') }) },
      errors: [{ line: 1, column: 1, severity: 'info', message: 'This model is stored as a zip archive of model files, which runs code when loaded.' }],
      fixes: [migrate],
    },
    {
      name: 'a PyTorch checkpoint with only rebuild helpers',
      files: { 'model.pt': fx.torchZip(fx.torchStateDictPickle()) },
      errors: [{ line: 1, severity: 'info', message: 'This model is stored as a PyTorch zip checkpoint, which runs code when loaded.' }],
      fixes: [migrate],
    },
    {
      name: 'a pickle that imports a class on no list',
      files: { 'clf.pkl': pickle().proto(2).global('acme.models', 'Scorer').emptyTuple().reduce().stop().bytes() },
      errors: [{ line: 1, severity: 'info', message: /imports 1 global on no list \(acme\.models\.Scorer\)/ }],
      fixes: [migrate],
    },
    {
      name: 'an object array of plain values',
      files: { 'labels.npy': fx.benignObjectNpy() },
      errors: [{ line: 1, severity: 'info', message: /stored as a NumPy array, which runs code when loaded/ }],
      fixes: [migrate],
    },
  ],
});

describe('model/pickle-format on MLmodel facts', () => {
  it('reports a pickle-based flavor at medium severity where the MLmodel declares it', () => {
    const facts = emptyFacts();
    const loc = { file: 'model/MLmodel', start: 40, end: 71 };
    facts.models.push({ path: 'model', loc, source: 'mlmodel', serialization: 'cloudpickle', flavor: 'sklearn', unsafeOnLoad: true });
    facts.models.push({ path: 'model-onnx', loc: { ...loc, start: 90 }, source: 'mlmodel', serialization: 'onnx', flavor: 'onnx', unsafeOnLoad: false });
    const reports = [...rule.check({ facts, factIndex: new FactIndex(facts), documents: [], index: new DocumentIndex(), options: {}, config: defaultConfig() })];
    assert.equal(reports.length, 1);
    assert.deepEqual(reports[0].loc, loc);
    assert.equal(reports[0].severity, undefined, 'the rule default (medium) applies');
    assert.equal(rule.meta.severity, 'medium');
    assert.match(reports[0].message, /sklearn flavor\) with cloudpickle/);
    assert.equal(reports[0].fixes?.[0].edits.length, 0);
  });
});

// Table tests of supply-chain/runtime-package-install and unpinned-package on KFP component text a
// Python file loads: `pip install` in the component's command, found in the Python string.

import rule from '../../../src/core/rules/supply-chain/runtime-package-install';
import unpinned from '../../../src/core/rules/supply-chain/unpinned-package';
import { at } from '../../helpers/k8s-kinds';
import { ruleTester } from '../../helpers/rule-tester';

const installing = `from kfp import components

train_op = components.load_component_from_text("""
name: Train
implementation:
  container:
    image: python:3.11
    command:
    - sh
    - -c
    - |
      pip install pandas==2.2.2 scikit-learn && python -m train
""")
`;
const baked = installing.replace(/    command:[\s\S]*?python -m train\n/, '    command: [python, -m, train]\n');

ruleTester(rule, {
  valid: [{ name: 'a component that runs what its image holds', files: { 'pipeline.py': baked } }],
  invalid: [
    {
      name: 'pip install in the command of inline component text',
      files: { 'pipeline.py': installing },
      errors: [{ ...at(installing, 'pip install'), message: /^pandas, scikit-learn are installed with pip every time the step starts/ }],
    },
  ],
});

ruleTester(unpinned, {
  valid: [{ name: 'every package pinned', files: { 'pipeline.py': installing.replace('scikit-learn', 'scikit-learn==1.5.0') } }],
  invalid: [
    {
      name: 'an unpinned package in inline component text, with its pin fix in the Python string',
      files: { 'pipeline.py': installing },
      errors: [{ ...at(installing, 'scikit-learn'), message: 'pip installs "scikit-learn" without an exact version (==), so any future release is accepted.' }],
      fixes: [{ kind: 'guided', title: 'Pin scikit-learn to an exact version', output: { 'pipeline.py': installing.replace('scikit-learn', "'scikit-learn==<version>'") }, stillReported: true }],
    },
  ],
});

// Table tests of injection/unsafe-yaml-load: PyYAML loads by loader, with the safe_load fix applied.

import rule from '../../../src/core/rules/injection/unsafe-yaml-load';
import { ruleTester } from '../../helpers/rule-tester';

const msg = (api: string, how: string) => `${api}${how} can construct arbitrary Python objects, so a crafted YAML file runs code where it is loaded.`;

ruleTester(rule, {
  valid: [
    {
      name: 'safe_load and yaml.load with a safe loader',
      files: {
        'config.py':
          'import yaml\nfrom yaml import CSafeLoader\na = yaml.safe_load(open("a.yaml"))\nb = yaml.load(open("b.yaml"), Loader=yaml.SafeLoader)\nc = yaml.load(open("c.yaml"), CSafeLoader)\nd = yaml.load_all(s, Loader=yaml.BaseLoader)\n',
      },
    },
    {
      name: 'a loader class of the project is not guessed',
      files: { 'config.py': 'import yaml\n\nclass ConfigLoader(yaml.SafeLoader):\n    pass\n\ncfg = yaml.load(open("a.yaml"), Loader=ConfigLoader)\n' },
    },
  ],
  invalid: [
    {
      name: 'yaml.load without a loader',
      files: { 'config.py': 'import yaml\ncfg = yaml.load(open("train.yaml"))\n' },
      errors: [{ line: 2, column: 7, message: msg('yaml.load', ' without a safe loader'), severity: 'high' }],
      fixes: [{ kind: 'review', title: 'Use yaml.safe_load', output: { 'config.py': 'import yaml\ncfg = yaml.safe_load(open("train.yaml"))\n' } }],
    },
    {
      name: 'yaml.load with FullLoader drops the Loader argument',
      files: { 'config.py': 'import yaml as y\ncfg = y.load(open("train.yaml"), Loader=y.FullLoader)\n' },
      errors: [{ line: 2, column: 7, message: msg('yaml.load', ' with yaml.FullLoader') }],
      fixes: [{ kind: 'review', title: 'Use yaml.safe_load', output: { 'config.py': 'import yaml as y\ncfg = y.safe_load(open("train.yaml"))\n' } }],
    },
    {
      name: 'a positional unsafe loader, load_all and unsafe_load',
      files: { 'config.py': 'import yaml\nfrom yaml import Loader\na = yaml.load_all(stream, Loader)\nb = yaml.unsafe_load(stream)\n' },
      errors: [
        { line: 3, column: 5, message: msg('yaml.load_all', ' with yaml.Loader') },
        { line: 4, column: 5, message: msg('yaml.unsafe_load', '') },
      ],
      fixes: [{ kind: 'review', title: 'Use yaml.safe_load_all', output: { 'config.py': 'import yaml\nfrom yaml import Loader\na = yaml.safe_load_all(stream)\nb = yaml.unsafe_load(stream)\n' } }],
    },
    {
      name: 'a load imported by name is reported without a rename',
      files: { 'config.py': 'from yaml import load\ncfg = load(open("train.yaml"))\n' },
      errors: [{ line: 2, column: 7, message: msg('yaml.load', ' without a safe loader') }],
    },
  ],
});

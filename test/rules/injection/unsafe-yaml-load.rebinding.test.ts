// Table tests of injection/unsafe-yaml-load for loads written through a local name and loaders
// passed in a `**` dictionary the file spells out (no rename is offered for either).

import rule from '../../../src/core/rules/injection/unsafe-yaml-load';
import { ruleTester } from '../../helpers/rule-tester';

const msg = (api: string, how: string) => `${api}${how} can construct arbitrary Python objects, so a crafted YAML file runs code where it is loaded.`;

ruleTester(rule, {
  valid: [
    { name: 'a safe loader in an unpacked dictionary', files: { 'config.py': 'import yaml\nopts = {"Loader": yaml.SafeLoader}\ncfg = yaml.load(open("a.yaml"), **opts)\n' } },
    { name: 'a local name bound to safe_load', files: { 'config.py': 'import yaml\nread = yaml.safe_load\ncfg = read(open("a.yaml"))\n' } },
  ],
  invalid: [
    {
      name: 'yaml.load bound to a local name',
      files: { 'config.py': 'import yaml\nread = yaml.load\ncfg = read(open("a.yaml"), Loader=yaml.FullLoader)\n' },
      errors: [{ line: 3, column: 7, message: msg('yaml.load', ' with yaml.FullLoader') }],
    },
    {
      name: 'an unsafe loader in an unpacked dictionary: no rename, which would keep passing it',
      files: { 'config.py': 'import yaml\nopts = {"Loader": yaml.Loader}\ncfg = yaml.load(open("a.yaml"), **opts)\n' },
      errors: [{ line: 3, column: 7, message: msg('yaml.load', ' with yaml.Loader') }],
    },
  ],
});

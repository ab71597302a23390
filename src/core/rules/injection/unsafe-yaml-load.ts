// injection/unsafe-yaml-load: PyYAML loads that can construct arbitrary Python objects.

import { defineRule } from '../rule';
import { fixOf } from '../util';

export default defineRule({
  meta: {
    id: 'injection/unsafe-yaml-load',
    title: 'YAML loaded with a loader that builds Python objects',
    description:
      '`yaml.load`/`yaml.load_all` without `Loader=yaml.SafeLoader` (or `CSafeLoader`, `BaseLoader`), including `Loader=yaml.Loader`, `FullLoader` and `UnsafeLoader`, and `yaml.unsafe_load`/`unsafe_load_all`.',
    explanation:
      'PyYAML’s full and unsafe loaders turn tags such as `!!python/object/apply:os.system` into calls, so a training config, a model card or a pipeline parameter file that an attacker can edit runs code where it is loaded. `yaml.safe_load` builds only plain data: strings, numbers, lists and mappings.',
    example: {
      language: 'python',
      bad: 'config = yaml.load(open("train.yaml"), Loader=yaml.FullLoader)',
      good: 'config = yaml.safe_load(open("train.yaml"))',
    },
    formats: ['python'],
    severity: 'high',
    fixes: ['review'],
    stride: ['T', 'E'],
    atlas: ['AML.T0011.000'],
    owasp: ['ML06'],
    references: ['https://pyyaml.org/wiki/PyYAMLDocumentation', 'https://github.com/yaml/pyyaml/wiki/PyYAML-yaml.load(input)-Deprecation'],
    equivalents: ['Bandit B506'],
  },
  *check(ctx) {
    for (const y of ctx.facts.yamlLoads) {
      if (y.safe) continue;
      const how = y.loader ? ` with ${y.loader}` : y.api.includes('unsafe') ? '' : ' without a safe loader';
      yield {
        message: `${y.api}${how} can construct arbitrary Python objects, so a crafted YAML file runs code where it is loaded.`,
        loc: y.loc,
        ...(y.remedy ? { fixes: [fixOf(y.remedy.title, 'review', y.loc, y.remedy.edits)] } : {}),
      };
    }
  },
});

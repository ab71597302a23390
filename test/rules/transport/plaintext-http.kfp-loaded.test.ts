// Table tests of transport/plaintext-http on KFP components a Python file loads from a URL: the
// component is fetched when the pipeline compiles, so a plain-HTTP URL lets the network change it.

import rule from '../../../src/core/rules/transport/plaintext-http';
import { at } from '../../helpers/k8s-kinds';
import { ruleTester } from '../../helpers/rule-tester';

const HOST = 'components.example.com';
const fetched = (url: string) => `import kfp

BASE = "${url}"
train_op = kfp.components.load_component_from_url(f"{BASE}/train/component.yaml")
`;

ruleTester(rule, {
  valid: [{ name: 'a component fetched over HTTPS', files: { 'pipeline.py': fetched(`https://${HOST}`) } }],
  invalid: [
    {
      name: 'a component fetched over plain HTTP, its URL built from a constant',
      files: { 'pipeline.py': fetched(`http://${HOST}`) },
      errors: [
        {
          ...at(fetched(`http://${HOST}`), 'f"{BASE}'),
          message: `The download http://${HOST}/train/component.yaml is reached over plain HTTP, so its content and credentials can be read and altered in transit.`,
        },
      ],
    },
  ],
});

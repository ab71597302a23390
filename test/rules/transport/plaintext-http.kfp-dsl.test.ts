// Table tests of transport/tls-verification-disabled and transport/plaintext-http on the KFP DSL:
// `pip_trusted_hosts`, plain-HTTP `pip_index_urls` (literal, constant, f-string), and commands of a
// `dsl.ContainerSpec`, through the decorator and import forms and in a file being typed.

import plaintext from '../../../src/core/rules/transport/plaintext-http';
import tls from '../../../src/core/rules/transport/tls-verification-disabled';
import { at } from '../../helpers/k8s-kinds';
import { ruleTester } from '../../helpers/rule-tester';

const trusted = `from kfp import dsl

@dsl.component(packages_to_install=["pandas==2.2.2"], pip_index_urls=["https://pypi.internal.example.com/simple"], pip_trusted_hosts=["pypi.internal.example.com"])
def train():
    pass
`;
const insecureCurl = `import kfp.dsl as d

@d.container_component
def fetch(url: str):
    return d.ContainerSpec(image="alpine:3.20", command=["curl", "-k", "-o", "/data/x.csv", url])
`;
const HOST = 'pypi.internal.example.com';
const plainIndex = `from kfp.dsl import component

HOST = "${HOST}"
INDEX = f"http://{HOST}/simple"

@component(packages_to_install=["pandas==2.2.2"], pip_index_urls=[INDEX])
def train():
    pass
`;
const midEdit = `from kfp import dsl

@dsl.component(pip_index_urls=["http://${HOST}/simple"])
def train():
    y = [
`;

ruleTester(tls, {
  valid: [
    { name: 'an index without trusted hosts', files: { 'pipeline.py': trusted.replace(', pip_trusted_hosts=["pypi.internal.example.com"]', '') } },
    { name: 'curl that verifies certificates', files: { 'pipeline.py': insecureCurl.replace('"-k", ', '') } },
  ],
  invalid: [
    {
      name: 'pip_trusted_hosts in @dsl.component(...)',
      files: { 'pipeline.py': trusted },
      errors: [
        { ...at(trusted, `${HOST}"]`), message: `pip --trusted-host ${HOST} turns off TLS certificate verification, so an attacker on the network can impersonate the server.`, severity: 'high' },
      ],
    },
    {
      name: 'curl -k in the command of a container component (import kfp.dsl as d)',
      files: { 'pipeline.py': insecureCurl },
      errors: [{ ...at(insecureCurl, '-k"'), message: 'curl -k turns off TLS certificate verification, so an attacker on the network can impersonate the server.' }],
    },
  ],
});

ruleTester(plaintext, {
  valid: [
    { name: 'an https index', files: { 'pipeline.py': plainIndex.replace('http://', 'https://') } },
    { name: 'no index', files: { 'pipeline.py': 'from kfp import dsl\n\n@dsl.component\ndef train():\n    pass\n' } },
  ],
  invalid: [
    {
      name: 'a plain-HTTP index built with an f-string from a constant: reported where it is written, with no edit inside a formatted string',
      files: { 'pipeline.py': plainIndex },
      errors: [
        {
          ...at(plainIndex, 'f"http'),
          message: `The package index http://${HOST}/simple is reached over plain HTTP, so its content and credentials can be read and altered in transit.`,
          severity: 'medium',
        },
      ],
    },
    {
      name: 'a file with a syntax error mid-edit',
      files: { 'pipeline.py': midEdit },
      errors: [{ ...at(midEdit, 'http://'), message: `The package index http://${HOST}/simple is reached over plain HTTP, so its content and credentials can be read and altered in transit.` }],
      fixes: [{ kind: 'review', title: 'Use https://', output: { 'pipeline.py': midEdit.replace('http://', 'https://') } }],
    },
  ],
});

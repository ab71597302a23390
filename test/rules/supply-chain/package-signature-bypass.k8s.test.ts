// Table tests of supply-chain/package-signature-bypass on manifests: options inside an Argo script
// source and a container's sh -c string, and as items of a command list; fixes keep the YAML valid.

import rule from '../../../src/core/rules/supply-chain/package-signature-bypass';
import { ruleTester } from '../../helpers/rule-tester';
import { at } from '../../helpers/k8s-kinds';

const REMOVE = 'Remove the option that skips signature checks';
const message = (what: string) => `${what} installs packages without checking their signatures, so a mirror or anyone on the network path can substitute a modified package.`;

const workflow = (source: string) => `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: prep-
spec:
  entrypoint: prep
  templates:
  - name: prep
    script:
      image: registry.example.com/ml/base:1.4.0
      command: [bash]
      source: |
${source}`;

const job = (command: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: prep
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: prep
        image: registry.example.com/ml/base:1.4.0
        command: ${command}
`;

const script = workflow('        apt-get update\n        apt-get install -y --allow-unauthenticated libgomp1\n        python prep.py\n');
const listed = job('[apk, add, --allow-untrusted, /tmp/glibc.apk]');
const shc = job('["sh", "-c", "dnf install -y --nogpgcheck python3.11 && python prep.py"]');

ruleTester(rule, {
  valid: [{ name: 'signed installs in a script source', files: { 'wf.yaml': workflow('        apt-get update\n        apt-get install -y libgomp1\n') } }],
  invalid: [
    {
      name: 'an Argo script source',
      files: { 'wf.yaml': script },
      errors: [{ ...at(script, '--allow-unauthenticated'), message: message('apt-get --allow-unauthenticated') }],
      fixes: [{ kind: 'review', title: REMOVE, output: { 'wf.yaml': workflow('        apt-get update\n        apt-get install -y libgomp1\n        python prep.py\n') } }],
    },
    {
      name: 'an item of a command list',
      files: { 'job.yaml': listed },
      errors: [{ ...at(listed, '--allow-untrusted'), message: message('apk --allow-untrusted') }],
      fixes: [{ kind: 'review', title: REMOVE, output: { 'job.yaml': job('[apk, add, /tmp/glibc.apk]') } }],
    },
    {
      name: 'inside a sh -c string',
      files: { 'job.yaml': shc },
      errors: [{ ...at(shc, '--nogpgcheck'), message: message('dnf --nogpgcheck') }],
      fixes: [{ kind: 'review', title: REMOVE, output: { 'job.yaml': job('["sh", "-c", "dnf install -y python3.11 && python prep.py"]') } }],
    },
  ],
});

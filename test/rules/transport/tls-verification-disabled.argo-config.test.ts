// Table tests of transport/tls-verification-disabled on Argo artifact repositories defined in
// ConfigMaps: the workflow controller's `artifactRepository` and the `artifact-repositories`
// ConfigMap that a Workflow's artifactRepositoryRef names, located at the `insecure: true` flag.

import rule from '../../../src/core/rules/transport/tls-verification-disabled';
import { ruleTester } from '../../helpers/rule-tester';
import { at } from '../../helpers/k8s-kinds';

const message = (what: string) => `${what} turns off TLS certificate verification, so an attacker on the network can impersonate the server.`;

const controller = (insecure: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: workflow-controller-configmap
data:
  artifactRepository: |
    archiveLogs: true
    s3:
      endpoint: "minio.kubeflow:9000"
      bucket: "mlpipeline"
      insecure: ${insecure}
      accessKeySecret: {name: mlpipeline-minio-artifact, key: accesskey}
`;

const repositories = `apiVersion: v1
kind: ConfigMap
metadata:
  name: artifact-repositories
  annotations:
    workflows.argoproj.io/default-artifact-repository: default-v1
data:
  default-v1: |
    s3:
      bucket: ml-artifacts
      endpoint: minio.ml.svc:9000
      insecure: true
  gcs-v1: |
    gcs:
      bucket: ml-artifacts-gcs
`;

ruleTester(rule, {
  valid: [
    { name: 'the controller repository with insecure: false', files: { 'controller.yaml': controller('false') } },
    {
      name: 'an insecure flag in ConfigMap data that is not an artifact store',
      files: { 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata:\n  settings: |\n    s3:\n      insecure: true\n' },
    },
  ],
  invalid: [
    {
      name: 'the workflow controller artifactRepository',
      files: { 'controller.yaml': controller('true') },
      errors: [
        {
          ...at(controller('true'), 'true\n      access'),
          message: message('s3 artifact repository `insecure: true` in ConfigMap key artifactRepository (plain HTTP to the object store)'),
          severity: 'high',
        },
      ],
    },
    {
      name: 'one key of the artifact-repositories ConfigMap',
      files: { 'repos.yaml': repositories },
      errors: [{ ...at(repositories, 'true\n  gcs'), message: message('s3 artifact repository `insecure: true` in ConfigMap key default-v1 (plain HTTP to the object store)') }],
    },
  ],
});

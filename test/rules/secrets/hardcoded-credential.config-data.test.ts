// Table tests of secrets/hardcoded-credential on Kubernetes Secret and ConfigMap data: Secret
// `data` is base64-decoded, `stringData` and ConfigMap `data` are read as written, a Docker
// registry config contributes its password, and each finding is at the line of its value.

import rule from '../../../src/core/rules/secrets/hardcoded-credential';
import { ruleTester } from '../../helpers/rule-tester';

const committed = (name: string) =>
  `"${name}" in a committed Secret manifest holds a literal credential (base64 is an encoding, not encryption), readable by anyone with the repository; create the Secret outside the repository or commit it encrypted (Sealed Secrets, SOPS).`;
const inConfigMap = (name: string) =>
  `"${name}" in a ConfigMap holds a literal credential, readable by anyone with the repository and by every reader of the namespace; keep it in a Secret created outside the repository.`;
const defaultPassword = (name: string, value: string) => `"${name}" is set to the well-known default password "${value}", which anyone can guess.`;

const secret = (body: string, type = 'Opaque') => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: pipeline-credentials\n  namespace: kubeflow\ntype: ${type}\n${body}`;
// {"auths": {"https://index.docker.io/v1/": {"auth": base64("mlbot:Dh-Pa55w0rd-2024")}}}
const DOCKER_CONFIG = 'eyJhdXRocyI6IHsiaHR0cHM6Ly9pbmRleC5kb2NrZXIuaW8vdjEvIjogeyJhdXRoIjogImJXeGliM1E2UkdndFVHRTFOWGN3Y21RdE1qQXlOQT09In19fQ==';

ruleTester(rule, {
  valid: [
    {
      name: 'Secret keys that are not credentials, empty values and placeholders',
      files: {
        'secret.yaml': secret('data:\n  username: bWxib3Q=\n  password: ""\n  REDIS_PASSWORD: JHtSRURJU19QQVNTV09SRH0=\nstringData:\n  endpoint: minio-service.kubeflow:9000\n  token: $(TOKEN)\n'),
      },
    },
    { name: 'a registry config with no auths', files: { 'pull.yaml': secret('data:\n  .dockerconfigjson: eyJhdXRocyI6IHt9fQ==\n', 'kubernetes.io/dockerconfigjson') } },
    { name: 'a data value that is not base64 text is not read', files: { 'tls.yaml': secret('data:\n  password: "%%%not-base64%%%"\n') } },
    {
      name: 'ConfigMap settings that point at credentials rather than hold them',
      files: {
        'cm.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: trainer-config\ndata:\n  TOKENIZER_NAME: bert-base-uncased\n  DB_PASSWORD_FILE: /var/run/secrets/db/password\n  AUTH_ENABLED: "true"\n',
      },
    },
    {
      name: "a JSON document under a credential name that only names Secrets (KServe's credentials config)",
      files: {
        'inferenceservice.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: inferenceservice-config\ndata:\n  credentials: |-\n    {\n       "storageSpecSecretName": "storage-config",\n       "gcs": {"gcsCredentialFileName": "gcloud-application-credentials.json"},\n       "s3": {"s3AccessKeyIDName": "AWS_ACCESS_KEY_ID", "s3SecretAccessKeyName": "AWS_SECRET_ACCESS_KEY"}\n    }\n',
      },
    },
    { name: 'a Secret of another API group is not a core Secret', files: { 'es.yaml': 'apiVersion: example.com/v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  password: r3d1s-Pa55w0rd\n' } },
  ],
  invalid: [
    {
      name: 'Kubeflow Pipelines MinIO artifact Secret: the base64-decoded default credentials',
      files: { 'minio-artifact-secret.yaml': secret('data:\n  accesskey: bWluaW8=\n  secretkey: bWluaW8xMjM=\n') },
      errors: [
        { line: 8, column: 14, message: defaultPassword('accesskey', 'minio'), severity: 'critical' },
        { line: 9, column: 14, message: defaultPassword('secretkey', 'minio123'), severity: 'critical' },
      ],
    },
    {
      name: 'a Redis password in stringData, in the second document of the file',
      files: { 'redis.yaml': `apiVersion: v1\nkind: Service\nmetadata:\n  name: redis\n---\n${secret('stringData:\n  redis-password: "r3d1s-Pa55w0rd"\n')}` },
      errors: [{ line: 13, column: 20, message: committed('redis-password'), severity: 'critical' }],
    },
    {
      name: 'a Docker Hub password inside a base64 .dockerconfigjson',
      files: { 'regcred.yaml': secret(`data:\n  .dockerconfigjson: ${DOCKER_CONFIG}\n`, 'kubernetes.io/dockerconfigjson') },
      errors: [{ line: 8, column: 22, message: committed('.dockerconfigjson'), severity: 'critical' }],
    },
    {
      name: 'a credential in a ConfigMap',
      files: { 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: feature-store\ndata:\n  LOG_LEVEL: info\n  DB_PASSWORD: "s3cr3t-Value!"\n' },
      errors: [{ line: 7, column: 17, message: inConfigMap('DB_PASSWORD'), severity: 'critical' }],
    },
    {
      name: 'a JSON document under a credential name is reported through the key that holds the literal',
      files: {
        'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: store\ndata:\n  credentials: |-\n    {"s3": {"endpoint": "minio:9000", "secretAccessKey": "Qx7-live-Secret-2024"}}\n',
      },
      errors: [{ line: 7, message: `${inConfigMap('credentials')} The document's "s3.secretAccessKey" holds the literal.`, severity: 'critical' }],
    },
  ],
});

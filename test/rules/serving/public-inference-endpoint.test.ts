// Table tests of serving/public-inference-endpoint on KServe InferenceServices: the cluster-local
// label (KServe's, Knative's and Knative's older one), ModelMesh, Istio authentication lowering the
// severity, and the fix that adds or corrects the label, applied and re-analysed.

import rule from '../../../src/core/rules/serving/public-inference-endpoint';
import { ruleTester } from '../../helpers/rule-tester';
import { at } from '../../helpers/k8s-kinds';

const open = (name: string, why = 'has no `networking.kserve.io/visibility: cluster-local` label') =>
  `InferenceService ${name} ${why}, so KServe routes it through the ingress gateway and anyone who reaches the gateway can query the model.`;

const isvc = (metadata: string) => `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: fraud-model
  namespace: models
${metadata}spec:
  predictor:
    model:
      modelFormat: {name: sklearn}
      storageUri: gs://models-prod/fraud/v3
`;

const bare = isvc('');
const bareFixed = isvc(`  labels:
    networking.kserve.io/visibility: cluster-local
`);
const labelled = isvc(`  labels:
    team: risk
`);
const labelledFixed = isvc(`  labels:
    team: risk
    networking.kserve.io/visibility: cluster-local
`);
const exposedLabel = isvc(`  labels:
    networking.kserve.io/visibility: exposed
`);

const requestAuthentication = `---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: jwt
  namespace: models
spec:
  jwtRules:
  - issuer: https://auth.example.com
    jwksUri: https://auth.example.com/.well-known/jwks.json
`;
const requireJwt = `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: require-jwt
  namespace: models
spec:
  action: ALLOW
  rules:
  - from:
    - source:
        requestPrincipals: ["*"]
`;

const fixTitle = 'Label the InferenceService `networking.kserve.io/visibility: cluster-local`';

ruleTester(rule, {
  valid: [
    { name: 'labelled cluster-local', files: { 'isvc.yaml': bareFixed } },
    { name: 'the older Knative label', files: { 'isvc.yaml': isvc('  labels:\n    serving.knative.dev/visibility: cluster-local\n') } },
    { name: 'the Knative networking label', files: { 'isvc.yaml': isvc('  labels:\n    networking.knative.dev/visibility: cluster-local\n') } },
    { name: 'ModelMesh serves through a cluster-internal Service', files: { 'isvc.yaml': isvc('  annotations:\n    serving.kserve.io/deploymentMode: ModelMesh\n') } },
  ],
  invalid: [
    {
      name: 'no labels: the fix adds the label mapping',
      files: { 'isvc.yaml': bare },
      errors: [{ ...at(bare, 'fraud-model'), message: open('fraud-model'), severity: 'high' }],
      fixes: [{ kind: 'review', title: fixTitle, output: { 'isvc.yaml': bareFixed } }],
    },
    {
      name: 'other labels: the fix adds one',
      files: { 'isvc.yaml': labelled },
      errors: [{ ...at(labelled, 'fraud-model'), message: open('fraud-model') }],
      fixes: [{ kind: 'review', output: { 'isvc.yaml': labelledFixed } }],
    },
    {
      name: 'a visibility label of another value: the fix corrects it',
      files: { 'isvc.yaml': exposedLabel },
      errors: [{ ...at(exposedLabel, 'exposed'), message: open('fraud-model', 'is labelled visibility `exposed`') }],
      fixes: [{ kind: 'review', output: { 'isvc.yaml': bareFixed } }],
    },
    {
      name: 'a RequestAuthentication alone accepts requests without a token: still high',
      files: { 'isvc.yaml': bare + requestAuthentication },
      errors: [{ ...at(bare, 'fraud-model'), message: open('fraud-model'), severity: 'high' }],
      fixes: [{ kind: 'review', output: { 'isvc.yaml': bareFixed + requestAuthentication } }],
    },
    {
      name: 'Istio requires a token from every caller: medium',
      files: { 'isvc.yaml': bare + requestAuthentication + requireJwt },
      errors: [
        {
          ...at(bare, 'fraud-model'),
          message: `${open('fraud-model')} AuthorizationPolicy require-jwt makes callers authenticate, which leaves the endpoint reachable but not open.`,
          severity: 'medium',
        },
      ],
      fixes: [{ kind: 'review', output: { 'isvc.yaml': bareFixed + requestAuthentication + requireJwt } }],
    },
  ],
});

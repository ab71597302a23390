// Table tests of serving/public-inference-endpoint on the other exposure paths: LoadBalancer and
// NodePort Services selecting a model server, Ingresses (with and without an authentication
// annotation), OpenShift Routes and Istio VirtualServices, with source allow-lists and mesh
// policies lowering the severity; Services of pods that serve no model are not reported.

import rule from '../../../src/core/rules/serving/public-inference-endpoint';
import { ruleTester } from '../../helpers/rule-tester';
import { at } from '../../helpers/k8s-kinds';

const deployment = (name: string, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: models
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: server
        image: ${image}
`;

const triton = deployment('triton', 'nvcr.io/nvidia/tritonserver:24.05-py3');
const web = deployment('web', 'nginx:1.27.0');

const service = (name: string, app: string, type: string, extra = '') => `---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: models
spec:
  type: ${type}
  selector: {app: ${app}}
  ports:
  - port: 8000
${extra}`;

const ingress = (annotations = '') => `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: triton-public
  namespace: models
${annotations}spec:
  rules:
  - host: models.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: triton, port: {number: 8000}}
`;

const route = `---
apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: triton-route
  namespace: models
spec:
  host: triton.apps.example.com
  to: {kind: Service, name: triton}
`;

const virtualService = (gateways: string) => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: triton-vs
  namespace: models
spec:
  hosts: ["triton.example.com"]
  gateways: [${gateways}]
  http:
  - route:
    - destination: {host: triton.models.svc.cluster.local, port: {number: 8000}}
`;

const extAuthz = `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ext-authz
  namespace: models
spec:
  selector:
    matchLabels: {app: triton}
  action: CUSTOM
  provider: {name: oauth2-proxy}
  rules:
  - to:
    - operation: {paths: ["/v2/*"]}
`;

const serviceFix = { kind: 'guided' as const, title: /^Make the Service ClusterIP/, output: {} };
const routeFix = { kind: 'guided' as const, title: /^Authenticate requests/, output: {} };
const meshNote = ' AuthorizationPolicy ext-authz makes callers authenticate, which leaves the endpoint reachable but not open.';

const lb = triton + service('triton', 'triton', 'LoadBalancer');
const lbRanges = triton + service('triton', 'triton', 'LoadBalancer', '  loadBalancerSourceRanges: [10.20.0.0/16]\n');
const nodePort = triton + service('triton', 'triton', 'NodePort') + extAuthz;
const open = triton + service('triton', 'triton', 'ClusterIP') + ingress();
const routed = triton + service('triton', 'triton', 'ClusterIP') + route;
const gatewayed = triton + service('triton', 'triton', 'ClusterIP') + virtualService('istio-system/public-gateway');

ruleTester(rule, {
  valid: [
    { name: 'a model server behind a ClusterIP Service', files: { 'k8s.yaml': triton + service('triton', 'triton', 'ClusterIP') } },
    { name: 'a LoadBalancer in front of pods that serve no model', files: { 'k8s.yaml': triton + web + service('web', 'web', 'LoadBalancer') } },
    {
      name: 'an Ingress that authenticates through nginx auth-url',
      files: { 'k8s.yaml': triton + service('triton', 'triton', 'ClusterIP') + ingress('  annotations:\n    nginx.ingress.kubernetes.io/auth-url: https://auth.example.com/oauth2/auth\n') },
    },
    { name: 'a VirtualService bound only to the mesh', files: { 'k8s.yaml': triton + service('triton', 'triton', 'ClusterIP') + virtualService('mesh') } },
  ],
  invalid: [
    {
      name: 'a LoadBalancer Service selecting a Triton server',
      files: { 'k8s.yaml': lb },
      errors: [
        {
          ...at(lb, 'LoadBalancer'),
          message: 'Service triton (LoadBalancer) exposes the model server Deployment triton on a load balancer address, outside the cluster and with no authentication in front of it.',
          severity: 'high',
        },
      ],
      fixes: [serviceFix],
    },
    {
      name: 'a LoadBalancer admitting only listed ranges: medium',
      files: { 'k8s.yaml': lbRanges },
      errors: [{ ...at(lbRanges, 'LoadBalancer'), message: /It admits only 10\.20\.0\.0\/16, which narrows who can reach it\.$/, severity: 'medium' }],
      fixes: [serviceFix],
    },
    {
      name: 'a NodePort with an external authorizer on the pods: medium',
      files: { 'k8s.yaml': nodePort },
      errors: [
        {
          ...at(nodePort, 'NodePort'),
          message: `Service triton (NodePort) exposes the model server Deployment triton on a port of every node, outside the cluster and with no authentication in front of it.${meshNote}`,
          severity: 'medium',
        },
      ],
      fixes: [serviceFix],
    },
    {
      name: 'an Ingress without authentication',
      files: { 'k8s.yaml': open },
      errors: [
        {
          ...at(open, 'triton-public'),
          message: 'Ingress triton-public routes requests from outside the cluster on models.example.com to the model server Deployment triton without authenticating them.',
          severity: 'high',
        },
      ],
      fixes: [routeFix],
    },
    {
      name: 'an OpenShift Route',
      files: { 'k8s.yaml': routed },
      errors: [
        {
          ...at(routed, 'triton-route'),
          message: /^Route triton-route routes requests from outside the cluster on triton\.apps\.example\.com to the model server Deployment triton/,
          severity: 'high',
        },
      ],
      fixes: [routeFix],
    },
    {
      name: 'an Istio VirtualService on a public gateway',
      files: { 'k8s.yaml': gatewayed },
      errors: [
        {
          ...at(gatewayed, 'triton-vs'),
          message: /^VirtualService triton-vs routes requests from outside the cluster on triton\.example\.com to the model server Deployment triton /,
          severity: 'high',
        },
      ],
      fixes: [routeFix],
    },
  ],
});

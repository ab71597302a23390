// container/host-path-mount: a pod that mounts a directory or socket of the node (hostPath).

import type { Severity } from '../../model';
import type { Str } from '../../facts/model';
import { containers, POD_FORMATS, type ContainerView } from '../container-support';
import { defineRule, type Report } from '../rule';

/** Paths whose mount hands over the node: container runtime sockets, the root, /etc, kubelet state. */
const CRITICAL = [
  /^\/$/,
  /^\/(var\/)?run\/(docker|containerd\/containerd|crio\/crio|cri-dockerd)\.sock$/,
  /^\/(var\/)?run\/(docker|containerd|crio)\/?$/,
  /^\/var\/run\/?$/,
  /^\/run\/?$/,
  /^\/etc(\/|$)/,
  /^\/var\/lib\/kubelet(\/|$)/,
  /^\/var\/lib\/(docker|containerd)(\/|$)/,
  /^\/(proc|sys|boot|dev|root)(\/|$)/,
  /^\/var\/log\/?$/,
  /^\/home\/?$/,
  /^\/usr(\/|$)/,
];

/** How dangerous a hostPath is: node takeover paths are critical, other node directories medium. */
export function hostPathSeverity(path: string): Severity {
  const p = path.trim().replace(/\/+$/, '') || '/';
  return CRITICAL.some((re) => re.test(p)) || CRITICAL.some((re) => re.test(`${p}/`)) ? 'critical' : 'medium';
}

/** Node log directories: read-only, they expose other pods' logs but not control of the node. */
const LOG_PATHS = /^\/var\/log(\/|$)|^\/var\/lib\/docker\/containers(\/|$)/;

/** Whether at least one container of the pod mounts the volume and every one that does mounts it read-only. */
function mountedReadOnly(views: readonly ContainerView[], podId: string, volume: string): boolean {
  const mounts = views.filter((v) => v.c.podId === podId).flatMap((v) => v.w.container?.mounts.filter((m) => m.name === volume) ?? []);
  return mounts.length > 0 && mounts.every((m) => m.readOnly);
}

/** A docker-compose service's bind mount of a host path. */
function composeReport(service: string, path: Str, readOnlyLogs: boolean): Report {
  if (readOnlyLogs) {
    return {
      message: `Service "${service}" mounts ${path.value} from the host read-only, so it reads the logs of the host and every container on it, and any token or data they print.`,
      loc: path.loc,
      severity: 'medium',
    };
  }
  const severity = hostPathSeverity(path.value);
  const docker = /docker\.sock$/.test(path.value.trim());
  const message =
    severity === 'critical'
      ? `Service "${service}" mounts ${path.value} from the host, which gives the service control over the ${docker ? 'Docker host and every container on it' : 'host'}.`
      : `Service "${service}" mounts ${path.value} from the host, so the service reads and writes host files that other containers and users share.`;
  return { message, loc: path.loc, severity };
}

export default defineRule({
  meta: {
    id: 'container/host-path-mount',
    title: 'Pod mounts a host path',
    description:
      'A `hostPath` volume in a pod, pod template or Argo workflow, or a PersistentVolume backed by a `hostPath`, or a docker-compose service that bind-mounts an absolute or home-directory host path (`/var/run/docker.sock:/var/run/docker.sock`, `~/.aws:/root/.aws`; paths relative to the project are not reported). Critical for container runtime sockets, `/`, `/etc`, `/proc`, `/sys`, kubelet and runtime state; medium for other node directories such as shared model or dataset caches, and for node log directories (`/var/log`, `/var/lib/docker/containers`) that every container mounts read-only.',
    explanation:
      'A hostPath volume gives the pod a piece of the node’s filesystem. The Docker or containerd socket lets it start privileged containers on the node; `/`, `/etc` or kubelet state let it rewrite the node’s configuration and read every pod’s secrets. Even a harmless-looking shared model or dataset cache on the node is a poisoning channel: any pod that can write there changes the weights or data the next training or serving pod loads.',
    example: {
      language: 'yaml',
      bad: 'volumes:\n- name: models\n  hostPath:\n    path: /mnt/models',
      good: 'volumes:\n- name: models\n  persistentVolumeClaim:\n    claimName: models-ro',
    },
    formats: [...POD_FORMATS, 'compose'],
    severity: 'medium',
    fixes: [],
    stride: ['E', 'T'],
    atlas: ['AML.T0105', 'AML.T0020'],
    owasp: ['ML02', 'ML10'],
    references: ['https://kubernetes.io/docs/concepts/storage/volumes/#hostpath', 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
    equivalents: ['Trivy KSV-0023/0006', 'Checkov CKV_K8S_27', 'KICS Docker Daemon Socket is Exposed to Containers'],
  },
  check(ctx) {
    const out: Report[] = [];
    const views = containers(ctx.factIndex);
    for (const pod of ctx.facts.pods) {
      for (const hp of pod.hostPaths) {
        const path = hp.path.value.trim();
        if (pod.format === 'compose') {
          out.push(composeReport(pod.name, hp.path, LOG_PATHS.test(path) && mountedReadOnly(views, pod.id, hp.volume)));
          continue;
        }
        if (LOG_PATHS.test(path) && mountedReadOnly(views, pod.id, hp.volume)) {
          out.push({
            message: `Volume "${hp.volume}" mounts ${hp.path.value} from the node read-only, so the pod reads the logs of every pod on the node, and any token or data they print.`,
            loc: hp.path.loc,
            severity: 'medium',
          });
          continue;
        }
        const severity = hostPathSeverity(hp.path.value);
        if (pod.persistentVolume) {
          out.push({
            message: `PersistentVolume "${pod.name}" is ${hp.path.value} on the node, so any pod that claims it ${severity === 'critical' ? 'gets control over the node' : 'reads and writes node state that other pods share'}.`,
            loc: hp.path.loc,
            severity,
          });
          continue;
        }
        out.push({
          message:
            severity === 'critical'
              ? `Volume "${hp.volume}" mounts ${hp.path.value} from the node, which gives the pod control over the node.`
              : `Volume "${hp.volume}" mounts ${hp.path.value} from the node, so the pod reads and writes node state that other pods share.`,
          loc: hp.path.loc,
          severity,
        });
      }
    }
    return out;
  },
});

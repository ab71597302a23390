// Which files are docker-compose files: by name (`compose.yaml`, `compose.prod.yaml`,
// `docker-compose.yml`, `docker-compose.override.yml`, `docker-compose-gpu.yml`), then by content.

import type { YamlDoc } from '../yaml/nodes';

const COMPOSE_NAME = /^(docker-compose[\w.-]*|compose([.-][\w.-]+)?)\.ya?ml$/i;

/** Whether a path is named like a docker-compose file. */
export function isComposePath(path: string): boolean {
  return COMPOSE_NAME.test(path.slice(path.lastIndexOf('/') + 1));
}

/** Keys of a compose service; a `services` entry with one of them is a service. */
const SERVICE_KEYS = new Set([
  'image',
  'build',
  'command',
  'entrypoint',
  'environment',
  'env_file',
  'ports',
  'expose',
  'volumes',
  'depends_on',
  'container_name',
  'restart',
  'networks',
  'network_mode',
  'privileged',
  'cap_add',
  'user',
  'security_opt',
  'deploy',
  'healthcheck',
  'labels',
  'extends',
  'profiles',
  'secrets',
  'working_dir',
]);

/** Whether a YAML document is a compose file: a `services` mapping whose entries are service mappings. */
export function isComposeDocument(y: YamlDoc): boolean {
  const root = y.map(y.root);
  if (!root || y.pair(root, 'kind') || y.pair(root, 'apiVersion')) return false;
  const entries = y.entries(y.get(root, 'services'));
  if (!entries.length) return false;
  let services = 0;
  for (const e of entries) {
    const keys = y.entries(e.value).map((x) => x.key);
    if (e.value !== undefined && !y.map(e.value)) return false;
    if (keys.some((k) => SERVICE_KEYS.has(k))) services++;
  }
  return services > 0;
}

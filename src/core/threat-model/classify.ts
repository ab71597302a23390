// Classifies what pipeline files point at (registries, package indexes, hubs, buckets, hosts) into
// the parties and zones of a threat model. Pure string rules, listed here so reviewers can check them.

import type { ImageRef, PackageManager } from '../facts/model';

export type CloudProvider = 'aws' | 'gcp' | 'azure';

export const CLOUD_NAMES: Record<CloudProvider, string> = {
  aws: 'AWS account',
  gcp: 'Google Cloud project',
  azure: 'Azure subscription',
};

export interface ParsedUri {
  scheme?: string;
  host?: string;
  /** Path without the leading slash. */
  path: string;
}

/** Splits `scheme://host/path`; a plain path has no scheme. Never throws. */
export function parseUri(raw: string): ParsedUri {
  const text = raw.trim();
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/.exec(text);
  if (m) {
    const authority = m[2].replace(/^[^@]*@/, '');
    return { scheme: m[1].toLowerCase(), host: authority.toLowerCase(), path: m[3].replace(/^\/+/, '') };
  }
  const single = /^([a-zA-Z][a-zA-Z0-9+.-]+):\/?([^/].*)?$/.exec(text);
  if (single && !/^[a-zA-Z]:[\\/]/.test(text)) return { scheme: single[1].toLowerCase(), path: (single[2] ?? '').replace(/^\/+/, '') };
  return { path: text.replace(/^\.\//, '') };
}

/** Host without a port. */
export function hostName(host: string): string {
  return host.replace(/:\d+$/, '');
}

/** Loopback, private address ranges, cluster-internal and single-label names. */
export function isPrivateHost(host: string): boolean {
  const h = hostName(host).replace(/^\[|\]$/g, '');
  if (!h) return false;
  if (h === 'localhost' || h === '::1' || h === '0.0.0.0') return true;
  if (/^127\./.test(h) || /^10\./.test(h) || /^192\.168\./.test(h) || /^172\.(1[6-9]|2\d|3[01])\./.test(h)) return true;
  if (/\.(local|internal|svc|cluster\.local|lan|corp|intranet)$/.test(h) || /\.svc\./.test(h)) return true;
  return !h.includes('.');
}

/** `service.namespace.svc[.cluster.local]` → the namespace. */
export function clusterServiceNamespace(host: string): string | undefined {
  const m = /^[a-z0-9-]+\.([a-z0-9-]+)\.svc(\.|$)/.exec(hostName(host));
  return m?.[1];
}

/** Hosted services that form their own third-party zone, by host suffix. */
const THIRD_PARTY: { suffix: string; name: string }[] = [
  { suffix: 'huggingface.co', name: 'Hugging Face Hub' },
  { suffix: 'hf.co', name: 'Hugging Face Hub' },
  { suffix: 'cloud.databricks.com', name: 'Databricks' },
  { suffix: 'azuredatabricks.net', name: 'Databricks' },
  { suffix: 'gcp.databricks.com', name: 'Databricks' },
  { suffix: 'wandb.ai', name: 'Weights & Biases' },
  { suffix: 'dagshub.com', name: 'DagsHub' },
  { suffix: 'kaggle.com', name: 'Kaggle' },
  { suffix: 'github.com', name: 'GitHub' },
  { suffix: 'githubusercontent.com', name: 'GitHub' },
  { suffix: 'gitlab.com', name: 'GitLab' },
  { suffix: 'bitbucket.org', name: 'Bitbucket' },
  { suffix: 'drive.google.com', name: 'Google Drive' },
  { suffix: 'comet.com', name: 'Comet' },
  { suffix: 'neptune.ai', name: 'Neptune' },
];

export function thirdPartyService(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const h = hostName(host);
  return THIRD_PARTY.find((t) => h === t.suffix || h.endsWith(`.${t.suffix}`))?.name;
}

export interface RegistryInfo {
  /** Normalised host (`docker.io` for Docker Hub). */
  host: string;
  name: string;
  /** Public registry on the internet, as opposed to the organisation's own. */
  public: boolean;
  provider?: CloudProvider;
}

const PUBLIC_REGISTRIES: Record<string, string> = {
  'docker.io': 'Docker Hub',
  'ghcr.io': 'GitHub Container Registry',
  'quay.io': 'Quay.io',
  'nvcr.io': 'NVIDIA NGC registry',
  'mcr.microsoft.com': 'Microsoft Container Registry',
  'public.ecr.aws': 'Amazon ECR Public',
  'registry.k8s.io': 'Kubernetes registry',
  'k8s.gcr.io': 'Kubernetes registry (legacy)',
  'docker.elastic.co': 'Elastic registry',
  'cgr.dev': 'Chainguard registry',
  'registry.access.redhat.com': 'Red Hat registry',
  'registry.gitlab.com': 'GitLab Container Registry',
};

/** Google registries host both public project images and an organisation's own. */
const PUBLIC_GCR_PROJECTS = new Set([
  'ml-pipeline',
  'kubeflow-images-public',
  'distroless',
  'google-containers',
  'deeplearning-platform-release',
  'tfx-oss-public',
  'kaniko-project',
  'cloud-builders',
  'google.com',
  'vertex-ai',
  'cloudsql-docker',
  'knative-releases',
  'kfserving',
  'arrikto',
]);

export function registryOf(image: Pick<ImageRef, 'registry' | 'repository'>): RegistryInfo {
  const raw = (image.registry ?? 'docker.io').toLowerCase();
  const host = raw === 'index.docker.io' || raw === 'registry-1.docker.io' ? 'docker.io' : raw;
  const h = hostName(host);
  if (PUBLIC_REGISTRIES[h]) return { host, name: PUBLIC_REGISTRIES[h], public: true };
  if (/(^|\.)gcr\.io$/.test(h) || /-docker\.pkg\.dev$/.test(h)) {
    const segs = image.repository.split('/');
    const project = /-docker\.pkg\.dev$/.test(h) ? segs[0] : segs[0];
    const isPublic = PUBLIC_GCR_PROJECTS.has(project);
    return { host, name: `${host}/${project}`, public: isPublic, ...(isPublic ? {} : { provider: 'gcp' as const }) };
  }
  if (/\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(h)) return { host, name: host, public: false, provider: 'aws' };
  if (/\.azurecr\.io$/.test(h)) return { host, name: host, public: false, provider: 'azure' };
  return { host, name: host, public: false };
}

export interface IndexInfo {
  key: string;
  name: string;
  url?: string;
  public: boolean;
  provider?: CloudProvider;
}

const DEFAULT_INDEX: Record<PackageManager, IndexInfo> = {
  pip: { key: 'pypi.org', name: 'PyPI', url: 'https://pypi.org/simple', public: true },
  uv: { key: 'pypi.org', name: 'PyPI', url: 'https://pypi.org/simple', public: true },
  conda: { key: 'conda.anaconda.org', name: 'Anaconda channels', url: 'https://conda.anaconda.org', public: true },
  mamba: { key: 'conda.anaconda.org', name: 'Anaconda channels', url: 'https://conda.anaconda.org', public: true },
  apt: { key: 'apt', name: 'Distribution package archive (apt)', public: true },
  apk: { key: 'apk', name: 'Alpine package repository', public: true },
  yum: { key: 'yum', name: 'Distribution package repository (yum)', public: true },
  npm: { key: 'registry.npmjs.org', name: 'npm registry', url: 'https://registry.npmjs.org', public: true },
};

const PUBLIC_INDEX_HOSTS: Record<string, string> = {
  'pypi.org': 'PyPI',
  'files.pythonhosted.org': 'PyPI',
  'pypi.python.org': 'PyPI',
  'download.pytorch.org': 'PyTorch package index',
  'conda.anaconda.org': 'Anaconda channels',
  'repo.anaconda.com': 'Anaconda channels',
  'registry.npmjs.org': 'npm registry',
  'pypi.nvidia.com': 'NVIDIA package index',
  'data.pyg.org': 'PyG wheels',
};

/** The index a package install reads from: the URL written, or the manager's default. */
export function packageIndex(manager: PackageManager, url?: string): IndexInfo {
  if (!url) return DEFAULT_INDEX[manager];
  const u = parseUri(url);
  const host = u.host ? hostName(u.host) : url;
  if (PUBLIC_INDEX_HOSTS[host]) return { key: host, name: PUBLIC_INDEX_HOSTS[host], url, public: true };
  const provider = providerOfHost(host);
  return { key: host, name: host, url, public: false, ...(provider ? { provider } : {}) };
}

/** Cloud provider revealed by a service host name (artifact registries, storage endpoints). */
export function providerOfHost(host: string): CloudProvider | undefined {
  const h = hostName(host);
  if (/amazonaws\.com(\.cn)?$/.test(h) || /\.codeartifact\./.test(h)) return 'aws';
  if (/(googleapis\.com|\.pkg\.dev|gcr\.io)$/.test(h)) return 'gcp';
  if (/(windows\.net|azurecr\.io|\.azure\.com|pkgs\.visualstudio\.com|pkgs\.dev\.azure\.com)$/.test(h)) return 'azure';
  return undefined;
}

export interface StorageLocation {
  /** Identity of the store: `scheme://bucket` (or host for HTTP and SSH stores, or the path for local ones). */
  key: string;
  name: string;
  scheme?: string;
  provider?: CloudProvider;
  /** Hosted by a third party (Google Drive, Hugging Face…). */
  thirdParty?: string;
  local: boolean;
  /** Path inside the store. */
  path: string;
}

/** Where a storage URI points: the bucket or host that is the store, and the path inside it. */
export function storageLocation(raw: string): StorageLocation {
  const u = parseUri(raw);
  const scheme = u.scheme;
  if (!scheme || scheme === 'file' || scheme === 'local') {
    const p = scheme === 'file' ? `/${u.path}` : u.path;
    return { key: `local:${p}`, name: p || '.', local: true, path: p, ...(scheme ? { scheme } : {}) };
  }
  const host = u.host ?? '';
  switch (scheme) {
    case 's3':
    case 's3a':
    case 's3n':
      return { key: `s3://${host}`, name: `s3://${host}`, scheme, provider: 'aws', local: false, path: u.path };
    case 'gs':
    case 'gcs':
      return { key: `gs://${host}`, name: `gs://${host}`, scheme, provider: 'gcp', local: false, path: u.path };
    case 'azure':
    case 'az':
    case 'wasb':
    case 'wasbs':
    case 'abfs':
    case 'abfss':
      return { key: `azure://${host}`, name: `${scheme}://${host}`, scheme, provider: 'azure', local: false, path: u.path };
    case 'gdrive':
      return { key: `gdrive://${host}`, name: `gdrive://${host}`, scheme, thirdParty: 'Google Drive', local: false, path: u.path };
    case 'hf':
      return { key: 'hf://', name: 'Hugging Face Hub', scheme, thirdParty: 'Hugging Face Hub', local: false, path: `${host}/${u.path}` };
    case 'http':
    case 'https': {
      const h = hostName(host);
      const vhost = /^([a-z0-9.-]+)\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com$/.exec(h);
      if (vhost) return { key: `s3://${vhost[1]}`, name: `s3://${vhost[1]}`, scheme, provider: 'aws', local: false, path: u.path };
      if (/^s3[.-]([a-z0-9-]+\.)?amazonaws\.com$/.test(h) || h === 'storage.googleapis.com') {
        const [bucket, ...rest] = u.path.split('/');
        const s = h === 'storage.googleapis.com' ? 'gs' : 's3';
        return { key: `${s}://${bucket}`, name: `${s}://${bucket}`, scheme, provider: s === 'gs' ? 'gcp' : 'aws', local: false, path: rest.join('/') };
      }
      if (/\.blob\.core\.windows\.net$/.test(h)) {
        const [container, ...rest] = u.path.split('/');
        return { key: `azure://${container}@${h}`, name: `${h}/${container}`, scheme, provider: 'azure', local: false, path: rest.join('/') };
      }
      const tp = thirdPartyService(h);
      return { key: `${scheme}://${h}`, name: h, scheme, local: false, path: u.path, ...(tp ? { thirdParty: tp } : {}) };
    }
    default:
      return { key: `${scheme}://${host}`, name: host ? `${scheme}://${host}` : `${scheme}:`, scheme, local: false, path: u.path };
  }
}

/** True for schemes that name object storage rather than a web page. */
export function isStorageScheme(scheme: string | undefined): boolean {
  return !!scheme && ['s3', 's3a', 's3n', 'gs', 'gcs', 'azure', 'az', 'wasb', 'wasbs', 'abfs', 'abfss', 'gdrive', 'hdfs', 'webhdfs', 'oss', 'ssh', 'sftp'].includes(scheme);
}

const MODEL_EXT = /\.(pkl|pickle|joblib|pt|pth|ckpt|bin|h5|hdf5|keras|onnx|safetensors|gguf|pb|tflite|mar|savedmodel|model|sav|cbm|xgb|lgb)$/i;
const CODE_EXT = /\.(py|ipynb|r|sh|bash|sql|scala|java|js|ts|jl|toml|cfg|ini)$/i;
const PARAMS = /(^|\/)(params|config|conf|settings)\.(ya?ml|json|toml)$/i;

/** Guesses the asset kind of a lineage path: models by extension or name, code, else data. */
export function assetKindOfPath(p: string): 'model' | 'code' | 'dataset' {
  if (MODEL_EXT.test(p) || /(^|[/_-])models?([/_.-]|$)/i.test(p) || /(^|\/)mlmodel$/i.test(p)) return 'model';
  if (CODE_EXT.test(p) || PARAMS.test(p)) return 'code';
  return 'dataset';
}

/** The serialization a model path's extension implies. */
export function serializationOfPath(p: string): string | undefined {
  const m = /\.([a-z0-9]+)$/i.exec(p);
  if (!m) return undefined;
  const ext = m[1].toLowerCase();
  const map: Record<string, string> = {
    pkl: 'pickle',
    pickle: 'pickle',
    joblib: 'joblib',
    pt: 'pytorch',
    pth: 'pytorch',
    ckpt: 'pytorch',
    h5: 'h5',
    hdf5: 'h5',
    keras: 'keras',
    onnx: 'onnx',
    safetensors: 'safetensors',
    gguf: 'gguf',
    pb: 'tensorflow',
    tflite: 'tensorflow',
    sav: 'pickle',
  };
  return map[ext];
}

/** Serializations whose loading does not execute code from the file. */
export const SAFE_SERIALIZATIONS = new Set(['safetensors', 'onnx', 'gguf', 'tensorflow', 'numpy']);

/** A workspace path without `./`, backslashes or a trailing slash. */
export function normalisePath(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
}

/** Last path segments, normalised for matching (`a/b/c/` → ['a','b','c']). */
export function pathSegments(p: string): string[] {
  return p.split(/[\\/]+/).filter((s) => s && s !== '.');
}

/** Number of equal trailing segments of two paths. */
export function commonSuffix(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/** Lower case, `_` and spaces as `-`: how image and directory names are compared. */
export function normaliseName(s: string): string {
  return s.toLowerCase().replace(/[_\s]+/g, '-');
}

// The trust zones inference places parts in: the internet, third parties, cloud accounts, the
// cluster and its namespaces and nodes, hosts, workstations, image builds, registries and buckets.

import type { ModelBuilder } from './builder';
import { CLOUD_NAMES, isPrivateHost, thirdPartyService, type CloudProvider, type StorageLocation } from './classify';
import type { Loc } from '../model';

export class Zones {
  constructor(private readonly b: ModelBuilder) {}

  internet(): string {
    return this.b.boundary('internet', 'internet', 'Internet');
  }

  thirdParty(name: string): string {
    return this.b.boundary('third-party-service', name, name, this.internet());
  }

  cloud(p: CloudProvider): string {
    return this.b.boundary('cloud-account', p, CLOUD_NAMES[p]);
  }

  cluster(): string {
    return this.b.boundary('cluster', 'kubernetes', 'Kubernetes cluster');
  }

  namespace(ns: string, evidence?: Loc[]): string {
    return this.b.boundary('namespace', ns, `namespace ${ns}`, this.cluster(), evidence);
  }

  /** The namespace when known, else the cluster. */
  namespaceOrCluster(ns: string | undefined): string {
    return ns ? this.namespace(ns) : this.cluster();
  }

  node(): string {
    return this.b.boundary('node-host', 'kubernetes-node', 'Kubernetes node', this.cluster());
  }

  containerHost(): string {
    return this.b.boundary('node-host', 'container-host', 'Container host');
  }

  workstation(): string {
    return this.b.boundary('developer-workstation', 'workstation', 'Developer workstation');
  }

  ciBuild(): string {
    return this.b.boundary('ci-build', 'image-build', 'Image build (CI)');
  }

  orgRegistry(host: string, provider?: CloudProvider, evidence?: Loc[]): string {
    return this.b.boundary('organisation-registry', host, `Organisation registry ${host}`, provider ? this.cloud(provider) : undefined, evidence);
  }

  /** The zone of a storage location: its bucket inside the cloud account, the third party, or the workstation. */
  storageZone(sl: StorageLocation, evidence?: Loc[]): string {
    if (sl.local) return this.workstation();
    if (sl.thirdParty) return this.thirdParty(sl.thirdParty);
    const parent = sl.provider ? this.cloud(sl.provider) : undefined;
    return this.b.boundary('object-storage', sl.key, sl.name, parent, evidence);
  }

  /** A host's zone for outside parties: third-party service, the internet, or none for private hosts. */
  hostZone(host: string | undefined): string | undefined {
    const tp = thirdPartyService(host);
    if (tp) return this.thirdParty(tp);
    if (!host || isPrivateHost(host)) return undefined;
    return this.internet();
  }
}

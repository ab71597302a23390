// The facts index: each lookup answers what a scan of the whole collection would, including the
// smallest workload containing a location and the stores, URLs and Services behind a host name.

import * as assert from 'node:assert/strict';
import { builtImageNames, FactIndex } from '../../src/core/facts/fact-index';
import type { DockerfileFact } from '../../src/core/facts/dockerfile';
import { emptyFacts, type DataStoreFact, type Facts, type UrlFact, type WorkloadFact } from '../../src/core/facts/model';
import type { ModelFileFact } from '../../src/core/facts/model-files';
import type { ServiceFact } from '../../src/core/facts/network';
import type { ResourceFact } from '../../src/core/facts/pods';
import type { Loc } from '../../src/core/model';

const at = (file: string, start: number, end: number): Loc => ({ file, start, end });
const str = (value: string, loc = at('f', 0, value.length)) => ({ value, loc });

function workload(id: string, loc: Loc, name = id): WorkloadFact {
  return { id, kind: 'container', name, format: 'kubernetes', loc, anchor: loc, dependsOn: [] };
}

function facts(parts: Partial<Facts>): Facts {
  return { ...emptyFacts(), ...parts };
}

describe('facts index', () => {
  describe('workloads', () => {
    it('finds a workload by id, the last fact when two share it', () => {
      const first = workload('a', at('x.yaml', 0, 10), 'first');
      const second = workload('a', at('x.yaml', 20, 30), 'second');
      const index = new FactIndex(facts({ workloads: [first, workload('b', at('x.yaml', 40, 50)), second] }));
      assert.equal(index.workload('a'), second);
      assert.equal(index.workload('b')?.id, 'b');
      assert.equal(index.workload('c'), undefined);
    });

    it('lists the workloads of a file by where they start', () => {
      const late = workload('late', at('x.yaml', 50, 60));
      const early = workload('early', at('x.yaml', 0, 10));
      const index = new FactIndex(facts({ workloads: [late, workload('other', at('y.yaml', 0, 5)), early] }));
      assert.deepEqual(
        index.workloadsIn('x.yaml').map((w) => w.id),
        ['early', 'late'],
      );
      assert.deepEqual(index.workloadsIn('z.yaml'), []);
    });

    it('finds the smallest workload containing a location', () => {
      const pod = workload('pod', at('x.yaml', 0, 100));
      const init = workload('init', at('x.yaml', 10, 30));
      const main = workload('main', at('x.yaml', 40, 90));
      const index = new FactIndex(facts({ workloads: [pod, init, main, workload('elsewhere', at('y.yaml', 0, 100))] }));
      assert.equal(index.containingWorkload(at('x.yaml', 50, 60))?.id, 'main');
      assert.equal(index.containingWorkload(at('x.yaml', 12, 30))?.id, 'init');
      // Straddling two containers: only the pod holds it all.
      assert.equal(index.containingWorkload(at('x.yaml', 25, 45))?.id, 'pod');
      assert.equal(index.containingWorkload(at('x.yaml', 95, 101)), undefined);
      assert.equal(index.containingWorkload(at('z.yaml', 0, 1)), undefined);
    });

    it('prefers the first fact of two workloads of the same extent', () => {
      const index = new FactIndex(facts({ workloads: [workload('second', at('x.yaml', 5, 15)), workload('first', at('x.yaml', 0, 20)), workload('twin', at('x.yaml', 5, 15))] }));
      assert.equal(index.containingWorkload(at('x.yaml', 6, 7))?.id, 'second');
    });

    it('finds a location inside a workload that starts before a long earlier one ends', () => {
      // The long workload starts first; a short one after it ends before the location: the scan must look past it.
      const index = new FactIndex(facts({ workloads: [workload('long', at('x.yaml', 0, 100)), workload('short', at('x.yaml', 10, 20))] }));
      assert.equal(index.containingWorkload(at('x.yaml', 50, 55))?.id, 'long');
    });

    it('lists where the facts that name a workload are', () => {
      const index = new FactIndex(
        facts({
          settings: [{ name: str('TOKEN', at('d', 1, 6)), referenced: false, origin: 'k8s-env', workloadId: 'w' } as Facts['settings'][number]],
          tlsDisables: [{ loc: at('d', 10, 12), workloadId: 'w' } as Facts['tlsDisables'][number], { loc: at('d', 20, 22), workloadId: 'v' } as Facts['tlsDisables'][number]],
        }),
      );
      assert.deepEqual(index.locationsOf('w'), [at('d', 10, 12), at('d', 1, 6)]);
      assert.deepEqual(index.locationsOf('none'), []);
    });
  });

  describe('names and hosts', () => {
    it('finds resources and Services by name and namespace', () => {
      const r1 = { format: 'kubernetes', kind: 'Deployment', name: 'api', namespace: 'ml', loc: at('a', 0, 1), workloads: [] } as ResourceFact;
      const r2 = { format: 'kubernetes', kind: 'Deployment', name: 'api', loc: at('a', 2, 3), workloads: [] } as ResourceFact;
      const svc = { name: 'api', namespace: 'ml', type: 'ClusterIP', selector: {}, ports: [80], sourceRanges: [], loc: at('s', 0, 1) } as ServiceFact;
      const bare = { name: 'api', type: 'ClusterIP', selector: {}, ports: [80], sourceRanges: [], loc: at('s', 2, 3) } as ServiceFact;
      const index = new FactIndex(facts({ resources: [r1, r2], k8sServices: [svc, bare] }));
      assert.deepEqual(index.resourcesNamed('api', 'ml'), [r1]);
      assert.deepEqual(index.resourcesNamed('api', undefined), [r2]);
      assert.deepEqual(index.resourcesNamed('web', 'ml'), []);
      assert.deepEqual(index.servicesNamed('api', 'ml'), [svc]);
      assert.deepEqual(index.servicesNamed('api', undefined), [bare]);
    });

    it('finds the Services an in-cluster host name reaches', () => {
      const svc = { name: 'mlflow', namespace: 'mlops', type: 'ClusterIP', selector: {}, ports: [5000], sourceRanges: [], loc: at('s', 0, 1) } as ServiceFact;
      const index = new FactIndex(facts({ k8sServices: [svc] }));
      assert.deepEqual(index.servicesAtHost('mlflow.mlops.svc.cluster.local'), [svc]);
      assert.deepEqual(index.servicesAtHost('MLflow.mlops.svc'), [svc]);
      assert.deepEqual(index.servicesAtHost('mlflow.other.svc'), []);
      assert.deepEqual(index.servicesAtHost('mlflow.mlops.example.com'), []);
    });

    it('finds data stores and URLs by host, whatever the case or credentials in the URL', () => {
      const store = (id: string, url?: string) =>
        ({ id, name: id, kind: 'object-store', holdsCredentials: false, tlsVerified: true, loc: at('c', 0, 1), ...(url ? { url: str(url) } : {}) }) as DataStoreFact;
      const minio = store('minio', 'http://user:pw@MinIO.internal:9000/bucket');
      const s3 = store('s3', 's3://bucket/path');
      const index = new FactIndex(
        facts({ dataStores: [minio, s3, store('local')], urls: [{ url: str('https://minio.internal/x'), role: 'other' } as UrlFact, { url: str('not a url'), role: 'other' } as UrlFact] }),
      );
      assert.deepEqual(index.dataStoresAtHost('minio.internal'), [minio]);
      assert.deepEqual(index.dataStoresAtHost('MINIO.INTERNAL'), [minio]);
      assert.deepEqual(index.dataStoresAtHost('bucket'), [s3]);
      assert.deepEqual(index.dataStoresAtHost('example.com'), []);
      assert.deepEqual(
        index.urlsAtHost('minio.internal').map((u) => u.url.value),
        ['https://minio.internal/x'],
      );
    });
  });

  describe('files and paths', () => {
    it('finds the model file scanned at a path, the later scan of two', () => {
      const scan = (path: string, formatName: string) => ({ path, formatName }) as ModelFileFact;
      const later = scan('m/model.pkl', 'later');
      const index = new FactIndex(facts({ modelFiles: [scan('m/model.pkl', 'earlier'), scan('m/other.pt', 'other'), later] }));
      assert.equal(index.modelFile('m/model.pkl'), later);
      assert.equal(index.modelFile('m/missing.pkl'), undefined);
    });

    it('names the image a Dockerfile builds after its folder or suffix', () => {
      assert.deepEqual(builtImageNames('base/Dockerfile'), ['base']);
      assert.deepEqual(builtImageNames('docker/Dockerfile.Trainer'), ['trainer']);
      assert.deepEqual(builtImageNames('serve.dockerfile'), ['serve']);
      assert.deepEqual(builtImageNames('Dockerfile'), []);
      assert.deepEqual(builtImageNames('docs/README.md'), []);
    });

    it('finds the Dockerfiles that build an image name', () => {
      const d = (file: string) => ({ file, stages: [] }) as unknown as DockerfileFact;
      const base = d('base/Dockerfile');
      const alsoBase = d('images/Dockerfile.base');
      const index = new FactIndex(facts({ dockerfiles: [base, d('Dockerfile'), alsoBase, d('train/Dockerfile')] }));
      assert.deepEqual(index.dockerfilesBuilding('base'), [base, alsoBase]);
      assert.deepEqual(index.dockerfilesBuilding('BASE'), [base, alsoBase]);
      assert.deepEqual(index.dockerfilesBuilding('serve'), []);
    });

    it('lists the settings, scripts and TLS switches of a file', () => {
      const setting = (file: string, name: string) => ({ name: str(name, at(file, 0, name.length)), referenced: false, origin: 'k8s-env' }) as Facts['settings'][number];
      const a1 = setting('a', 'ONE');
      const a2 = setting('a', 'TWO');
      const script = { script: { loc: at('a', 5, 9), commands: [] } } as unknown as Facts['scripts'][number];
      const tls = { loc: at('b', 0, 2) } as Facts['tlsDisables'][number];
      const index = new FactIndex(facts({ settings: [a1, setting('b', 'THREE'), a2], scripts: [script], tlsDisables: [tls] }));
      assert.deepEqual(index.settingsIn('a'), [a1, a2]);
      assert.deepEqual(index.scriptsIn('a'), [script]);
      assert.deepEqual(index.scriptsIn('b'), []);
      assert.deepEqual(index.tlsDisablesIn('b'), [tls]);
      assert.deepEqual(index.tlsDisablesIn('a'), []);
    });
  });
});

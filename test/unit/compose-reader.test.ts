// The docker-compose reader: which files it claims, what a service becomes, and bad input.

import * as assert from 'node:assert/strict';
import { readCompose } from '../../src/core/formats/compose/reader';
import { isComposePath } from '../../src/core/formats/compose/naming';
import { SourceFile } from '../../src/core/source';

const read = (text: string, path = 'docker-compose.yml') => readCompose(new SourceFile(path, text));

const STACK = `x-common: &common
  restart: unless-stopped
  env_file: .env
services:
  tracking:
    <<: *common
    image: ghcr.io/mlflow/mlflow:v2.14.1
    command: ["mlflow", "server", "--host", "0.0.0.0"]
    ports:
      - "5000:5000"
      - 127.0.0.1:9000:9000
      - target: 8080
        host_ip: 10.0.0.5
    environment:
      - MLFLOW_S3_ENDPOINT_URL=http://minio:9000
      - AWS_ACCESS_KEY_ID
    volumes:
      - /srv/mlflow:/mlflow
      - ./conf:/conf:ro
      - artifacts:/artifacts
    secrets: [db_password]
  app:
    build: ./app
    image: myorg/app:dev
    user: "0"
    read_only: true
    security_opt: ["no-new-privileges:true"]
secrets:
  db_password:
    file: ./db_password.txt
`;

describe('compose reader', () => {
  it('claims compose names only', () => {
    for (const p of ['docker-compose.yml', 'a/docker-compose.override.yaml', 'docker-compose-gpu.yml', 'compose.yaml', 'compose.prod.yml', 'compose-dev.yaml']) assert.ok(isComposePath(p), p);
    for (const p of ['composer.json', 'my-compose.yml', 'compose.json', 'k8s/deploy.yaml']) assert.ok(!isComposePath(p), p);
  });

  it('reads services as container workloads with their settings, ports and volumes', () => {
    const docs = read(STACK);
    assert.equal(docs.length, 1);
    const { facts, notes, format } = docs[0];
    assert.equal(format, 'compose');
    assert.deepEqual(notes, []);
    assert.deepEqual(
      facts.workloads.map((w) => [w.name, w.kind, w.format]),
      [
        ['tracking', 'container', 'compose'],
        ['app', 'container', 'compose'],
      ],
    );
    const tracking = facts.workloads[0];
    assert.deepEqual(
      tracking.container!.ports.map((p) => [p.containerPort, p.published]),
      [
        [5000, 'all-interfaces'],
        [9000, 'loopback'],
        [8080, 'address'],
      ],
    );
    assert.deepEqual(
      tracking.pod!.volumes.map((v) => [v.name, v.kind]),
      [
        ['/srv/mlflow', 'hostPath'],
        ['./conf', 'other'],
        ['artifacts', 'pvc'],
        ['db_password', 'secret'],
      ],
    );
    assert.deepEqual(
      tracking.container!.mounts.map((m) => [m.mountPath, m.readOnly]),
      [
        ['/mlflow', false],
        ['/conf', true],
        ['/artifacts', false],
        ['/run/secrets/db_password', true],
      ],
    );
    assert.deepEqual(
      facts.settings.map((s) => [s.name.value, s.value?.value, s.referenced]),
      [
        ['MLFLOW_S3_ENDPOINT_URL', 'http://minio:9000', false],
        ['AWS_ACCESS_KEY_ID', undefined, false],
        ['.env', undefined, true],
      ],
    );
    // The value of a list item is located on its own text.
    const url = facts.settings[0].value!;
    assert.equal(STACK.slice(url.loc.start, url.loc.end), 'http://minio:9000');
    assert.deepEqual(
      facts.images.map((i) => i.raw),
      ['ghcr.io/mlflow/mlflow:v2.14.1'],
      'the tag of a built image is no pull',
    );
    assert.deepEqual(
      facts.services.map((s) => s.service),
      ['mlflow-server'],
    );
    const app = facts.workloads[1].container!.securityContext;
    assert.equal(app.runAsUser, 0);
    assert.equal(app.readOnlyRootFilesystem, true);
    assert.equal(app.allowPrivilegeEscalation, false);
  });

  it('leaves YAML that is no compose file to other readers', () => {
    assert.deepEqual(read('services:\n  - a\n  - b\n'), []);
    assert.deepEqual(read('apiVersion: v1\nkind: Service\nmetadata: {name: x}\nservices:\n  a: {image: x}\n'), []);
    assert.deepEqual(read('name: demo\n'), []);
  });

  it('reports broken YAML of a compose file as a note', () => {
    const docs = read('services:\n  web:\n    image: "nginx\n    ports: [80\n');
    assert.equal(docs.length, 1);
    assert.equal(docs[0].facts.workloads.length, 0);
    assert.match(docs[0].notes[0].message, /YAML/);
  });

  it('does not expand an alias bomb', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const text = `x-bomb:\n${lines.map((l) => `  ${l}`).join('\n')}\nservices:\n  web:\n    image: nginx:1.27.0\n    command: *a8\n    environment: *a8\n`;
    const started = Date.now();
    const docs = read(text);
    assert.ok(Date.now() - started < 5000, 'read in bounded time');
    assert.equal(docs.length, 1);
    assert.deepEqual(
      docs[0].facts.workloads.map((w) => w.name),
      ['web'],
    );
  });
});

// Table tests of the one classifier of names and values: setting-name kinds, placeholders, URL hosts and schemes, loopback and cluster-local hosts.

import * as assert from 'assert';
import {
  credentialLeaves,
  isClusterInternalHost,
  isCredentialName,
  isExampleKey,
  isLoopbackHost,
  isPlaceholderValue,
  isVariableReference,
  settingNameKind,
  urlHost,
  urlScheme,
  type SettingNameKind,
} from '../../src/core/facts/classify';

describe('classify: setting names', () => {
  const cases: [string, SettingNameKind][] = [
    // The names two classifiers used to disagree on.
    ['AUTH_ENABLED', 'other'],
    ['TOKEN_PATH', 'reference'],
    ['SECRET_NAME', 'reference'],
    ['OAUTH_CLIENT_ID', 'identifier'],
    ['PASSWORD_FILE', 'reference'],
    ['AUTHOR', 'other'],
    // Ordinary cases.
    ['DB_PASSWORD', 'secret'],
    ['dbPassword', 'secret'],
    ['API_KEY', 'secret'],
    ['HF_TOKEN', 'secret'],
    ['AWS_SECRET_ACCESS_KEY', 'secret'],
    ['AWS_ACCESS_KEY_ID', 'identifier'],
    ['CLIENT_SECRET', 'secret'],
    ['MLFLOW_TRACKING_PASSWORD', 'secret'],
    ['AZURE_STORAGE_CONNECTION_STRING', 'secret'],
    ['DEBIAN_FRONTEND', 'other'],
    ['BASE_IMAGE', 'other'],
    ['USER_ID', 'other'],
    ['ENABLE_TOKEN', 'other'],
    ['TOKEN_EXPIRY', 'other'],
    // Pagination, sync and anti-forgery tokens, and a tokenizer's names, are not credentials.
    ['next_page_token', 'other'],
    ['page_token', 'other'],
    ['nextPageToken', 'other'],
    ['continuation_token', 'other'],
    ['sync_token', 'other'],
    ['csrf_token', 'other'],
    ['tokenizer', 'other'],
    ['pad_token', 'other'],
    ['eos_token', 'other'],
    ['bos_token', 'other'],
    ['unk_token', 'other'],
    ['max_tokens', 'other'],
    ['token_type_ids', 'other'],
    // Tokens that are credentials stay so, whatever precedes them.
    ['token', 'secret'],
    ['access_token', 'secret'],
    ['auth_token', 'secret'],
    ['refresh_token', 'secret'],
    ['hub_token', 'secret'],
    ['GITHUB_TOKEN', 'secret'],
    ['page_token_secret', 'secret'],
  ];
  for (const [name, kind] of cases) {
    it(`${name} is ${kind}`, () => {
      assert.strictEqual(settingNameKind(name), kind);
      assert.strictEqual(isCredentialName(name), kind === 'secret');
    });
  }
});

describe('classify: values and URLs', () => {
  it('placeholders are not literal secrets, literals are', () => {
    for (const v of ['${TOKEN}', '$(cat /run/secret)', '{{ .Values.pw }}', '<password>', '****', 'changeme', 'true', '/run/secrets/pw', 'abc']) assert.ok(isPlaceholderValue(v), v);
    for (const v of ['s3cr3t-Value!', 'hunter22', 'minio123']) assert.ok(!isPlaceholderValue(v), v);
  });
  it('values that name a variable are references, literals are not', () => {
    for (const v of ['GITHUB_TOKEN', 'HF_TOKEN', 'secrets.HF_TOKEN', 'env.WANDB_API_KEY', '%API_KEY%', '$env:TOKEN', '$TOKEN', '${TOKEN}']) {
      assert.ok(isVariableReference(v), v);
      assert.ok(isPlaceholderValue(v), v);
    }
    for (const v of ['Github_Token_2024', 'GITHUB', 'hunter22', 'abc_DEF_1', 'secrets.', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY']) assert.ok(!isVariableReference(v), v);
  });
  it("AWS's documentation example keys are examples, other keys are not", () => {
    for (const v of ['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AKIAI44QH8DHBEXAMPLE', 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY']) assert.ok(isExampleKey(v), v);
    for (const v of ['AKIAZ3MTQ7ORN4LQ2XHP', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY7Q2nV9xTe4k', 'EXAMPLEKEY', 'my-EXAMPLE']) assert.ok(!isExampleKey(v), v);
  });
  it('a JSON document is a credential only through its credential-named literal keys', () => {
    assert.deepEqual(credentialLeaves('{"storageSpecSecretName": "storage-config", "s3": {"s3SecretAccessKeyName": "AWS_SECRET_ACCESS_KEY"}}'), []);
    assert.deepEqual(credentialLeaves('{"s3": {"endpoint": "minio:9000", "secretAccessKey": "Qx7-live-Secret"}, "users": [{"password": "hunter2-Long"}, {"password": "${PW}"}]}'), [
      's3.secretAccessKey',
      'users[0].password',
    ]);
    for (const notJson of ['hunter2-Long', '{not json', '[default]\naws_secret_access_key = abc', '']) assert.equal(credentialLeaves(notJson), undefined);
  });

  it('URL host and scheme', () => {
    assert.strictEqual(urlHost('http://user:pw@Example.COM:8080/x'), 'example.com');
    assert.strictEqual(urlHost('https://[::1]:5000/'), '[::1]');
    assert.strictEqual(urlHost('not a url'), undefined);
    assert.strictEqual(urlScheme('HTTP://example.com'), 'http');
    assert.strictEqual(urlScheme('s3://bucket/key'), 's3');
    assert.strictEqual(urlScheme('/local/path'), undefined);
  });
  it('loopback and cluster-local hosts', () => {
    for (const h of ['localhost', 'api.localhost', '127.0.0.1', '[::1]', '0.0.0.0']) assert.ok(isLoopbackHost(h), h);
    for (const h of ['example.com', '10.0.0.1']) assert.ok(!isLoopbackHost(h), h);
    for (const h of ['mlflow', 'minio.kubeflow.svc', 'svc.ns.svc.cluster.local', 'db.internal']) assert.ok(isClusterInternalHost(h), h);
    for (const h of ['example.com', 's3.amazonaws.com']) assert.ok(!isClusterInternalHost(h), h);
  });
});

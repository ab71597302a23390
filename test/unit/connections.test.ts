// Connection strings and Kafka client settings as data-plane facts: the scheme, the transport
// security asked for, the password (placeholders are not credentials) and the client direction.

import * as assert from 'node:assert/strict';
import { addConnectionFacts, clientDirection, connectionEncryption, connectionScheme, connectionStore, kafkaProtocol } from '../../src/core/facts/connections';
import { emptyFacts, type SettingFact } from '../../src/core/facts/model';

const str = (value: string) => ({ value, loc: { file: 'f.yaml', start: 0, end: value.length } });

describe('connection facts', () => {
  it('reads the scheme of database and cache connection strings, and nothing else', () => {
    const table: [string, string | undefined][] = [
      ['postgresql://u:p@db:5432/x', 'postgresql'],
      ['postgres://db/x', 'postgresql'],
      ['postgresql+psycopg2://db/x', 'postgresql'],
      ['mysql+pymysql://root@mysql:3306/app', 'mysql'],
      ['mongodb+srv://cluster0.example.net/app', 'mongodb+srv'],
      ['rediss://cache:6380', 'rediss'],
      ['https://db.example.com', undefined],
      ['s3://bucket/key', undefined],
      ['just text', undefined],
    ];
    for (const [url, scheme] of table) assert.equal(connectionScheme(url), scheme, url);
  });

  it('says whether the connection requires TLS, allows plaintext or does not say', () => {
    const table: [string, boolean | undefined][] = [
      ['postgresql://db/x?sslmode=require', true],
      ['postgresql://db/x?sslmode=verify-full', true],
      ['postgresql://db/x?sslmode=prefer', false],
      ['postgresql://db/x?sslmode=disable', false],
      ['postgresql://db/x', undefined],
      ['mysql://db/x?ssl-mode=REQUIRED', true],
      ['mongodb://db/x?tls=true', true],
      ['mongodb+srv://c.example.net/x', true],
      ['redis://cache:6379/0', false],
      ['rediss://cache:6380/0', true],
    ];
    for (const [url, tls] of table) assert.equal(connectionEncryption(url), tls, url);
  });

  it('counts a literal password as a credential and a placeholder as none', () => {
    assert.equal(connectionStore(str('postgresql://app:Xk29-pq@db/x'), 'id', 'n')?.holdsCredentials, true);
    for (const url of ['postgresql://app:${DB_PASSWORD}@db/x', 'postgresql://app:$(DB_PASSWORD)@db/x', 'postgresql://app@db/x']) {
      assert.equal(connectionStore(str(url), 'id', 'n')?.holdsCredentials, false, url);
    }
  });

  it('reads security.protocol values', () => {
    assert.deepEqual(kafkaProtocol('SASL_SSL'), { encrypted: true, authenticated: true });
    assert.deepEqual(kafkaProtocol('ssl'), { encrypted: true, authenticated: false });
    assert.deepEqual(kafkaProtocol('SASL_PLAINTEXT'), { encrypted: false, authenticated: true });
    assert.deepEqual(kafkaProtocol('PLAINTEXT'), { encrypted: false, authenticated: false });
    assert.equal(kafkaProtocol('TLS'), undefined);
  });

  it('tells producers from consumers by name, and says nothing when names disagree', () => {
    assert.equal(clientDirection(['txn-producer']), 'produce');
    assert.equal(clientDirection(['KAFKA_CONSUMER_GROUP']), 'consume');
    assert.equal(clientDirection(['producer', 'consumer']), undefined);
    assert.equal(clientDirection(['scorer']), undefined);
  });

  it('adds one Kafka client per workload and a store per connection string, skipping referenced values', () => {
    const facts = emptyFacts();
    const setting = (name: string, value: string, workloadId: string, referenced = false): SettingFact => ({ name: str(name), value: str(value), referenced, origin: 'k8s-env', workloadId });
    facts.settings.push(
      setting('KAFKA_BOOTSTRAP_SERVERS', 'kafka:9092', 'w1'),
      setting('KAFKA_SECURITY_PROTOCOL', 'SSL', 'w1'),
      setting('INPUT_TOPIC', 'events', 'w1'),
      setting('DATABASE_URL', 'postgresql://db/x', 'w2'),
      setting('OTHER_URL', 'postgresql://db/y', 'w2', true),
    );
    addConnectionFacts(facts);
    assert.equal(facts.kafkaClients.length, 1);
    assert.equal(facts.kafkaClients[0].securityProtocol?.value, 'SSL');
    assert.deepEqual(
      facts.kafkaClients[0].topics.map((t) => t.value),
      ['events'],
    );
    assert.deepEqual(
      facts.dataStores.map((d) => d.url?.value),
      ['postgresql://db/x'],
    );
  });
});

// Data-plane facts read from a workload's settings: Kafka clients (bootstrap servers,
// `security.protocol`, topics) and databases and caches named by connection strings. Readers call
// it once per document after collecting settings, so every format with settings gets them alike.

import type { KafkaClientFact, KafkaProtocol } from './data-plane';
import { isPlaceholderValue } from './classify';
import type { DataStoreFact, Facts, SettingFact, Str } from './model';

const BOOTSTRAP = /(^|_)(BOOTSTRAP_SERVERS?|KAFKA_BROKERS?|KAFKA_BROKER_LIST|BROKER_LIST)$|^KAFKA_(HOST|URL|SERVERS?)$/;
const PROTOCOL = /(^|_)SECURITY_PROTOCOL$/;
const TOPIC = /(^|_)TOPICS?(_NAME)?$/;
const KAFKA_PROTOCOLS = new Set<KafkaProtocol>(['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL']);

/** Database and cache schemes of connection strings, with an optional SQLAlchemy driver (`postgresql+psycopg2`). */
const CONNECTION = /^(postgres|postgresql|mysql|mariadb|mssql|oracle|mongodb\+srv|mongodb|redis|rediss|cockroachdb)(\+[a-z0-9]+)?:\/\/[^\s]+$/i;

/** Whether a `security.protocol` value encrypts (SSL, SASL_SSL) and authenticates (SASL_*) the connection. */
export function kafkaProtocol(value: string): { encrypted: boolean; authenticated: boolean } | undefined {
  const v = value.trim().toUpperCase() as KafkaProtocol;
  if (!KAFKA_PROTOCOLS.has(v)) return undefined;
  return { encrypted: v === 'SSL' || v === 'SASL_SSL', authenticated: v.startsWith('SASL_') };
}

/** Normalised scheme of a connection string: the driver suffix dropped, `postgres` as `postgresql`. */
export function connectionScheme(url: string): string | undefined {
  const m = CONNECTION.exec(url.trim());
  if (!m) return undefined;
  const s = m[1].toLowerCase();
  return s === 'postgres' ? 'postgresql' : s;
}

/** What an `sslmode` (PostgreSQL) or `ssl-mode` (MySQL) value asks: true when TLS is required, false when optional or off. */
export function sslModeEncryption(mode: string): boolean | undefined {
  const m = mode.toLowerCase();
  if (/^(require|verify-ca|verify-full|required|verify_ca|verify_identity)$/.test(m)) return true;
  return /^(disable|allow|prefer|disabled|preferred)$/.test(m) ? false : undefined;
}

/** What a connection string asks of transport security: true when TLS is required, false when optional or off. */
export function connectionEncryption(url: string): boolean | undefined {
  const text = url.trim();
  const scheme = connectionScheme(text);
  if (scheme === 'rediss' || scheme === 'mongodb+srv') return true;
  // `redis://` is the plaintext protocol; TLS is `rediss://`.
  if (scheme === 'redis' && !/[?&](ssl|tls)=true/i.test(text)) return false;
  const query = text.includes('?') ? text.slice(text.indexOf('?') + 1) : '';
  const params = new Map(query.split('&').map((kv) => [kv.split('=')[0].toLowerCase(), (kv.split('=')[1] ?? '').toLowerCase()] as const));
  const sslmode = params.get('sslmode') ?? params.get('ssl-mode');
  if (sslmode) return sslModeEncryption(sslmode);
  const flag = params.get('ssl') ?? params.get('tls') ?? params.get('useSSL'.toLowerCase());
  if (flag) return /^(true|1|yes)$/.test(flag);
  return undefined;
}

/** The password of `scheme://user:password@host`, when the string holds one. */
export function connectionPassword(url: string): string | undefined {
  const m = /^[a-z0-9+]+:\/\/[^:/@]*:([^@]*)@/i.exec(url.trim());
  return m ? m[1] : undefined;
}

/** A database or cache store fact for a connection string, or undefined when the value is not one. */
export function connectionStore(url: Str, id: string, name: string): DataStoreFact | undefined {
  const scheme = connectionScheme(url.value);
  if (!scheme) return undefined;
  const password = connectionPassword(url.value);
  const encrypted = connectionEncryption(url.value);
  return {
    id,
    name,
    kind: 'database',
    url,
    scheme,
    // A placeholder password (`${DB_PASSWORD}`, `$(PASSWORD)`) names the store without holding the secret.
    holdsCredentials: !!password && !isPlaceholderValue(password) && !/\$[{(]/.test(password),
    tlsVerified: true,
    ...(encrypted === undefined ? {} : { encrypted }),
    loc: url.loc,
  };
}

/** Whether names say a Kafka client produces or consumes (`txn-producer`, `FEATURE_CONSUMER_GROUP`). */
export function clientDirection(names: string[]): KafkaClientFact['direction'] {
  const text = names.join(' ').toLowerCase();
  const produce = /produc|publish|writer|sink/.test(text);
  const consume = /consum|subscrib|reader|listener/.test(text);
  return produce && !consume ? 'produce' : consume && !produce ? 'consume' : undefined;
}

/** Kafka clients of a document's workloads, one per workload that names bootstrap servers. */
function kafkaClients(facts: Facts, settings: SettingFact[]): KafkaClientFact[] {
  const byWorkload = new Map<string, SettingFact[]>();
  for (const s of settings) {
    const key = s.workloadId ?? `file|${s.name.loc.file}`;
    const list = byWorkload.get(key) ?? [];
    list.push(s);
    byWorkload.set(key, list);
  }
  const out: KafkaClientFact[] = [];
  const workloads = new Map(facts.workloads.map((w) => [w.id, w]));
  for (const [key, list] of byWorkload) {
    const upper = (s: SettingFact) => s.name.value.toUpperCase().replace(/[.-]/g, '_');
    const bootstrap = list.find((s) => BOOTSTRAP.test(upper(s)) && s.value?.value.trim())?.value;
    if (!bootstrap) continue;
    const protocol = list.find((s) => PROTOCOL.test(upper(s)) && s.value)?.value;
    const topics = list.filter((s) => TOPIC.test(upper(s)) && s.value?.value.trim()).map((s) => s.value!);
    const workload = workloads.get(key);
    const direction = clientDirection([...list.map((s) => s.name.value), ...(workload ? [workload.name] : [])]);
    out.push({
      bootstrap,
      ...(protocol ? { securityProtocol: protocol } : {}),
      topics,
      ...(direction ? { direction } : {}),
      ...(workload ? { workloadId: workload.id } : {}),
      loc: bootstrap.loc,
    });
  }
  return out;
}

/** Adds the Kafka clients and connection-string stores that `facts.settings` describe to `facts`. */
export function addConnectionFacts(facts: Facts): void {
  if (!facts.settings.length) return;
  for (const c of kafkaClients(facts, facts.settings)) facts.kafkaClients.push(c);
  for (const s of facts.settings) {
    if (!s.value || s.referenced) continue;
    const store = connectionStore(s.value, `${s.value.loc.file}@${s.value.loc.start}/connection`, s.name.value);
    if (store) facts.dataStores.push(store);
  }
}

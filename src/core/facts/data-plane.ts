// Facts about the data plane of an ML system: Kafka clusters, topics, users and clients, feature
// stores, and inference payload logging. Readers fill them; the threat model draws them.

import type { Loc } from '../model';
import type { Str } from './model';

/** How a Kafka client or listener protects its connection, as `security.protocol` names it. */
export type KafkaProtocol = 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';

/** A Kafka listener of a Strimzi `Kafka` resource. */
export interface KafkaListenerFact {
  name: string;
  /** `internal`, `route`, `loadbalancer`, `nodeport`, `ingress`, `cluster-ip`. */
  type?: string;
  port?: number;
  tls: boolean;
  /** `tls`, `scram-sha-512`, `oauth`, `custom`; absent when clients need not authenticate. */
  authentication?: string;
  loc: Loc;
}

/** A Kafka cluster (Strimzi `Kafka`). */
export interface KafkaClusterFact {
  name: string;
  namespace?: string;
  listeners: KafkaListenerFact[];
  /** `spec.kafka.authorization.type` (simple, opa, keycloak, custom). */
  authorization?: string;
  loc: Loc;
}

/** A topic (Strimzi `KafkaTopic`) of the cluster its `strimzi.io/cluster` label names. */
export interface KafkaTopicFact {
  name: string;
  cluster?: string;
  namespace?: string;
  loc: Loc;
}

/** A Kafka user (Strimzi `KafkaUser`) and what its ACLs allow on topics. */
export interface KafkaUserFact {
  name: string;
  cluster?: string;
  namespace?: string;
  /** `tls`, `tls-external`, `scram-sha-512`. */
  authentication?: string;
  authorization?: string;
  /** Topics it may read and write (`*` for all). */
  reads: string[];
  writes: string[];
  loc: Loc;
}

/** A Kafka client: a workload given bootstrap servers in its environment or client properties. */
export interface KafkaClientFact {
  bootstrap: Str;
  /** `security.protocol` as written, when given. */
  securityProtocol?: Str;
  /** Topics named in the client's settings. */
  topics: Str[];
  /** Read from the names: a producer writes, a consumer reads; unknown when neither is said. */
  direction?: 'produce' | 'consume';
  workloadId?: string;
  loc: Loc;
}

/** One store a feature store configures (online store, offline store or registry). */
export interface FeatureStorePart {
  /** The `type` (redis, postgres, snowflake.offline, remote, sql, file…). */
  type?: Str;
  /** A connection string, URL, host or path, as written. */
  location?: Str;
  /** TLS asked for (`ssl: true`, `sslmode: require`, an `https` URL, a `rediss` connection). */
  tls?: boolean;
  /** Where the part is configured. */
  loc: Loc;
}

/** A Feast feature store (`feature_store.yaml`). */
export interface FeatureStoreFact {
  project?: Str;
  provider?: Str;
  registry?: FeatureStorePart;
  online?: FeatureStorePart;
  offline?: FeatureStorePart;
  /** `auth.type` (no_auth, kubernetes, oidc). */
  auth?: Str;
  loc: Loc;
}

/** Inference requests and responses sent to a log sink (KServe `logger`). */
export interface PayloadLogFact {
  /** `all`, `request`, `response`. */
  mode: string;
  /** The sink, when named. */
  url?: Str;
  workloadId?: string;
  loc: Loc;
}

/** The data-plane lists of `Facts`. */
export interface DataPlaneFacts {
  kafkaClusters: KafkaClusterFact[];
  kafkaTopics: KafkaTopicFact[];
  kafkaUsers: KafkaUserFact[];
  kafkaClients: KafkaClientFact[];
  /** Feature stores (Feast `feature_store.yaml`). */
  featureStores: FeatureStoreFact[];
  /** Inference payload logging (KServe `logger`). */
  payloadLogs: PayloadLogFact[];
}

export function emptyDataPlaneFacts(): DataPlaneFacts {
  return { kafkaClusters: [], kafkaTopics: [], kafkaUsers: [], kafkaClients: [], featureStores: [], payloadLogs: [] };
}

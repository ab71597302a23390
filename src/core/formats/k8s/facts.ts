// The builder that collects the facts of one Kubernetes-shaped YAML document while its readers walk it.

import { emptyFacts, type Facts } from '../../facts/model';
import type { Format } from '../../model';
import type { YamlDoc } from '../yaml/nodes';

/** Collects the facts of one YAML document while its readers walk it. */
export class FactsBuilder {
  readonly facts: Facts = emptyFacts();
  /** Names for nested resources that have none of their own (a Katib trial takes its Experiment's). */
  readonly fallbackNames = new Map<unknown, string>();

  constructor(
    readonly y: YamlDoc,
    readonly format: Format,
    /** Prefix of every workload id: file and document index. */
    readonly idPrefix: string,
  ) {}

  private readonly ids = new Map<string, number>();

  /** A workload id not used before in this document (init and app containers may share a name). */
  uniqueId(id: string): string {
    const n = (this.ids.get(id) ?? 0) + 1;
    this.ids.set(id, n);
    return n === 1 ? id : `${id}#${n}`;
  }
}

// Which elements and flows a source range falls on: each target's own evidence, the evidence of
// the assets it holds or carries, and the evidence of the build of its image, indexed by file and
// position once, so attaching findings costs the same per finding however large the model is.

import type { Loc } from '../model';
import type { ModelView } from './view';

/** Ranges of one file by start, with the furthest end reached so far. */
class RangeList<T> {
  private readonly items: { loc: Loc; value: T }[] = [];
  private maxEnd: number[] | undefined;

  add(loc: Loc, value: T): void {
    this.items.push({ loc, value });
    this.maxEnd = undefined;
  }

  /** Values of every range that overlaps the location (an empty range counts as one character). */
  overlapping(loc: Loc, into: (value: T) => void): void {
    if (!this.maxEnd) {
      this.items.sort((a, b) => a.loc.start - b.loc.start);
      let max = -Infinity;
      this.maxEnd = this.items.map((x) => (max = Math.max(max, Math.max(x.loc.end, x.loc.start + 1))));
    }
    const until = Math.max(loc.end, loc.start + 1);
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.items[mid].loc.start < until) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0 && this.maxEnd[i] > loc.start; i--) {
      const x = this.items[i].loc;
      if (loc.start < Math.max(x.end, x.start + 1)) into(this.items[i].value);
    }
  }
}

export class FootprintIndex {
  /** Targets by their own evidence, and by their image build's evidence. */
  private readonly direct = new Map<string, RangeList<string>>();
  private readonly built = new Map<string, RangeList<string>>();
  /** Assets by their evidence, each range with the holders it stands for. */
  private readonly assetRanges = new Map<string, RangeList<readonly string[]>>();
  /** The targets holding or carrying each asset, in model order. */
  private readonly holders = new Map<string, string[]>();
  /** Targets with their own evidence in each file, and targets whose footprint reaches each file, in model order. */
  readonly ownIn = new Map<string, string[]>();
  /** Assets with evidence in each file, in model order. */
  private readonly assetsIn = new Map<string, string[]>();
  private readonly order = new Map<string, number>();
  private readonly flowIds = new Set<string>();
  /** The files each target has evidence of its own in. */
  private readonly ownFiles = new Map<string, Set<string>>();

  constructor(v: ModelView) {
    let n = 0;
    for (const e of v.elements.values()) {
      const built = e.builtBy ? v.elements.get(e.builtBy) : undefined;
      this.addTarget(v, e.id, e.evidence, e.assets, n++, built?.evidence ?? []);
    }
    for (const f of v.flows.values()) {
      this.flowIds.add(f.id);
      this.addTarget(v, f.id, f.evidence, f.assets, n++, []);
    }
    for (const a of v.assets.values()) {
      if (!this.holders.has(a.id)) continue;
      const files = new Set<string>();
      const holders = this.holders.get(a.id)!;
      const carriers = new Set(holders.filter((id) => this.flowIds.has(id)));
      const keepers = holders.filter((id) => !carriers.has(id));
      const inFile = new Map<string, readonly string[]>();
      for (const l of a.evidence) {
        files.add(l.file);
        let standsFor = inFile.get(l.file);
        if (!standsFor) inFile.set(l.file, (standsFor = this.holdersIn(l.file, holders, carriers, keepers)));
        this.list(this.assetRanges, l.file).add(l, standsFor);
      }
      for (const file of files) (this.assetsIn.get(file) ?? this.assetsIn.set(file, []).get(file)!).push(a.id);
    }
  }

  /**
   * The holders an asset's evidence stands for. Elements holding the asset always count. Flows
   * carrying it count when they have evidence of their own in the file of that evidence, or when
   * none does: one workspace's download of a shared script stands for that download's flow, not
   * for every flow that carries a copy of the script.
   */
  private holdersIn(file: string, holders: readonly string[], carriers: ReadonlySet<string>, keepers: readonly string[]): readonly string[] {
    const own = this.ownIn.get(file) ?? [];
    // Whichever is shorter is walked: the asset's carriers, or the targets with evidence in the file.
    const here = carriers.size < own.length ? [...carriers].filter((id) => this.ownFiles.get(id)!.has(file)) : own.filter((id) => carriers.has(id));
    return here.length ? [...keepers, ...here] : holders;
  }

  private list<T>(m: Map<string, RangeList<T>>, file: string): RangeList<T> {
    let r = m.get(file);
    if (!r) m.set(file, (r = new RangeList<T>()));
    return r;
  }

  private addTarget(v: ModelView, id: string, own: Loc[], assets: string[], n: number, builtBy: Loc[]): void {
    this.order.set(id, n);
    const files = new Set<string>();
    for (const l of own) {
      files.add(l.file);
      this.list(this.direct, l.file).add(l, id);
    }
    this.ownFiles.set(id, files);
    for (const f of files) (this.ownIn.get(f) ?? this.ownIn.set(f, []).get(f)!).push(id);
    for (const l of builtBy) this.list(this.built, l.file).add(l, id);
    for (const a of new Set(assets)) {
      if (!v.assets.has(a)) continue;
      (this.holders.get(a) ?? this.holders.set(a, []).get(a)!).push(id);
    }
  }

  /** Targets whose footprint or image build overlaps the location. */
  overlapping(loc: Loc): Set<string> {
    const hit = this.footprintOverlaps(loc);
    this.built.get(loc.file)?.overlapping(loc, (id) => hit.add(id));
    return hit;
  }

  /** Targets whose own evidence overlaps the location, or an asset they hold or carry does. */
  footprintOverlaps(loc: Loc): Set<string> {
    const hit = new Set<string>();
    this.direct.get(loc.file)?.overlapping(loc, (id) => hit.add(id));
    this.assetRanges.get(loc.file)?.overlapping(loc, (holders) => {
      for (const id of holders) hit.add(id);
    });
    return hit;
  }

  private readonly reaching = new Map<string, string[]>();

  /** Targets whose footprint reaches the file through the assets they hold or carry, in model order. */
  reachingByAssets(file: string): string[] {
    let out = this.reaching.get(file);
    if (!out) {
      const ids = new Set<string>();
      for (const a of this.assetsIn.get(file) ?? []) for (const id of this.holders.get(a) ?? []) ids.add(id);
      out = [...ids].sort((x, y) => this.order.get(x)! - this.order.get(y)!);
      this.reaching.set(file, out);
    }
    return out;
  }
}

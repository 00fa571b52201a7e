/**
 * The faults in force and which of them hit a given request. Pure apart from its own counters:
 * chance comes from a seeded generator, so a run with the same seed and the same requests hits
 * the same ones.
 */
import { type AwsFault, type AwsFaultKind, parseAwsFault } from "./fault.ts";
import type { ServiceName } from "./service.ts";

/** What the fault layer needs to know about a request. */
export interface FaultTarget {
  service: ServiceName;
  action: string;
  region: string;
}

/** A kind that decides the answer on its own, so no later fault can add to it. */
export type AnswerKind = Extract<AwsFaultKind, { type: "error" | "hang" | "truncated" | "malformed" }>;

/** What the faults in force do to one request. */
export interface FaultDecision {
  /** Wait this long first; 0 for no wait. */
  latencyMs: number;
  /** Images DescribeImages leaves out. */
  hiddenImageIds: ReadonlySet<string>;
  /** The answer in place of the normal one, if any. */
  answer?: AnswerKind;
}

/** The faults in force. */
export interface FaultBook {
  /** Checks and adds a fault; returns its id. @throws FaultSpecError */
  add(fault: unknown): string;
  /** Removes one fault; false when there was none with that id. */
  remove(id: string): boolean;
  /** Removes every fault and zeroes the counts, so one test's faults do not leak into the next. */
  clear(): void;
  /**
   * Decides, and counts, what the faults do to `target`. Faults are consulted in the order they
   * were added: latency and drop-image faults add up; the first error, hang, truncated or
   * malformed fault that hits answers, and the faults after it do not hit that request.
   */
  decide(target: FaultTarget): FaultDecision;
  /** Requests hit, by "<service>:<Action>:<kind>", e.g. "ssm:GetParametersByPath:error". */
  injected(): Record<string, number>;
}

interface Entry {
  id: string;
  fault: AwsFault;
  random: () => number;
  /** Matching requests seen, hit or not: what `after` counts. */
  seen: number;
  hits: number;
}

/** Golden-ratio increment: spreads consecutive fault ids over unrelated generator states. */
const SEED_SPREAD = 0x9e3779b9;

/**
 * An empty book whose chance draws start from `seed`. Each fault draws from a generator of its
 * own, so adding a fault or sending other requests never shifts which requests another fault hits.
 * @example createFaultBook(7).add({ service: "ec2", rate: 0.5, kind: { type: "error", code: "RequestLimitExceeded" } }) // "1"
 */
export function createFaultBook(seed: number): FaultBook {
  const entries: Entry[] = [];
  const counts = new Map<string, number>();
  let lastId = 0;

  function hits(entry: Entry): boolean {
    const { after = 0, times = Number.POSITIVE_INFINITY, rate = 1 } = entry.fault;
    if (entry.seen <= after || entry.hits >= times) return false;
    return rate >= 1 || entry.random() < rate;
  }

  return {
    add(fault) {
      const parsed = parseAwsFault(fault);
      lastId += 1;
      const random = mulberry32(seed ^ Math.imul(lastId, SEED_SPREAD));
      entries.push({ id: String(lastId), fault: parsed, random, seen: 0, hits: 0 });
      return String(lastId);
    },
    remove(id) {
      const index = entries.findIndex((entry) => entry.id === id);
      if (index === -1) return false;
      entries.splice(index, 1);
      return true;
    },
    clear() {
      entries.length = 0;
      counts.clear();
    },
    decide(target) {
      let latencyMs = 0;
      const hiddenImageIds = new Set<string>();
      let answer: AnswerKind | undefined;
      for (const entry of entries) {
        if (!matches(entry.fault, target)) continue;
        entry.seen += 1;
        if (answer !== undefined || !hits(entry)) continue;
        entry.hits += 1;
        const { kind } = entry.fault;
        const key = `${target.service}:${target.action}:${kind.type}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        if (kind.type === "latency") latencyMs += kind.ms;
        else if (kind.type === "drop-image") hiddenImageIds.add(kind.imageId);
        else answer = kind;
      }
      return { latencyMs, hiddenImageIds, answer };
    },
    injected: () => Object.fromEntries(counts),
  };
}

function matches(fault: AwsFault, target: FaultTarget): boolean {
  if (fault.kind.type === "drop-image" && (target.service !== "ec2" || target.action !== "DescribeImages")) {
    return false;
  }
  return (
    (fault.service === undefined || fault.service === target.service) &&
    (fault.action === undefined || fault.action === target.action) &&
    (fault.region === undefined || fault.region === target.region)
  );
}

/**
 * Mulberry32: a small, fast 32-bit generator, good enough to pick which requests fail, and
 * reproducible from its seed on any platform (Math.random cannot be seeded).
 */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * Event (asynchronous) invocations: accepted at once, run after the caller has its 202, and
 * retried twice more on failure, as Lambda's asynchronous retry policy does. Lambda waits about a
 * minute, then two, between attempts; the endpoint waits a configurable few milliseconds.
 */
import { setTimeout as delay } from "node:timers/promises";

/** A Lambda function: takes the parsed JSON event, returns what the caller receives. */
export type LambdaHandler = (event: unknown) => Promise<unknown>;

/** Attempts Lambda makes at an Event invocation: the first and two retries. */
const ATTEMPTS = 3;

/** Runs Event invocations and knows when they are all done. */
export interface AsyncInvoker {
  /** Accepts an invocation; it runs once the returned function is called. */
  accept(name: string, handler: LambdaHandler, event: unknown): () => void;
  /** Resolves once every invocation accepted so far, retries included, has finished. */
  idle(): Promise<void>;
}

/** Options for {@link createAsyncInvoker}. */
export interface AsyncInvokerOptions {
  retryDelayMs: number;
  log: (line: string) => void;
}

/**
 * An invoker whose retries wait `retryDelayMs` and whose failures go to `log`.
 * @example const start = invoker.accept("refresh", handler, {}); start(); await invoker.idle();
 */
export function createAsyncInvoker({ retryDelayMs, log }: AsyncInvokerOptions): AsyncInvoker {
  const pending = new Set<Promise<void>>();

  async function run(name: string, handler: LambdaHandler, event: unknown): Promise<void> {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        await handler(event);
        return;
      } catch (error) {
        const outcome = attempt < ATTEMPTS ? `retrying in ${retryDelayMs} ms` : "giving up";
        log(
          `lambda ${name}: asynchronous attempt ${attempt} of ${ATTEMPTS} failed (${messageOf(error)}); ${outcome}`,
        );
        if (attempt < ATTEMPTS) {
          await delay(retryDelayMs);
        }
      }
    }
  }

  return {
    accept(name, handler, event) {
      let start = () => {};
      const started = new Promise<void>((resolve) => {
        start = resolve;
      });
      const task: Promise<void> = started
        .then(() => run(name, handler, event))
        .finally(() => {
          pending.delete(task);
        });
      pending.add(task);
      return start;
    },
    async idle() {
      await Promise.all(pending);
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

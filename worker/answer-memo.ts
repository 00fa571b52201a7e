/**
 * The isolate's own copies of fresh answers, in front of the edge cache: a warm request is then
 * answered from memory, with no cache lookup (at Cloudflare a lookup leaves the isolate). Bounded
 * by count and bytes; the oldest-stored go first. A copy is fresh exactly as long as the edge copy
 * it came from, so the memo never makes an answer older than the edge cache would.
 */
export const MAX_MEMO_ANSWERS = 1_024;
export const MAX_MEMO_BYTES = 16 * 1024 * 1024;

export interface MemoAnswer {
  body: ArrayBuffer;
  /** The answer's headers as every client gets them, but for Age and Cache-Status. */
  headers: Record<string, string>;
  storedAt: number;
}

export class AnswerMemo {
  private readonly answers = new Map<string, MemoAnswer>();
  private bytes = 0;

  private readonly maxAnswers: number;
  private readonly maxBytes: number;

  constructor(maxAnswers = MAX_MEMO_ANSWERS, maxBytes = MAX_MEMO_BYTES) {
    this.maxAnswers = maxAnswers;
    this.maxBytes = maxBytes;
  }

  /** How many answers and bytes are kept. */
  get size(): { answers: number; bytes: number } {
    return { answers: this.answers.size, bytes: this.bytes };
  }

  /** The answer for `key` while younger than `ttlMs`; an expired one is dropped. */
  fresh(key: string, now: number, ttlMs: number): MemoAnswer | undefined {
    const answer = this.answers.get(key);
    if (answer === undefined) return undefined;
    if (now - answer.storedAt < ttlMs) return answer;
    this.delete(key, answer);
    return undefined;
  }

  /** Keeps `answer` (one larger than a quarter of the byte bound is not kept), dropping the oldest past the bounds. */
  set(key: string, answer: MemoAnswer): void {
    const present = this.answers.get(key);
    if (present) this.delete(key, present);
    if (answer.body.byteLength > this.maxBytes / 4) return;
    this.answers.set(key, answer);
    this.bytes += answer.body.byteLength;
    for (const [oldKey, old] of this.answers) {
      if (this.answers.size <= this.maxAnswers && this.bytes <= this.maxBytes) break;
      this.delete(oldKey, old);
    }
  }

  private delete(key: string, answer: MemoAnswer): void {
    this.answers.delete(key);
    this.bytes -= answer.body.byteLength;
  }
}

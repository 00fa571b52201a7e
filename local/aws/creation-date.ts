/**
 * The snapshot records no CreationDate (see local/fixtures/aws-snapshot/README.md), so the
 * endpoint derives one from the date stamp AWS puts in its image names, and says so in its
 * README. A name without a date gets no CreationDate rather than an invented one.
 */

/** `2.0.20260226`, `2023.12.20260727.0`: eight digits, a date, not part of a longer number. */
const COMPACT_STAMP = /(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)/;

/** `Windows_Server-2016-English-Full-ECS_Optimized-2018.07.25`: a dotted date ending the name. */
const DOTTED_STAMP = /(?<!\d)(\d{4})\.(\d{2})\.(\d{2})$/;

/**
 * The midnight (UTC) of the date stamped in an image name, in EC2's CreationDate format.
 * @example creationDateFromName("al2023-ami-2023.12.20260727.0-kernel-6.1-x86_64") // "2026-07-27T00:00:00.000Z"
 */
export function creationDateFromName(name: string): string | undefined {
  return dateOf(COMPACT_STAMP.exec(name)) ?? dateOf(DOTTED_STAMP.exec(name));
}

function dateOf(match: RegExpExecArray | null): string | undefined {
  const [, year, month, day] = match ?? [];
  if (year === undefined || month === undefined || day === undefined) {
    return undefined;
  }
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  // Date.UTC rolls 2026-02-31 over into March; a stamp that is not a real day is not a date.
  const real = date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1;
  return real && date.getUTCDate() === Number(day) ? date.toISOString() : undefined;
}

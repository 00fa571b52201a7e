/**
 * EC2's name-filter wildcards: `*` any run of characters, `?` exactly one, everything else itself;
 * the whole name must match (anchored). Matched with the classic two-pointer walk, which is linear
 * in practice and never backtracks exponentially, so no pattern can make it slow.
 * @example wildcardMatch("Rocky-9-EC2-Base-9.*-*.x86_64", "Rocky-9-EC2-Base-9.6-20250531.0.x86_64") // true
 */
export function wildcardMatch(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let star = -1;
  let resume = 0;
  while (n < name.length) {
    if (p < pattern.length && (pattern[p] === "?" || pattern[p] === name[n])) {
      p += 1;
      n += 1;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p;
      resume = n;
      p += 1;
    } else if (star >= 0) {
      p = star + 1;
      resume += 1;
      n = resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === "*") p += 1;
  return p === pattern.length;
}

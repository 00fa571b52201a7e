/**
 * EC2 filter values: `*` matches any run of characters, `?` exactly one, a backslash makes the
 * next character literal, and everything else (a `.` included) is itself. The value must match
 * the whole field, as in EC2.
 */

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/**
 * A predicate for one EC2 filter value.
 * @example wildcardMatcher("al2023-ami-2023.*-x86_64")("al2023-ami-2023.12.20260727.0-kernel-6.1-x86_64") // true
 */
export function wildcardMatcher(pattern: string): (value: string) => boolean {
  let source = "";
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern.charAt(index);
    if (char === "\\" && index + 1 < pattern.length) {
      index++;
      source += literal(pattern.charAt(index));
    } else if (char === "*") {
      source += "[\\s\\S]*";
    } else if (char === "?") {
      source += "[\\s\\S]";
    } else {
      source += literal(char);
    }
  }
  const regex = new RegExp(`^${source}$`, "u");
  return (value) => regex.test(value);
}

function literal(char: string): string {
  return char.replace(REGEX_SPECIAL, "\\$&");
}

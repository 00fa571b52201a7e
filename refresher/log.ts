type Level = "info" | "warn" | "error";
const RANK: Record<Level, number> = { info: 0, warn: 1, error: 2 };

/** LOG_LEVEL (info, warn, error) drops the lines below it; info when unset. */
function threshold(): number {
  const level = process.env.LOG_LEVEL?.toLowerCase();
  return level === "warn" || level === "error" ? RANK[level] : RANK.info;
}

/** One JSON object a line on stdout: what CloudWatch Logs Insights queries best. */
export function logJson(level: Level, message: string, fields: Record<string, unknown>): void {
  if (RANK[level] < threshold()) return;
  console.log(JSON.stringify({ level, message, ...fields }));
}

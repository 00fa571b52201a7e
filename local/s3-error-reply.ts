import type { ServerResponse } from "node:http";

/**
 * An error answer in S3's words: the status, the `<Code>` an SDK turns into the error's name, the
 * `<Message>`, and any further elements S3 adds for that code (`<Condition>`, `<Key>`, `<Header>`).
 */
export interface S3ErrorReply {
  status: number;
  code: string;
  message: string;
  details?: Readonly<Record<string, string>>;
}

/**
 * The XML body S3 sends with an error.
 * @example s3ErrorXml({ status: 404, code: "NoSuchKey", message: "...", details: { Key: "a&b" } })
 *   // '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code>...<Key>a&amp;b</Key></Error>'
 */
export function s3ErrorXml(reply: S3ErrorReply): string {
  const elements: [string, string][] = [
    ["Code", reply.code],
    ["Message", reply.message],
    ...Object.entries(reply.details ?? {}),
  ];
  const inner = elements.map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join("");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${inner}</Error>`;
}

/** Answers `response` with `reply`, as S3 does: application/xml, and the connection kept open. */
export function sendS3Error(response: ServerResponse, reply: S3ErrorReply): void {
  const body = s3ErrorXml(reply);
  response.writeHead(reply.status, {
    "Content-Type": "application/xml",
    "Content-Length": Buffer.byteLength(body),
  });
  response.end(body);
}

// Keys are user text: one holding `&` or `<` must not break the document an SDK parses.
function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => XML_ENTITIES[character] ?? character);
}

const XML_ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/**
 * A small XML serializer for EC2's answers. Markup is its own type, so text can only reach a
 * document through {@link xmlText}, which escapes it.
 */

/** A piece of well-formed markup. */
export class Xml {
  readonly markup: string;

  constructor(markup: string) {
    this.markup = markup;
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** Escapes text for use in element content or an attribute value. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/**
 * An element holding text; nothing at all when the value is absent, as EC2 omits empty fields.
 * @example xmlText("isPublic", true).markup // "<isPublic>true</isPublic>"
 */
export function xmlText(name: string, value: string | number | boolean | undefined): Xml {
  return new Xml(value === undefined ? "" : `<${name}>${escapeXml(String(value))}</${name}>`);
}

/** An element holding other elements. */
export function xmlElement(name: string, children: readonly Xml[]): Xml {
  return new Xml(`<${name}>${children.map((child) => child.markup).join("")}</${name}>`);
}

/** A whole document: declaration, then a root element in `namespace`. */
export function xmlDocument(root: string, namespace: string, children: readonly Xml[]): string {
  const content = children.map((child) => child.markup).join("");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${escapeXml(namespace)}">${content}</${root}>`;
}

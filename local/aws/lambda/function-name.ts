/**
 * Lambda's FunctionName forms: `my-function`, `my-function:$LATEST`,
 * `123456789012:function:my-function`, `arn:aws:lambda:us-east-1:123456789012:function:my-function`.
 */

/** The function a FunctionName refers to, and the version or alias it names, if any. */
export interface FunctionReference {
  name: string;
  qualifier?: string;
}

const FUNCTION_NAME =
  /^(?:arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:|\d{12}:function:)?([A-Za-z0-9_-]{1,64})(?::(\$LATEST|[A-Za-z0-9_-]{1,128}))?$/;

/**
 * Reads a FunctionName in any of its forms; undefined when it is none of them.
 * @example parseFunctionName("arn:aws:lambda:eu-west-1:123456789012:function:refresh") // { name: "refresh" }
 */
export function parseFunctionName(functionName: string): FunctionReference | undefined {
  const [, name, qualifier] = FUNCTION_NAME.exec(functionName) ?? [];
  if (name === undefined) {
    return undefined;
  }
  return qualifier === undefined ? { name } : { name, qualifier };
}

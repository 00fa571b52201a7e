import { Hono } from "hono";
import { isFamilyName } from "../contract/families.ts";
import { isRegionName } from "../contract/regions.ts";
import { HttpError } from "./http-error.ts";
import { readRegionDocument } from "./origin.ts";
import { answerFor, fieldText, selectField } from "./select.ts";

type AppEnv = { Bindings: Env };

/** The edge app: the newest AMI of a region and family, as JSON or one field as text. */
export const app = new Hono<AppEnv>();

app.get("/latest/:region/:family{.+}", (c) =>
  latest(c.env, c.req.param("region"), c.req.param("family"), c.req.query("field")),
);
app.get("/latest/:region", (c) => latest(c.env, c.req.param("region"), undefined, c.req.query("field")));

async function latest(
  env: Env,
  region: string,
  family: string | undefined,
  field: string | undefined,
): Promise<Response> {
  if (!isRegionName(region)) {
    throw new HttpError(400, "invalid_region", "Region names look like us-east-1 (lower case).");
  }
  if (family !== undefined && !isFamilyName(family)) {
    throw new HttpError(
      400,
      "invalid_family",
      "Family names look like al2023 or al2023-ami-kernel-default-x86_64.",
    );
  }
  const document = await readRegionDocument(env.ORIGIN_URL, region);
  const answer = answerFor(document, family);
  if (field === undefined) return Response.json(answer);
  return new Response(fieldText(selectField(answer, field)), {
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

app.notFound((c) => {
  const error = new HttpError(404, "not_found", "No such resource. Try /latest/us-east-1.");
  return c.json(error.toJSON(), error.status);
});

app.onError((error, c) => {
  if (error instanceof HttpError) return c.json(error.toJSON(), error.status);
  // Logged for us, never shown: the caller gets the one error shape and no stack.
  console.error(JSON.stringify({ message: "unhandled error", error: String(error) }));
  const internal = new HttpError(500, "internal_error", "Something went wrong on our side.");
  return c.json(internal.toJSON(), internal.status);
});

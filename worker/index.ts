import { app } from "./app.ts";
import type { OriginEnv } from "./origin.ts";
import { warmResponse } from "./warm-path.ts";

export default {
  fetch(request, env, ctx) {
    return warmResponse(request, env) ?? app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env & OriginEnv>;

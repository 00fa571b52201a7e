// Types `exports.default` (from cloudflare:workers) as the Worker's own entry module.
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import("../../worker/index.ts");
  }
}

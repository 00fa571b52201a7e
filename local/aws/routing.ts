/**
 * Decides which service and region a request is for, from its SigV4 credential scope, and
 * answers the requests that cannot be routed in the protocol the caller is speaking.
 */
import { AwsError } from "./aws-error.ts";
import { readCredentialScope } from "./credential-scope.ts";
import type { AwsRequest, AwsService, ServiceName } from "./service.ts";
import { header, type WireRequest, type WireResponse } from "./wire.ts";

/** Either a request ready for dispatch, or the answer that ends it here. */
export type Routing = { request: AwsRequest } | { response: WireResponse };

/** What routing needs to know about the rest of the endpoint. */
export interface Router {
  services: Readonly<Record<ServiceName, AwsService>>;
  /** True when the catalogue has the region; AWS answers a region not enabled as an auth failure. */
  hasRegion(region: string): boolean;
}

/**
 * Routes one request.
 * @example route(router, wire, "3f1c…") // { request: { service: "ec2", region: "us-east-1", action: "DescribeImages", … } }
 */
export function route(router: Router, wire: WireRequest, requestId: string): Routing {
  const reading = readCredentialScope(header(wire, "authorization"));
  if (reading.kind !== "signed") {
    const service = router.services[guessService(wire)];
    return { response: service.error(requestId, service.authError(reading.kind)) };
  }
  const { region } = reading.scope;
  const service = serviceNamed(router, reading.scope.service);
  if (service === undefined) {
    const guessed = router.services[guessService(wire)];
    const error = new AwsError(
      "UnrecognizedClientException",
      `The service '${reading.scope.service}' in the credential scope is not served here`,
    );
    return { response: guessed.error(requestId, error) };
  }
  if (!router.hasRegion(region)) {
    return { response: service.error(requestId, service.authError("unknown-region")) };
  }
  return { request: { service: service.name, region, action: service.action(wire), requestId, wire } };
}

function serviceNamed(router: Router, name: string): AwsService | undefined {
  return Object.values(router.services).find((service) => service.name === name);
}

/**
 * Which protocol an unsigned request looks like, so even its rejection reads as that service's:
 * JSON 1.1 requests name their target in a header, Lambda's are REST paths, EC2's are forms.
 */
function guessService(wire: WireRequest): ServiceName {
  if (header(wire, "x-amz-target") !== undefined) {
    return "ssm";
  }
  if (wire.path.startsWith("/2015-03-31/")) {
    return "lambda";
  }
  return "ec2";
}

/**
 * The gateway registry: every gateway implementation kube-http3 knows, by `gateway.implementation`.
 *
 * To add an implementation: write `lib/gateways/<name>.ts` exporting a `GatewayImplementation`, add it to
 * `GATEWAYS` and its options type to `GatewayOptions` below.
 */
import { Http3ConfigError } from '../core/errors';
import { readObject, readShorthand } from '../core/validate';
import { digitaloceanLoadBalancerGateway, DigitaloceanLoadBalancerGatewayOptions } from './digitalocean-load-balancer';
import { emissaryGateway, EmissaryGatewayOptions } from './emissary';
import { envoyGateway, EnvoyGatewayOptions } from './envoy-gateway';
import type { GatewayImplementation } from './gateway';
import { gkeGateway, GkeGatewayOptions } from './gke-gateway';
import { haproxyGateway, HaproxyGatewayOptions } from './haproxy';
import { istioGateway, IstioGatewayOptions } from './istio';
import { istioGatewayApi, IstioGatewayApiOptions } from './istio-gateway-api';
import { passthroughGateway, PassthroughGatewayOptions } from './passthrough';
import { findRefused } from './refusals';
import { traefikGateway, TraefikGatewayOptions } from './traefik';

/** every implementation that can serve HTTP/3, in README order */
export const GATEWAYS: ReadonlyArray<GatewayImplementation<string, any>> = [
  istioGateway,
  istioGatewayApi,
  envoyGateway,
  traefikGateway,
  emissaryGateway,
  haproxyGateway,
  gkeGateway,
  digitaloceanLoadBalancerGateway,
  passthroughGateway,
];

/** the `gateway` prop: the options of one implementation, selected by `implementation` */
export type GatewayOptions =
  | IstioGatewayOptions
  | IstioGatewayApiOptions
  | EnvoyGatewayOptions
  | TraefikGatewayOptions
  | EmissaryGatewayOptions
  | HaproxyGatewayOptions
  | GkeGatewayOptions
  | DigitaloceanLoadBalancerGatewayOptions
  | PassthroughGatewayOptions;

/** the implementation names */
export type GatewayImplementationName = GatewayOptions['implementation'];

/** a gateway implementation with its parsed options */
export interface ResolvedGateway {
  readonly gateway: GatewayImplementation<string, any>;
  readonly options: { readonly implementation: string };
}

/** look up and parse the `gateway` prop (an implementation name or an options object) */
export function resolveGateway(value: unknown, path: string): ResolvedGateway {
  if (value === undefined) {
    throw Http3ConfigError.invalid(
      path,
      value,
      `an implementation name or object, e.g. { implementation: ${JSON.stringify(GATEWAYS[0].implementation)} }`,
      `${path} is required: ${GATEWAYS.map((g) => JSON.stringify(g.implementation)).join(', ')}`,
    );
  }
  const raw = readShorthand(value, path, 'implementation');
  const gateway = GATEWAYS.find((g) => g.implementation === raw.implementation);
  const refused = findRefused(raw.implementation);
  if (refused) {
    throw Http3ConfigError.refused(
      `${path}.implementation`,
      raw.implementation,
      `(${refused.title}) cannot serve HTTP/3: ${refused.reason} (${refused.source})`,
      `use ${refused.alternatives.map((a) => JSON.stringify(a)).join(', ')}${refused.advice ? `; ${refused.advice}` : ''}`,
    );
  }
  if (!gateway) {
    throw Http3ConfigError.invalid(
      `${path}.implementation`,
      raw.implementation,
      `one of ${GATEWAYS.map((g) => JSON.stringify(g.implementation)).join(', ')}`,
    );
  }
  const fields = readObject(raw, path, ['implementation', ...gateway.fields]);
  const { implementation: _implementation, ...own } = fields;
  return { gateway, options: gateway.parse(own, path) };
}

/**
 * `digitalocean-load-balancer`: being written in this session (skeleton so the registry compiles; every call refuses).
 */
import { Http3ConfigError } from '../core/errors';
import type { GatewayImplementation } from './gateway';

/** options of the `digitalocean-load-balancer` implementation */
export interface DigitaloceanLoadBalancerGatewayOptions {
  readonly implementation: 'digitalocean-load-balancer';
}

const unavailable = (): never => {
  throw new Http3ConfigError('gateway.implementation', 'digitalocean-load-balancer', 'gateway.implementation "digitalocean-load-balancer" is being written');
};

export const digitaloceanLoadBalancerGateway: GatewayImplementation<'digitalocean-load-balancer', DigitaloceanLoadBalancerGatewayOptions> = {
  implementation: 'digitalocean-load-balancer',
  title: 'digitalocean-load-balancer',
  support: { howEnabled: '', autoUdpPort: '', autoAltSvc: '', caveats: '' },
  fields: [],
  parse: unavailable,
  serviceOwner: unavailable,
  tlsKinds: unavailable,
  tlsSecretNamespace: unavailable,
  sessionAffinity: [],
  altSvc: unavailable,
  render: unavailable,
};

/**
 * `traefik`: being written in this session (skeleton so the registry compiles; every call refuses).
 */
import { Http3ConfigError } from '../core/errors';
import type { GatewayImplementation } from './gateway';

/** options of the `traefik` implementation */
export interface TraefikGatewayOptions {
  readonly implementation: 'traefik';
}

const unavailable = (): never => {
  throw new Http3ConfigError('gateway.implementation', 'traefik', 'gateway.implementation "traefik" is being written');
};

export const traefikGateway: GatewayImplementation<'traefik', TraefikGatewayOptions> = {
  implementation: 'traefik',
  title: 'traefik',
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

/**
 * `gke-gateway`: being written in this session (skeleton so the registry compiles; every call refuses).
 */
import { Http3ConfigError } from '../core/errors';
import type { GatewayImplementation } from './gateway';

/** options of the `gke-gateway` implementation */
export interface GkeGatewayOptions {
  readonly implementation: 'gke-gateway';
}

const unavailable = (): never => {
  throw new Http3ConfigError('gateway.implementation', 'gke-gateway', 'gateway.implementation "gke-gateway" is being written');
};

export const gkeGateway: GatewayImplementation<'gke-gateway', GkeGatewayOptions> = {
  implementation: 'gke-gateway',
  title: 'gke-gateway',
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

/**
 * `emissary`: being written in this session (skeleton so the registry compiles; every call refuses).
 */
import { Http3ConfigError } from '../core/errors';
import type { GatewayImplementation } from './gateway';

/** options of the `emissary` implementation */
export interface EmissaryGatewayOptions {
  readonly implementation: 'emissary';
}

const unavailable = (): never => {
  throw new Http3ConfigError('gateway.implementation', 'emissary', 'gateway.implementation "emissary" is being written');
};

export const emissaryGateway: GatewayImplementation<'emissary', EmissaryGatewayOptions> = {
  implementation: 'emissary',
  title: 'emissary',
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

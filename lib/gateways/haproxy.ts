/**
 * `haproxy`: being written in this session (skeleton so the registry compiles; every call refuses).
 */
import { Http3ConfigError } from '../core/errors';
import type { GatewayImplementation } from './gateway';

/** options of the `haproxy` implementation */
export interface HaproxyGatewayOptions {
  readonly implementation: 'haproxy';
}

const unavailable = (): never => {
  throw new Http3ConfigError('gateway.implementation', 'haproxy', 'gateway.implementation "haproxy" is being written');
};

export const haproxyGateway: GatewayImplementation<'haproxy', HaproxyGatewayOptions> = {
  implementation: 'haproxy',
  title: 'haproxy',
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

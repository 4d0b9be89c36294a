/**
 * `passthrough`: being written in this session (skeleton so the registry compiles; every call refuses).
 */
import { Http3ConfigError } from '../core/errors';
import type { GatewayImplementation } from './gateway';

/** options of the `passthrough` implementation */
export interface PassthroughGatewayOptions {
  readonly implementation: 'passthrough';
}

const unavailable = (): never => {
  throw new Http3ConfigError('gateway.implementation', 'passthrough', 'gateway.implementation "passthrough" is being written');
};

export const passthroughGateway: GatewayImplementation<'passthrough', PassthroughGatewayOptions> = {
  implementation: 'passthrough',
  title: 'passthrough',
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

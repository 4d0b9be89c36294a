/**
 * `istio-gateway-api`: being written in this session (skeleton so the registry compiles; every call refuses).
 */
import { Http3ConfigError } from '../core/errors';
import type { GatewayImplementation } from './gateway';

/** options of the `istio-gateway-api` implementation */
export interface IstioGatewayApiOptions {
  readonly implementation: 'istio-gateway-api';
}

const unavailable = (): never => {
  throw new Http3ConfigError('gateway.implementation', 'istio-gateway-api', 'gateway.implementation "istio-gateway-api" is being written');
};

export const istioGatewayApi: GatewayImplementation<'istio-gateway-api', IstioGatewayApiOptions> = {
  implementation: 'istio-gateway-api',
  title: 'istio-gateway-api',
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

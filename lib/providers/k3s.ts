/**
 * `k3s`: being written in this session (skeleton so the registry compiles; every call refuses).
 */
import { Http3ConfigError } from '../core/errors';
import type { InfrastructureProvider, ProviderBaseOptions } from './provider';

/** options of the `k3s` provider */
export interface K3sProviderOptions extends ProviderBaseOptions {
  readonly name: 'k3s';
}

const unavailable = (): never => {
  throw new Http3ConfigError('provider.name', 'k3s', 'provider.name "k3s" is being written');
};

export const k3sProvider: InfrastructureProvider<'k3s', K3sProviderOptions> = {
  name: 'k3s',
  title: 'k3s',
  support: { mixedService: '', workaround: '', ipSharing: '', caveats: '' },
  fields: [],
  parse: unavailable,
  shape: unavailable,
  report: unavailable,
};

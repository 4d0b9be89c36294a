/**
 * `aks`: being written in this session (skeleton so the registry compiles; every call refuses).
 */
import { Http3ConfigError } from '../core/errors';
import type { InfrastructureProvider, ProviderBaseOptions } from './provider';

/** options of the `aks` provider */
export interface AksProviderOptions extends ProviderBaseOptions {
  readonly name: 'aks';
}

const unavailable = (): never => {
  throw new Http3ConfigError('provider.name', 'aks', 'provider.name "aks" is being written');
};

export const aksProvider: InfrastructureProvider<'aks', AksProviderOptions> = {
  name: 'aks',
  title: 'aks',
  support: { mixedService: '', workaround: '', ipSharing: '', caveats: '' },
  fields: [],
  parse: unavailable,
  shape: unavailable,
  report: unavailable,
};

/**
 * `gke`: being written in this session (skeleton so the registry compiles; every call refuses).
 */
import { Http3ConfigError } from '../core/errors';
import type { InfrastructureProvider, ProviderBaseOptions } from './provider';

/** options of the `gke` provider */
export interface GkeProviderOptions extends ProviderBaseOptions {
  readonly name: 'gke';
}

const unavailable = (): never => {
  throw new Http3ConfigError('provider.name', 'gke', 'provider.name "gke" is being written');
};

export const gkeProvider: InfrastructureProvider<'gke', GkeProviderOptions> = {
  name: 'gke',
  title: 'gke',
  support: { mixedService: '', workaround: '', ipSharing: '', caveats: '' },
  fields: [],
  parse: unavailable,
  shape: unavailable,
  report: unavailable,
};

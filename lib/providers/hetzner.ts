/**
 * `hetzner`: being written in this session (skeleton so the registry compiles; every call refuses).
 */
import { Http3ConfigError } from '../core/errors';
import type { InfrastructureProvider, ProviderBaseOptions } from './provider';

/** options of the `hetzner` provider */
export interface HetznerProviderOptions extends ProviderBaseOptions {
  readonly name: 'hetzner';
}

const unavailable = (): never => {
  throw new Http3ConfigError('provider.name', 'hetzner', 'provider.name "hetzner" is being written');
};

export const hetznerProvider: InfrastructureProvider<'hetzner', HetznerProviderOptions> = {
  name: 'hetzner',
  title: 'hetzner',
  support: { mixedService: '', workaround: '', ipSharing: '', caveats: '' },
  fields: [],
  parse: unavailable,
  shape: unavailable,
  report: unavailable,
};

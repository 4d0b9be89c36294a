/**
 * `digitalocean`: being written in this session (skeleton so the registry compiles; every call refuses).
 */
import { Http3ConfigError } from '../core/errors';
import type { InfrastructureProvider, ProviderBaseOptions } from './provider';

/** options of the `digitalocean` provider */
export interface DigitaloceanProviderOptions extends ProviderBaseOptions {
  readonly name: 'digitalocean';
}

const unavailable = (): never => {
  throw new Http3ConfigError('provider.name', 'digitalocean', 'provider.name "digitalocean" is being written');
};

export const digitaloceanProvider: InfrastructureProvider<'digitalocean', DigitaloceanProviderOptions> = {
  name: 'digitalocean',
  title: 'digitalocean',
  support: { mixedService: '', workaround: '', ipSharing: '', caveats: '' },
  fields: [],
  parse: unavailable,
  shape: unavailable,
  report: unavailable,
};

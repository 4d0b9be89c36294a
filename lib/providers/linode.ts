/**
 * `linode`: being written in this session (skeleton so the registry compiles; every call refuses).
 */
import { Http3ConfigError } from '../core/errors';
import type { InfrastructureProvider, ProviderBaseOptions } from './provider';

/** options of the `linode` provider */
export interface LinodeProviderOptions extends ProviderBaseOptions {
  readonly name: 'linode';
}

const unavailable = (): never => {
  throw new Http3ConfigError('provider.name', 'linode', 'provider.name "linode" is being written');
};

export const linodeProvider: InfrastructureProvider<'linode', LinodeProviderOptions> = {
  name: 'linode',
  title: 'linode',
  support: { mixedService: '', workaround: '', ipSharing: '', caveats: '' },
  fields: [],
  parse: unavailable,
  shape: unavailable,
  report: unavailable,
};

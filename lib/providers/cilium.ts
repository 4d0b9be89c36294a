/**
 * `cilium`: being written in this session (skeleton so the registry compiles; every call refuses).
 */
import { Http3ConfigError } from '../core/errors';
import type { InfrastructureProvider, ProviderBaseOptions } from './provider';

/** options of the `cilium` provider */
export interface CiliumProviderOptions extends ProviderBaseOptions {
  readonly name: 'cilium';
}

const unavailable = (): never => {
  throw new Http3ConfigError('provider.name', 'cilium', 'provider.name "cilium" is being written');
};

export const ciliumProvider: InfrastructureProvider<'cilium', CiliumProviderOptions> = {
  name: 'cilium',
  title: 'cilium',
  support: { mixedService: '', workaround: '', ipSharing: '', caveats: '' },
  fields: [],
  parse: unavailable,
  shape: unavailable,
  report: unavailable,
};

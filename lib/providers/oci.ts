/**
 * `oci`: being written in this session (skeleton so the registry compiles; every call refuses).
 */
import { Http3ConfigError } from '../core/errors';
import type { InfrastructureProvider, ProviderBaseOptions } from './provider';

/** options of the `oci` provider */
export interface OciProviderOptions extends ProviderBaseOptions {
  readonly name: 'oci';
}

const unavailable = (): never => {
  throw new Http3ConfigError('provider.name', 'oci', 'provider.name "oci" is being written');
};

export const ociProvider: InfrastructureProvider<'oci', OciProviderOptions> = {
  name: 'oci',
  title: 'oci',
  support: { mixedService: '', workaround: '', ipSharing: '', caveats: '' },
  fields: [],
  parse: unavailable,
  shape: unavailable,
  report: unavailable,
};

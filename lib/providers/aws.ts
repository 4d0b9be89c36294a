/**
 * `aws`: being written in this session (skeleton so the registry compiles; every call refuses).
 */
import { Http3ConfigError } from '../core/errors';
import type { InfrastructureProvider, ProviderBaseOptions } from './provider';

/** options of the `aws` provider */
export interface AwsProviderOptions extends ProviderBaseOptions {
  readonly name: 'aws';
}

const unavailable = (): never => {
  throw new Http3ConfigError('provider.name', 'aws', 'provider.name "aws" is being written');
};

export const awsProvider: InfrastructureProvider<'aws', AwsProviderOptions> = {
  name: 'aws',
  title: 'aws',
  support: { mixedService: '', workaround: '', ipSharing: '', caveats: '' },
  fields: [],
  parse: unavailable,
  shape: unavailable,
  report: unavailable,
};

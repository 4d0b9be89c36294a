/**
 * `openstack`: being written in this session (skeleton so the registry compiles; every call refuses).
 */
import { Http3ConfigError } from '../core/errors';
import type { InfrastructureProvider, ProviderBaseOptions } from './provider';

/** options of the `openstack` provider */
export interface OpenstackProviderOptions extends ProviderBaseOptions {
  readonly name: 'openstack';
}

const unavailable = (): never => {
  throw new Http3ConfigError('provider.name', 'openstack', 'provider.name "openstack" is being written');
};

export const openstackProvider: InfrastructureProvider<'openstack', OpenstackProviderOptions> = {
  name: 'openstack',
  title: 'openstack',
  support: { mixedService: '', workaround: '', ipSharing: '', caveats: '' },
  fields: [],
  parse: unavailable,
  shape: unavailable,
  report: unavailable,
};

/**
 * `kube-vip`: being written in this session (skeleton so the registry compiles; every call refuses).
 */
import { Http3ConfigError } from '../core/errors';
import type { InfrastructureProvider, ProviderBaseOptions } from './provider';

/** options of the `kube-vip` provider */
export interface KubeVipProviderOptions extends ProviderBaseOptions {
  readonly name: 'kube-vip';
}

const unavailable = (): never => {
  throw new Http3ConfigError('provider.name', 'kube-vip', 'provider.name "kube-vip" is being written');
};

export const kubeVipProvider: InfrastructureProvider<'kube-vip', KubeVipProviderOptions> = {
  name: 'kube-vip',
  title: 'kube-vip',
  support: { mixedService: '', workaround: '', ipSharing: '', caveats: '' },
  fields: [],
  parse: unavailable,
  shape: unavailable,
  report: unavailable,
};

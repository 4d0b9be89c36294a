/**
 * The Pulumi program of the examples (Pulumi.yaml points here). Pick one with
 * `pulumi config set example <name>`; the default is the Istio-on-kind demo.
 */
import * as pulumi from '@pulumi/pulumi';
import { envoyGatewayAwsLbc } from '../envoy-gateway-aws-lbc/pulumi';
import { istioKindMetallb } from '../istio-kind-metallb/pulumi';

const examples: Record<string, () => Record<string, pulumi.Output<unknown>>> = {
  'istio-kind-metallb': istioKindMetallb,
  'envoy-gateway-aws-lbc': envoyGatewayAwsLbc,
};

const name = new pulumi.Config().get('example') ?? 'istio-kind-metallb';
const example = examples[name];
if (!example) {
  throw new Error(`config example must be one of ${Object.keys(examples).join(', ')}, got ${JSON.stringify(name)}`);
}

export = example();

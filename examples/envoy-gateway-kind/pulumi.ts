/**
 * The Envoy-Gateway-on-kind example as a Pulumi program (selected with
 * `pulumi config set example envoy-gateway-kind`).
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Http3Gateway } from 'kube-http3/pulumi';
import { demoManifests, shopGateway } from './props';

/** create the example's resources and return its stack outputs */
export function envoyGatewayKind(): Record<string, pulumi.Output<unknown>> {
  const demo = new k8s.yaml.v2.ConfigGroup('envoy-gateway-kind-demo', { objs: demoManifests });
  const gateway = new Http3Gateway('shop', shopGateway, { dependsOn: [demo] });
  return {
    altSvc: gateway.altSvcValue,
    tlsSecretName: gateway.tlsSecretName,
  };
}

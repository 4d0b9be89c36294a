/**
 * The Envoy-Gateway-on-OpenStack example as a Pulumi program (selected with
 * `pulumi config set example envoy-gateway-openstack`).
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Http3Gateway } from 'kube-http3/pulumi';
import { demoManifests, shopGateway } from './props';

/** create the example's resources and return its stack outputs */
export function envoyGatewayOpenstack(): Record<string, pulumi.Output<unknown>> {
  const demo = new k8s.yaml.v2.ConfigGroup('envoy-gateway-openstack-demo', { objs: demoManifests });
  const gateway = new Http3Gateway('shop', shopGateway, { dependsOn: [demo] });
  return {
    altSvc: gateway.altSvcValue,
    httpsRecords: gateway.httpsRecords,
    tlsSecretName: gateway.tlsSecretName,
  };
}

/**
 * The GKE Gateway example as a Pulumi program (selected with `pulumi config set example gke-gateway`).
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Http3Gateway } from 'kube-http3/pulumi';
import { demoManifests, storeGateway } from './props';

/** create the example's resources and return its stack outputs */
export function gkeGateway(): Record<string, pulumi.Output<unknown>> {
  const demo = new k8s.yaml.v2.ConfigGroup('gke-gateway-demo', { objs: demoManifests });
  const gateway = new Http3Gateway('store', storeGateway, { dependsOn: [demo] });
  return {
    altSvc: gateway.altSvcValue,
    httpsRecords: gateway.httpsRecords,
    tlsSecretName: gateway.tlsSecretName,
  };
}

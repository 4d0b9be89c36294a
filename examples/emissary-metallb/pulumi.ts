/**
 * The Emissary-on-MetalLB example as a Pulumi program (selected with `pulumi config set example emissary-metallb`).
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Http3Gateway } from 'kube-http3/pulumi';
import { demoManifests, echoGateway } from './props';

/** create the example's resources and return its stack outputs */
export function emissaryMetallb(): Record<string, pulumi.Output<unknown>> {
  const demo = new k8s.yaml.v2.ConfigGroup('emissary-metallb-demo', { objs: demoManifests });
  const gateway = new Http3Gateway('echo', echoGateway, { dependsOn: [demo] });
  return {
    altSvc: gateway.altSvcValue,
    httpsRecords: gateway.httpsRecords,
    artifacts: gateway.artifacts,
  };
}

/**
 * The Envoy-Gateway-on-OpenStack example as a cdk8s chart.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { Http3Gateway } from 'kube-http3/cdk8s';
import { demoManifests, shopGateway } from './props';

/** add the example's chart to the app */
export function envoyGatewayOpenstack(app: App): Chart {
  const chart = new Chart(app, 'envoy-gateway-openstack');
  demoManifests.forEach((manifest) => new ApiObject(chart, `${manifest.kind}-${manifest.metadata.name}`, manifest));
  new Http3Gateway(chart, 'shop', shopGateway);
  return chart;
}

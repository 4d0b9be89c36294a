/**
 * The Istio-on-kube-vip example as a cdk8s chart.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { Http3Gateway } from 'kube-http3/cdk8s';
import { demoManifests, httpbinGateway } from './props';

/** add the example's chart to the app */
export function istioKubeVip(app: App): Chart {
  const chart = new Chart(app, 'istio-kube-vip');
  demoManifests.forEach((manifest) => new ApiObject(chart, `${manifest.kind}-${manifest.metadata.name}`, manifest));
  new Http3Gateway(chart, 'httpbin', httpbinGateway);
  return chart;
}

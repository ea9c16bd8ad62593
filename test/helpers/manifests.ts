/** What sets one keystone api Deployment apart from another in a test. */
export interface KeystoneOptions {
  name: string;
  namespace?: string;
  /** Two unless given; null leaves `replicas` out. */
  replicas?: number | string | null;
  image?: string;
  /** A privileged container (`securityContext.privileged: true`). */
  privileged?: boolean;
  /** Environment variables of the container, by name. */
  env?: Record<string, string>;
  /** More fields of the container, written as they are after the others (each line indented ten spaces, ending in a newline). */
  containerLines?: string;
}

/** A Deployment with openstack-helm's keystone api labels, so the catalog's keystone knowledge applies to it. */
export function keystoneDeployment({
  name,
  namespace: inNamespace,
  replicas = 2,
  image = "quay.io/airshipit/keystone:2024.1",
  privileged = false,
  env = {},
  containerLines = "",
}: KeystoneOptions): string {
  const variables = Object.entries(env).map(([key, value]) => `            - {name: ${key}, value: "${value}"}\n`);
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${inNamespace === undefined ? "" : `  namespace: ${inNamespace}\n`}  labels: {application: keystone, component: api}
spec:
${replicas === null ? "" : `  replicas: ${replicas}\n`}  selector:
    matchLabels: {application: keystone, component: api}
  template:
    metadata:
      labels: {application: keystone, component: api}
    spec:
      containers:
        - name: keystone-api
          image: ${image}
${privileged ? "          securityContext: {privileged: true}\n" : ""}${variables.length > 0 ? `          env:\n${variables.join("")}` : ""}${containerLines}`;
}

/**
 * A region's nova-api: its Deployment and the ConfigMap it mounts, in one file, all in namespace
 * `openstack`; `moreConfig` is more of nova.conf's `[DEFAULT]`, one option a line.
 */
export function novaRegion(myIp: string, moreConfig: readonly string[] = []): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: nova-api, namespace: openstack}
spec:
  replicas: 2
  selector: {matchLabels: {app: nova-api}}
  template:
    metadata:
      labels: {app: nova-api}
    spec:
      containers:
        - name: nova-api
          image: quay.io/airshipit/nova:2024.1
          volumeMounts: [{name: etc, mountPath: /etc/nova}]
      volumes:
        - name: bin
          configMap: {name: nova-bin}
        - name: etc
          configMap: {name: nova-etc}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: nova-etc, namespace: openstack}
data:
  nova.conf: |
    [DEFAULT]
    my_ip = ${myIp}
${moreConfig.map((line) => `    ${line}\n`).join("")}`;
}

/** A PodDisruptionBudget for nova-api in namespace `openstack`. */
export function novaPdb(minAvailable: number): string {
  return `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: nova-api, namespace: openstack}
spec:
  minAvailable: ${minAvailable}
  selector: {matchLabels: {app: nova-api}}
`;
}

import { describe, expect, it } from "vitest";
import { extractArtifacts } from "../src/extract/index.js";
import { collectK8sObjects, isKubernetesObject, k8sReader } from "../src/extract/kubernetes/extract-k8s-facts.js";
import { holdConfigObject } from "../src/extract/kubernetes/read-config-maps.js";
import type { ManifestObject } from "../src/extract/kubernetes/read-workload.js";
import { packedPlacesOf, placeOf } from "../src/extract/packed-places.js";
import { forgetTexts, isDeferredLocation, parseYaml } from "../src/load/yaml.js";
import { collectUntilGone, heldStrings } from "./helpers/collect-garbage.js";
import { hasFastProperties, haveSameMap } from "./helpers/fast-properties.js";
import { serviceIndex } from "./helpers/service-index.js";

const INDEX = serviceIndex({ nova: ["nova-api"] });

/** A nova-api Deployment with a readiness probe, an anti-affinity rule and a rolling update. */
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nova-api
  namespace: openstack
spec:
  replicas: 2
  selector: {matchLabels: {app: nova-api}}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxUnavailable: 1}
  template:
    metadata:
      labels: {app: nova-api}
    spec:
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - topologyKey: kubernetes.io/hostname
              labelSelector: {matchLabels: {app: nova-api}}
      containers:
        - name: nova-api
          image: quay.io/airshipit/nova:2024.1
          readinessProbe: {httpGet: {path: /, port: 8774}}
`;

const PDB = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: nova-api, namespace: openstack}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: nova-api}}
`;

/** The Kubernetes objects of one file, as the artifact readers collect them. */
function objectsOf(file: string, text: string): ManifestObject[] {
  const parsed = parseYaml(text, file, "yaml11");
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return collectK8sObjects(
    { file, text },
    parsed.documents.filter((d) => isKubernetesObject(d.value)),
  ).objects;
}

/**
 * Checks that every place a workload's facts cite in its own file was located when the file was
 * read, in one scan, rather than left to be found when a finding cites it.
 */
function expectOwnPlacesLocated(locations: Record<string, object>, file: string, fromOtherObjects: readonly string[] = []): void {
  const own = Object.entries(locations).filter(
    ([fact, location]) => (location as { file: string }).file === file && !fromOtherObjects.includes(fact),
  );
  expect(own.length).toBeGreaterThan(10);
  const onDemand = own.filter(([, location]) => Object.getOwnPropertyDescriptor(location, "line")?.get !== undefined);
  expect(onDemand.map(([fact]) => fact)).toEqual([]);
}

describe("reading Kubernetes objects file by file", () => {
  it("lets a workload's parsed object go once its file is read, and keeps the objects that tie workloads across files", async () => {
    const reader = k8sReader(INDEX);
    // Read in a function of its own, so the test holds nothing of the parsed objects but weak references.
    const pod = (() => {
      const objects = objectsOf("deploy/nova.yaml", `${DEPLOYMENT}---\n${PDB}`);
      const [deployment] = objects as [ManifestObject, ManifestObject];
      const spec = deployment.value.spec as { template: { spec: { containers: object } } };
      const refs = [new WeakRef(spec), new WeakRef(spec.template.spec.containers)];
      reader.read(objects);
      return refs;
    })();
    await collectUntilGone(pod);
    expect(pod.map((ref) => ref.deref())).toEqual([undefined, undefined]);
    // The disruption budget is kept (an equal copy may stand for it): `finish` reads it.
    const facts = reader.finish();
    expect(facts.workloads.map((w) => w.deployment)).toMatchObject([
      {
        name: "nova-api",
        replicas: 2,
        readinessProbe: true,
        antiAffinity: true,
        updateMaxUnavailable: 1,
        hasPdb: true,
        pdbMinAvailable: 1,
      },
    ]);
    const locations = facts.workloads[0]?.locations ?? {};
    // Checked before any place is read: reading one found on demand finds its object's others too.
    // The disruption budget's facts are found in its own object, when a finding cites them.
    expectOwnPlacesLocated(locations, "deploy/nova.yaml", [
      "deployment.hasPdb",
      "deployment.pdbMinAvailable",
      "deployment.pdbAllowsNoDisruption",
    ]);
    expect(locations["deployment.readinessProbe"]).toEqual({ file: "deploy/nova.yaml", line: 24, column: 27 });
    expect(locations["deployment.updateMaxUnavailable"]).toMatchObject({ line: 11 });
  });

  it("lets go of a ConfigMap's oslo.config text once finished, while the reader and its facts are still held", () => {
    // The config's comment, written with an escape: the text the reader keeps is in no file's text the
    // locators may cache, and the test holds only its two halves until the heap is searched.
    const halves = ["kept-config-", "\u00e9-7f3a"] as const;
    const configMap = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: nova-etc, namespace: openstack}\ndata:\n  nova.conf: "[DEFAULT]\\n# ${halves[0]}\\u00e9-7f3a\\ndebug = false\\n"\n`;
    const reader = k8sReader(INDEX);
    reader.read(objectsOf("deploy/nova-etc.yaml", configMap));
    expect(heldStrings(halves)).toBe(1);
    const facts = reader.finish();
    expect(facts.configs).toHaveLength(1);
    expect(heldStrings(halves)).toBe(0);
    expect(reader).toBeDefined();
  });

  it("holds once the lines of a disruption budget that two regions repeat word for word", () => {
    // The budget's last line, a comment, made from two halves in a function that is gone when the heap
    // is searched; the locators let go of the files' texts, so only the budget's own lines hold it.
    const halves = ["budget-note-", "e83c"] as const;
    const reader = k8sReader(INDEX);
    const readRegion = (region: string) =>
      reader.read(objectsOf(`${region}/nova.yaml`, `${DEPLOYMENT}---\n${PDB}# ${halves[0]}${halves[1]}\n`));
    readRegion("region-a");
    readRegion("region-b");
    forgetTexts();
    expect(heldStrings(halves)).toBe(1);
    expect(reader.finish().workloads).toHaveLength(2);
  });

  it("holds once the oslo.config text that two regions' ConfigMaps repeat word for word, and cites each region's own lines", () => {
    // The config's comment, made from two halves; the files are read in a function that is gone when the
    // heap is searched, so that nothing of their texts is left in this one's frame.
    const halves = ["shared-config-", "\u00e9-41c9"] as const;
    const reader = k8sReader(INDEX);
    const readRegions = () => {
      for (const [file, lead] of [
        ["region-a/nova-etc.yaml", ""],
        ["region-b/nova-etc.yaml", "# region b\n\n"],
      ] as const) {
        const configMap = `${lead}apiVersion: v1\nkind: ConfigMap\nmetadata: {name: nova-etc, namespace: openstack}\ndata:\n  nova.conf: |\n    [DEFAULT]\n    # ${halves[0]}\u00e9-41c9\n    [database]\n    connection = mysql+pymysql://nova@db/nova\n`;
        reader.read(objectsOf(file, configMap));
      }
    };
    readRegions();
    forgetTexts();
    expect(heldStrings(halves)).toBe(1);
    const { configs } = reader.finish();
    expect(configs.map((config) => [placeOf(config, "oslo"), placeOf(config, "oslo.databaseHosts")])).toEqual([
      [
        { file: "region-a/nova-etc.yaml", line: 5, column: 3 },
        { file: "region-a/nova-etc.yaml", line: 9, column: 1 },
      ],
      [
        { file: "region-b/nova-etc.yaml", line: 7, column: 3 },
        { file: "region-b/nova-etc.yaml", line: 11, column: 1 },
      ],
    ]);
  });

  it("holds once a list of servers that two regions' configs name, whatever else in them differs", () => {
    const reader = k8sReader(INDEX);
    for (const region of ["a", "b"]) {
      const conf = `[DEFAULT]\nmy_ip = 10.0.${region === "a" ? 1 : 2}.11\ntransport_url = rabbit://nova:secret@rabbitmq.openstack.svc:5672/nova\n[database]\nconnection = mysql+pymysql://nova:secret@mariadb.openstack.svc/nova\n`;
      const configMap = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: nova-etc, namespace: openstack}\ndata:\n  nova.conf: ${JSON.stringify(conf)}\n`;
      reader.read(objectsOf(`region-${region}/nova-etc.yaml`, configMap));
    }
    const [a, b] = reader.finish().configs;
    expect([a?.oslo.myIp, b?.oslo.myIp]).toEqual(["10.0.1.11", "10.0.2.11"]);
    expect(a?.oslo.transportHosts).toEqual([{ host: "rabbitmq.openstack.svc", ipLiteral: false }]);
    expect(b?.oslo.transportHosts).toBe(a?.oslo.transportHosts);
    expect(b?.oslo.databaseHosts).toBe(a?.oslo.databaseHosts);
  });

  it("holds a list of servers once only when it is equal, whatever its hosts hold", () => {
    const reader = k8sReader(INDEX);
    for (const [region, hosts] of [
      ["a", "nova@x:5672,nova@y:5672"],
      ["b", "nova@x\u0000false\u0001y:5672"],
    ] as const) {
      const conf = `[DEFAULT]\ntransport_url = rabbit://${hosts}/nova\n`;
      const configMap = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: nova-etc, namespace: openstack}\ndata:\n  nova.conf: ${JSON.stringify(conf)}\n`;
      reader.read(objectsOf(`region-${region}/nova-etc.yaml`, configMap));
    }
    const [a, b] = reader.finish().configs;
    expect(a?.oslo.transportHosts?.map((server) => server.host)).toEqual(["x", "y"]);
    expect(b?.oslo.transportHosts?.map((server) => server.host)).toEqual(["x\u0000false\u0001y"]);
  });

  it("holds once what two files repeat of the objects kept until every file is read", async () => {
    const reader = k8sReader(INDEX);
    reader.read(objectsOf("region-a/nova.yaml", `${DEPLOYMENT}---\n${PDB}`));
    // The second region's copies: its budget, and what its workload's last pass reads of its pod.
    const second = (() => {
      const objects = objectsOf("region-b/nova.yaml", `${DEPLOYMENT}---\n${PDB}`);
      const [deployment, pdb] = objects as [ManifestObject, ManifestObject];
      const pod = (deployment.value.spec as { template: { metadata: { labels: object }; spec: { affinity: { podAntiAffinity: object } } } })
        .template;
      const refs = [new WeakRef(pdb.value), new WeakRef(pod.metadata.labels), new WeakRef(pod.spec.affinity.podAntiAffinity)];
      reader.read(objects);
      return refs;
    })();
    await collectUntilGone(second);
    expect(second.map((ref) => ref.deref())).toEqual([undefined, undefined, undefined]);
    const facts = reader.finish();
    expect(facts.workloads.map((w) => [w.locations["deployment.kind"]?.file, w.deployment.hasPdb, w.deployment.antiAffinity])).toEqual([
      ["region-a/nova.yaml", true, true],
      ["region-b/nova.yaml", true, true],
    ]);
    expect(facts.workloads[1]?.locations["deployment.pdbMinAvailable"]).toMatchObject({ file: "region-b/nova.yaml", line: 30 });
    expect(facts.workloads[1]?.deployment).toBe(facts.workloads[0]?.deployment);
  });

  it("holds once the list of configs that equal workloads of two regions mount", () => {
    const mounting = DEPLOYMENT.replace(
      "      containers:\n",
      "      volumes:\n        - {name: etc, configMap: {name: nova-etc}}\n        - {name: bin, configMap: {name: nova-bin}}\n      containers:\n",
    );
    const reader = k8sReader(INDEX);
    reader.read(objectsOf("region-a/nova.yaml", mounting));
    reader.read(objectsOf("region-b/nova.yaml", mounting));
    const [a, b] = reader.finish().workloads;
    expect(a?.configSources).toEqual(["ConfigMap/nova-etc", "ConfigMap/nova-bin"]);
    expect(b?.configSources).toBe(a?.configSources);
  });

  it("holds the oslo.config files of every ConfigMap in objects of one hidden class", () => {
    const configMap = (name: string, keys: readonly string[]) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: openstack}\ndata:\n${keys
        .map((key) => `  ${key}: |\n    [DEFAULT]\n    debug = false\n    [database]\n    connection = mysql+pymysql://nova@db/nova\n`)
        .join("")}`;
    // As many as a chart installs: past a few, objects made by spreading another stopped sharing one.
    const held = [
      "nova",
      "glance",
      "neutron",
      "cinder",
      "heat",
      "keystone",
      "placement",
      "barbican",
      "octavia",
      "designate",
      "manila",
      "ironic",
    ]
      .map((service) => configMap(`${service}-etc`, [`${service}.conf`, "logging.conf"]))
      .flatMap((text, i) => objectsOf(`deploy/${i}.yaml`, text).map((object) => holdConfigObject(object)));
    const configs = held.flatMap((object) => object?.configs ?? []);
    expect(configs).toHaveLength(24);
    expect(configs.slice(0, 3).map((config) => config.key)).toEqual(["nova.conf", "logging.conf", "glance.conf"]);
    for (const config of configs.slice(1)) expect(haveSameMap(config, configs[0] as object)).toBe(true);
  });

  it("keeps a finished workload's facts and places in records of fixed shape, not hash tables", () => {
    // A workload's records wait for every other workload to be finished: as hash tables they are several times the size.
    const service = "apiVersion: v1\nkind: Service\nmetadata: {name: nova-api, namespace: openstack}\nspec: {selector: {app: nova-api}}\n";
    const reader = k8sReader(INDEX);
    reader.read(objectsOf("deploy/nova.yaml", `${DEPLOYMENT}---\n${PDB}---\n${service}`));
    const [workload] = reader.finish().workloads;
    expect(Object.keys(workload?.locations ?? {}).length).toBeGreaterThan(20);
    expect(hasFastProperties(workload?.locations ?? {})).toBe(true);
    expect(hasFastProperties(workload?.deployment ?? {})).toBe(true);
    // Places that say the same are one object: each finding lists the places it cites by value.
    const places = Object.values(workload?.locations ?? {}).filter((place) => !isDeferredLocation(place));
    const byValue = new Map<string, Set<object>>();
    for (const place of places) {
      const key = `${place.file}:${place.line}:${place.column}`;
      byValue.set(key, (byValue.get(key) ?? new Set()).add(place));
    }
    expect(places.length).toBeGreaterThan(byValue.size);
    expect([...byValue].filter(([, objects]) => objects.size > 1).map(([key]) => key)).toEqual([]);
    // The check itself tells a hash table apart.
    const table: Record<string, number> = {};
    for (let i = 0; i < 40; i++) table[`fact${i}`] = i;
    expect(hasFastProperties(table)).toBe(false);
  });

  it("takes the oslo.config files of a ConfigMap when its file is read, and lets the parsed ConfigMaps go", async () => {
    const reader = k8sReader(INDEX);
    const scripts = `apiVersion: v1
kind: ConfigMap
metadata: {name: nova-bin, namespace: openstack}
data:
  nova-api.sh: |
    #!/bin/bash
    exec nova-api --config-file /etc/nova/nova.conf
`;
    const configs = `apiVersion: v1
kind: ConfigMap
metadata: {name: nova-etc, namespace: openstack}
data:
  nova.conf: |
    [DEFAULT]
    debug = false
    [database]
    connection = mysql+pymysql://nova:secret@mariadb.openstack.svc/nova
`;
    const mounted = DEPLOYMENT.replace(
      "          readinessProbe: {httpGet: {path: /, port: 8774}}\n",
      "          readinessProbe: {httpGet: {path: /, port: 8774}}\n      volumes:\n        - name: etc\n          configMap: {name: nova-etc}\n",
    );
    const parsed = (() => {
      const objects = objectsOf("deploy/nova.yaml", `${scripts}---\n${configs}---\n${mounted}`);
      const refs = objects.slice(0, 2).map((o) => new WeakRef(o.value));
      reader.read(objects);
      return refs;
    })();
    await collectUntilGone(parsed);
    expect(parsed.map((ref) => ref.deref())).toEqual([undefined, undefined]);
    const facts = reader.finish();
    expect(facts.configs).toHaveLength(1);
    expect(facts.configs[0]).toMatchObject({
      services: ["nova-api"],
      namespace: "openstack",
      oslo: { databaseHosts: [{ host: "mariadb.openstack.svc", ipLiteral: false }] },
    });
    // Located when its file was read, so that its document need not be held: no place is found on demand.
    const located = Object.values(facts.configs[0]?.locations ?? {});
    expect(located.length).toBeGreaterThan(1);
    expect(located.filter((location) => Object.getOwnPropertyDescriptor(location, "line")?.get !== undefined)).toEqual([]);
    expect(facts.configs[0]?.locations["oslo.databaseHosts"]).toMatchObject({ file: "deploy/nova.yaml", line: 17 });
    expect(facts.configs[0]?.locations.oslo).toEqual({ file: "deploy/nova.yaml", line: 13, column: 3 });
    // Held packed to the end of reading, as a workload's are.
    expect(packedPlacesOf(facts.configs[0] as object)?.keys).toContain("oslo.databaseHosts");
    expect([...facts.filesRead]).toEqual(["deploy/nova.yaml"]);
  });

  it("locates a workload inside a List by its place in the list, and takes no Service for a disruption budget", () => {
    const reader = k8sReader(INDEX);
    const withoutStrategy = DEPLOYMENT.replace("  strategy:\n    type: RollingUpdate\n    rollingUpdate: {maxUnavailable: 1}\n", "");
    const items = withoutStrategy.split("\n").map((line) => (line === "" ? line : `    ${line}`));
    const service = "apiVersion: v1\nkind: Service\nmetadata: {name: nova-api, namespace: openstack}\nspec: {selector: {app: nova-api}}\n";
    reader.read(objectsOf("deploy/list.yaml", `apiVersion: v1\nkind: List\nitems:\n  - ${items.join("\n").trimStart()}---\n${service}`));
    const [workload] = reader.finish().workloads;
    expectOwnPlacesLocated(workload?.locations ?? {}, "deploy/list.yaml");
    expect(workload?.deployment).toMatchObject({
      name: "nova-api",
      hasPdb: false,
      updateStrategy: "RollingUpdate",
      updateMaxUnavailable: "25%",
    });
    expect(workload?.locations["deployment.kind"]).toMatchObject({ file: "deploy/list.yaml", line: 5 });
    expect(workload?.locations["deployment.readinessProbe"]).toMatchObject({ line: 24 });
  });

  it("reads a workload with what later files say of it: a disruption budget, a headless Service, a Kustomization naming it a patch", () => {
    const statefulSet = DEPLOYMENT.replace("kind: Deployment", "kind: StatefulSet")
      .replace(
        "  strategy:\n    type: RollingUpdate\n    rollingUpdate: {maxUnavailable: 1}\n",
        "  serviceName: nova-api\n  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 2}}\n",
      )
      .replace(
        "      containers:\n",
        "      topologySpreadConstraints: [{maxSkew: 1, topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: nova-api}}}]\n      containers:\n",
      );
    const service = "apiVersion: v1\nkind: Service\nmetadata: {name: nova-api, namespace: openstack}\nspec: {clusterIP: None}\n";
    const kustomization = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\npatches:\n  - path: nova.yaml\n";
    const files = [
      { file: "deploy/nova.yaml", text: statefulSet },
      { file: "deploy/other.yaml", text: `${PDB}---\n${service}` },
      { file: "deploy/kustomization.yaml", text: kustomization },
      { file: "deploy/unused.yaml", text: PDB.replaceAll("nova-api", "glance-api") },
    ];
    const facts = extractArtifacts(files, INDEX);
    // The budget and the Service were read for the workload; a budget that selects no workload was not.
    expect(facts.unrecognized.map((u) => u.file)).toEqual(["deploy/unused.yaml"]);
    const [workload] = facts.workloads;
    expectOwnPlacesLocated(workload?.facts.locations ?? {}, "deploy/nova.yaml");
    expect(workload?.facts.deployment).toMatchObject({
      kind: "StatefulSet",
      partial: true,
      hasPdb: true,
      headlessService: true,
      updateMaxUnavailable: 2,
      topologySpread: true,
    });
    // Each fact cites where it is said: the budget and the Service in their own file, the rest in the workload's.
    expect(workload?.facts.locations["deployment.hasPdb"]).toMatchObject({ file: "deploy/other.yaml", line: 2 });
    expect(workload?.facts.locations["deployment.headlessService"]).toMatchObject({ file: "deploy/other.yaml", line: 11 });
    expect(workload?.facts.locations["deployment.antiAffinity"]).toMatchObject({ file: "deploy/nova.yaml", line: 17 });
    expect(workload?.facts.locations["deployment.updateMaxUnavailable"]).toMatchObject({ file: "deploy/nova.yaml", line: 10 });
    expect(workload?.facts.locations["deployment.kind"]).toMatchObject({ file: "deploy/nova.yaml", line: 2 });
  });
});

import { describe, expect, it } from "vitest";
import { assess } from "../src/assess.js";
import { loadInputs } from "../src/load/inputs.js";
import type { ServiceResult } from "../src/model/assessment.js";

/**
 * How real deployments run each catalog service on Kubernetes, written from their chart or operator
 * files (not from this tool's output), and the changes those files make that the recommendation
 * should credit as mitigations. `sets` names fact paths, so a row holds whatever the mitigation's id.
 */
interface Expectation {
  service: string;
  placement: "k8s-scheduled" | "k8s-statefulset" | "k8s-pinned" | "poci" | "insufficient data";
  /** Fact paths that the mitigations deciding the recommendation set (`placement.graceSeconds`). */
  sets: string[];
  /** The deployment files (chart or operator source at a commit) that show how the service is run. */
  sources: string[];
  why: string;
}

const OSH = "openstack/openstack-helm";
const NOVA_OP = "openstack-k8s-operators/nova-operator";
const CINDER_OP = "openstack-k8s-operators/cinder-operator";
const OVN_OP = "openstack-k8s-operators/ovn-operator";
const OCTAVIA_OP =
  "openstack-k8s-operators/octavia-operator:internal/amphoracontrollers/daemonset.go@5a31296f27651d4d2b740f2df1d469b79019cd6b";

const EXPECTATIONS: Expectation[] = [
  {
    service: "placement-api",
    placement: "k8s-scheduled",
    sets: ["service.process.sigterm"],
    sources: [
      `${OSH}:placement/templates/deployment.yaml@0be32dd41563daf25175471a8fc5c7e6431cdaea`,
      `${OSH}:placement/values.yaml@0ee5adef`,
    ],
    why: "A Deployment on the pod network; the chart renders uWSGI with die-on-term so SIGTERM drains instead of reloading.",
  },
  {
    service: "keystone-api",
    placement: "k8s-scheduled",
    sets: ["service.process.sigterm"],
    sources: [
      `${OSH}:keystone/templates/deployment-api.yaml@0ee5adef`,
      "openstack/kolla-ansible:ansible/roles/service-uwsgi-config/templates/uwsgi.ini.j2@1a681814",
    ],
    why: "A Deployment on the pod network; kolla's uWSGI template sets die-on-term.",
  },
  {
    service: "nova-api",
    placement: "k8s-scheduled",
    sets: ["service.process.sigterm"],
    sources: [`${OSH}:nova/templates/deployment-api-osapi.yaml@702c17eb7804d28406576fa8c4956b1645d396b0`],
    why: "openstack-helm runs the compute API as a Deployment with uWSGI and die-on-term.",
  },
  {
    service: "neutron-server",
    placement: "k8s-scheduled",
    sets: ["service.process.sigterm"],
    sources: [`${OSH}:neutron/templates/deployment-server.yaml@0319e9192a3bc3093873455f94c9d72b870c5af3`],
    why: "openstack-helm runs the uWSGI API as a Deployment and stops it with kill -TERM under die-on-term.",
  },
  {
    service: "neutron-rpc-server",
    placement: "k8s-scheduled",
    sets: [],
    sources: [`${OSH}:neutron/templates/deployment-rpc_server.yaml@40f6dc8e6412a8c542e6c788310b29e63e46cf3a`],
    why: "openstack-helm runs the RPC server as its own Deployment on the pod network.",
  },
  {
    service: "heat-engine",
    placement: "k8s-scheduled",
    sets: ["placement.graceSeconds"],
    sources: [
      `${OSH}:heat/templates/deployment-engine.yaml@702c17eb7804d28406576fa8c4956b1645d396b0`,
      "openstack-k8s-operators/heat-operator:internal/heatengine/deployment.go@e29bb0b",
    ],
    why: "Both run heat-engine as a Deployment; heat-operator raises the grace period to 60 s to cover the engine's shutdown.",
  },
  {
    service: "ovn-northd",
    placement: "k8s-scheduled",
    sets: [],
    sources: [`${OSH}:ovn/templates/deployment-northd.yaml@0ee5adef`],
    why: "openstack-helm runs northd as a Deployment; standby instances wait on the southbound lock.",
  },
  {
    service: "nova-scheduler",
    placement: "k8s-statefulset",
    sets: ["placement.graceSeconds"],
    sources: [
      `${NOVA_OP}:internal/nova/scheduler/deployment.go@b3775364`,
      `${OSH}:nova/templates/statefulset-scheduler.yaml@fff5e1f4243907c991f1c0b7b574cdcf31e6c305`,
    ],
    why: "nova-operator runs it as a StatefulSet (pod name as host); openstack-helm offers one and sets a 180 s grace period for nova.",
  },
  {
    service: "nova-conductor",
    placement: "k8s-statefulset",
    sets: ["placement.graceSeconds"],
    sources: [
      `${NOVA_OP}:internal/nova/conductor/deployment.go@b3775364`,
      `${OSH}:nova/templates/statefulset-conductor.yaml@fff5e1f4243907c991f1c0b7b574cdcf31e6c305`,
    ],
    why: "nova-operator runs the conductor as a StatefulSet; openstack-helm offers one and sets a 180 s grace period for nova.",
  },
  {
    service: "nova-compute-ironic",
    placement: "k8s-statefulset",
    sets: ["placement.graceSeconds"],
    sources: [`${OSH}:nova/templates/statefulset-compute-ironic.yaml@c748500b27ffa52a78b89c9207f594c192acfb03`],
    why: "openstack-helm runs the ironic compute driver as a StatefulSet so its host survives restarts, with nova's 180 s grace period.",
  },
  {
    service: "cinder-scheduler",
    placement: "k8s-statefulset",
    sets: [],
    sources: [`${CINDER_OP}:internal/cinderscheduler/statefulset.go@4a60ed8`],
    why: "cinder-operator runs the scheduler as a StatefulSet so the service_id that crash cleanup uses comes back.",
  },
  {
    service: "cinder-volume",
    placement: "k8s-statefulset",
    sets: [],
    sources: [`${CINDER_OP}:internal/cindervolume/statefulset.go@4a60ed8`],
    why: "cinder-operator runs one StatefulSet pod per remote backend.",
  },
  {
    service: "cinder-backup",
    placement: "k8s-statefulset",
    sets: [],
    sources: [`${CINDER_OP}:internal/cinderbackup/statefulset.go@4a60ed8`],
    why: "cinder-operator runs backup replicas as a StatefulSet so each keeps its host for restart cleanup.",
  },
  {
    service: "rabbitmq",
    placement: "k8s-statefulset",
    sets: ["service.cluster.members"],
    sources: ["rabbitmq/cluster-operator:internal/resource/statefulset.go@06cda8e8", `${OSH}:rabbitmq/templates/statefulset.yaml@0ee5adef`],
    why: "Both run RabbitMQ as a StatefulSet with stable DNS node names; openstack-helm's default of 2 nodes needs a third to keep a majority.",
  },
  {
    service: "mariadb-galera",
    placement: "k8s-statefulset",
    sets: [],
    sources: [
      "openstack-k8s-operators/mariadb-operator:internal/mariadb/statefulset.go@1e127e72",
      `${OSH}:mariadb/templates/statefulset.yaml@07bd8c92a259557d07119525c85bea4b8fc6006e`,
    ],
    why: "Both run Galera as a StatefulSet with DNS-named gcomm:// members and a volume per pod.",
  },
  {
    service: "ovn-nb-db",
    placement: "k8s-statefulset",
    sets: ["service.cluster.members"],
    sources: [`${OVN_OP}:internal/ovndbcluster/statefulset.go@0a0ad59d`, `${OSH}:ovn/templates/statefulset-ovsdb-nb.yaml@0ee5adef`],
    why: "Both run the RAFT cluster as a StatefulSet with DNS-named members; openstack-helm's default of one member needs three for a quorum.",
  },
  {
    service: "ovn-sb-db",
    placement: "k8s-statefulset",
    sets: ["service.cluster.members"],
    sources: [`${OVN_OP}:internal/ovndbcluster/statefulset.go@0a0ad59d`, `${OSH}:ovn/templates/statefulset-ovsdb-sb.yaml@0ee5adef`],
    why: "Both run the RAFT cluster as a StatefulSet with DNS-named members; openstack-helm's default of one member needs three for a quorum.",
  },
  {
    service: "memcached",
    placement: "k8s-statefulset",
    sets: [],
    sources: [
      `${OSH}:memcached/templates/statefulset.yaml@b95bb6767865077c0ccec867d52429e8549bcdb8`,
      "openstack-k8s-operators/infra-operator:internal/controller/memcached/memcached_controller.go@18e54edd",
    ],
    why: "Both run memcached as a StatefulSet; the infra-operator hands clients the pods' DNS names.",
  },
  {
    service: "nova-compute",
    placement: "k8s-pinned",
    sets: ["placement.graceSeconds"],
    sources: [`${OSH}:nova/templates/daemonset-compute.yaml@48a59b13247eeb297248a1c0f01447603781c54f`],
    why: "A hostNetwork DaemonSet on compute nodes, with nova's 180 s grace period.",
  },
  {
    service: "libvirt",
    placement: "k8s-pinned",
    sets: [],
    sources: [`${OSH}:libvirt/templates/daemonset-libvirt.yaml@0ee5adef`],
    why: "A privileged hostNetwork DaemonSet on compute nodes.",
  },
  {
    service: "neutron-l3-agent",
    placement: "k8s-pinned",
    sets: [],
    sources: [`${OSH}:neutron/templates/daemonset-l3-agent.yaml@7ba7e1d97a0b0ac9d28e9f5a4ded8114c3421bac`],
    why: "A privileged hostNetwork DaemonSet on network nodes.",
  },
  {
    service: "neutron-openvswitch-agent",
    placement: "k8s-pinned",
    sets: [],
    sources: [`${OSH}:neutron/templates/daemonset-ovs-agent.yaml@e491b838fadd315392b57b7bd4b17054bc01d42a`],
    why: "A privileged hostNetwork DaemonSet next to Open vSwitch on every node.",
  },
  {
    service: "cinder-volume-lvm",
    placement: "k8s-pinned",
    sets: [],
    sources: [`${CINDER_OP}:config/samples/backends/lvm/README.md@4a60ed83`],
    why: "cinder-operator pins the LVM backend to a labelled node with host networking, because the data and the target IP are on that node.",
  },
  {
    service: "octavia-worker",
    placement: "k8s-pinned",
    sets: ["placement.graceSeconds"],
    sources: [`${OSH}:octavia/templates/daemonset-worker.yaml@0ee5adef`, OCTAVIA_OP],
    why: "Both run the worker as a DaemonSet with a port on lb-mgmt-net per node; octavia-operator sets 600 s of grace without jobboard.",
  },
  {
    service: "octavia-health-manager",
    placement: "k8s-pinned",
    sets: [],
    sources: [`${OSH}:octavia/templates/daemonset-health-manager.yaml@0ee5adef`, OCTAVIA_OP],
    why: "Both run it as a DaemonSet with one predictable management address per node, which amphorae keep in controller_ip_port_list.",
  },
  {
    service: "ironic-conductor",
    placement: "k8s-pinned",
    sets: [],
    sources: [`${OSH}:ironic/templates/statefulset-conductor.yaml@0ee5adef`],
    why: "openstack-helm runs the conductor with hostNetwork and hostIPC on provisioning nodes, with my_ip and tftp_server set to the PXE interface.",
  },
];

const SOURCE = /^(https:\/\/\S+|[\w.-]+\/[\w.-]+:\S+@[0-9a-f]{7,40})$/;
const ACCEPTABLE = ["ready", "ready-with-mitigations"];

const inputs = loadInputs({ paths: [], cwd: process.cwd() });
const assessment = assess(inputs, { tool: { name: "blendcheck", version: "test" } });
const setsByMitigation = new Map(inputs.mitigations.map((m) => [m.mitigation.id, Object.keys(m.mitigation.sets)]));

/** The recommendation as the table writes it: a placement, or "insufficient data" for fit `unknown`. */
function recommendationOf(service: ServiceResult): string {
  return service.recommendation.fit === "unknown" ? "insufficient data" : service.recommendation.placement;
}

/** The fact paths the recommended placement's mitigation plan sets. */
function plannedSets(service: ServiceResult): string[] {
  const chosen = service.results.find((r) => r.placement === service.recommendation.placement);
  return (chosen?.plan ?? []).flatMap((step) => setsByMitigation.get(step.mitigation) ?? []);
}

describe("the recommendation expectation table", () => {
  it("covers at least 15 catalog services, each once, each citing a deployment file at a commit", () => {
    const names = EXPECTATIONS.map((e) => e.service);
    expect(names.length).toBeGreaterThanOrEqual(15);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    const catalog = new Set(inputs.profiles.map((p) => p.value.metadata.name));
    expect(names.filter((n) => !catalog.has(n))).toEqual([]);
    expect(EXPECTATIONS.flatMap((e) => e.sources).filter((s) => !SOURCE.test(s))).toEqual([]);
  });

  it.each(EXPECTATIONS)("recommends $placement for $service, as its deployment files run it", (row) => {
    const service = assessment.services.find((s) => s.name === row.service);
    expect(service, `${row.service} is assessed`).toBeDefined();
    if (!service) return;
    expect({ service: row.service, recommended: recommendationOf(service) }).toEqual({ service: row.service, recommended: row.placement });
    if (row.placement !== "insufficient data") expect(ACCEPTABLE).toContain(service.recommendation.fit);
    const planned = plannedSets(service);
    expect(row.sets.filter((path) => !planned.includes(path))).toEqual([]);
  });
});

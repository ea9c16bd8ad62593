import type { ServiceIndex } from "../artifact-facts.js";
import { type IniDocument, readIniValue } from "./parse-oslo-ini.js";

/**
 * A section, or an option in a section, that only one project's config holds; with `service`, only
 * one process of that project reads it. `section: "*"` matches the option in any section (cinder's
 * backend sections have names of the operator's choosing). Sources: each project's configuration
 * reference, linked per block below.
 */
interface Signature {
  project: string;
  section: string;
  option?: string;
  service?: string;
}

const SIGNATURES: readonly Signature[] = [
  // https://docs.openstack.org/nova/latest/configuration/config.html
  { project: "nova", section: "api_database" },
  { project: "nova", section: "libvirt" },
  { project: "nova", section: "vnc" },
  { project: "nova", section: "filter_scheduler" },
  { project: "nova", section: "DEFAULT", option: "compute_driver" },
  { project: "nova", section: "DEFAULT", option: "osapi_compute_listen" },
  // https://docs.openstack.org/keystone/latest/configuration/config-options.html
  { project: "keystone", section: "fernet_tokens" },
  { project: "keystone", section: "fernet_receipts" },
  { project: "keystone", section: "token", option: "provider" },
  { project: "keystone", section: "assignment" },
  { project: "keystone", section: "credential" },
  // https://docs.openstack.org/cinder/latest/configuration/block-storage/samples/cinder.conf.html
  { project: "cinder", section: "backend_defaults" },
  { project: "cinder", section: "*", option: "volume_driver" },
  { project: "cinder", section: "DEFAULT", option: "osapi_volume_listen" },
  { project: "cinder", section: "DEFAULT", option: "backup_driver" },
  // https://docs.openstack.org/glance/latest/configuration/glance_api.html
  { project: "glance", section: "glance_store" },
  { project: "glance", section: "image_format" },
  // https://docs.openstack.org/neutron/latest/configuration/
  { project: "neutron", section: "DEFAULT", option: "core_plugin" },
  { project: "neutron", section: "DEFAULT", option: "service_plugins" },
  { project: "neutron", section: "ml2", service: "neutron-server" },
  { project: "neutron", section: "ovs", service: "neutron-openvswitch-agent" },
  { project: "neutron", section: "DEFAULT", option: "agent_mode", service: "neutron-l3-agent" },
  { project: "neutron", section: "DEFAULT", option: "external_network_bridge", service: "neutron-l3-agent" },
  { project: "neutron", section: "DEFAULT", option: "dhcp_driver", service: "neutron-dhcp-agent" },
  { project: "neutron", section: "DEFAULT", option: "enable_isolated_metadata", service: "neutron-dhcp-agent" },
  { project: "neutron", section: "DEFAULT", option: "nova_metadata_host", service: "neutron-metadata-agent" },
  { project: "neutron", section: "DEFAULT", option: "nova_metadata_ip", service: "neutron-metadata-agent" },
  // https://docs.openstack.org/heat/latest/configuration/config-options.html
  { project: "heat", section: "clients_heat" },
  { project: "heat", section: "heat_api" },
  { project: "heat", section: "DEFAULT", option: "heat_metadata_server_url" },
  // https://docs.openstack.org/ironic/latest/configuration/config.html
  { project: "ironic", section: "DEFAULT", option: "enabled_hardware_types" },
  { project: "ironic", section: "pxe" },
  { project: "ironic", section: "deploy" },
  { project: "ironic", section: "ipmi" },
  // https://docs.openstack.org/octavia/latest/configuration/configref.html
  { project: "octavia", section: "health_manager" },
  { project: "octavia", section: "controller_worker" },
  { project: "octavia", section: "haproxy_amphora" },
  { project: "octavia", section: "house_keeping" },
  // https://docs.openstack.org/designate/latest/admin/config.html
  { project: "designate", section: "service:central" },
  { project: "designate", section: "service:mdns" },
  { project: "designate", section: "service:worker" },
  { project: "designate", section: "service:producer" },
  // https://docs.openstack.org/placement/latest/configuration/config.html
  { project: "placement", section: "placement_database" },
  // https://docs.openstack.org/barbican/latest/configuration/config.html
  { project: "barbican", section: "secretstore" },
  { project: "barbican", section: "simple_crypto_plugin" },
  // https://docs.openstack.org/manila/latest/configuration/tables/manila-common.html
  { project: "manila", section: "DEFAULT", option: "enabled_share_backends" },
  { project: "manila", section: "*", option: "share_driver" },
];

/** Neutron agent config files and the agent each configures. */
const NEUTRON_AGENT_FILES: Record<string, string> = {
  l3_agent: "neutron-l3-agent",
  dhcp_agent: "neutron-dhcp-agent",
  metadata_agent: "neutron-metadata-agent",
  openvswitch_agent: "neutron-openvswitch-agent",
  linuxbridge_agent: "neutron-linuxbridge-agent",
  sriov_agent: "neutron-sriov-agent",
  ovn_agent: "neutron-ovn-agent",
  ml2_conf: "neutron-server",
};

/** The services a config configures, or why none could be told. */
export type Recognition = { services: string[]; via: "name" | "content" } | { services: []; reason: string };

/**
 * Tells which services an oslo.config file configures: by its sections and options first (a
 * `nova.conf` saved as `etc__nova.conf` still has `[api_database]` and `compute_driver`), with the
 * file name as a hint, then keeps only the variants its values select (`compute_driver`,
 * `volume_driver`).
 */
export function recognizeOsloConfig(document: IniDocument, file: string, index: ServiceIndex): Recognition {
  const named = servicesForConfigFile(file, index);
  const content = readSignatures(document, index);
  let services: string[];
  let via: "name" | "content" = "name";
  const namedProjects = new Set(named.map((s) => projectOf(s, index)));
  // `glance-cache.conf` holds glance's sections but configures glance-cache, not the services the catalog has.
  const other = named.length === 0 ? otherProcessOf(file, index) : undefined;
  if (other && content.services.length === 0) {
    return { services: [], reason: `its name says it configures ${other}, a process the catalog lacks` };
  }
  if (content.project && (named.length === 0 || (content.hits >= 2 && !namedProjects.has(content.project)))) {
    services = content.services.length > 0 ? content.services : [...(index.byProject.get(content.project) ?? [])];
    via = "content";
  } else if (named.length > 0) {
    // A name that stands for a whole project is narrowed by sections only one process reads.
    const narrowed = content.services.filter((s) => named.includes(s));
    services = named.length > 1 && narrowed.length > 0 ? narrowed : named;
  } else {
    return {
      services: [],
      reason:
        content.ambiguous.length > 1
          ? `its sections and options belong to several projects (${content.ambiguous.join(", ")})`
          : `neither its name ${JSON.stringify(baseName(file))} nor its sections and options identify a service of the catalog`,
    };
  }
  const chosen = chooseVariants(services, document);
  return chosen.length > 0 ? { services: chosen, via } : { services: [], reason: "its values select no variant the catalog has" };
}

function projectOf(service: string, index: ServiceIndex): string | undefined {
  for (const [project, services] of index.byProject) if (services.includes(service)) return project;
  return undefined;
}

/** The project whose signatures the document holds most of, and the processes it names within that project. */
function readSignatures(
  document: IniDocument,
  index: ServiceIndex,
): { project?: string; hits: number; services: string[]; ambiguous: string[] } {
  const hits = new Map<string, number>();
  const services = new Map<string, Set<string>>();
  for (const signature of SIGNATURES) {
    if (!index.byProject.has(signature.project) || !holds(document, signature)) continue;
    hits.set(signature.project, (hits.get(signature.project) ?? 0) + 1);
    if (signature.service && index.names.has(signature.service)) {
      const set = services.get(signature.project) ?? new Set<string>();
      set.add(index.names.get(signature.service) as string);
      services.set(signature.project, set);
    }
  }
  const best = Math.max(0, ...hits.values());
  const leaders = [...hits.entries()].filter(([, n]) => n === best && best > 0).map(([p]) => p);
  if (leaders.length !== 1) return { hits: best, services: [], ambiguous: leaders.sort() };
  const project = leaders[0] as string;
  return { project, hits: best, services: [...(services.get(project) ?? [])].sort(), ambiguous: [] };
}

function holds(document: IniDocument, signature: Signature): boolean {
  for (const [name, keys] of document.sections) {
    const matches = signature.section === "*" || normalise(name) === normalise(signature.section);
    if (!matches) continue;
    if (signature.option === undefined || keys.has(signature.option)) return true;
  }
  return false;
}

function normalise(section: string): string {
  return section === "DEFAULT" ? section : section.toLowerCase();
}

/**
 * Keeps the variants a config's values select. `compute_driver` picks the hypervisor driver
 * (https://docs.openstack.org/nova/latest/configuration/config.html#DEFAULT.compute_driver);
 * `volume_driver`, per enabled backend section and defaulting to
 * `cinder.volume.drivers.lvm.LVMVolumeDriver`, picks the storage backend
 * (https://docs.openstack.org/cinder/latest/configuration/block-storage/samples/cinder.conf.html).
 */
export function chooseVariants(services: readonly string[], document: IniDocument): string[] {
  let kept = [...services];
  const computeDriver = readIniValue(document, "DEFAULT", "compute_driver")?.value;
  if (computeDriver !== undefined && computeDriver !== "") {
    const ironic = /ironic/i.test(computeDriver);
    kept = kept.filter((s) => (ironic ? s !== "nova-compute" : s !== "nova-compute-ironic"));
  }
  const drivers = readVolumeDrivers(document);
  if (drivers.length > 0) {
    const lvm = drivers.some((d) => /\.lvm\./i.test(d));
    const other = drivers.some((d) => !/\.lvm\./i.test(d));
    kept = kept.filter((s) => (s === "cinder-volume-lvm" ? lvm : s === "cinder-volume" ? other : true));
  }
  return kept;
}

const DEFAULT_VOLUME_DRIVER = "cinder.volume.drivers.lvm.LVMVolumeDriver";

/** The volume driver of each enabled backend (or of DEFAULT when none is listed); empty when the file does not say. */
function readVolumeDrivers(document: IniDocument): string[] {
  const enabled = readIniValue(document, "DEFAULT", "enabled_backends")?.value;
  const fallback = readIniValue(document, "backend_defaults", "volume_driver")?.value;
  if (enabled !== undefined && enabled.trim() !== "") {
    return enabled
      .split(",")
      .map((b) => b.trim())
      .filter((b) => b !== "")
      .map((backend) => readIniValue(document, backend, "volume_driver")?.value ?? fallback ?? DEFAULT_VOLUME_DRIVER);
  }
  const single = readIniValue(document, "DEFAULT", "volume_driver")?.value;
  return single !== undefined && single !== "" ? [single] : [];
}

/** The services a config file configures, judged by its name and the project folders in its path. */
export function servicesForConfigFile(file: string, index: ServiceIndex): string[] {
  const segments = file.split("/");
  const stem = configStem(baseName(file));
  const agent = NEUTRON_AGENT_FILES[stem];
  if (agent && index.names.has(agent)) return [agent];
  for (const candidate of [stem, stem.replaceAll("_", "-")]) {
    const named = index.names.get(candidate);
    if (named) return [named];
    const project = index.byProject.get(candidate);
    if (project && project.length > 0) return [...project];
  }
  for (const folder of segments.slice(0, -1).reverse()) {
    const found = index.names.get(`${folder.toLowerCase()}-${stem.replaceAll("_", "-")}`);
    if (found) return [found];
  }
  return [];
}

/** `glance-cache` for `glance-cache.conf`: a process of a known project that is not in the catalog. */
function otherProcessOf(file: string, index: ServiceIndex): string | undefined {
  const stem = configStem(baseName(file));
  const match = /^([a-z]+)[-_][a-z][a-z_-]*$/.exec(stem);
  return match && index.byProject.has(match[1] as string) ? stem : undefined;
}

function baseName(file: string): string {
  return file.split("/").at(-1) ?? file;
}

function configStem(name: string): string {
  return name
    .toLowerCase()
    .replace(/[.-]sample$/, "")
    .replace(/\.(?:conf|ini|cfg)$/, "")
    .replace(/-paste$/, "");
}

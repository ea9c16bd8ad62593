import { describe, expect, it } from "vitest";
import type { ServiceIndex } from "../src/extract/artifact-facts.js";
import { parseOsloIni } from "../src/extract/oslo/parse-oslo-ini.js";
import { chooseVariants, recognizeOsloConfig, servicesForConfigFile } from "../src/extract/oslo/recognize-oslo-config.js";
import { serviceIndex } from "./helpers/service-index.js";

const PROJECTS: Record<string, string[]> = {
  nova: ["nova-api", "nova-compute", "nova-compute-ironic", "nova-conductor"],
  keystone: ["keystone-api"],
  cinder: ["cinder-volume", "cinder-volume-lvm", "cinder-backup"],
  neutron: ["neutron-server", "neutron-l3-agent", "neutron-dhcp-agent", "neutron-metadata-agent", "neutron-openvswitch-agent"],
  glance: ["glance-api"],
  heat: ["heat-api", "heat-engine"],
};

const INDEX = serviceIndex(PROJECTS, { keystone: "keystone-api" });

const recognize = (file: string, text: string, index = INDEX) => recognizeOsloConfig(parseOsloIni(text, file).document, file, index);

describe("recognizeOsloConfig", () => {
  it("tells a file by its name, with a project's name standing for all its services", () => {
    expect(recognize("etc/keystone/keystone.conf", "[DEFAULT]\ndebug = false\n")).toEqual({ services: ["keystone-api"], via: "name" });
    expect(recognize("etc/heat/heat.conf", "[DEFAULT]\n")).toEqual({ services: ["heat-api", "heat-engine"], via: "name" });
    expect(recognize("nova-conductor.conf", "[DEFAULT]\n")).toEqual({ services: ["nova-conductor"], via: "name" });
  });

  it("tells a file by its sections and options when the name says nothing", () => {
    expect(recognize("x/settings.conf", "[fernet_tokens]\nkey_repository = /k\n")).toEqual({ services: ["keystone-api"], via: "content" });
    expect(recognize("x/settings.conf", "[token]\nprovider = fernet\n")).toEqual({ services: ["keystone-api"], via: "content" });
    // An option signature needs its option, not only its section.
    expect(recognize("x/settings.conf", "[token]\nexpiration = 3600\n")).toMatchObject({ services: [] });
    expect(recognize("x/settings.conf", "[GLANCE_STORE]\nstores = rbd\n")).toEqual({ services: ["glance-api"], via: "content" });
  });

  it("names the one process a section belongs to, and narrows a project's name to it", () => {
    expect(recognize("x/agent.ini", "[DEFAULT]\nagent_mode = dvr\n")).toEqual({ services: ["neutron-l3-agent"], via: "content" });
    expect(recognize("etc/neutron/neutron.conf", "[DEFAULT]\ncore_plugin = ml2\n[ml2]\ntype_drivers = vxlan\n")).toEqual({
      services: ["neutron-server"],
      via: "name",
    });
    expect(recognize("etc/neutron/neutron.conf", "[DEFAULT]\ncore_plugin = ml2\n")).toEqual({
      services: PROJECTS.neutron,
      via: "name",
    });
  });

  it("lets content outweigh the name only when two or more signatures of another project agree", () => {
    const keystoneBody = "[fernet_tokens]\nkey_repository = /k\n[credential]\nprovider = fernet\n";
    expect(recognize("nova.conf", keystoneBody)).toEqual({ services: ["keystone-api"], via: "content" });
    expect(recognize("nova.conf", "[fernet_tokens]\nkey_repository = /k\n")).toEqual({
      services: PROJECTS.nova,
      via: "name",
    });
    // Two hits of the named project itself keep the name.
    expect(recognize("keystone.conf", keystoneBody)).toEqual({ services: ["keystone-api"], via: "name" });
  });

  it("says why it cannot tell: a process the catalog lacks, a tie between projects, or nothing known", () => {
    expect(recognize("etc/glance/glance-cache.conf", "[DEFAULT]\nimage_cache_dir = /c\n")).toEqual({
      services: [],
      reason: "its name says it configures glance-cache, a process the catalog lacks",
    });
    expect(recognize("both.conf", "[glance_store]\nstores = rbd\n[heat_api]\nbind_port = 8004\n")).toEqual({
      services: [],
      reason: "its sections and options belong to several projects (glance, heat)",
    });
    expect(recognize("etc/app/app.conf", "[DEFAULT]\nx = 1\n")).toEqual({
      services: [],
      reason: 'neither its name "app.conf" nor its sections and options identify a service of the catalog',
    });
  });

  it("keeps a process the catalog lacks out even when its file holds its project's sections, and a project without processes", () => {
    expect(recognize("etc/glance/glance-cache.conf", "[glance_store]\nstores = rbd\n")).toMatchObject({ services: [] });
    expect(recognize("etc/glance/glance-cache.conf", "[DEFAULT]\nagent_mode = dvr\n")).toEqual({
      services: ["neutron-l3-agent"],
      via: "content",
    });
    const noProcesses: ServiceIndex = { names: INDEX.names, byProject: new Map([["keystone", []]]) };
    expect(recognize("x/settings.conf", "[fernet_tokens]\nkey_repository = /k\n", noProcesses)).toEqual({
      services: [],
      reason: "its values select no variant the catalog has",
    });
  });
});

describe("chooseVariants", () => {
  const nova = ["nova-api", "nova-compute", "nova-compute-ironic"];
  const cinder = ["cinder-volume", "cinder-volume-lvm", "cinder-backup"];
  const doc = (text: string) => parseOsloIni(text, "x.conf").document;

  it("keeps the libvirt or the ironic compute by compute_driver, and both when it is unset or empty", () => {
    expect(chooseVariants(nova, doc("[DEFAULT]\ncompute_driver = libvirt.LibvirtDriver\n"))).toEqual(["nova-api", "nova-compute"]);
    expect(chooseVariants(nova, doc("[DEFAULT]\ncompute_driver = ironic.IronicDriver\n"))).toEqual(["nova-api", "nova-compute-ironic"]);
    expect(chooseVariants(nova, doc("[DEFAULT]\ncompute_driver = IRONIC.driver\n"))).toEqual(["nova-api", "nova-compute-ironic"]);
    expect(chooseVariants(nova, doc("[DEFAULT]\ncompute_driver =\n"))).toEqual(nova);
    expect(chooseVariants(nova, doc("[DEFAULT]\n"))).toEqual(nova);
  });

  it("keeps the LVM or the other cinder-volume by the drivers of the enabled backends", () => {
    const lvm = "cinder.volume.drivers.lvm.LVMVolumeDriver";
    const rbd = "cinder.volume.drivers.rbd.RBDDriver";
    expect(chooseVariants(cinder, doc(`[DEFAULT]\nenabled_backends = a\n[a]\nvolume_driver = ${rbd}\n`))).toEqual([
      "cinder-volume",
      "cinder-backup",
    ]);
    expect(
      chooseVariants(cinder, doc(`[DEFAULT]\nenabled_backends = a, b ,\n[a]\nvolume_driver = ${rbd}\n[b]\nvolume_driver = ${lvm}\n`)),
    ).toEqual(cinder);
    // A backend without its own driver takes backend_defaults', then cinder's LVM default.
    expect(chooseVariants(cinder, doc(`[DEFAULT]\nenabled_backends = a\n[backend_defaults]\nvolume_driver = ${rbd}\n`))).toEqual([
      "cinder-volume",
      "cinder-backup",
    ]);
    expect(chooseVariants(cinder, doc("[DEFAULT]\nenabled_backends = a\n"))).toEqual(["cinder-volume-lvm", "cinder-backup"]);
    expect(chooseVariants(cinder, doc(`[DEFAULT]\nvolume_driver = ${lvm}\n`))).toEqual(["cinder-volume-lvm", "cinder-backup"]);
    expect(chooseVariants(cinder, doc("[DEFAULT]\nenabled_backends = \nvolume_driver =\n"))).toEqual(cinder);
  });
});

describe("servicesForConfigFile", () => {
  it("reads neutron agent files, names with _ for -, sample and paste suffixes, and project folders", () => {
    expect(servicesForConfigFile("etc/neutron/l3_agent.ini", INDEX)).toEqual(["neutron-l3-agent"]);
    expect(servicesForConfigFile("etc/neutron/plugins/ml2/ml2_conf.ini", INDEX)).toEqual(["neutron-server"]);
    expect(servicesForConfigFile("nova_conductor.conf", INDEX)).toEqual(["nova-conductor"]);
    expect(servicesForConfigFile("keystone.conf.sample", INDEX)).toEqual(["keystone-api"]);
    expect(servicesForConfigFile("KEYSTONE.conf-sample", INDEX)).toEqual(["keystone-api"]);
    expect(servicesForConfigFile("keystone-sample.conf", INDEX)).toEqual([]);
    expect(servicesForConfigFile("keystone.sample", INDEX)).toEqual(["keystone-api"]);
    expect(servicesForConfigFile("heat-paste.ini", INDEX)).toEqual(["heat-api", "heat-engine"]);
    expect(servicesForConfigFile("Nova/api.cfg", INDEX)).toEqual(["nova-api"]);
    expect(servicesForConfigFile("etc/nova/conductor.conf", INDEX)).toEqual(["nova-conductor"]);
    expect(servicesForConfigFile("etc/other/conductor.conf", INDEX)).toEqual([]);
    expect(servicesForConfigFile("etc/neutron/sriov_agent.ini", INDEX)).toEqual([]);
  });
});

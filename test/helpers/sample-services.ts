/** The built-in services the shared sample assessment covers: an API, compute, an agent and a conductor. */
export const SAMPLE_SERVICES: readonly string[] = ["keystone-api", "nova-compute", "neutron-l3-agent", "nova-conductor"];

import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assess } from "../src/assess.js";
import { loadInputs } from "../src/load/inputs.js";
import { ROOT, tempDir } from "./helpers/cli.js";
import { keystoneDeployment } from "./helpers/manifests.js";

describe("a service result's sources", () => {
  it.each(["0-profiles", "z-profiles"])(
    "name the user's profile (in %s) and the files its workload's facts were read from, each once, sorted",
    async (folder) => {
      const dir = tempDir("assess-sources-");
      mkdirSync(join(dir, folder));
      copyFileSync(join(ROOT, "fixtures", "services", "keystone-api.yaml"), join(dir, folder, "keystone-api.yaml"));
      writeFileSync(join(dir, "a-keystone.yaml"), keystoneDeployment({ name: "keystone-api" }));
      const inputs = await loadInputs({ paths: [dir], cwd: dir });
      const assessment = assess(inputs, { tool: { name: "blendcheck", version: "0.0.0" }, generatedAt: null, baseDir: dir });
      const results = assessment.services.filter((s) => s.name === "keystone-api");
      expect(results).toHaveLength(1);
      expect(results[0]?.sources).toEqual([`${folder}/keystone-api.yaml`, "a-keystone.yaml"].sort());
    },
  );
});

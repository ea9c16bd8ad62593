// Counts the text segmenters (Intl.Segmenter) a process builds and writes the count to the file
// named by BLENDCHECK_SEGMENTER_LOG as it exits, so a test can see whether help layout code ran.
import { writeFileSync } from "node:fs";

const Segmenter = Intl.Segmenter;
let built = 0;
Intl.Segmenter = class extends Segmenter {
  constructor(...args) {
    super(...args);
    built += 1;
  }
};
process.on("exit", () => writeFileSync(process.env.BLENDCHECK_SEGMENTER_LOG, String(built)));

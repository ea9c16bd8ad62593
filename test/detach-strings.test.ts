import { describe, expect, it } from "vitest";
import { copyText, detachString, detachStrings } from "../src/load/detach.js";

describe("detachStrings", () => {
  it("gives equal strings back, short and long, with names V8 treats specially", () => {
    const text = `${"x".repeat(2000)}quay.io/airshipit/keystone:2024.1${"y".repeat(2000)}`;
    for (const value of ["", "short", text.slice(2000, 2033), "__proto__", "constructor-of-something", "12345678901234567890"]) {
      expect(detachString(value)).toBe(value);
    }
  });

  it("replaces the strings of nested objects and arrays in place, and reads no accessor", () => {
    let reads = 0;
    const location = Object.defineProperty({ file: "a-file-name-long-enough.yaml" }, "line", {
      enumerable: true,
      get: () => {
        reads++;
        return 3;
      },
    });
    const frozen = Object.freeze({ name: "a-frozen-name-long-enough" });
    const frozenList = Object.freeze(["a-frozen-item-long-enough"]);
    const facts = {
      image: "quay.io/x/y:1.0.0-long",
      hostPaths: ["/var/lib/nova/instances"],
      nested: { location, frozen, frozenList },
      count: 2,
    };
    const same = detachStrings(facts);
    expect(reads).toBe(0);
    expect(same).toBe(facts);
    expect(facts).toEqual({
      image: "quay.io/x/y:1.0.0-long",
      hostPaths: ["/var/lib/nova/instances"],
      nested: {
        location: { file: "a-file-name-long-enough.yaml", line: 3 },
        frozen: { name: "a-frozen-name-long-enough" },
        frozenList: ["a-frozen-item-long-enough"],
      },
      count: 2,
    });
  });
});

describe("detachStrings of arrays", () => {
  it("puts a copy of its own length in the place of each array it holds, and gives one back for an array", () => {
    const images: string[] = [];
    images.push("quay.io/x/y:1.0.0-long", "quay.io/x/z:2.0.0-long");
    const ports = [[8080, "http-long-enough-name"]];
    const facts = { images, nested: { ports } };
    detachStrings(facts);
    expect(facts.images).not.toBe(images);
    expect(facts.images).toEqual(images);
    expect(facts.nested.ports).not.toBe(ports);
    expect(facts.nested.ports).toEqual([[8080, "http-long-enough-name"]]);
    const list = ["a-list-item-long-enough"];
    const copy = detachStrings(list);
    expect(copy).not.toBe(list);
    expect(copy).toEqual(list);
  });
});

describe("copyText", () => {
  it("copies every UTF-16 unit as it is, lone surrogates and characters past the BMP included", () => {
    const text = `kind: ConfigMap\n# é → 😀 \ud800 alone \udc00 too\n${"x".repeat(3000)}`;
    const copy = copyText(text.slice(1));
    expect(copy).toBe(text.slice(1));
    expect(copy.length).toBe(text.length - 1);
  });
});

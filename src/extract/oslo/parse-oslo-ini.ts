import type { Problem } from "../../load/problem.js";

/** One value of a key, with the 1-based line its key sits on. */
export interface IniValue {
  value: string;
  line: number;
}

/** An oslo.config file as oslo reads it: sections, each key with every value it was given. */
export interface IniDocument {
  /** Section name → key → values in file order; `DEFAULT` is a section like any other. */
  sections: Map<string, Map<string, IniValue[]>>;
  /** The line of each section's first header. */
  sectionLines: Map<string, number>;
}

/** A parsed INI file, with the problems that stopped lines from being read. */
export interface IniParseResult {
  document: IniDocument;
  problems: Problem[];
}

/**
 * Parses INI text with oslo.config's iniparser rules: comments (`#`, `;`) only at line start, the
 * first of `=` or `:` separates key and value, matching surrounding quotes are stripped, indented
 * lines continue the value (joined with a newline) and a blank line ends it; repeated keys keep
 * every value. See openstack/oslo.config `oslo_config/iniparser.py`.
 */
export function parseOsloIni(text: string, file: string): IniParseResult {
  const sections = new Map<string, Map<string, IniValue[]>>();
  const sectionLines = new Map<string, number>();
  const problems: Problem[] = [];
  const problem = (line: number, column: number, code: string, message: string) =>
    problems.push({ file, line, column, severity: "error", code, path: "", message });
  let section: string | undefined;
  let key: string | undefined;
  let keyLine = 0;
  let value: string[] = [];

  const flush = () => {
    if (key === undefined) return;
    if (section === undefined) {
      problem(keyLine, 1, "ini-no-section", `expected a [section] header before the first option, got option "${key}"`);
    } else {
      const keys = sections.get(section) as Map<string, IniValue[]>;
      const values = keys.get(key) ?? [];
      values.push({ value: value.join("\n"), line: keyLine });
      keys.set(key, values);
    }
    key = undefined;
    value = [];
  };

  const lines = text.split(/\r\n|\n|\r/);
  for (const [index, raw] of lines.entries()) {
    const lineNo = index + 1;
    const line = raw.trimEnd();
    if (line === "") {
      flush();
      continue;
    }
    if (line.startsWith(" ") || line.startsWith("\t")) {
      if (key === undefined) {
        // oslo raises here only when no assignment is open; a comment or section in between closes it.
        problem(lineNo, 1, "ini-unexpected-continuation", "expected an option before an indented continuation line, got none");
      } else {
        value.push(line.trimStart());
      }
      continue;
    }
    flush();
    if (line.startsWith("[")) {
      if (!line.endsWith("]")) {
        problem(lineNo, line.length, "ini-section-bracket", `expected "]" at the end of the section header, got ${JSON.stringify(line)}`);
        continue;
      }
      if (line.length <= 2) {
        problem(lineNo, 1, "ini-section-name", "expected a section name between the brackets, got none");
        continue;
      }
      section = line.slice(1, -1);
      if (!sections.has(section)) {
        sections.set(section, new Map());
        sectionLines.set(section, lineNo);
      }
      continue;
    }
    if (line.startsWith("#") || line.startsWith(";")) continue;
    const split = splitKeyValue(line);
    if (!split) {
      problem(lineNo, 1, "ini-invalid-assignment", `expected "key = value" or "key: value", got ${JSON.stringify(line)}`);
      continue;
    }
    if (split.key === "") {
      problem(lineNo, 1, "ini-empty-key", `expected a key before the separator, got ${JSON.stringify(line)}`);
      continue;
    }
    key = split.key;
    keyLine = lineNo;
    value = [split.value];
  }
  flush();
  return { document: { sections, sectionLines }, problems };
}

function splitKeyValue(line: string): { key: string; value: string } | undefined {
  const colon = line.indexOf(":");
  const equal = line.indexOf("=");
  if (colon < 0 && equal < 0) return undefined;
  const at = colon < 0 || (equal >= 0 && equal < colon) ? equal : colon;
  let value = line.slice(at + 1).trim();
  if (value.length > 0 && (value.startsWith('"') || value.startsWith("'")) && value[0] === value.at(-1)) value = value.slice(1, -1);
  return { key: line.slice(0, at).trim(), value };
}

/**
 * The last value of `key` in `section` (oslo's answer for a single-valued option), if any. Section
 * names other than `DEFAULT` match case-insensitively, as oslo.config lower-cases group names.
 */
export function readIniValue(document: IniDocument, section: string, key: string): IniValue | undefined {
  let found: IniValue | undefined;
  for (const [name, keys] of document.sections) {
    if (normaliseSection(name) !== normaliseSection(section)) continue;
    const last = keys.get(key)?.at(-1);
    if (last && (!found || last.line > found.line)) found = last;
  }
  return found;
}

function normaliseSection(name: string): string {
  return name === "DEFAULT" ? name : name.toLowerCase();
}

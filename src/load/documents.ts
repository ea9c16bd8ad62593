import { documentChecker } from "./check-file.js";
import type { InputFile } from "./files.js";
import { type DocumentLoadOptions, type LoadedDocuments, loadDocumentsWith } from "./load-documents.js";

export { checkFile, documentChecker } from "./check-file.js";
export {
  type CheckedDocument,
  type CompiledMitigation,
  type CompiledRule,
  type DocumentChecker,
  type DocumentLoadOptions,
  emptyDocuments,
  hashText,
  isBlendcheckFile,
  type Kind,
  type Loaded,
  type LoadedDocuments,
  UncheckedDocumentError,
} from "./load-documents.js";

/**
 * Parses and validates every blendcheck document in the files (`loadDocumentsWith`), checking
 * against the schemas whatever the catalog snapshot does not hold.
 */
export function loadDocuments(inputs: readonly InputFile[], options: Omit<DocumentLoadOptions, "checker"> = {}): LoadedDocuments {
  return loadDocumentsWith(inputs, { ...options, checker: documentChecker });
}

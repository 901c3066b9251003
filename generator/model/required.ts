// The `required` section of a sidecar file: which request fields a caller must give.
//
//   "required": {
//     "MuteRoomTrackRequest": { "room": "nonEmpty", "muted": "present" }
//   }
//
// Messages are named as in the .proto, without the package (`ParticipantInfo.Track` for a
// nested one); fields by their proto name. `present`: the key must be given. `nonEmpty`: the
// key must be given and, for a string, not be ""; for a list of strings, hold at least one
// element and no "". Every name is checked against the proto, so that a rule cannot silently
// stop applying when LiveKit renames a field.
import type { DescField, DescFile, DescMessage } from "@bufbuild/protobuf";
import { ScalarType } from "@bufbuild/protobuf";
import { GeneratorError } from "../errors.js";
import type { Sidecar } from "../sidecar.js";
import { messagesInOrder } from "./messages.js";

export type RequiredRule = "present" | "nonEmpty";
const rules: readonly string[] = ["present", "nonEmpty"] satisfies RequiredRule[];

/** The required fields of a proto file, from its sidecar; empty without one. */
export function requiredFields(file: DescFile, sidecar: Sidecar | undefined): ReadonlyMap<DescField, RequiredRule> {
  const out = new Map<DescField, RequiredRule>();
  if (sidecar === undefined || sidecar.required === undefined) return out;
  const section = sidecar.required;
  if (!isRecord(section)) sidecarError(sidecar, "required", "expected an object: message name -> { field name -> rule }");
  const messages = new Map(messagesInOrder(file).map((m) => [localName(m), m]));
  for (const [messageName, fieldRules] of Object.entries(section)) {
    const message = messages.get(messageName);
    const where = `required.${messageName}`;
    if (message === undefined) {
      sidecarError(sidecar, where, `${file.proto.name} has no message "${messageName}" (name it without the package: "CreateRoomRequest")`);
    }
    if (!isRecord(fieldRules)) sidecarError(sidecar, where, "expected an object: field name -> rule");
    for (const [fieldName, rule] of Object.entries(fieldRules)) {
      const element = `${where}.${fieldName}`;
      const field = message.fields.find((f) => f.name === fieldName);
      if (field === undefined) {
        const known = message.fields.map((f) => f.name).join(", ");
        sidecarError(
          sidecar,
          element,
          `message ${message.typeName} in ${file.proto.name} has no field "${fieldName}" (its fields: ${known})`,
        );
      }
      if (typeof rule !== "string" || !rules.includes(rule)) {
        sidecarError(sidecar, element, `unknown rule ${JSON.stringify(rule)} (known: ${rules.join(", ")})`);
      }
      if (field.oneof !== undefined) {
        sidecarError(sidecar, element, `${field.name} is a member of oneof ${field.oneof.name}: a oneof member cannot be required`);
      }
      if (rule === "nonEmpty" && !isStringOrStringList(field)) {
        sidecarError(
          sidecar,
          element,
          `"nonEmpty" applies to string fields and lists of strings; ${field.name} is neither (use "present")`,
        );
      }
      out.set(field, rule as RequiredRule);
    }
  }
  return out;
}

function sidecarError(sidecar: Sidecar, element: string, problem: string): never {
  throw new GeneratorError(sidecar.path, element, problem);
}

/** `Outer.Inner`: the message's name inside its package. */
function localName(message: DescMessage): string {
  const pkg = message.file.proto.package;
  return pkg === "" ? message.typeName : message.typeName.slice(pkg.length + 1);
}

function isStringOrStringList(field: DescField): boolean {
  return (
    (field.fieldKind === "scalar" || (field.fieldKind === "list" && field.listKind === "scalar")) && field.scalar === ScalarType.STRING
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

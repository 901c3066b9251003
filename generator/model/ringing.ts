// The `ringing` section of a sidecar file -> the RPCs that wait while a phone rings, checked
// against the proto file. Their client calls get a timeout of at least the request's ringing
// Duration plus 2 s (livekit-server-sdk's rule; the runtime's `ringingTimeoutMs`), optionally
// only when a bool field of the request is true:
//   "ringing": { "livekit.SIP": {
//     "CreateSIPParticipant": { "field": "ringing_timeout", "when": "wait_until_answered" } } }
import { ScalarType, type DescField, type DescFile, type DescMethod } from "@bufbuild/protobuf";
import { GeneratorError } from "../errors.js";
import type { Sidecar } from "../sidecar.js";
import { objectOf } from "./grants.js";

export interface RingingRule {
  /** The request's google.protobuf.Duration field holding the ringing timeout. */
  readonly field: DescField;
  /** A bool field of the request: the rule applies only when it is true. */
  readonly when: DescField | undefined;
}

/** The RPCs of a proto file that ring, with their rules; empty without a `ringing` section. */
export function ringingRules(file: DescFile, sidecar: Sidecar | undefined): ReadonlyMap<DescMethod, RingingRule> {
  const rules = new Map<DescMethod, RingingRule>();
  if (sidecar === undefined || sidecar.ringing === undefined) return rules;
  const fail = (element: string, problem: string) => new GeneratorError(sidecar.path, element, problem);
  for (const [serviceName, rpcs] of Object.entries(
    objectOf(sidecar.ringing, () => fail("ringing", "expected an object keyed by service name")),
  )) {
    const where = `ringing[${JSON.stringify(serviceName)}]`;
    const service = file.services.find((s) => s.typeName === serviceName);
    if (service === undefined) throw fail(where, `no service ${serviceName} in ${file.proto.name}`);
    for (const [rpcName, entry] of Object.entries(objectOf(rpcs, () => fail(where, "expected an object keyed by RPC name")))) {
      const rpcWhere = `${where}[${JSON.stringify(rpcName)}]`;
      const method = service.methods.find((m) => m.name === rpcName);
      if (method === undefined) throw fail(rpcWhere, `no RPC ${rpcName} in service ${serviceName}`);
      const rule = objectOf(entry, () => fail(rpcWhere, 'expected { "field": "<Duration field>", "when"?: "<bool field>" }'));
      const unknown = Object.keys(rule).filter((key) => key !== "field" && key !== "when");
      if (unknown.length > 0) throw fail(rpcWhere, `unknown key "${unknown[0]}" (known: field, when)`);
      const field = requestField(
        method,
        rule["field"],
        `${rpcWhere}.field`,
        fail,
        "a google.protobuf.Duration",
        (f) => f.fieldKind === "message" && f.message.typeName === "google.protobuf.Duration",
      );
      const when =
        rule["when"] === undefined
          ? undefined
          : requestField(
              method,
              rule["when"],
              `${rpcWhere}.when`,
              fail,
              "a bool",
              (f) => f.fieldKind === "scalar" && f.scalar === ScalarType.BOOL,
            );
      rules.set(method, { field, when });
    }
  }
  return rules;
}

/** A singular field of the request, not in a oneof, of the kind `accepts` checks. */
function requestField(
  method: DescMethod,
  name: unknown,
  where: string,
  fail: (element: string, problem: string) => GeneratorError,
  kind: string,
  accepts: (field: DescField) => boolean,
): DescField {
  if (typeof name !== "string") throw fail(where, "expected a field name of the request");
  const field = method.input.fields.find((f) => f.name === name);
  if (field === undefined) throw fail(where, `the request ${method.input.typeName} of ${method.name} has no field "${name}"`);
  if (field.oneof !== undefined || !accepts(field)) {
    throw fail(where, `field ${method.input.typeName}.${field.name} must be ${kind} field (not repeated, map or oneof)`);
  }
  return field;
}

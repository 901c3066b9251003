// The `grants` section of a sidecar file -> the token claims each RPC needs, checked against
// the proto file. The section maps service -> RPC -> claim -> grant key -> value, where a value
// is a JSON scalar or `{ "request": "<field>" }` (a string field of the request message):
//   "grants": { "livekit.RoomService": {
//     "ListParticipants": { "video": { "roomAdmin": true, "room": { "request": "room" } } } } }
import { ScalarType, type DescField, type DescFile, type DescMethod } from "@bufbuild/protobuf";
import { GeneratorError } from "../errors.js";
import type { Sidecar } from "../sidecar.js";

export type GrantValue =
  | { readonly kind: "literal"; readonly value: string | number | boolean }
  | { readonly kind: "request"; readonly field: DescField };

export interface GrantClaim {
  /** Claim name in the token: `video`. */
  readonly name: string;
  readonly entries: readonly { readonly key: string; readonly value: GrantValue }[];
}

/** RPC -> the claims of its token. Every RPC of the file has an entry. */
export type GrantTable = ReadonlyMap<DescMethod, readonly GrantClaim[]>;

/** Claim names and grant keys become property names in generated code: plain identifiers only. */
const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The grants of a proto file's RPCs, or undefined when its sidecar has no `grants` section. */
export function grantTable(file: DescFile, sidecar: Sidecar | undefined): GrantTable | undefined {
  if (sidecar === undefined || sidecar.grants === undefined) return undefined;
  const fail = (element: string, problem: string) => new GeneratorError(sidecar.path, element, problem);
  const services = objectOf(sidecar.grants, () => fail("grants", "expected an object keyed by service name"));
  const table = new Map<DescMethod, GrantClaim[]>();
  for (const [serviceName, rpcs] of Object.entries(services)) {
    const where = `grants[${JSON.stringify(serviceName)}]`;
    const service = file.services.find((s) => s.typeName === serviceName);
    if (service === undefined) {
      const known = file.services.map((s) => s.typeName).join(", ") || "none";
      throw fail(where, `no service ${serviceName} in ${file.proto.name} (its services: ${known})`);
    }
    for (const [rpcName, entry] of Object.entries(objectOf(rpcs, () => fail(where, "expected an object keyed by RPC name")))) {
      const rpcWhere = `${where}[${JSON.stringify(rpcName)}]`;
      const method = service.methods.find((m) => m.name === rpcName);
      if (method === undefined) {
        throw fail(rpcWhere, `no RPC ${rpcName} in service ${serviceName}`);
      }
      table.set(method, claims(method, entry, rpcWhere, fail));
    }
  }
  const missing = file.services.flatMap((s) => s.methods).filter((m) => !table.has(m));
  const first = missing[0];
  if (first !== undefined) {
    const others = missing.slice(1).map((m) => m.name);
    throw new GeneratorError(
      file.proto.name,
      `rpc ${first.parent.typeName}.${first.name}`,
      `no entry in the grants table of ${sidecar.path}; every RPC of a file with a grants table needs one` +
        (others.length > 0 ? ` (also missing: ${others.join(", ")})` : ""),
    );
  }
  return table;
}

function claims(
  method: DescMethod,
  entry: unknown,
  where: string,
  fail: (element: string, problem: string) => GeneratorError,
): GrantClaim[] {
  const claimsObject = objectOf(entry, () => fail(where, 'expected an object of claims, e.g. { "video": { ... } }'));
  return Object.entries(claimsObject).map(([name, grant]) => {
    const claimWhere = `${where}[${JSON.stringify(name)}]`;
    if (!identifier.test(name)) throw fail(claimWhere, "a claim name must be a plain identifier");
    const grantObject = objectOf(grant, () => fail(claimWhere, "expected an object of grant keys"));
    const entries = Object.entries(grantObject).map(([key, value]) => {
      const keyWhere = `${claimWhere}[${JSON.stringify(key)}]`;
      if (!identifier.test(key)) throw fail(keyWhere, "a grant key must be a plain identifier");
      return { key, value: grantValue(method, value, keyWhere, fail) };
    });
    return { name, entries };
  });
}

function grantValue(
  method: DescMethod,
  value: unknown,
  where: string,
  fail: (element: string, problem: string) => GeneratorError,
): GrantValue {
  if (typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))) {
    return { kind: "literal", value };
  }
  const ref = objectOf(value, () => fail(where, 'expected a string, number, boolean or { "request": "<field>" }'));
  const fieldName = ref["request"];
  if (Object.keys(ref).length !== 1 || typeof fieldName !== "string") {
    throw fail(where, 'expected { "request": "<field name>" }');
  }
  const field = method.input.fields.find((f) => f.name === fieldName);
  if (field === undefined) {
    throw fail(where, `the request ${method.input.typeName} of ${method.name} has no field "${fieldName}"`);
  }
  if (field.fieldKind !== "scalar" || field.scalar !== ScalarType.STRING || field.oneof !== undefined) {
    throw fail(where, `field ${method.input.typeName}.${field.name} must be a plain string field (not repeated, map or oneof)`);
  }
  return { kind: "request", field };
}

/** The value as a JSON object of a sidecar, or the error `error` makes. */
export function objectOf(value: unknown, error: () => GeneratorError): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw error();
  return value as Record<string, unknown>;
}

// A proto file's services as the client (twirp) and server concerns both read them: each RPC
// with its method name and the token claims it needs (from the sidecar's grants table), built
// once per file.
import type { DescFile, DescMethod, DescService } from "@bufbuild/protobuf";
import { GeneratorError } from "../errors.js";
import type { Sidecar } from "../sidecar.js";
import { grantTable, type GrantClaim } from "./grants.js";
import { methodProperty, propertyKey } from "./names.js";
import { ringingRules, type RingingRule } from "./ringing.js";

export interface GrantEntryModel {
  /** Grant key as an object-literal key: `roomAdmin` (`["__proto__"]` for that name). */
  readonly key: string;
  /** The request property the value comes from (`room`), or undefined for a literal. */
  readonly property: string | undefined;
  /** The literal value when `property` is undefined. */
  readonly value: string | number | boolean | undefined;
}

/** The token claims of an RPC, as the templates write them. */
export interface GrantModel {
  readonly usesRequest: boolean;
  readonly claims: readonly { readonly name: string; readonly entries: readonly GrantEntryModel[] }[];
}

/** What the client's and the server's template models of an RPC both hold. */
export interface RpcTemplateModel {
  /** Method of the client and of the server's implementation: `listRooms`. */
  readonly property: string;
  /** RPC name, used verbatim in the URL: `ListRooms`. */
  readonly protoName: string;
  /** Local names of protoc-gen-es's schemas of the request and the response. */
  readonly inputSchema: string;
  readonly outputSchema: string;
  /** The token claims, or undefined when the file has no grants table. */
  readonly grant: GrantModel | undefined;
  readonly docLines: readonly string[];
}

/** One RPC of a service. */
export interface RpcModel {
  readonly desc: DescMethod;
  /** Method of the client and of the server's implementation: `listRooms`. */
  readonly property: string;
  /** The claims the RPC needs, or undefined when the file has no grants table. */
  readonly claims: readonly GrantClaim[] | undefined;
  readonly grant: GrantModel | undefined;
  /** Set when the RPC waits while a phone rings (the sidecar's `ringing` section). */
  readonly ringing: RingingRule | undefined;
}

export interface ServiceRpcsModel {
  readonly desc: DescService;
  readonly rpcs: readonly RpcModel[];
}

export interface FileServices {
  /** Whether the file has a grants table, so that clients can sign their own tokens. */
  readonly hasGrants: boolean;
  readonly services: readonly ServiceRpcsModel[];
}

/** The services of a proto file with their RPCs; fails on a missing grant or a method name clash. */
export function fileServices(file: DescFile, sidecar: Sidecar | undefined): FileServices {
  const grants = grantTable(file, sidecar);
  const rings = ringingRules(file, sidecar);
  const services = file.services.map((desc) => {
    const properties = methodProperties(file, desc);
    const rpcs = desc.methods.map((method, i): RpcModel => {
      const claims = grants?.get(method);
      const grant = claims === undefined ? undefined : grantModel(claims);
      return { desc: method, property: properties[i]!, claims, grant, ringing: rings.get(method) };
    });
    return { desc, rpcs };
  });
  return { hasGrants: grants !== undefined, services };
}

/**
 * The method names of a service's RPCs (client methods, and server implementation methods),
 * in declaration order; two RPCs whose names would be the same stop generation.
 */
function methodProperties(file: DescFile, service: DescService): string[] {
  const seen = new Map<string, DescMethod>();
  return service.methods.map((method) => {
    const property = methodProperty(method);
    const clash = seen.get(property);
    if (clash !== undefined) {
      throw new GeneratorError(
        file.proto.name,
        `rpc ${service.typeName}.${method.name}`,
        `its client method ${property} is also the client method of rpc ${clash.name}; rename one of them`,
      );
    }
    seen.set(property, method);
    return property;
  });
}

function grantModel(claims: readonly GrantClaim[]): GrantModel {
  const models = claims.map((claim) => ({
    name: propertyKey(claim.name),
    entries: claim.entries.map(({ key, value }) =>
      value.kind === "request"
        ? { key: propertyKey(key), property: value.field.localName, value: undefined }
        : { key: propertyKey(key), property: undefined, value: value.value },
    ),
  }));
  return { usesRequest: models.some((c) => c.entries.some((e) => e.property !== undefined)), claims: models };
}

/** The claims of a grant as docs show them: `` `video: { roomAdmin: true, room: <request.room> }` ``. */
export function grantText(claims: readonly GrantClaim[]): string {
  const parts = claims.map((claim) => {
    const entries = claim.entries.map(
      ({ key, value }) => `${key}: ${value.kind === "request" ? `<request.${value.field.name}>` : JSON.stringify(value.value)}`,
    );
    return `\`${claim.name}: { ${entries.join(", ")} }\``;
  });
  return parts.join(", ");
}

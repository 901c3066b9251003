// The Twirp server's fetch-style entry point, per the Twirp v7 spec: the generated
// `create<Service>Handler` make a handler (`Request` -> `Response`) over a core that routes a
// POST by its path to a bound service (bind.ts). `combineHandlers` serves several services on
// one core; `nodeHandler` (node.ts) is the other entry point onto it.
import { readStream } from "../body.js";
import { bindService } from "./bind.js";
import type { BoundService, IncomingCall, Reply, ServerCore } from "./core.js";
import type { ServerOptions } from "./options.js";
import { badRoute } from "./reply.js";
import type { ServiceRpcs } from "./service.js";

/** A fetch-style handler (`(request: Request) => Promise<Response>`) over its core. */
export interface ServerHandler {
  (request: Request): Promise<Response>;
  readonly core: ServerCore;
}

/** Used by the generated `create<Service>Handler`. */
export function createServiceHandler<Impl>(
  service: string,
  rpcs: ServiceRpcs<Impl>,
  implementation: Impl,
  options: ServerOptions = {},
): ServerHandler {
  const prefix = (options.prefix ?? "/twirp").replace(/\/+$/, "");
  if (prefix !== "" && !prefix.startsWith("/"))
    throw new TypeError(`prefix: expected "" or a path starting with "/", got ${JSON.stringify(prefix)}`);
  const maxRequestBytes = options.maxRequestBytes ?? 10 * 1024 * 1024;
  if (!Number.isSafeInteger(maxRequestBytes) || maxRequestBytes < 0) {
    throw new TypeError(`maxRequestBytes: expected a whole number of bytes, got ${String(maxRequestBytes)}`);
  }
  const bound = bindService(service, rpcs, implementation, options, maxRequestBytes);
  return handlerOver(new Map([[`${prefix}/${service}`, bound]]));
}

/** One handler serving every service of the given handlers (each keeps its own options). */
export function combineHandlers(...handlers: readonly ServerHandler[]): ServerHandler {
  const services = new Map<string, BoundService>();
  for (const handler of handlers) {
    for (const [route, service] of handler.core.services) {
      if (services.has(route)) throw new TypeError(`combineHandlers: ${route} is served twice`);
      services.set(route, service);
    }
  }
  return handlerOver(services);
}

function handlerOver(services: ReadonlyMap<string, BoundService>): ServerHandler {
  const core: ServerCore = { services, handle: (call) => route(services, call) };
  const handler = async (request: Request): Promise<Response> => {
    const reply = await core.handle({
      httpMethod: request.method,
      path: new URL(request.url).pathname,
      headers: request.headers,
      readBody: (limit) => readStream(request, limit),
      signal: request.signal,
    });
    return new Response(reply.body, { status: reply.status, headers: { "content-type": reply.contentType } });
  };
  return Object.assign(handler, { core });
}

function route(services: ReadonlyMap<string, BoundService>, call: IncomingCall): Promise<Reply> {
  if (call.httpMethod !== "POST") {
    return Promise.resolve(badRoute(`unsupported method ${JSON.stringify(call.httpMethod)} (only POST is allowed)`, call));
  }
  const slash = call.path.lastIndexOf("/");
  const service = slash > 0 ? services.get(call.path.slice(0, slash)) : undefined;
  const served = service?.serve(call.path.slice(slash + 1), call);
  return served ?? Promise.resolve(badRoute(`no handler for path ${JSON.stringify(call.path)}`, call));
}

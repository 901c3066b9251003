// Opt-in validation of Twirp requests before they are sent: a service's validators (its
// generated Zod schemas) check and convert each request, and a request that fails is a
// TwirpError `invalid_argument` naming every problem.
import { describeError, TwirpError } from "./errors.js";
import type { TwirpMethod } from "./method.js";

/** One problem found by a request's validator (a Zod issue has this shape). */
export interface ValidationIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** Checks a request's init shape and converts it (a generated `<Message>Zod` is one). */
export interface RequestValidator {
  safeParse(input: unknown): { success: true; data: unknown } | { success: false; error: { issues: readonly ValidationIssue[] } };
}

/** The request validators of a service: a generated `<Service>Validators`, for `validate`. */
export interface ServiceValidators {
  readonly service: string;
  /** By RPC name. */
  readonly methods: Readonly<Record<string, RequestValidator>>;
}

/**
 * The request as its validator converts it, or a TwirpError `invalid_argument` whose meta holds
 * `argument` (the path of the first problem) and `issues` (all of them, as JSON).
 */
export function validated<I>(validators: ServiceValidators, method: TwirpMethod<I, object>, init: I): object {
  const validator = Object.hasOwn(validators.methods, method.name) ? validators.methods[method.name] : undefined;
  if (validator === undefined) throw new TwirpError("internal", `validate: no validator for ${method.service}.${method.name}`);
  let result: ReturnType<RequestValidator["safeParse"]>;
  try {
    result = validator.safeParse(init);
  } catch (error) {
    // Throwing getters, revoked proxies and the like: the input is at fault.
    throw new TwirpError("invalid_argument", `invalid ${method.writer.typeName}: ${describeError(error)}`);
  }
  // The validator's output is the init shape (the generated schemas are checked for that).
  if (result.success) return result.data as object;
  const issues = result.error.issues.map(({ code, path, message }) => ({ code, path: path.map(String), message }));
  const summary = issues.map(({ path, message }) => `${path.join(".") || "(request)"}: ${message}`).join("; ");
  throw new TwirpError("invalid_argument", `invalid ${method.writer.typeName}: ${summary}`, {
    argument: issues[0]?.path.join(".") ?? "",
    issues: JSON.stringify(issues),
  });
}

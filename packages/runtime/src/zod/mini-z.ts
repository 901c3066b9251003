// The few zod/mini functions that generated `_zod.ts` files call, as the namespace `z` of
// `protoc-gen-livekit-runtime/zod/mini`. Generated code imports names, not namespaces, and
// `import { z } from "zod/mini"` would bring all of Zod Mini into a bundle: this namespace holds
// only what the templates write, so a bundler keeps just that.
export { array, discriminatedUnion, exactOptional, lazy, literal, minLength, optional, strictObject, undefined } from "zod/mini";
export type { ZodMiniType } from "zod/mini";

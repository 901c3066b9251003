// LiveKit's livekit_models.proto as the generated Simulator (../gen/dev/) imports it: the
// module of the package livekit-room-api, by name (see ../../buf.gen.yaml, rewrite_imports).
export * from "livekit-room-api/livekit_models_pb";

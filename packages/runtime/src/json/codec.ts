// `<Message>Json`: a message's reader and writer in one object (the codecs' original API).
// Import `<Message>JsonReader` or `<Message>JsonWriter` instead to bundle only one side.
import type { MessageJsonReader } from "./reader.js";
import type { MessageJsonWriter } from "./write.js";

/** The proto3 JSON codec of one message type: reads `M`, writes its init shape `I`. */
export interface MessageJson<M, I = M> extends MessageJsonReader<M>, MessageJsonWriter<I> {}

export function messageJson<M, I>(reader: MessageJsonReader<M>, writer: MessageJsonWriter<I>): MessageJson<M, I> {
  return { ...reader, ...writer };
}

// The viewer's building blocks, for its tests and tools: the trace reader and the replay model.
export * from "./trace/events.ts";

// The key-value state a node's applied entries built, for display. The viewer applies the
// commands the simulator's clients send (SET, INCR, DEL; GET changes nothing); anything else is
// shown as applied but changes no key: the viewer is not a second state machine to trust.
export function applyCommand(kv: Map<string, string>, command: string): void {
  const [name = "", key, value] = command.split(" ");
  if (key === undefined) return;
  switch (name.toUpperCase()) {
    case "SET":
      if (value !== undefined) kv.set(key, value);
      return;
    case "INCR": {
      const current = Number(kv.get(key) ?? "0");
      if (Number.isInteger(current)) kv.set(key, String(current + 1));
      return;
    }
    case "DEL":
      kv.delete(key);
      return;
  }
}

/** JSON.parse that answers undefined instead of throwing (an SSE frame can be anything). */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

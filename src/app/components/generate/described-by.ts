// The aria-describedby value of a field: the ids of its hint and problem elements that are shown, or undefined when
// none is (so the attribute is left out).
export function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  return ids.filter(Boolean).join(' ') || undefined;
}

// A term's run of entries at the very start of the log: the back-off of stage 04 asks for the
// last index of a term that may be the first entry. (Mutation testing, pnpm mutate 3, showed the
// log tests never put the searched term at index 1.)
import { describe, expect, test } from "vitest";
import { RaftLog } from "#stage";

describe("term lookups at the log's first entry", () => {
  test("lastIndexOfTerm and firstIndexOfTerm find a term that starts and ends at index 1", () => {
    const log = new RaftLog([
      { term: 1, command: ["SET", "a", "1"] },
      { term: 2, command: ["SET", "b", "2"] },
      { term: 2, command: ["SET", "c", "3"] },
    ]);
    expect(log.lastIndexOfTerm(1), "term 1 ends at index 1, the first entry").toBe(1);
    expect(log.firstIndexOfTerm(1), "term 1 starts at index 1").toBe(1);
  });
});

// The follower's side of AppendEntries through the node: what it stores, what it persists, and
// what it answers (§5.3, Figure 2 "AppendEntries RPC, receiver implementation").
import { describe, expect, test } from "vitest";
import {
  type AppendEntriesRequest,
  type AppendEntriesResponse,
  type Entry,
  RaftLog,
  ReplicationNode,
} from "#stage";
import { entries } from "./cluster.ts";

function follower(log: Entry[], term = 3) {
  return new ReplicationNode({
    id: 2,
    peers: [1, 3],
    role: "follower",
    term,
    log: new RaftLog(log),
    leaderId: 1,
  });
}

function request(
  prevIndex: number,
  prevTerm: number,
  batch: Entry[],
  extra: Partial<AppendEntriesRequest> = {},
) {
  const message: AppendEntriesRequest = {
    type: "append-entries",
    from: 1,
    to: 2,
    term: 3,
    prevIndex,
    prevTerm,
    entries: batch,
    leaderCommit: 0,
    ...extra,
  };
  return { type: "message" as const, message };
}

function onlyResponse(messages: readonly unknown[]): AppendEntriesResponse {
  expect(messages.length, "Figure 2: a follower answers each AppendEntries exactly once").toBe(1);
  return messages[0] as AppendEntriesResponse;
}

describe("follower", () => {
  test("accepts matching entries, persists them, and answers matchIndex = prevIndex + entries.length", () => {
    const node = follower(entries(1, 1));
    const ready = node.step(request(2, 1, entries(1, 1, 3).slice(2)));
    const response = onlyResponse(ready.messages);
    expect(response, "§5.3: success with the request's prevIndex echoed").toMatchObject({
      type: "append-entries-response",
      from: 2,
      to: 1,
      term: 3,
      success: true,
      prevIndex: 2,
      matchIndex: 3,
    });
    expect(ready.persist, "the new entry is persisted from its index on").toEqual({
      fromIndex: 3,
      entries: entries(1, 1, 3).slice(2),
    });
    expect(ready.accepted, "the Ready says what was accepted (stage 05 commits from it)").toEqual({
      leaderCommit: 0,
      lastNewIndex: 3,
    });
  });

  test("matchIndex is what the request covered, even when the follower's log is longer", () => {
    const node = follower(entries(1, 1, 2, 2, 2));
    const response = onlyResponse(node.step(request(1, 1, entries(1, 1).slice(1))).messages);
    expect(response.success, "§5.3: entries that already match are kept").toBe(true);
    expect(
      response.matchIndex,
      "§5.3: matchIndex = prevIndex + entries.length; entries past it are not known to match",
    ).toBe(2);
    expect(node.log.lastIndex(), "§5.3 rule 4: a request never truncates entries that match").toBe(
      5,
    );
  });

  test("rejects when it has no entry at prevIndex, changing nothing", () => {
    const node = follower(entries(1, 1));
    const ready = node.step(request(4, 2, entries(1, 1, 2, 2, 3).slice(4)));
    expect(
      onlyResponse(ready.messages),
      "§5.3 rule 2: reject when prevIndex is missing",
    ).toMatchObject({
      success: false,
      prevIndex: 4,
      term: 3,
    });
    expect(ready.persist, "a rejected request persists nothing").toBeUndefined();
    expect(node.log.lastIndex(), "a rejected request leaves the log alone").toBe(2);
  });

  test("rejects when the entry at prevIndex has another term", () => {
    const node = follower(entries(1, 2, 2));
    const response = onlyResponse(node.step(request(3, 3, [])).messages);
    expect(response.success, "§5.3 rule 2: reject when the term at prevIndex differs").toBe(false);
    expect(node.log.lastIndex(), "the conflicting entry is not deleted by a rejected check").toBe(
      3,
    );
  });

  test("overwrites conflicting entries and persists from the first one that changed", () => {
    const node = follower(entries(1, 2, 2, 2));
    const batch: Entry[] = [
      { term: 3, command: ["SET", "a", "3"] },
      { term: 3, command: ["SET", "b", "3"] },
    ];
    const ready = node.step(request(2, 2, batch));
    expect(onlyResponse(ready.messages).matchIndex, "§5.3: success up to the last new entry").toBe(
      4,
    );
    expect(ready.persist, "§5.3 rule 3: persist from the first conflicting index").toEqual({
      fromIndex: 3,
      entries: batch,
    });
  });

  test("a repeated request changes nothing and gets the same answer", () => {
    const node = follower(entries(1, 1));
    const input = request(2, 1, entries(1, 1, 3).slice(2));
    const first = onlyResponse(node.step(input).messages);
    const again = node.step(input);
    expect(onlyResponse(again.messages), "a duplicated request gets the same answer").toEqual(
      first,
    );
    expect(again.persist, "a duplicated request writes nothing").toBeUndefined();
    expect(
      node.log.lastIndex(),
      "§5.3 rule 4: appending what is there already changes nothing",
    ).toBe(3);
  });

  test("rejects a request from an older term with its own term, changing nothing", () => {
    const node = follower(entries(1, 1));
    const ready = node.step(request(2, 1, entries(1, 1, 2).slice(2), { term: 2 }));
    expect(
      onlyResponse(ready.messages),
      "Figure 2 receiver rule 1: reply false if term < currentTerm",
    ).toMatchObject({
      success: false,
      term: 3,
    });
    expect(node.log.lastIndex(), "a stale leader's entries are not appended").toBe(2);
  });
});

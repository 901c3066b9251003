// A bounded load test on loopback: 50 concurrent clients make 200 calls each against the local
// LiveKit, mixing reads and writes of the room service, egress and agent dispatch on their own
// rooms (a third each in JSON, JSON with proto names, binary). Every response must be the one
// its call expects (nothing lost, duplicated or mis-routed), and the final state must equal what
// the clients did. Prints throughput and latency; asserts no time.
import { AgentDispatchServiceBinary, AgentDispatchServiceClient } from "livekit-room-api/livekit_agent_dispatch_twirp";
import { EgressBinary, EgressClient } from "livekit-room-api/livekit_egress_twirp";
import { ParticipantInfo_Kind } from "livekit-room-api/livekit_models_pb";
import { RoomServiceBinary, RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type DevServer, SimulatorBinary, SimulatorClient, startDevServer } from "livekit-dev-server";

const clients = 50;
const callsPerClient = 200;
const auth = { apiKey: "devkey", apiSecret: "secret" };
const protoNames = { auth, useProtoFieldName: true };
const formats = [
  { rooms: { auth }, simulator: { auth }, egress: { auth }, agents: { auth } },
  { rooms: protoNames, simulator: protoNames, egress: protoNames, agents: protoNames },
  {
    rooms: { auth, format: RoomServiceBinary },
    simulator: { auth, format: SimulatorBinary },
    egress: { auth, format: EgressBinary },
    agents: { auth, format: AgentDispatchServiceBinary },
  },
];

let server: DevServer;
const failures: unknown[] = [];
beforeAll(async () => {
  server = await startDevServer({ port: 0, onError: (error) => failures.push(error) });
});
afterAll(() => server.close());

/** What one client expects its room to hold. */
interface Expected {
  metadata: string;
  /** identity -> metadata, in join order (standard participants; agents apart). */
  participants: Map<string, string>;
  /** Ids of the egresses started, the one running, and the agent names dispatched. */
  egressIds: string[];
  running?: string | undefined;
  agents: string[];
}

/** The standard participants of a list, as [identity, metadata]. */
const standard = (participants: readonly { identity: string; metadata: string; kind: ParticipantInfo_Kind }[]) =>
  participants.filter((p) => p.kind !== ParticipantInfo_Kind.AGENT).map((p) => [p.identity, p.metadata]);

/** One client's 200 calls, each checked against its own expectation; returns the latencies in ms. */
async function runClient(index: number, expected: Expected): Promise<number[]> {
  const room = `load-${index}`;
  const options = formats[index % formats.length]!;
  const rooms = new RoomServiceClient(server.url, options.rooms);
  const simulator = new SimulatorClient(server.url, options.simulator);
  const egress = new EgressClient(server.url, options.egress);
  const agents = new AgentDispatchServiceClient(server.url, options.agents);
  const latencies: number[] = [];
  const timed = async <T>(call: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await call();
    latencies.push(performance.now() - started);
    return result;
  };
  const created = await timed(() => rooms.createRoom({ name: room, metadata: "created" }));
  expect(created.name).toBe(room);
  for (let k = 1; k < callsPerClient; k++) {
    const tag = `${index}:${k}`;
    const identities = [...expected.participants.keys()];
    switch (k % 9) {
      case 0: {
        const updated = await timed(() => rooms.updateRoomMetadata({ room, metadata: tag }));
        expect([updated.name, updated.metadata]).toEqual([room, tag]);
        expected.metadata = tag;
        break;
      }
      case 1: {
        const joined = await timed(() => simulator.join({ room, identity: `p${k}`, metadata: tag }));
        expect([joined.identity, joined.metadata]).toEqual([`p${k}`, tag]);
        expected.participants.set(`p${k}`, tag);
        break;
      }
      case 2: {
        const { participants } = await timed(() => rooms.listParticipants({ room }));
        expect(standard(participants)).toEqual([...expected.participants]);
        break;
      }
      case 3: {
        const identity = identities[k % identities.length]!;
        const updated = await timed(() => rooms.updateParticipant({ room, identity, metadata: tag }));
        expect([updated.identity, updated.metadata]).toEqual([identity, tag]);
        expected.participants.set(identity, tag);
        break;
      }
      case 4: {
        const listed = await timed(() => rooms.listRooms({ names: [room] }));
        expect(listed.rooms.map((r) => [r.name, r.metadata, r.numParticipants])).toEqual([
          [room, expected.metadata, expected.participants.size + expected.agents.length],
        ]);
        break;
      }
      case 6: {
        // Start an egress, or stop the one this client runs: at most one running per client.
        if (expected.running === undefined) {
          const started = await timed(() => egress.startRoomCompositeEgress({ roomName: room, fileOutputs: [{ filepath: `${tag}.mp4` }] }));
          expect(started.roomName).toBe(room);
          expected.egressIds.push(started.egressId);
          expected.running = started.egressId;
        } else {
          const stopped = await timed(() => egress.stopEgress({ egressId: expected.running! }));
          expect([stopped.egressId, stopped.fileResults.length]).toEqual([expected.running, 1]);
          expected.running = undefined;
        }
        break;
      }
      case 7: {
        const { items } = await timed(() => egress.listEgress({ roomName: room }));
        expect(items.map((e) => e.egressId).sort()).toEqual([...expected.egressIds].sort());
        break;
      }
      case 8: {
        const dispatch = await timed(() => agents.createDispatch({ room, agentName: `agent-${tag}` }));
        expect([dispatch.room, dispatch.agentName]).toEqual([room, `agent-${tag}`]);
        expected.agents.push(dispatch.agentName);
        break;
      }
      default: {
        if (identities.length > 3) {
          await timed(() => rooms.removeParticipant({ room, identity: identities[0]! }));
          expected.participants.delete(identities[0]!);
        } else {
          const participant = await timed(() => rooms.getParticipant({ room, identity: identities[0]! }));
          expect(participant.identity).toBe(identities[0]);
        }
      }
    }
  }
  return latencies;
}

it(`serves ${clients} concurrent clients x ${callsPerClient} calls without a lost, duplicated or mis-routed response`, async () => {
  const expected = Array.from(
    { length: clients },
    (): Expected => ({ metadata: "created", participants: new Map(), egressIds: [], agents: [] }),
  );
  const started = performance.now();
  const latencies = (await Promise.all(expected.map((e, i) => runClient(i, e)))).flat();
  const seconds = (performance.now() - started) / 1000;
  expect(latencies).toHaveLength(clients * callsPerClient);
  expect(failures).toEqual([]);

  // The final state, read afresh, equals what the clients did.
  const reader = new RoomServiceClient(server.url, { auth });
  const { rooms } = await reader.listRooms({ names: expected.map((_, i) => `load-${i}`) });
  expect(rooms.map((r) => [r.name, r.metadata, r.numParticipants]).sort()).toEqual(
    expected.map((e, i) => [`load-${i}`, e.metadata, e.participants.size + e.agents.length]).sort(),
  );
  const egressReader = new EgressClient(server.url, { auth });
  const agentReader = new AgentDispatchServiceClient(server.url, { auth });
  for (const [i, e] of expected.entries()) {
    const { participants } = await reader.listParticipants({ room: `load-${i}` });
    expect(standard(participants)).toEqual([...e.participants]);
    const { items } = await egressReader.listEgress({ roomName: `load-${i}` });
    expect(items.map((item) => item.egressId).sort()).toEqual([...e.egressIds].sort());
    const { agentDispatches } = await agentReader.listDispatch({ room: `load-${i}` });
    expect(agentDispatches.map((d) => d.agentName).sort()).toEqual([...e.agents].sort());
  }

  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
  console.log(
    `load: ${latencies.length} calls from ${clients} clients in ${seconds.toFixed(2)} s = ${(latencies.length / seconds).toFixed(0)} calls/s; ` +
      `latency p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms (clients and server share one process)`,
  );
});

// Every RPC of the made-up acme API (api/acme/...) against a loopback server that reads and
// writes JSON with @bufbuild/protobuf's fromJson/toJson, the reference the generated codecs
// must agree with: what the server received, and what each call returned, are compared with
// the messages the calls were made from.
import assert from "node:assert/strict";
import { create, createRegistry, equals, fromJson, toJson, type JsonValue, type MessageInitShape } from "@bufbuild/protobuf";
import { anyPack, DurationSchema, EmptySchema, StructSchema, timestampFromMs, TimestampSchema, ValueSchema } from "@bufbuild/protobuf/wkt";
import {
  CatalogClient,
  CatalogValidators,
  CategorySchema,
  Channel,
  ChannelTable,
  GetItemRequestSchema,
  Item_Size_Unit,
  Item_Status,
  Item_StatusTable,
  ItemJson,
  ItemSchema,
  ItemZod,
} from "./gen/acme/acme/catalog/v1/index.js";
import { MoneySchema, RatesClient, RatesValidators, TwirpError as AcmeTwirpError } from "./gen/acme/acme/common/v1/index.js";
import { TwirpError } from "./gen/livekit/index.js";
import { startServer, type Answer, type Received } from "./server.js";

const registry = createRegistry(MoneySchema);
const createdAt = { seconds: 1_700_000_000n, nanos: 1_000 };

/** An item with every field set, at the edges of its type where it has edges. */
export const item: MessageInitShape<typeof ItemSchema> = {
  id: "sku-1",
  status: Item_Status.ACTIVE,
  channels: [Channel.WEB, Channel.STORE],
  scalars: {
    doubleValue: 1e308,
    floatValue: 3.5,
    int64Value: -9223372036854775808n,
    uint64Value: 18446744073709551615n,
    int32Value: -2147483648,
    fixed64Value: 18446744073709551615n,
    fixed32Value: 4294967295,
    boolValue: true,
    stringValue: 'ünï "quoted" \u2028 </script>',
    bytesValue: new Uint8Array([0, 255, 128]),
    uint32Value: 4294967295,
    sfixed32Value: -2147483648,
    sfixed64Value: -9223372036854775808n,
    sint32Value: -2147483648,
    sint64Value: -9223372036854775808n,
    int64AsString: "-9007199254740993",
  },
  scalarList: [{ int32Value: 1 }, { stringValue: "two" }],
  maps: {
    byString: { a: "1", "": "empty key" },
    byBool: { true: 1, false: 2 },
    byInt32: { "-2147483648": Channel.WEB },
    byInt64: { "-9223372036854775808": new Uint8Array([1]) },
    byUint32: { "4294967295": 0.5 },
    byUint64: { "18446744073709551615": Item_Status.RETIRED },
    bySint32: { "-1": { boolValue: true } },
    bySint64: { "9223372036854775807": true },
    byFixed32: { "0": 1.5 },
    byFixed64: { "1": -1n },
    bySfixed32: { "-5": 5n },
    bySfixed64: { "-9": createdAt },
  },
  size: { width: 2.5, height: 10, unit: Item_Size_Unit.CM },
  note: "",
  stock: 0,
  price: { case: "fixed", value: { currencyCode: "EUR", units: 12n, nanos: 500_000_000 } },
  category: { name: "tools", parent: { name: "root" }, children: [{ name: "saws", children: [{ name: "hand saws" }] }] },
  tags: ["new", "sale"],
  createdAt,
  shelfLife: { seconds: -86_400n, nanos: -5 },
  attributes: { color: "red", sizes: [1, 2.5], nested: { ok: true, none: null } },
  extra: { kind: { case: "stringValue", value: "extra" } },
  history: { values: [{ kind: { case: "numberValue", value: 1 } }, { kind: { case: "boolValue", value: false } }] },
  views: 42n,
  alias: "",
  featured: false,
  thumbnail: new Uint8Array([9, 8, 7]),
  rating: 4.5,
  weight: 1.25,
  rank: -3,
  shelf: 7,
  serial: 18446744073709551615n,
  detail: anyPack(MoneySchema, create(MoneySchema, { currencyCode: "USD", units: 3n })),
  mask: { paths: ["id", "maps.by_string"] },
  marker: {},
  restocked: [createdAt, { seconds: 0n, nanos: 0 }],
  leadTimes: { eu: { seconds: 3n, nanos: 500_000_000 } },
};

/** The catalog's server: stores items and answers each RPC through @bufbuild/protobuf. */
function catalog(request: Received): Answer {
  const body = JSON.parse(request.body) as JsonValue;
  const rpc = request.path.replace("/twirp/acme.catalog.v1.Catalog/", "");
  switch (rpc) {
    case "PutItem":
      return { status: 200, json: toJson(ItemSchema, fromJson(ItemSchema, body, { registry }), { registry }) };
    case "GetItem": {
      const { id } = fromJson(GetItemRequestSchema, body);
      if (id !== "sku-1") return { status: 404, json: { code: "not_found", msg: `no item ${id}` } };
      // Proto names and every field, as a Go server with EmitUnpopulated would answer.
      return {
        status: 200,
        json: toJson(ItemSchema, create(ItemSchema, item), { registry, useProtoFieldName: true, alwaysEmitImplicit: true }),
      };
    }
    case "Walk":
      return { status: 200, json: toJson(CategorySchema, fromJson(CategorySchema, body)) };
    case "Then":
      return { status: 200, json: toJson(EmptySchema, fromJson(EmptySchema, body)) };
    case "Age": {
      const since = fromJson(TimestampSchema, body);
      return { status: 200, json: toJson(DurationSchema, create(DurationSchema, { seconds: 1_700_003_600n - since.seconds })) };
    }
    case "Describe": {
      const keys = Object.keys(fromJson(StructSchema, body).fields).sort();
      return { status: 200, json: keys };
    }
  }
  return { status: 404, json: { code: "bad_route", msg: rpc } };
}

function rates(request: Received): Answer {
  const { amount } = JSON.parse(request.body) as { amount: JsonValue };
  const money = fromJson(MoneySchema, amount);
  return { status: 200, json: toJson(MoneySchema, { ...money, currencyCode: "USD", units: money.units * 2n }) };
}

export async function acmeCalls(): Promise<string[]> {
  const server = await startServer((request) => (request.path.includes(".Rates/") ? rates(request) : catalog(request)));
  const done: string[] = [];
  const expected = create(ItemSchema, item);
  try {
    const client = new CatalogClient(server.url, { registry });

    const put = await client.putItem(item);
    assert.ok(
      equals(ItemSchema, fromJson(ItemSchema, JSON.parse(server.received.at(-1)!.body) as JsonValue, { registry }), expected),
      "PutItem: the server received the item",
    );
    assert.ok(equals(ItemSchema, put, expected), "PutItem: the item came back");
    done.push("Catalog/PutItem");

    const got = await client.getItem({ id: "sku-1", readMask: { paths: ["id", "lead_times"] } });
    assert.deepEqual(JSON.parse(server.received.at(-1)!.body), { id: "sku-1", readMask: "id,leadTimes" });
    assert.ok(equals(ItemSchema, got, expected), "GetItem: read from proto names with every field");
    await assert.rejects(client.getItem({ id: "nope" }), (error: unknown) => {
      // Both generated packages use the one runtime package: one error class.
      assert.ok(error instanceof TwirpError && error instanceof AcmeTwirpError);
      assert.equal(error.code, "not_found");
      assert.equal(error.msg, "no item nope");
      return true;
    });
    done.push("Catalog/GetItem");

    const tree: MessageInitShape<typeof CategorySchema> = {
      name: "root",
      children: [{ name: "a", children: [{ name: "a1" }] }],
      aliases: { b: { name: "b", parent: { name: "root" } } },
    };
    assert.ok(equals(CategorySchema, await client.walk(tree), create(CategorySchema, tree)), "Walk: a recursive message both ways");
    done.push("Catalog/Walk");

    const before = server.received.length;
    assert.equal(await Promise.resolve(client), client, "a client is not a thenable");
    assert.equal(server.received.length, before, "awaiting a client calls nothing");
    assert.ok(equals(EmptySchema, await client.then$({}), create(EmptySchema)));
    assert.equal(server.received.at(-1)!.path, "/twirp/acme.catalog.v1.Catalog/Then");
    done.push("Catalog/Then");

    const age = await client.age(timestampFromMs(1_700_000_000_000));
    assert.equal(server.received.at(-1)!.body, '"2023-11-14T22:13:20Z"');
    assert.equal(age.seconds, 3600n);
    done.push("Catalog/Age");

    const described = await client.describe({
      fields: { b: { kind: { case: "numberValue", value: 1 } }, a: { kind: { case: "nullValue", value: 0 } } },
    });
    assert.equal(server.received.at(-1)!.body, '{"b":1,"a":null}');
    assert.ok(equals(ValueSchema, described, fromJson(ValueSchema, ["a", "b"])), "Describe: Struct in, Value out");
    done.push("Catalog/Describe");

    const checked = new RatesClient(server.url, { validate: RatesValidators });
    const converted = await checked.convert({ amount: { currencyCode: "EUR", units: 21n, nanos: 1 }, toCurrencyCode: "USD" });
    assert.ok(equals(MoneySchema, converted, create(MoneySchema, { currencyCode: "USD", units: 42n, nanos: 1 })));
    const sent = server.received.length;
    await assert.rejects(
      checked.convert({ amount: { units: "many" as unknown as bigint } }),
      (error: unknown) => error instanceof TwirpError && error.code === "invalid_argument",
    );
    assert.equal(server.received.length, sent, "an invalid request is not sent");
    done.push("Rates/Convert");

    // The other concerns, on the same item: codecs agree with @bufbuild/protobuf, tables, schemas.
    assert.deepEqual(ItemJson.encode(item, { registry }), toJson(ItemSchema, expected, { registry }));
    assert.ok(equals(ItemSchema, ItemJson.parse(JSON.stringify(toJson(ItemSchema, expected, { registry })), { registry }), expected));
    assert.equal(ChannelTable.byName["CHANNEL_STORE"], Channel.STORE);
    assert.equal(Item_StatusTable.toJson(Item_Status.RETIRED), "STATUS_RETIRED");
    assert.ok(equals(ItemSchema, create(ItemSchema, ItemZod.parse(item)), expected), "ItemZod keeps every field");
    assert.ok(new CatalogClient(server.url, { validate: CatalogValidators }) instanceof CatalogClient);
    return done;
  } finally {
    await server.close();
  }
}

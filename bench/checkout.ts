/**
 * Checkout benchmark, in process: the real embedded runtime (startLocal: SQLite event store,
 * projections, the ASL engine running state-machines/checkout.asl.json, the offline gateway, the
 * local mailer), driven through the Checkout use case directly — no HTTP or GraphQL parsing on the
 * way in. "CONFIRMED" is observed the way a shopper sees it: each shopper has its own live
 * onOrderUpdated(customerId) subscription on the server's subscription hub, with the selection set
 * the web app's order pages use, and sees its order CONFIRMED there.
 *
 * - orders/s reaching CONFIRMED, and reaching the end of the workflow (execution finished);
 * - placeOrder → CONFIRMED latency (p50/p95/p99) at 8, 32 and 128 concurrent shoppers, each
 *   placing its next order as soon as the previous one is CONFIRMED. Every level starts with all
 *   its shoppers ordering at the same instant; the percentiles are of the steady state after that
 *   ramp (the first RAMP_ORDERS_PER_SHOPPER orders per shopper), and the ramp's own p99 and the
 *   p99 over every order are reported beside them;
 * - main-thread busy time and the whole process's CPU time per order (the projector, the WAL
 *   checkpointers and V8's GC threads run beside the event loop);
 * - a flash sale: 1,000 shoppers at once for 100 units, and how many were oversold.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'graphql';
import type { LocalRuntime } from '../src/server/compose';
import type { AppSyncResponse } from '../src/server/graphql-executor';
import { startLocal } from '../src/server/compose';
import { configFromEnv } from '../src/server/config';
import { subFor } from '../src/server/token-issuer';
import { ON_ORDER_UPDATED } from '../src/web/api/orders';
import { startHostSpeedProbe, type HostSpeed } from './host-speed';
import { machine, machineTicks, percentiles, stolenPercent, writeReport } from './stats';

const ADDRESS = { name: 'Bench Shopper', line1: '1-1 Chiyoda', city: 'Tokyo', postalCode: '100-0001', country: 'JP' };
const SKUS = 64;
// The 32-shopper level runs three times: on this shared VM one run is not a figure (see NOTES).
const LEVELS = [
  { shoppers: 8, orders: 3_000 },
  { shoppers: 32, orders: 8_000 },
  { shoppers: 32, orders: 8_000 },
  { shoppers: 32, orders: 8_000 },
  { shoppers: 128, orders: 8_000 },
];
const RAMP_ORDERS_PER_SHOPPER = 4;

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}
const STALL_MS = 30_000;

const NOTES = `The machine: a 2-vCPU KVM guest on an Intel Xeon host it shares. Its CPU speed changes by up to 2x within seconds,
whatever this process does: on an idle machine the same 50 ms of JavaScript took 59-130 ms from one second to the next,
with no CPU stolen. "Reference work ms" shows it per level, and the 32-shopper level runs three times for that reason;
one run of it is not a figure. In one morning the code before this report's gave 800-1,200 CONFIRMED/s at 32 shoppers.

What p99 <= 50 ms at 32 shoppers takes. In a closed loop with no think time the mean latency is shoppers / throughput
(Little's law): 32 / 1,000 per second = 32 ms. The 32 shoppers move as one convoy (the CONFIRMED pushes of one commit
release 32 new orders that share every later commit), so p99 is about the third slowest of ~250 cycles; p99/p50 has
been 1.6-2.2. So p99 <= 50 needs ~1,150-1,300 CONFIRMED/s: reached while the host is fast, missed while it is slow.

The tail is time, not orders. In one traced run at 32 shoppers (866/s, p50 36.8, p99 56.4 ms), orders completed in
exact multiples of 32 per 100 ms (64, 96 or 128): the convoy is lockstep, so each order's latency is the time the event
loop takes to do every stage of 32 orders. Against the median of orders started within 25 ms of it, an order's latency
differed by -7.6..+7.8 ms (p1..p99), while that local median ranged 23-60 ms over the run. So p99 is the slowest ~1% of
the time (host speed, 6-15 ms scavenges every ~100 ms), and with every shopper always in the system the mean is fixed by
Little's law at shoppers / throughput: only less event-loop work per order lowers it. An order's 36 ms then went: placed
and committed 3, execution recorded 3, ReserveStock's two commits 8-11, AuthorizePayment and ConfirmOrder ~5 each, and
~10 from the OrderConfirmed commit to the push (the projector thread's batch, 2 ms median and 14 ms p99, and ~2 ms
waiting for the busy event loop to take its message). 0.27 commits per order.

Where an order's time went before time-ordered ids (32 shoppers; CPU profile of the event loop, per-thread CPU from /proc). The event loop is
the bottleneck (busy ~95-100%) at 0.8-1.2 ms per order, and its profile is flat: SQLite statements ~25% (~40 statements
per order, COMMIT ~7%), the workflow engine and its adapters ~14%, GC ~8%, the event store ~8%, the command handler and
domain ~6%, the offline gateway ~3%, pushes ~3%. The projector thread takes ~0.5 ms per order, V8's two GC helpers
~0.1 ms each. ~190 kB is allocated per order; a scavenge every ~75 orders pauses 6-8 ms.

Since the previous report: order ids are time-ordered (12 hex digits of milliseconds, then 48 random bits) instead of
a hash of (customer, idempotency key), and a key names its order through a stream of its own (\`orderkey-<digest>\`,
claimed once, after the order has been validated). Every index keyed by the order id (stream names, the execution and
its history, the gateway's idempotency keys and payments by order, the mail) then takes new rows at its end, in pages
the orders of one commit share. Read off the WAL (each frame's page number against dbstat) over 3,000 orders at 32
shoppers: 12.7 pages written per order before, 6.8 after (5.7 with time-ordered ids and no key stream). Of the 12.7,
8.8 were random leaves of those indexes: each a 4 kB frame, two pwrite calls by the event loop at COMMIT, which took
~0.6 ms per commit (~11% of the loop). In 6 interleaved pairs on a fast spell of the host (reference work 2.6-2.8 ms):
1,154-1,430 against 1,067-1,315 CONFIRMED/s, faster in 5 of 6, and p99 40.6-51.9 against 55.1-80.7 ms, lower in 6 of 6;
in 3 earlier pairs while the host's speed moved (reference work 2.8-5.2 ms): 789-1,095 against 696-1,088/s (mean 870
against 830), p99 52-76 against 66-83 ms. So a p99 under 50 ms at 32 shoppers is this code on a fast host; while the
host is slow (reference work 3.7-5.4 ms) it gave 61-83 ms. This report was one of those slow spells; the same code,
less only the lookup of keys used before time-ordered ids, gave 1,378, 1,474 and 1,516/s with p99 41.5, 36.3 and 39.5 ms
at 32 shoppers in the report of commit f764611 (reference work ~2.6 ms).
An earlier try of time-ordered ids (while a thread still wrote one .eml file per order) cut 120 to 71 kB written per
order with no gain its pairs could show.

Measured and not kept (earlier reports, each in interleaved pairs): a 64 MB semi-space (halves the scavenges, no gain
in orders/s or p99), --single-threaded-gc and four GC helper threads, threads pinned to cores, background threads at a
lower priority, smaller projector batches, smaller state caches and log-cache tail, commits cut short after 3 ms,
a 64 MB SQLite page cache. Not done: merging each
task's two commits into one, which needs a durability barrier before a step's result and changes crash semantics.
Measured and not kept on 2026-12-03 (a slow day: reference work 3-5.5 ms; 32 shoppers, 8,000 orders a run, runs of
each variant interleaved): SQLite pages of 1 kB (566-638/s against 686-755/s for 4 kB: deeper trees cost more than the
smaller pages save), 8 kB (same as 4 kB) and 16 kB (529-641/s); commands on one stream taking turns from load to append
in the command handler, which does remove the one ConcurrencyError per order (13,000 of 13,000 orders: SendConfirmation
and CreateShipment record on the order at the same moment) but was slower in 5 of 6 pairs (661-738/s against
705-807/s); V8's maglev tier (--maglev: 681-806/s against 630-823/s in 10 runs each, no difference).

The event loop's collector, traced over 37,000 orders at 32 shoppers: a scavenge every ~93 orders (~25 MB allocated,
~3 MB of it promoted), pausing 9.4 ms median, 13.8 ms p90 and 45 ms at most, ~7.5% of the loop's time; one mark-compact
when the old space reached ~485 MB (56 MB live after it), a 38 ms pause plus 64 ms of incremental steps. The live heap
grew 51 -> 58 MB over 32,000 orders (caches filling to their caps), so nothing leaks.
The history of these notes is in git (bench/checkout.ts).`;

interface Confirmations {
  /** Resolves once the order is pushed CONFIRMED (or FAILED) to its shopper. */
  confirmedOf(orderId: string): Promise<void>;
  /** Opens each shopper's order-page subscription; returns how to close them. */
  watch(customerIds: readonly string[]): () => void;
}

/** Resolves placeOrder → CONFIRMED (or FAILED) from the live pushes; keeps nothing once an order is seen through. */
function confirmations(runtime: LocalRuntime): Confirmations {
  const waiting = new Map<string, Waiter>();
  // Decided before placeOrder returned (its read-your-writes wait can outlast the first steps of checkout).
  const early = new Set<string>();
  const document = parse(ON_ORDER_UPDATED);
  let lastPush = performance.now();
  const deliver = (response: AppSyncResponse) => {
    lastPush = performance.now();
    const order = response.data?.onOrderUpdated as { id: string; status: string } | undefined;
    if (!order || (order.status !== 'CONFIRMED' && order.status !== 'FAILED')) return;
    const waiter = waiting.get(order.id);
    waiting.delete(order.id);
    if (waiter) waiter.resolve();
    else early.add(order.id);
  };
  // A benchmark whose pushes stop fails loudly instead of waiting for ever.
  setInterval(() => {
    if (waiting.size === 0 || performance.now() - lastPush < STALL_MS) return;
    const error = new Error(`no push for ${STALL_MS / 1000} s while ${waiting.size} orders wait for CONFIRMED`);
    for (const waiter of waiting.values()) waiter.reject(error);
    waiting.clear();
  }, 1_000).unref();
  return {
    confirmedOf: (orderId) =>
      early.delete(orderId) ? Promise.resolve() : new Promise<void>((resolve, reject) => waiting.set(orderId, { resolve, reject })),
    watch(customerIds) {
      const stops = customerIds.map((customerId) =>
        runtime.hub.add({
          field: 'onOrderUpdated',
          args: { customerId },
          identity: { kind: 'user', sub: customerId, username: customerId, groups: [] },
          document,
          variables: { customerId },
          deliver,
        }),
      );
      return () => stops.forEach((stop) => stop());
    },
  };
}

async function seed(runtime: LocalRuntime, sku: string, stock: number) {
  const { catalog } = runtime.services;
  await catalog.createProduct({ sku, title: `Bench ${sku}`, price: { amount: 1200, currency: 'JPY' }, kind: 'PHYSICAL' }, 'system:bench');
  await catalog.adjustStock(sku, stock, 'bench stock', 'system:bench');
  await catalog.setPublished(sku, true, 'system:bench');
}

let keySeq = 0;
const customerOf = (shopper: number) => `shopper-${shopper}`;
const place = (runtime: LocalRuntime, shopper: number, sku: string) =>
  runtime.services.checkout.placeOrder(
    { idempotencyKey: `bench-${process.pid}-${keySeq++}`, lines: [{ sku, quantity: 1 }], paymentMethodId: 'pm_card_visa', shippingAddress: ADDRESS },
    { customerId: customerOf(shopper), name: `shopper${shopper}`, actor: `user:${customerOf(shopper)}` },
  );

const speed = (s: HostSpeed | null) => (s ? `${s.medianMs} (${s.minMs}-${s.maxMs}; ${s.samples} of ${s.samples + s.interrupted})` : 'n/a');

async function level(runtime: LocalRuntime, { confirmedOf, watch }: Confirmations, shoppers: number, orders: number) {
  const unwatch = watch(Array.from({ length: shoppers }, (_, shopper) => customerOf(shopper)));
  const latencies: number[] = [];
  const ramp: number[] = [];
  const rampOrders = shoppers * RAMP_ORDERS_PER_SHOPPER;
  const placed: string[] = [];
  let issued = 0;
  let lastConfirmed = 0;
  const started = performance.now();
  const elu = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  const ticks = machineTicks();
  const probe = startHostSpeedProbe();
  await Promise.all(
    Array.from({ length: shoppers }, async (_, shopper) => {
      while (issued < orders) {
        const n = issued++;
        const t = performance.now();
        const order = await place(runtime, shopper, `B-${n % SKUS}`);
        placed.push(order.id);
        await confirmedOf(order.id);
        lastConfirmed = performance.now();
        (n < rampOrders ? ramp : latencies).push(lastConfirmed - t);
      }
    }),
  );
  // Asked after the loop, so that the benchmark's own bookkeeping does not load the loop it measures.
  unwatch();
  const outcomes = await Promise.all(placed.map((id) => runtime.workflows.waitFor(id, { timeoutMs: 120_000 })));
  const ended = performance.now();
  // Main-thread busy time per order (event-loop utilisation): steadier than orders/s on a shared machine.
  const busy = performance.eventLoopUtilization(elu);
  const used = process.cpuUsage(cpu);
  const stolen = stolenPercent(ticks, machineTicks());
  const hostSpeed = await probe.stop();
  const succeeded = outcomes.filter((o) => o.status === 'SUCCEEDED').length;
  const perOrder = (ms: number) => Math.round((ms / orders) * 1000) / 1000;
  return {
    shoppers,
    orders,
    confirmedPerSecond: Math.round(orders / ((lastConfirmed - started) / 1000)),
    workflowEndPerSecond: Math.round(orders / ((ended - started) / 1000)),
    executionsSucceeded: succeeded,
    mainThreadMsPerOrder: perOrder(busy.active),
    processCpuMsPerOrder: perOrder((used.user + used.system) / 1000),
    cpuStolenPercent: stolen,
    referenceWorkMs: hostSpeed,
    placeToConfirmedMs: percentiles(latencies),
    rampOrders,
    rampP99Ms: percentiles(ramp).p99,
    allOrdersP99Ms: percentiles([...ramp, ...latencies]).p99,
  };
}

/** The same loop over HTTP: each shopper POSTs placeOrder to /graphql with its own token. */
async function overHttp(runtime: LocalRuntime, { confirmedOf, watch }: Confirmations, shoppers: number, orders: number) {
  const usernames = Array.from({ length: shoppers }, (_, i) => `http-shopper-${i}`);
  const tokens = await Promise.all(usernames.map(async (username) => (await runtime.issuer.issue(username, [])).accessToken));
  // A user's customer id is the sub of their token.
  const unwatch = watch(usernames.map(subFor));
  const query = 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id status } }';
  const latencies: number[] = [];
  let issued = 0;
  let lastConfirmed = 0;
  const started = performance.now();
  await Promise.all(
    tokens.map(async (token) => {
      while (issued < orders) {
        const n = issued++;
        const input = { idempotencyKey: `bench-http-${process.pid}-${n}`, lines: [{ sku: `B-${n % SKUS}`, quantity: 1 }], paymentMethodId: 'pm_card_visa', shippingAddress: ADDRESS };
        const t = performance.now();
        const res = await fetch(`${runtime.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body: JSON.stringify({ query, variables: { input } }) });
        const body = (await res.json()) as { data?: { placeOrder?: { id: string } }; errors?: unknown };
        if (!body.data?.placeOrder) throw new Error(`placeOrder failed: ${JSON.stringify(body.errors)}`);
        await confirmedOf(body.data.placeOrder.id);
        lastConfirmed = performance.now();
        latencies.push(lastConfirmed - t);
      }
    }),
  );
  unwatch();
  return { shoppers, orders, confirmedPerSecond: Math.round(orders / ((lastConfirmed - started) / 1000)), placeToConfirmedMs: percentiles(latencies) };
}

async function flashSale(runtime: LocalRuntime, shoppers = 1_000, units = 100) {
  await seed(runtime, 'FLASH', units);
  const started = performance.now();
  const results = await Promise.allSettled(Array.from({ length: shoppers }, (_, i) => place(runtime, 10_000 + i, 'FLASH')));
  const placed = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.id] : []));
  const refusedAtOnce = results.filter((r) => r.status === 'rejected').length;
  await Promise.all(placed.map((id) => runtime.workflows.waitFor(id, { timeoutMs: 120_000 })));
  const elapsed = performance.now() - started;
  let sold = 0;
  let failedOutOfStock = 0;
  for (const id of placed) {
    const order = await runtime.services.orders.order(id, { customerId: '', staff: true, actor: 'system:bench' });
    if (order && ['CONFIRMED', 'FULFILLING'].includes(order.status)) sold++;
    if (order?.status === 'FAILED' && order.failureReason === 'OUT_OF_STOCK') failedOutOfStock++;
  }
  const product = await runtime.services.catalog.product('FLASH', true);
  return {
    shoppers,
    units,
    placed: placed.length,
    refusedAtPlaceOrder: refusedAtOnce,
    failedOutOfStock,
    sold,
    oversold: Math.max(0, sold - units),
    availableAfter: product?.available,
    reservedAfter: product?.reserved,
    seconds: Math.round(elapsed) / 1000,
  };
}

export async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'marquee-bench-checkout-'));
  const runtime = await startLocal(configFromEnv({ PORT: '0', MARQUEE_DATA_DIR: dir, MARQUEE_SEED: 'off' }));
  try {
    for (let i = 0; i < SKUS; i++) await seed(runtime, `B-${i}`, 100_000);
    const confirm = confirmations(runtime);
    await level(runtime, confirm, 16, 1_000); // warm-up
    const levels: Awaited<ReturnType<typeof level>>[] = [];
    for (const { shoppers, orders } of LEVELS) {
      levels.push(await level(runtime, confirm, shoppers, orders));
      console.log(JSON.stringify(levels.at(-1)));
    }
    const http = await overHttp(runtime, confirm, 32, 1_500);
    console.log(JSON.stringify(http));
    const flash = await flashSale(runtime);
    console.log(JSON.stringify(flash));
    const report = { mode: 'in-process (Checkout use case + live hub subscription; no HTTP)', machine: machine(), levels, overHttp: http, flashSale: flash };
    const row = (l: (typeof levels)[number]) =>
      `| ${l.shoppers} | ${l.orders} | ${l.confirmedPerSecond} | ${l.workflowEndPerSecond} | ${l.placeToConfirmedMs.p50} | ${l.placeToConfirmedMs.p95} | **${l.placeToConfirmedMs.p99}** | ${l.rampP99Ms} | ${l.allOrdersP99Ms} | ${l.mainThreadMsPerOrder} | ${l.processCpuMsPerOrder} | ${l.cpuStolenPercent ?? 'n/a'} | ${speed(l.referenceWorkMs)} | ${l.executionsSucceeded} |`;
    const at32 = levels.filter((l) => l.shoppers === 32);
    writeReport(
      'checkout',
      report,
      `# Checkout benchmark (${report.machine.at})

${report.mode}. Full checkout per order: OrderPlaced, the checkout.asl.json execution (ReserveStock → AuthorizePayment → ConfirmOrder → Parallel { SendConfirmation (the mail kept in the SQLite file), GrantEntitlements, CreateShipment }), every projection, the offline gateway in the same SQLite file.
${report.machine.cpus} cores (${report.machine.cpuModel}), Node ${report.machine.node}, load average at end ${report.machine.loadavgAtEnd.join(' ')} (other work shared the machine).

Latency is placeOrder → CONFIRMED seen on the live subscription. p50/p95/p99 are of the steady state; every level
starts with all its shoppers ordering at once, and the first ${RAMP_ORDERS_PER_SHOPPER} orders per shopper of that ramp are reported on their own
(ramp p99) and within "all orders p99". CPU is per order: the event loop's busy time, and the whole process (projector
thread, WAL checkpointers, V8's GC threads included). "CPU stolen" is the share of the machine's CPU time its hypervisor
gave to other guests during the level (/proc/stat). "Reference work ms" is how fast the CPU was during the level: a
thread of the benchmark times the same small fixed work every 200 ms, counting only the samples it ran without being
switched out (median; fastest-slowest; samples kept of those taken). This VM shares its host, and the same code runs
much slower while its CPU is slow, even with nothing stolen.

| shoppers | orders | CONFIRMED/s | workflow end/s | p50 ms | p95 ms | p99 ms | ramp p99 ms | all orders p99 ms | main-thread ms/order | process CPU ms/order | CPU stolen % | reference work ms | executions SUCCEEDED |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${levels.map(row).join('\n')}

32 shoppers, ${at32.length} runs in a row: ${at32.map((l) => `${l.confirmedPerSecond}/s p99 ${l.placeToConfirmedMs.p99}`).join(', ')} ms; median p99 ${percentiles(at32.map((l) => l.placeToConfirmedMs.p99)).p50} ms.

Over HTTP (POST /graphql placeOrder with a user token, ${http.shoppers} shoppers, ${http.orders} orders): ${http.confirmedPerSecond} CONFIRMED/s, p50 ${http.placeToConfirmedMs.p50} ms, p95 ${http.placeToConfirmedMs.p95} ms, p99 ${http.placeToConfirmedMs.p99} ms (client and server share the process and the two cores).

${NOTES}

Flash sale: ${flash.shoppers} shoppers at once for ${flash.units} units → ${flash.sold} sold, **${flash.oversold} oversold**; ${flash.refusedAtPlaceOrder} refused at placeOrder (catalog already showed none left), ${flash.failedOutOfStock} placed and then FAILED OUT_OF_STOCK at the reservation; available after: ${flash.availableAfter} (reserved ${flash.reservedAfter}); ${flash.seconds} s to settle every execution.
`,
    );
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

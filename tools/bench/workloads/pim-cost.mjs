// Benchmark workload (issue 13): microseconds per `costArchitecture` call, the PIM cost of one architecture
// on one hardware config, which a joint architecture x hardware search calls thousands of times.
// Target: < 1 ms per call. The workload list is NASRec-sized: 7 blocks x (dense FC, sparse linear-3d,
// dense-sparse interaction, deep-fm projection, elementwise gating) + 26 embedding gathers pooled into one
// operator + the head = 37 operators at batch 512, on the `naivePim` preset (ReRAM, DRAM-PIM and host).
// Reads @recnas/pim-sim's dist (build it: `npx -y pnpm@10.34.9 exec nx run pim-sim:build`).
import { HARDWARE_PRESETS, costArchitecture } from '@recnas/pim-sim';

const BATCH = 512;
const EMBEDDING_DIM = 16;
const SPARSE_FIELDS = 26;
const BUDGET_SECONDS = 1;
const WARM_UP_CALLS = 20_000;

function matrix(id, operatorId, rows, cols, vectors, extraFlops = 0) {
  return {
    id,
    operatorId,
    kind: 'matrix',
    flops: 2 * rows * cols * vectors + extraFlops,
    params: rows * cols,
    bytesMoved: 4 * (rows * vectors + rows * cols + cols * vectors),
    matrices: [{ rows, cols, vectors }],
  };
}

/** The 37 operator workloads of a NASRec-Full-sized architecture (widths cycle through NASRec's choices). */
function nasrecWorkloads() {
  const denseWidths = [512, 256, 1024, 128, 768, 256, 512];
  const sparseRows = [48, 16, 32, 64, 16, 48, 32];
  const workloads = [
    {
      id: 'embeddings',
      operatorId: 'embedding-bag',
      kind: 'embedding-gather',
      flops: 0,
      params: 0,
      bytesMoved: 2 * 4 * BATCH * SPARSE_FIELDS * EMBEDDING_DIM,
      outputBytes: 4 * BATCH * SPARSE_FIELDS * EMBEDDING_DIM,
    },
  ];
  let denseIn = 13;
  let sparseIn = SPARSE_FIELDS;
  for (let block = 0; block < 7; block++) {
    const width = denseWidths[block];
    const rows = sparseRows[block];
    workloads.push(
      matrix(`block${block}.dense.linear-2d`, 'linear-2d', denseIn, width, BATCH, 6 * BATCH * width),
      matrix(`block${block}.sparse.linear-3d`, 'linear-3d', sparseIn, rows, BATCH * EMBEDDING_DIM, 6 * BATCH * EMBEDDING_DIM * rows),
      matrix(`block${block}.dense-sparse-interact`, 'dense-sparse-interact', width, 8 * EMBEDDING_DIM, BATCH),
      matrix(`block${block}.deep-fm`, 'deep-fm', EMBEDDING_DIM, width, BATCH, 3 * BATCH * rows * EMBEDDING_DIM),
      { id: `block${block}.gating`, operatorId: 'sigmoid-gating', kind: 'elementwise', flops: 2 * BATCH * width, params: 0, bytesMoved: 12 * BATCH * width },
    );
    denseIn = width;
    sparseIn = rows + 8;
  }
  workloads.push(matrix('head', 'fc-1', denseIn + sparseIn * EMBEDDING_DIM, 1, BATCH, BATCH));
  return workloads;
}

/** Times costArchitecture on the 37-operator list for about one second after a warm-up. */
export default async function pimCostWorkload() {
  const workloads = nasrecWorkloads();
  const hardware = HARDWARE_PRESETS.naivePim;
  let sink = 0;
  for (let i = 0; i < WARM_UP_CALLS; i++) {
    const report = costArchitecture(workloads, hardware);
    if (report._tag === 'Left') throw report.left;
    sink += report.right.total.latencySeconds;
  }
  let calls = 0;
  const start = process.hrtime.bigint();
  let seconds = 0;
  while (seconds < BUDGET_SECONDS) {
    for (let i = 0; i < 1000; i++) sink += costArchitecture(workloads, hardware).right.total.energyJoules;
    calls += 1000;
    seconds = Number(process.hrtime.bigint() - start) / 1e9;
  }
  const last = costArchitecture(workloads, hardware).right.total;
  return {
    workload: 'pim-cost',
    microsecondsPerCall: Number(((seconds / calls) * 1e6).toFixed(2)),
    operators: workloads.length,
    calls,
    predictedLatencySeconds: last.latencySeconds,
    predictedEnergyJoules: last.energyJoules,
    checksum: sink > 0,
  };
}

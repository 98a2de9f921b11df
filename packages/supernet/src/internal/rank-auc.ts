/**
 * ROC AUC of `scores` against 0/1 `labels` by the rank-sum (Mann-Whitney U) formula, tied scores sharing
 * their average rank (so a tie counts one half); NaN when either class is absent. O(n log n), float64.
 * Here only because @recnas/supernet does not depend on @recnas/metrics; its `computeAuc` is the reference.
 */
export function rankAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1] as number] === scores[order[start] as number]) end += 1;
    const averageRank = (start + end) / 2 + 1; // 1-based ranks start+1..end+1
    for (let k = start; k <= end; k++) {
      if (labels[order[k] as number] === 1) {
        positives += 1;
        positiveRankSum += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** "Did you mean" suggestions: the closest candidate to a misspelt word. */

/** Levenshtein distance with adjacent transpositions (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * cols + j] = best;
    }
  }
  return at(rows - 1, cols - 1);
}

function scoreOf(word: string, candidate: string): number {
  const distance = editDistance(word, candidate);
  const related = word.length >= 3 && (candidate.startsWith(word) || word.startsWith(candidate));
  return distance > 1 && related ? 1.5 : distance;
}

/**
 * Returns the candidate closest to `word`, or undefined when none is close enough to be a plausible
 * typo. Comparison ignores case, `-` and `_`; the accepted distance grows with the word's length
 * (1 edit up to 4 characters, then roughly a third of the length). A candidate that starts with the
 * word, or that the word starts with, also counts as close (`env` → `environment`), after true one-edit matches.
 */
export function suggestClosest(word: string, candidates: Iterable<string>): string | undefined {
  const norm = (s: string): string => s.toLowerCase().replace(/[-_]/g, '');
  const w = norm(word);
  if (w.length === 0) return undefined;
  const limit = w.length <= 4 ? 1.5 : Math.max(1.5, Math.ceil(w.length / 3));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const score = scoreOf(w, norm(candidate));
    if (score <= limit && score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

//! Compressed sparse rows: the one matrix type features travel in, from the
//! vectorizer to the solver. Rows are built one at a time from blocks laid
//! side by side; no code path makes the matrix dense.

/// A sparse row under construction: `(column, value)` entries, columns sorted
/// and unique once [`SparseRow::finish_block`] has run over a block.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SparseRow {
    /// The entries.
    pub entries: Vec<(u32, f32)>,
}

impl SparseRow {
    /// Empties the row for reuse.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// Appends one entry.
    pub fn push(&mut self, column: u32, value: f32) {
        self.entries.push((column, value));
    }

    /// Number of stored entries.
    pub fn nnz(&self) -> usize {
        self.entries.len()
    }

    /// Sorts the entries from `from` on by column and sums duplicates, so a
    /// block that pushed one entry per occurrence ends with one per column.
    pub fn finish_block(&mut self, from: usize) {
        self.entries[from..].sort_unstable_by_key(|&(c, _)| c);
        let mut write = from;
        for read in from..self.entries.len() {
            let (c, v) = self.entries[read];
            if write > from && self.entries[write - 1].0 == c {
                self.entries[write - 1].1 += v;
            } else {
                self.entries[write] = (c, v);
                write += 1;
            }
        }
        self.entries.truncate(write);
    }

    /// Applies `f` to every value from `from` on.
    pub fn map_block(&mut self, from: usize, mut f: impl FnMut(u32, f32) -> f32) {
        self.entries[from..]
            .iter_mut()
            .for_each(|(c, v)| *v = f(*c, *v));
    }

    /// Scales the entries from `from` on to unit Euclidean norm (an all-zero
    /// block stays zero).
    pub fn l2_normalize_block(&mut self, from: usize) {
        let norm = self.entries[from..]
            .iter()
            .map(|(_, v)| v * v)
            .sum::<f32>()
            .sqrt();
        if norm > 0.0 {
            self.map_block(from, |_, v| v / norm);
        }
    }
}

/// A matrix in compressed sparse row form.
#[derive(Debug, Clone, PartialEq)]
pub struct CsrMatrix {
    n_cols: usize,
    indptr: Vec<usize>,
    indices: Vec<u32>,
    values: Vec<f32>,
}

impl CsrMatrix {
    /// An empty matrix with `n_cols` columns and no row.
    pub fn new(n_cols: usize) -> Self {
        CsrMatrix {
            n_cols,
            indptr: vec![0],
            indices: Vec::new(),
            values: Vec::new(),
        }
    }

    /// Builds a matrix from dense rows (for small problems and tests).
    pub fn from_dense(rows: &[Vec<f32>]) -> Self {
        let n_cols = rows.first().map_or(0, Vec::len);
        let mut m = CsrMatrix::new(n_cols);
        let mut row = SparseRow::default();
        for dense in rows {
            row.clear();
            for (j, &v) in dense.iter().enumerate() {
                if v != 0.0 {
                    row.push(j as u32, v);
                }
            }
            m.push_row(&row);
        }
        m
    }

    /// Appends a row; its column indices must be below `n_cols`.
    pub fn push_row(&mut self, row: &SparseRow) {
        debug_assert!(row.entries.iter().all(|&(c, _)| (c as usize) < self.n_cols));
        self.indices.extend(row.entries.iter().map(|&(c, _)| c));
        self.values.extend(row.entries.iter().map(|&(_, v)| v));
        self.indptr.push(self.indices.len());
    }

    /// Appends every row of `other` (same number of columns).
    pub fn append(&mut self, other: &CsrMatrix) {
        debug_assert_eq!(self.n_cols, other.n_cols);
        let base = self.indices.len();
        self.indices.extend_from_slice(&other.indices);
        self.values.extend_from_slice(&other.values);
        self.indptr
            .extend(other.indptr[1..].iter().map(|p| p + base));
    }

    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.indptr.len() - 1
    }

    /// Number of columns.
    pub fn n_cols(&self) -> usize {
        self.n_cols
    }

    /// Number of stored entries.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// Row `i` as parallel slices of column indices and values.
    pub fn row(&self, i: usize) -> (&[u32], &[f32]) {
        let span = self.indptr[i]..self.indptr[i + 1];
        (&self.indices[span.clone()], &self.values[span])
    }

    /// Row `i` as `(column, value)` entries.
    pub fn row_entries(&self, i: usize) -> impl Iterator<Item = (u32, f32)> + '_ {
        let (idx, val) = self.row(i);
        idx.iter().copied().zip(val.iter().copied())
    }

    /// The rows whose indices are listed, in that order.
    pub fn select_rows(&self, rows: &[usize]) -> CsrMatrix {
        let mut out = CsrMatrix::new(self.n_cols);
        for &i in rows {
            let (idx, val) = self.row(i);
            out.indices.extend_from_slice(idx);
            out.values.extend_from_slice(val);
            out.indptr.push(out.indices.len());
        }
        out
    }

    /// Keeps only the columns in `range`, renumbered from 0.
    pub fn column_range(&self, range: std::ops::Range<usize>) -> CsrMatrix {
        let mut out = CsrMatrix::new(range.len());
        for i in 0..self.n_rows() {
            let (idx, val) = self.row(i);
            for (&c, &v) in idx.iter().zip(val) {
                if range.contains(&(c as usize)) {
                    out.indices.push((c as usize - range.start) as u32);
                    out.values.push(v);
                }
            }
            out.indptr.push(out.indices.len());
        }
        out
    }
}

impl linfa::dataset::Records for CsrMatrix {
    type Elem = f32;

    fn nsamples(&self) -> usize {
        self.n_rows()
    }

    fn nfeatures(&self) -> usize {
        self.n_cols
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finish_block_sums_duplicates_in_column_order() {
        let mut row = SparseRow::default();
        row.push(9, 1.0);
        row.push(5, 1.0);
        row.push(2, 1.0);
        row.push(5, 2.0);
        row.finish_block(1);
        assert_eq!(row.entries, [(9, 1.0), (2, 1.0), (5, 3.0)]);
    }

    #[test]
    fn l2_normalize_block_gives_unit_norm() {
        let mut row = SparseRow::default();
        row.push(0, 7.0);
        row.push(1, 3.0);
        row.push(2, 4.0);
        row.l2_normalize_block(1);
        assert_eq!(row.entries, [(0, 7.0), (1, 0.6), (2, 0.8)]);
    }

    #[test]
    fn rows_round_trip_through_the_matrix() {
        let m = CsrMatrix::from_dense(&[vec![0.0, 1.0, 0.0], vec![2.0, 0.0, 3.0]]);
        assert_eq!(m.n_rows(), 2);
        assert_eq!(m.row(1), (&[0u32, 2][..], &[2.0f32, 3.0][..]));
        let picked = m.select_rows(&[1, 0]);
        assert_eq!(picked.row(0), m.row(1));
        let cols = m.column_range(1..3);
        assert_eq!(cols.row(1), (&[1u32][..], &[3.0f32][..]));
    }
}

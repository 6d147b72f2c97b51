//! k-fold splits, seeded. Stratified: rows with the same combination of
//! labels are shuffled and dealt round-robin to the folds, so every fold
//! keeps the label mix of the whole set. Grouped: whole documents are dealt,
//! so no document is in two folds.
//!
//! Invariant: every row is in exactly one test fold; the same labels, fold
//! count and seed give the same folds on every machine.

use crate::corpus::labelled::LabelledData;
use crate::error::{Error, Result};

/// SplitMix64: a small, well-mixed generator, enough to shuffle rows
/// reproducibly without another dependency.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// One fold: the rows to train on and the rows to test on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fold {
    /// Training rows, ascending.
    pub train: Vec<usize>,
    /// Test rows, ascending.
    pub test: Vec<usize>,
}

/// Splits `data` into `k` stratified folds. Refuses `k < 2` and a `k`
/// larger than the smallest class of any head, naming the class.
pub fn stratified_folds(data: &LabelledData, k: usize, seed: u64) -> Result<Vec<Fold>> {
    check_fold_count(data, k)?;
    let mut strata: Vec<(Vec<&str>, Vec<usize>)> = Vec::new();
    for row in 0..data.len() {
        let key: Vec<&str> = data.labels.iter().map(|l| l[row].as_str()).collect();
        match strata.iter_mut().find(|(k, _)| *k == key) {
            Some((_, rows)) => rows.push(row),
            None => strata.push((key, vec![row])),
        }
    }
    strata.sort();
    let mut rng = SplitMix64::new(seed);
    let mut fold_of = vec![0usize; data.len()];
    let mut next = 0;
    for (_, rows) in &mut strata {
        rng.shuffle(rows);
        for &row in rows.iter() {
            fold_of[row] = next % k;
            next += 1;
        }
    }
    Ok((0..k)
        .map(|f| Fold {
            train: (0..data.len()).filter(|&r| fold_of[r] != f).collect(),
            test: (0..data.len()).filter(|&r| fold_of[r] == f).collect(),
        })
        .collect())
}

/// Splits rows into `k` folds by group: `group_of[row]` names each row's
/// group (its document), groups are shuffled and dealt round-robin, so no
/// group is in two folds. Folds may be uneven when groups are.
pub fn grouped_folds(group_of: &[u32], k: usize, seed: u64) -> Vec<Fold> {
    let n_groups = group_of.iter().map(|&g| g as usize + 1).max().unwrap_or(0);
    let mut order: Vec<usize> = (0..n_groups).collect();
    SplitMix64::new(seed).shuffle(&mut order);
    let mut fold_of_group = vec![0; n_groups];
    for (i, &g) in order.iter().enumerate() {
        fold_of_group[g] = i % k;
    }
    let fold_of = |r: usize| fold_of_group[group_of[r] as usize];
    (0..k)
        .map(|f| Fold {
            train: (0..group_of.len()).filter(|&r| fold_of(r) != f).collect(),
            test: (0..group_of.len()).filter(|&r| fold_of(r) == f).collect(),
        })
        .collect()
}

fn check_fold_count(data: &LabelledData, k: usize) -> Result<()> {
    if k < 2 {
        return Err(Error::config(
            "--folds",
            format!("{k} folds: cross-validation needs at least 2"),
        ));
    }
    for (h, head) in data.heads.iter().enumerate() {
        for label in data.label_set(h) {
            let n = data.labels[h].iter().filter(|l| **l == label).count();
            if n < k {
                return Err(Error::dataset(
                    &data.path,
                    format!("head {head:?} class {label:?} has {n} rows, fewer than --folds {k}; lower --folds or add rows"),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(labels: &[&str]) -> LabelledData {
        LabelledData {
            path: "mem".into(),
            heads: vec!["h".into()],
            texts: labels.iter().map(|l| format!("text {l}")).collect(),
            labels: vec![labels.iter().map(|l| l.to_string()).collect()],
            lines: (2..2 + labels.len() as u64).collect(),
            docs: None,
            turns: vec![Default::default(); labels.len()],
        }
    }

    #[test]
    fn grouped_folds_keep_each_group_in_one_fold() {
        let groups: Vec<u32> = (0..40).map(|r| r / 3).collect();
        let folds = grouped_folds(&groups, 4, 7);
        let mut seen = vec![0; groups.len()];
        for fold in &folds {
            assert!(!fold.test.is_empty());
            for &r in &fold.test {
                seen[r] += 1;
                assert!(fold.train.iter().all(|&t| groups[t] != groups[r]));
            }
        }
        assert!(seen.iter().all(|&n| n == 1));
        assert_eq!(folds, grouped_folds(&groups, 4, 7));
    }

    #[test]
    fn every_row_is_tested_once_and_folds_keep_the_label_mix() {
        let labels: Vec<&str> = (0..60)
            .map(|i| if i % 3 == 0 { "a" } else { "b" })
            .collect();
        let d = data(&labels);
        let folds = stratified_folds(&d, 5, 7).unwrap();
        let mut seen: Vec<usize> = folds.iter().flat_map(|f| f.test.clone()).collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..60).collect::<Vec<_>>());
        for f in &folds {
            let a = f.test.iter().filter(|&&r| labels[r] == "a").count();
            assert_eq!((f.test.len(), a), (12, 4));
            assert!(f.train.iter().all(|r| !f.test.contains(r)));
        }
    }

    #[test]
    fn the_seed_decides_the_folds() {
        let labels: Vec<&str> = (0..40)
            .map(|i| if i % 2 == 0 { "a" } else { "b" })
            .collect();
        let d = data(&labels);
        assert_eq!(
            stratified_folds(&d, 4, 1).unwrap(),
            stratified_folds(&d, 4, 1).unwrap()
        );
        assert_ne!(
            stratified_folds(&d, 4, 1).unwrap(),
            stratified_folds(&d, 4, 2).unwrap()
        );
    }

    #[test]
    fn too_many_folds_for_a_class_is_an_error_naming_it() {
        let d = data(&["a", "a", "a", "b", "b"]);
        let err = stratified_folds(&d, 3, 0).unwrap_err().to_string();
        assert!(
            err.contains("class \"b\" has 2 rows, fewer than --folds 3"),
            "{err}"
        );
        assert!(stratified_folds(&d, 1, 0).is_err());
    }
}

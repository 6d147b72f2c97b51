//! Models: the sparse softmax solver, the heads built on it (one per label
//! column), and the model file that stores them with the feature pipeline.

pub mod logistic;

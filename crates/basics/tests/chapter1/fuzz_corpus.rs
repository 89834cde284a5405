//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`, seeds plus every input that
//! ever crashed) through the same target functions the fuzzers run (`fuzz/targets/basics.rs`),
//! with the replay loop shared by the three crates (`fuzz/targets/replay.rs`).
//! The long fuzzing runs are not part of CI; this regression replay is. See fuzz/README.md.

#[path = "../../../../fuzz/targets/basics.rs"]
mod targets;

#[path = "../../../../fuzz/targets/replay.rs"]
mod replay;

#[test]
fn every_corpus_input_is_answered_without_a_panic() {
    replay::replay_all(targets::TARGETS);
}

#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz::datasets::sklearn_csv(data));

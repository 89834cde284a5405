#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz::datasets::tar_gz(data));

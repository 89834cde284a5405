#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz::basics::csv_loaders(data));

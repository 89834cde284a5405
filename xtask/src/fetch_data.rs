//! `cargo xtask fetch-data`: install datasets into the cache, verified.
//!
//! The procedure (mirrors, `.part` files, size + SHA-256, safe extraction) lives in
//! `datasets::fetch`; this file adds the command line and the HTTP transport: `ureq` with
//! pure-Rust TLS (no system OpenSSL), streaming to disk with a progress bar.

use std::io::{self, Read};
use std::path::PathBuf;
use std::time::Duration;

use datasets::DataDir;
use datasets::fetch::{self, FetchOptions, FileOutcome, Source, Transport};
use datasets::registry::{self, DatasetSpec};
use indicatif::{ProgressBar, ProgressStyle};

/// Parsed `fetch-data` arguments.
#[derive(Debug, Default, PartialEq)]
struct Args {
    datasets: Vec<&'static DatasetSpec>,
    data_dir: Option<PathBuf>,
    from: Option<PathBuf>,
    force: bool,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut parsed = Args::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--data-dir" => {
                let v = it.next().ok_or("--data-dir needs a folder")?;
                parsed.data_dir = Some(PathBuf::from(v));
            }
            "--from" => {
                let v = it.next().ok_or("--from needs a folder")?;
                parsed.from = Some(PathBuf::from(v));
            }
            "--force" => parsed.force = true,
            "all" => parsed.datasets.extend(registry::ALL.iter()),
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            name => parsed
                .datasets
                .push(registry::find(name).map_err(|e| e.to_string())?),
        }
    }
    if parsed.datasets.is_empty() {
        parsed.datasets.extend(registry::ALL.iter());
    }
    Ok(parsed)
}

/// HTTP(S) transport over ureq, with a progress bar per download.
struct Http {
    agent: ureq::Agent,
}

impl Http {
    fn new() -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(Duration::from_secs(15)))
            .user_agent("numpy-for-ai-rs xtask fetch-data")
            .build();
        Self {
            agent: ureq::Agent::new_with_config(config),
        }
    }
}

impl Transport for Http {
    fn open(&self, url: &str) -> io::Result<Box<dyn Read + '_>> {
        let response = self.agent.get(url).call().map_err(io::Error::other)?;
        let body = response.into_body();
        let bar = match body.content_length() {
            Some(len) => ProgressBar::new(len),
            None => ProgressBar::no_length(),
        };
        bar.set_style(
            ProgressStyle::with_template(
                "  {bar:30} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta}",
            )
            .expect("valid template"),
        );
        // `into_reader` streams with no size cap (the 10 MB cap is only on read_to_vec).
        Ok(Box::new(bar.wrap_read(body.into_reader())))
    }
}

/// Run `cargo xtask fetch-data ...`.
pub fn run(args: &[String]) -> Result<(), String> {
    let args = parse(args)?;
    let cache = args
        .data_dir
        .clone()
        .map(DataDir::new)
        .unwrap_or_else(DataDir::default_location);
    println!("dataset cache: {}", cache.root().display());
    let http = Http::new();
    let options = FetchOptions {
        force: args.force,
        ..FetchOptions::default()
    };
    let mut failures = Vec::new();
    for spec in &args.datasets {
        println!("== {} — {}", spec.name, spec.title);
        println!("   licence: {}", spec.licence);
        let result = if spec.bundled {
            fetch::install_bundled_iris(&cache, args.force).map(|r| vec![r])
        } else {
            let source = match &args.from {
                Some(dir) => Source::Dir(dir),
                None => Source::Mirrors(&http),
            };
            fetch::fetch(spec, &cache, &source, &options, &mut |line| {
                println!("   {line}")
            })
        };
        match result {
            Ok(reports) => {
                for r in reports {
                    let what = match r.outcome {
                        FileOutcome::Verified => "verified, already installed".to_string(),
                        FileOutcome::Installed { from } => format!("installed from {from}"),
                    };
                    println!("   ok  {} ({what})", r.path.display());
                }
            }
            Err(e) => {
                eprintln!("   FAILED {}: {e}", spec.name);
                failures.push(spec.name);
            }
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("could not install: {}", failures.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn no_dataset_means_all() {
        assert_eq!(parse(&[]).unwrap().datasets.len(), registry::ALL.len());
    }

    #[test]
    fn options_are_parsed() {
        let a = parse(&strings(&[
            "mnist",
            "--from",
            "../x",
            "--force",
            "--data-dir",
            "d",
        ]))
        .unwrap();
        assert_eq!(a.datasets[0].name, "mnist");
        assert_eq!(a.from, Some(PathBuf::from("../x")));
        assert_eq!(a.data_dir, Some(PathBuf::from("d")));
        assert!(a.force);
    }

    #[test]
    fn unknown_dataset_or_option_is_an_error() {
        assert!(
            parse(&strings(&["imagenet"]))
                .unwrap_err()
                .contains("unknown dataset")
        );
        assert!(parse(&strings(&["--fast"])).unwrap_err().contains("--fast"));
        assert!(parse(&strings(&["mnist", "--from"])).is_err());
    }
}

//! The portfolio project: the whole course on one dataset, end to end.
//!
//! MNIST (the `datasets` crate) -> standardise, fitted on the training set only (chapter 1's
//! `StandardScaler`) -> PCA 784 -> 100 (chapter 4) -> an MLP 100-256-10 trained with Adam
//! (chapter 4) -> accuracy, per-class precision/recall/F1 and the confusion matrix (chapter 5)
//! -> three figures (confusion heatmap, loss curve, 2-D PCA scatter; chapter 5) -> the PCA
//! features and labels exported as `.npy` for a Python pipeline (chapter 1's `save_npy`).
//! Each stage prints its wall time.
//!
//! NumPy / scikit-learn:
//! ```python
//! scaler = StandardScaler().fit(X_train)                   # statistics of train only
//! Xs, Xts = scaler.transform(X_train), scaler.transform(X_test)
//! pca = PCA(100).fit(Xs); Z, Zt = pca.transform(Xs), pca.transform(Xts)
//! mlp = MLPClassifier((256,), batch_size=128, max_iter=10).fit(Z, y_train)
//! pred = mlp.predict(Zt)
//! print(classification_report(y_test, pred, digits=4)); print(confusion_matrix(y_test, pred))
//! np.save("x_train_pca.npy", Z); np.save("y_train.npy", y_train)   # ... and the test split
//! ```
//!
//! Options (all optional): `--train N` trains on the first `N` training images (default: all
//! 60000), `--components K` (default 100), `--epochs E` (default 10). For example
//! `cargo run --release -p applications --example portfolio_mnist -- --train 10000 --epochs 3`.
//!
//! Run: `cargo run --release -p applications --example portfolio_mnist`

mod common;

use std::path::PathBuf;
use std::time::Instant;

use algorithms::nn::{Activation, Mlp, Optimizer};
use algorithms::pca::Pca;
use applications::metrics::{
    Average, ZeroDivision, accuracy, confusion_matrix, precision_recall_fscore,
};
use applications::plots::{ChartOptions, Series, heatmap, line_chart, scatter};
use basics::loading::save_npy;
use basics::preprocessing::StandardScaler;
use common::{digit_names, figure, mnist_or_skip, or_exit};
use ndarray::{Array1, s};

/// Command-line settings.
struct Settings {
    train: Option<usize>,
    components: usize,
    epochs: usize,
}

fn settings() -> Settings {
    let mut out = Settings {
        train: None,
        components: 100,
        epochs: 10,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().and_then(|v| v.parse::<usize>().ok());
        match (flag.as_str(), value) {
            ("--train", Some(n)) if n > 0 => out.train = Some(n),
            ("--components", Some(k)) if (2..=784).contains(&k) => out.components = k,
            ("--epochs", Some(e)) if e > 0 => out.epochs = e,
            _ => {
                eprintln!(
                    "error: unknown or invalid argument {flag:?}; usage: portfolio_mnist \
                     [--train N] [--components K (2..=784)] [--epochs E]"
                );
                std::process::exit(2);
            }
        }
    }
    out
}

/// `target/portfolio` (under `$CARGO_TARGET_DIR` when set), next to `target/figures`.
fn export_dir() -> PathBuf {
    let figures = or_exit(applications::plots::figures_dir());
    let dir = figures.with_file_name("portfolio");
    or_exit(std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display())));
    dir.canonicalize().unwrap_or(dir)
}

/// Wall time of one stage, printed as it ends.
fn stage<T>(name: &str, times: &mut Vec<(String, f64)>, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let secs = start.elapsed().as_secs_f64();
    println!("[{secs:7.2} s] {name}");
    times.push((name.to_string(), secs));
    out
}

fn main() {
    let opts = settings();
    let mut times = Vec::new();
    let total = Instant::now();

    // 1. load (datasets)
    let Some((train, test)) = stage("load MNIST (datasets)", &mut times, mnist_or_skip) else {
        return;
    };
    let train = match opts.train {
        Some(n) => train.head(n),
        None => train,
    };
    let (y, yt) = (train.labels_usize(), test.labels_usize());
    println!(
        "        train {} images, test {} images, 784 pixels each",
        train.len(),
        test.len()
    );

    // 2. standardise (chapter 1): statistics of the training set only, applied to both
    let (xs, xts) = stage("standardise (basics::StandardScaler)", &mut times, || {
        let x = train.features_f64();
        let scaler = or_exit(StandardScaler::new().fit(&x));
        let xs = or_exit(scaler.transform(&x)).mapv(|v| v as f32);
        let xts = or_exit(scaler.transform(&test.features_f64())).mapv(|v| v as f32);
        (xs, xts)
    });

    // 3. PCA (chapter 4), fitted on the training set
    let k = opts.components;
    let (z, zt, kept) = stage(
        &format!("PCA 784 -> {k} (algorithms::pca)"),
        &mut times,
        || {
            let pca = or_exit(Pca::params(k).fit(&xs));
            let z = or_exit(pca.transform(&xs));
            let zt = or_exit(pca.transform(&xts));
            (z, zt, pca.explained_variance_ratio().sum())
        },
    );
    drop((xs, xts));
    println!(
        "        {:.1} % of the (standardised) variance kept",
        kept * 100.0
    );

    // 4. the MLP (chapter 4)
    let model = stage(
        &format!(
            "MLP {k}-256-10, Adam(1e-3), batch 128, {} epochs (algorithms::nn)",
            opts.epochs
        ),
        &mut times,
        || {
            or_exit(
                Mlp::params(&[k, 256, 10])
                    .activation(Activation::Relu)
                    .optimizer(Optimizer::adam(1e-3))
                    .batch_size(128)
                    .epochs(opts.epochs)
                    .seed(0)
                    .fit(&z, &y),
            )
        },
    );
    for h in model.history() {
        println!(
            "        epoch {:2}: loss {:.4}, train accuracy {:.4}, {:.2} s",
            h.epoch, h.loss, h.train_accuracy, h.seconds
        );
    }

    // 5. metrics (chapter 5) on the test set
    let (acc, cm, per_class, macro_avg) = stage(
        "metrics on the test set (applications::metrics)",
        &mut times,
        || {
            let pred = or_exit(model.predict(&zt));
            let acc = or_exit(accuracy(&yt, &pred));
            let cm = or_exit(confusion_matrix(&yt, &pred, 10));
            let per_class = or_exit(precision_recall_fscore(
                &yt,
                &pred,
                10,
                Average::None,
                ZeroDivision::Warn,
            ));
            let macro_avg = or_exit(precision_recall_fscore(
                &yt,
                &pred,
                10,
                Average::Macro,
                ZeroDivision::Warn,
            ));
            (acc, cm, per_class, macro_avg)
        },
    );
    println!(
        "        {:>5} {:>9} {:>9} {:>9} {:>8}",
        "digit", "precision", "recall", "f1", "support"
    );
    for c in 0..10 {
        println!(
            "        {:>5} {:>9.4} {:>9.4} {:>9.4} {:>8}",
            c, per_class.precision[c], per_class.recall[c], per_class.f1[c], per_class.support[c]
        );
    }
    println!(
        "        {:>5} {:>9.4} {:>9.4} {:>9.4}",
        "macro", macro_avg.precision[0], macro_avg.recall[0], macro_avg.f1[0]
    );
    println!("        confusion matrix (rows: true digit, columns: predicted)\n{cm}");

    // 6. figures (chapter 5)
    let paths = stage(
        "figures (applications::plots)",
        &mut times,
        || -> Vec<PathBuf> {
            let heat = or_exit(heatmap(
                &figure("portfolio_confusion.png"),
                &cm,
                &digit_names(),
                &ChartOptions::new(
                    &format!("MNIST test set: PCA {k} + MLP, accuracy {acc:.4}"),
                    "predicted",
                    "true",
                )
                .size(820, 800),
            ));
            let losses: Vec<(f64, f64)> = model
                .history()
                .iter()
                .map(|h| (h.epoch as f64, h.loss))
                .collect();
            let train_err: Vec<(f64, f64)> = model
                .history()
                .iter()
                .map(|h| (h.epoch as f64, 1.0 - h.train_accuracy))
                .collect();
            let loss = or_exit(line_chart(
                &figure("portfolio_loss.png"),
                &[
                    Series::new("training loss (cross-entropy)", losses),
                    Series::new("training error rate", train_err),
                ],
                &ChartOptions::new("MLP on PCA features: training curve", "epoch", "value")
                    .legend_upper(true)
                    .size(800, 500),
            ));
            let z2 = zt.slice(s![.., ..2]).mapv(f64::from);
            let pcs = or_exit(scatter(
                &figure("portfolio_pca_scatter.png"),
                &z2,
                &yt,
                &digit_names(),
                None,
                &ChartOptions::new(
                    "MNIST test set on the first two principal components (standardised)",
                    "PC 1",
                    "PC 2",
                )
                .size(900, 700),
            ));
            vec![heat, loss, pcs]
        },
    );
    for p in &paths {
        let p = p.canonicalize().unwrap_or_else(|_| p.clone());
        println!("        figure: {}", p.display());
    }

    // 7. export .npy (chapter 1) for a Python pipeline
    let dir = export_dir();
    stage(
        "export .npy (basics::loading::save_npy)",
        &mut times,
        || {
            let labels = |l: &Array1<usize>| l.mapv(|v| v as i64);
            or_exit(save_npy(dir.join("x_train_pca.npy"), &z));
            or_exit(save_npy(dir.join("y_train.npy"), &labels(&y)));
            or_exit(save_npy(dir.join("x_test_pca.npy"), &zt));
            or_exit(save_npy(dir.join("y_test.npy"), &labels(&yt)));
        },
    );
    let d = dir.display();
    println!("        load them in Python:");
    println!("        import numpy as np; d = \"{d}\"");
    println!(
        "        X_train, y_train = np.load(f\"{{d}}/x_train_pca.npy\"), np.load(f\"{{d}}/y_train.npy\")   # {:?} float32, {:?} int64",
        z.dim(),
        y.len()
    );
    println!(
        "        X_test, y_test = np.load(f\"{{d}}/x_test_pca.npy\"), np.load(f\"{{d}}/y_test.npy\")       # {:?} float32, {:?} int64",
        zt.dim(),
        yt.len()
    );

    let total = total.elapsed().as_secs_f64();
    println!("total {total:.2} s");
    let worst = (0..10)
        .min_by(|&a, &b| per_class.f1[a].total_cmp(&per_class.f1[b]))
        .unwrap_or(0);
    let stage_secs: Vec<String> = times.iter().map(|(_, t)| format!("{t:.3}")).collect();
    println!("result: train_images = {}", y.len());
    println!("result: variance_kept = {kept:.4}");
    println!("result: test_accuracy = {acc:.4}");
    println!("result: macro_f1 = {:.4}", macro_avg.f1[0]);
    println!(
        "result: worst_class = {worst} (f1 {:.4})",
        per_class.f1[worst]
    );
    println!("result: stage_seconds = [{}]", stage_secs.join(", "));
    println!("result: total_seconds = {total:.2}");
}

//! Image operations on small hand-computed cases, sequences, dropout, and the CIFAR-10
//! preprocessing pipeline of the `cifar10_preprocess` example on generated images written
//! in the real binary layout (`label, 1024 R, 1024 G, 1024 B` per record).

use applications::images::*;
use applications::layers::dropout;
use applications::sequences::{
    Padding, pad_sequences, sequence_mask, to_batch_major, to_time_major,
};
use ndarray::{Array2, Array4, array};
use rand::{SeedableRng, rngs::StdRng};

fn img(h: usize, w: usize, v: Vec<f32>) -> Array4<f32> {
    Array4::from_shape_vec((1, 1, h, w), v).unwrap()
}

/// Values in logical (row-major) order, whatever the memory layout.
fn raw(a: Array4<f32>) -> Vec<f32> {
    assert!(a.is_standard_layout(), "outputs are in standard layout");
    a.iter().copied().collect()
}

#[test]
fn uint8_float_round_trip_is_exact() {
    let x = Array4::from_shape_fn((2, 3, 4, 5), |(a, b, c, d)| {
        (a * 60 + b * 20 + c * 5 + d) as u8
    });
    assert_eq!(to_u8(&to_float(&x)), x);
    assert_eq!(to_float(&x)[[0, 0, 0, 1]], 1.0 / 255.0);
}

#[test]
fn flips_and_rotations_move_pixels_where_numpy_puts_them() {
    // [[1, 2, 3], [4, 5, 6]]
    let x = img(2, 3, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    assert_eq!(raw(hflip(&x)), vec![3.0, 2.0, 1.0, 6.0, 5.0, 4.0]);
    // np.rot90(a) = [[3, 6], [2, 5], [1, 4]]
    let r1 = rot90(&x, 1);
    assert_eq!(r1.dim(), (1, 1, 3, 2));
    assert_eq!(raw(r1), vec![3.0, 6.0, 2.0, 5.0, 1.0, 4.0]);
    // np.rot90(a, 2) = [[6, 5, 4], [3, 2, 1]]; np.rot90(a, -1) = [[4, 1], [5, 2], [6, 3]]
    assert_eq!(raw(rot90(&x, 2)), vec![6.0, 5.0, 4.0, 3.0, 2.0, 1.0]);
    assert_eq!(raw(rot90(&x, -1)), vec![4.0, 1.0, 5.0, 2.0, 6.0, 3.0]);
    assert_eq!(rot90(&x, 3), rot90(&x, -1));
    assert_eq!(rot90(&rot90(&x, 1), 3), x);
}

#[test]
fn resizing_matches_hand_computed_values() {
    // 2 x 2 [[0, 1], [2, 3]] -> 4 x 4 nearest: each pixel repeated twice each way
    let x = img(2, 2, vec![0.0, 1.0, 2.0, 3.0]);
    let n = resize_nearest(&x, 4, 4).unwrap();
    assert_eq!(
        raw(n),
        vec![
            0., 0., 1., 1., 0., 0., 1., 1., 2., 2., 3., 3., 2., 2., 3., 3.
        ]
    );
    // bilinear, half-pixel centres: row coordinates -0.25 (clamped 0), 0.25, 0.75, 1.25 (clamped 1)
    // F.interpolate(x, (4, 4), mode="bilinear", align_corners=False)[0, 0, 1] = [0.5, 0.75, 1.25, 1.5]
    let b = resize_bilinear(&x, 4, 4).unwrap();
    assert_eq!(
        b.slice(ndarray::s![0, 0, 1, ..]).to_vec(),
        vec![0.5, 0.75, 1.25, 1.5]
    );
    assert_eq!(
        b.slice(ndarray::s![0, 0, .., 0]).to_vec(),
        vec![0.0, 0.5, 1.5, 2.0]
    );
    // shrinking 4 -> 2 by bilinear averages pairs of centres: (0.5 + 1.5) / 2 ...
    let y = img(1, 4, vec![0.0, 1.0, 2.0, 3.0]);
    assert_eq!(raw(resize_bilinear(&y, 1, 2).unwrap()), vec![0.5, 2.5]);
    // same size is the identity
    assert_eq!(resize_bilinear(&y, 1, 4).unwrap(), y);
}

#[test]
fn crops_and_padding_cut_the_expected_windows() {
    let x = img(4, 4, (0..16).map(|v| v as f32).collect());
    assert_eq!(
        raw(center_crop(&x, 2, 2).unwrap()),
        vec![5.0, 6.0, 9.0, 10.0]
    );
    let p = pad(&x, 1);
    assert_eq!(p.dim(), (1, 1, 6, 6));
    assert_eq!(p[[0, 0, 0, 0]], 0.0);
    assert_eq!(p[[0, 0, 1, 1]], 0.0 + x[[0, 0, 0, 0]]);
    // every random crop of the padded image is one of its 3 x 3 = 9 windows
    let mut rng = StdRng::seed_from_u64(3);
    let batch = Array4::from_shape_fn((20, 1, 4, 4), |(_, _, i, j)| (i * 4 + j) as f32);
    let c = random_crop(&batch, 4, 4, 1, &mut rng).unwrap();
    let mut offsets = std::collections::HashSet::new();
    for k in 0..20 {
        let found = (0..3)
            .flat_map(|t| (0..3).map(move |l| (t, l)))
            .find(|&(t, l)| {
                c.slice(ndarray::s![k, 0, .., ..]) == p.slice(ndarray::s![0, 0, t..t + 4, l..l + 4])
            });
        offsets.insert(found.expect("a window of the padded image"));
    }
    assert!(offsets.len() > 3, "crop positions vary: {offsets:?}");
    // same seed, same crops
    assert_eq!(
        random_crop(&batch, 4, 4, 1, &mut StdRng::seed_from_u64(3)).unwrap(),
        c
    );
}

#[test]
fn brightness_contrast_and_normalisation_follow_their_formulas() {
    let x = img(1, 4, vec![0.0, 0.25, 0.5, 1.0]);
    assert_eq!(raw(adjust_brightness(&x, 1.5)), vec![0.0, 0.375, 0.75, 1.0]);
    // one grey channel: mean 0.4375; factor 0.5 pulls halfway to it
    assert_eq!(
        raw(adjust_contrast(&x, 0.5)),
        vec![0.21875, 0.34375, 0.46875, 0.71875]
    );
    let two = Array4::from_shape_vec((1, 2, 1, 2), vec![1.0f32, 3.0, 10.0, 30.0]).unwrap();
    let (m, s) = channel_mean_std(&two).unwrap();
    assert_eq!((m.to_vec(), s.to_vec()), (vec![2.0, 20.0], vec![1.0, 10.0]));
    assert_eq!(
        raw(normalize(&two, &m, &s).unwrap()),
        vec![-1.0, 1.0, -1.0, 1.0]
    );
}

#[test]
fn random_flip_is_seeded_and_flips_about_half() {
    let x = Array4::from_shape_fn((400, 1, 1, 2), |(_, _, _, j)| j as f32);
    let a = random_hflip(&x, 0.5, &mut StdRng::seed_from_u64(7));
    assert_eq!(a, random_hflip(&x, 0.5, &mut StdRng::seed_from_u64(7)));
    let flipped = (0..400).filter(|&k| a[[k, 0, 0, 0]] == 1.0).count();
    assert!((150..250).contains(&flipped), "{flipped} of 400 flipped");
}

/// Writes `n` generated records in CIFAR-10's binary layout and parses them with the
/// crate that reads the real files.
fn generated_cifar_batch(n: usize) -> datasets::cifar::Cifar10 {
    let mut bytes = Vec::with_capacity(n * datasets::cifar::RECORD_BYTES);
    for k in 0..n {
        bytes.push((k % 10) as u8);
        for c in 0..3 {
            for i in 0..32 {
                for j in 0..32 {
                    // a coloured diagonal gradient with a bright square per class
                    let square = (8..24).contains(&i) && (4 + k % 10..20 + k % 10).contains(&j);
                    let v = if square {
                        240
                    } else {
                        (i * 4 + j * 2 + c * 40 + k * 13) % 200
                    };
                    bytes.push(v as u8);
                }
            }
        }
    }
    datasets::cifar::parse_batch(&bytes, "generated.bin").unwrap()
}

#[test]
fn cifar_pipeline_runs_on_generated_images_in_the_binary_layout() {
    let batch = generated_cifar_batch(16);
    assert_eq!(batch.images.dim(), (16, 3, 32, 32));
    let x = to_float(&batch.images);
    let (mean, std) = channel_mean_std(&x).unwrap();
    let aug = Augment::params()
        .random_crop(32, 4)
        .hflip(0.5)
        .color_jitter(0.2, 0.2)
        .normalize(mean, std);
    let out = aug
        .apply(&batch.images, &mut StdRng::seed_from_u64(0))
        .unwrap();
    assert_eq!(out.dim(), (16, 3, 32, 32));
    assert!(out.iter().all(|v| v.is_finite()));
    // normalised with the batch's own statistics before augmentation: roughly centred
    let (m, _) = channel_mean_std(&out).unwrap();
    assert!(m.iter().all(|v| v.abs() < 0.5), "channel means {m}");
    // reproducible, and different from the un-augmented images
    assert_eq!(
        out,
        aug.apply(&batch.images, &mut StdRng::seed_from_u64(0))
            .unwrap()
    );
    let plain = Augment::params()
        .apply(&batch.images, &mut StdRng::seed_from_u64(0))
        .unwrap();
    assert_eq!(plain, x);
    assert_ne!(
        aug.augment(&batch.images, &mut StdRng::seed_from_u64(0))
            .unwrap(),
        x
    );
}

#[test]
fn padded_sequences_masks_and_layouts_line_up() {
    let seqs = vec![
        array![[1.0, 1.5], [2.0, 2.5], [3.0, 3.5]],
        array![[4.0, 4.5]],
        array![[5.0, 5.5], [6.0, 6.5]],
    ];
    let post = pad_sequences(&seqs, None, Padding::Post, -1.0).unwrap();
    assert_eq!(post.lengths.to_vec(), vec![3, 1, 2]);
    assert_eq!(post.mask, sequence_mask(&post.lengths, 3));
    assert_eq!(
        post.x.slice(ndarray::s![1, .., 0]).to_vec(),
        vec![4.0, -1.0, -1.0]
    );
    // Keras' default: pad and truncate at the front
    let pre = pad_sequences(&seqs, Some(2), Padding::Pre, 0.0).unwrap();
    assert_eq!(pre.x.slice(ndarray::s![0, .., 0]).to_vec(), vec![2.0, 3.0]);
    assert_eq!(pre.x.slice(ndarray::s![1, .., 0]).to_vec(), vec![0.0, 4.0]);
    assert_eq!(pre.mask, array![[true, true], [false, true], [true, true]]);
    let tm = to_time_major(&post.x);
    assert_eq!(tm.dim(), (3, 3, 2));
    assert_eq!(tm[[2, 0, 1]], post.x[[0, 2, 1]]);
    assert_eq!(to_batch_major(&tm), post.x);
}

#[test]
fn dropout_is_seeded_and_keeps_the_expectation() {
    let x = Array2::<f32>::ones((100, 100));
    let (a, ma) = dropout(&x, 0.5, &mut StdRng::seed_from_u64(1)).unwrap();
    let (b, mb) = dropout(&x, 0.5, &mut StdRng::seed_from_u64(1)).unwrap();
    assert_eq!((a.clone(), ma.clone()), (b, mb));
    assert!(
        a.iter()
            .zip(&ma)
            .all(|(&v, &m)| if m { v == 2.0 } else { v == 0.0 })
    );
    assert!((a.mean().unwrap() - 1.0).abs() < 0.05);
}

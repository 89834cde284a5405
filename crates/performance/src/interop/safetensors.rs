//! safetensors: the tensor file of Hugging Face (PyTorch, JAX, candle), read and written with
//! the format's own [safetensors](https://docs.rs/safetensors) crate.
//!
//! A safetensors file is 8 bytes (little-endian `u64`: the header length), a JSON header
//! `{"x": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}, "__metadata__": {...}}`,
//! then the tensors' bytes, little-endian, C order. Unlike pickle (`torch.save`) it runs no
//! code when loaded, and unlike `.npz` it can be memory-mapped member by member.
//!
//! | Python (`safetensors.numpy`) | Rust |
//! |---|---|
//! | `save_file({"x": x, "y": y}, path, metadata={"source": "mnist"})` | `SafetensorsWriter::new().add("x", &x)?.add("y", &y)?.metadata("source", "mnist").save(path)?` |
//! | `load_file(path)["x"]` | `SafetensorsFile::open(path)?.array::<f32>("x")?` |
//! | `safe_open(path, "np").keys()` | [`SafetensorsFile::names`] |
//!
//! Element types: `f32` (`F32`), `f64` (`F64`), `i64` (`I64`), `u8` (`U8`), `bool` (`BOOL`).
//!
//! ```
//! use ndarray::array;
//! use performance::interop::safetensors::{SafetensorsFile, SafetensorsWriter};
//! let w = array![[0.5f32, -1.0], [2.0, 3.5]];
//! let labels = array![3i64, 7];
//! let bytes = SafetensorsWriter::new().add("w", &w)?.add("labels", &labels)?.to_bytes()?;
//! let file = SafetensorsFile::from_bytes(bytes)?;
//! assert_eq!(file.names(), ["labels", "w"]);
//! assert_eq!(file.array::<f32>("w")?, w.into_dyn());
//! assert!(file.array::<f64>("w").is_err()); // stored as F32: an error, not a reinterpretation
//! # Ok::<(), performance::interop::Error>(())
//! ```

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use ::safetensors::tensor::{Dtype, SafeTensors, TensorView, View};
use ndarray::{ArrayBase, ArrayD, Data, Dimension, IxDyn};

use super::{Error, Result};

/// An element type that safetensors stores: its dtype and little-endian encoding.
pub trait SafetensorsElement: Copy + 'static {
    /// The safetensors dtype.
    const DTYPE: Dtype;
    /// Bytes per element.
    const SIZE: usize;
    /// Appends the little-endian bytes of `self`.
    fn put_le(self, out: &mut Vec<u8>);
    /// Decodes one element from exactly [`SIZE`](Self::SIZE) little-endian bytes.
    fn get_le(bytes: &[u8]) -> Self;
}

macro_rules! numeric_element {
    ($t:ty, $dtype:ident) => {
        impl SafetensorsElement for $t {
            const DTYPE: Dtype = Dtype::$dtype;
            const SIZE: usize = std::mem::size_of::<$t>();
            fn put_le(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
            fn get_le(bytes: &[u8]) -> Self {
                <$t>::from_le_bytes(bytes.try_into().expect("SIZE bytes"))
            }
        }
    };
}
numeric_element!(f32, F32);
numeric_element!(f64, F64);
numeric_element!(i64, I64);
numeric_element!(u8, U8);

impl SafetensorsElement for bool {
    const DTYPE: Dtype = Dtype::BOOL;
    const SIZE: usize = 1;
    fn put_le(self, out: &mut Vec<u8>) {
        out.push(u8::from(self));
    }
    fn get_le(bytes: &[u8]) -> Self {
        bytes[0] != 0
    }
}

/// One tensor held by the writer: dtype, shape and C-order little-endian bytes.
struct OwnedTensor {
    dtype: Dtype,
    shape: Vec<usize>,
    data: Vec<u8>,
}

impl View for &OwnedTensor {
    fn dtype(&self) -> Dtype {
        self.dtype
    }
    fn shape(&self) -> &[usize] {
        &self.shape
    }
    fn data(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(&self.data)
    }
    fn data_len(&self) -> usize {
        self.data.len()
    }
}

/// `safetensors.numpy.save_file`: collects named arrays (any layout; stored C order) and
/// writes them with optional string metadata.
#[derive(Default)]
pub struct SafetensorsWriter {
    tensors: Vec<(String, OwnedTensor)>,
    metadata: HashMap<String, String>,
}

impl SafetensorsWriter {
    /// An empty file.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds tensor `name` with `a`'s dtype and shape; the elements are copied in C order.
    ///
    /// # Errors
    /// [`Error::DuplicateName`] when `name` was added before.
    pub fn add<A, S, D>(mut self, name: &str, a: &ArrayBase<S, D>) -> Result<Self>
    where
        A: SafetensorsElement,
        S: Data<Elem = A>,
        D: Dimension,
    {
        if self.tensors.iter().any(|(n, _)| n == name) {
            return Err(Error::DuplicateName(name.to_string()));
        }
        let mut data = Vec::with_capacity(a.len() * A::SIZE);
        // `iter` walks in logical (C) order whatever the strides.
        for &x in a.iter() {
            x.put_le(&mut data);
        }
        let tensor = OwnedTensor {
            dtype: A::DTYPE,
            shape: a.shape().to_vec(),
            data,
        };
        self.tensors.push((name.to_string(), tensor));
        Ok(self)
    }

    /// Adds a `__metadata__` entry (string to string, as the format allows).
    pub fn metadata(mut self, key: &str, value: &str) -> Self {
        self.metadata.insert(key.to_string(), value.to_string());
        self
    }

    fn metadata_option(&self) -> Option<HashMap<String, String>> {
        (!self.metadata.is_empty()).then(|| self.metadata.clone())
    }

    /// The whole file as bytes.
    ///
    /// # Errors
    /// [`Error::Safetensors`] when the header cannot be built.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let views = self.tensors.iter().map(|(n, t)| (n.as_str(), t));
        Ok(::safetensors::serialize(views, self.metadata_option())?)
    }

    /// Writes the file (streamed; the tensors are not copied again).
    ///
    /// # Errors
    /// [`Error::Safetensors`] when writing fails (including I/O errors).
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let views = self.tensors.iter().map(|(n, t)| (n.as_str(), t));
        Ok(::safetensors::serialize_to_file(
            views,
            self.metadata_option(),
            path.as_ref(),
        )?)
    }
}

/// A safetensors file read into memory and validated (header, offsets, sizes) on opening.
pub struct SafetensorsFile {
    bytes: Vec<u8>,
}

impl SafetensorsFile {
    /// Reads and validates `path`.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read; [`Error::Safetensors`] when it is truncated
    /// or its header is malformed or disagrees with the data.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Self::from_bytes(bytes)
    }

    /// Validates bytes already in memory.
    ///
    /// # Errors
    /// [`Error::Safetensors`] for a malformed or truncated file.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self> {
        SafeTensors::deserialize(&bytes)?;
        Ok(SafetensorsFile { bytes })
    }

    fn parsed(&self) -> SafeTensors<'_> {
        SafeTensors::deserialize(&self.bytes).expect("validated when opened")
    }

    /// The tensor names, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .parsed()
            .names()
            .into_iter()
            .map(str::to_string)
            .collect();
        names.sort();
        names
    }

    /// The `__metadata__` entries.
    ///
    /// # Errors
    /// [`Error::Safetensors`] when the header cannot be read again.
    pub fn metadata(&self) -> Result<HashMap<String, String>> {
        let (_, meta) = SafeTensors::read_metadata(&self.bytes)?;
        Ok(meta.metadata().clone().unwrap_or_default())
    }

    /// The dtype and shape of tensor `name`.
    ///
    /// # Errors
    /// [`Error::Safetensors`] when there is no tensor `name`.
    pub fn info(&self, name: &str) -> Result<(Dtype, Vec<usize>)> {
        let view = self.parsed().tensor(name)?;
        Ok((view.dtype(), view.shape().to_vec()))
    }

    /// Tensor `name` as an owned array of its shape.
    ///
    /// # Errors
    /// [`Error::Safetensors`] when there is no tensor `name`; [`Error::Dtype`] when it is
    /// stored with another dtype than `A`.
    pub fn array<A: SafetensorsElement>(&self, name: &str) -> Result<ArrayD<A>> {
        let view: TensorView<'_> = self.parsed().tensor(name)?;
        if view.dtype() != A::DTYPE {
            return Err(Error::Dtype {
                name: name.to_string(),
                expected: format!("{:?}", A::DTYPE),
                found: format!("{:?}", view.dtype()),
            });
        }
        let data: Vec<A> = view.data().chunks_exact(A::SIZE).map(A::get_le).collect();
        ArrayD::from_shape_vec(IxDyn(view.shape()), data)
            .map_err(|e| Error::Shape(format!("tensor {name:?}: {e}")))
    }
}

//! The model file: one self-contained file holding the format version, the
//! training config, the pipeline (vocabularies, idf, lexicons) and every
//! head's labels and weights.
//!
//! Layout: 16-byte magic, format version (u32 LE), payload length (u64 LE),
//! FNV-1a 64 checksum of the payload (u64 LE), then the payload (postcard).
//! Loading checks each of these, in that order, before it allocates for the
//! payload; a truncated, corrupt or foreign file is refused with a message.
//! Writing goes to a temporary file beside the target, then a rename, so an
//! interrupted write never leaves a half model behind.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::StanceModel;

/// First bytes of every model file.
pub const MAGIC: &[u8; 16] = b"STANCEKIT MODEL\0";
/// The format this build writes and reads.
pub const FORMAT_VERSION: u32 = 3;
const HEADER_LEN: usize = 16 + 4 + 8 + 8;

/// Serialises `model` to bytes in the file format.
pub fn to_bytes(model: &StanceModel) -> Vec<u8> {
    let payload = postcard::to_stdvec(model).expect("a model always serialises");
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&fnv1a(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// Writes `model` to `path` atomically (temporary file, then rename). A
/// target that exists and is neither a file nor a folder (`/dev/null`, a
/// pipe) is written in place: a rename would replace it with a file.
pub fn save(model: &StanceModel, path: &Path) -> Result<()> {
    let bytes = to_bytes(model);
    if fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let write = || File::create(path)?.write_all(&bytes);
        return write().map_err(|e| Error::io(path, e));
    }
    let tmp = temp_path(path);
    let write = || -> std::io::Result<()> {
        let mut f = File::create(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    };
    write().map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "model".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Reads and checks a model file.
pub fn load(path: &Path) -> Result<StanceModel> {
    let refuse = |m: String| Error::model(path, m);
    if path.is_dir() {
        return Err(refuse("is a folder, not a model file".into()));
    }
    let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
    let file_len = file.metadata().map_err(|e| Error::io(path, e))?.len();
    let mut header = [0u8; HEADER_LEN];
    let got = read_up_to(&mut file, &mut header).map_err(|e| Error::io(path, e))?;
    let payload_len = check_header(&header[..got], file_len).map_err(refuse)?;
    let mut payload = Vec::with_capacity(payload_len);
    file.read_to_end(&mut payload)
        .map_err(|e| Error::io(path, e))?;
    from_payload(&header, &payload).map_err(refuse)
}

/// Parses a model from bytes in the file format; `origin` names it in errors.
pub fn from_bytes(bytes: &[u8], origin: &Path) -> Result<StanceModel> {
    let refuse = |m: String| Error::model(origin, m);
    let header = bytes.get(..HEADER_LEN).unwrap_or(bytes);
    check_header(header, bytes.len() as u64).map_err(refuse)?;
    from_payload(header, &bytes[HEADER_LEN..]).map_err(refuse)
}

fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Checks magic, version and declared length against the real file length;
/// returns the payload length.
fn check_header(header: &[u8], file_len: u64) -> std::result::Result<usize, String> {
    if header.len() < MAGIC.len() || &header[..MAGIC.len()] != MAGIC {
        return Err("not a stancekit model file (wrong magic bytes)".into());
    }
    if header.len() < HEADER_LEN {
        return Err(format!(
            "truncated: {} bytes, shorter than the {HEADER_LEN}-byte header",
            header.len()
        ));
    }
    let version = u32::from_le_bytes(header[16..20].try_into().expect("4 bytes"));
    if version != FORMAT_VERSION {
        return Err(format!("format version {version}, but this build of stancekit reads version {FORMAT_VERSION}; retrain the model or use a matching stancekit"));
    }
    let declared = u64::from_le_bytes(header[20..28].try_into().expect("8 bytes"));
    let actual = file_len.saturating_sub(HEADER_LEN as u64);
    if declared != actual {
        let what = if declared > actual {
            "truncated"
        } else {
            "trailing bytes"
        };
        return Err(format!(
            "{what}: the header declares {declared} bytes of payload but the file holds {actual}"
        ));
    }
    usize::try_from(declared)
        .map_err(|_| format!("declared payload of {declared} bytes is too large"))
}

fn from_payload(header: &[u8], payload: &[u8]) -> std::result::Result<StanceModel, String> {
    let checksum = u64::from_le_bytes(header[28..36].try_into().expect("8 bytes"));
    if fnv1a(payload) != checksum {
        return Err("corrupt: checksum mismatch (the file was damaged or edited)".into());
    }
    let model: StanceModel =
        postcard::from_bytes(payload).map_err(|e| format!("corrupt payload: {e}"))?;
    check_shapes(&model)?;
    Ok(model)
}

fn check_shapes(model: &StanceModel) -> std::result::Result<(), String> {
    if model.heads().is_empty() {
        return Err("the model has no head".into());
    }
    let n = model.pipeline().n_features();
    model.heads().iter().try_for_each(|h| h.check(n))?;
    let labels: Vec<&[String]> = model.heads().iter().map(|h| h.labels()).collect();
    model.context().map_or(Ok(()), |c| c.check(&labels))
}

/// FNV-1a, 64 bit: small, dependency-free, and enough to catch damage (it
/// is not a defence against a forged file).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::labelled::LabelledData;
    use crate::features::cues::Lexicons;
    use crate::model::TrainConfig;
    use crate::text::Turn;

    fn tiny_model() -> StanceModel {
        let texts = [
            "China firmly opposes the sanctions",
            "The allies reaffirmed their commitment",
            "The talks were held on Tuesday",
            "Beijing condemned the drills",
        ];
        let data = LabelledData {
            path: "mem".into(),
            heads: vec!["side".into()],
            texts: texts.iter().map(|t| t.to_string()).collect(),
            labels: vec![vec![
                "china".into(),
                "us_japan".into(),
                "none".into(),
                "china".into(),
            ]],
            lines: vec![2, 3, 4, 5],
            docs: None,
            turns: vec![Turn::Answer, Turn::Unknown, Turn::Question, Turn::Unknown],
        };
        StanceModel::train(&data, &TrainConfig::default(), &Lexicons::builtin()).unwrap()
    }

    #[test]
    fn save_then_load_gives_identical_predictions() {
        let model = tiny_model();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.model");
        save(&model, &path).unwrap();
        let loaded = load(&path).unwrap();
        let probe = [
            "China opposes it",
            "The allies met",
            "",
            "an unseen sentence entirely",
        ];
        assert_eq!(model.predict_many(&probe), loaded.predict_many(&probe));
        assert_eq!(to_bytes(&model), to_bytes(&loaded));
        assert!(!dir.path().read_dir().unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains(".tmp-")));
    }

    #[test]
    fn every_truncation_is_refused_without_panic() {
        let bytes = to_bytes(&tiny_model());
        for cut in (0..bytes.len()).step_by(97) {
            assert!(
                from_bytes(&bytes[..cut], Path::new("m")).is_err(),
                "cut at {cut}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_or_device_is_written_in_place_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo on this system
        }
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        let model = tiny_model();
        save(&model, &fifo).unwrap();
        let kind = std::fs::metadata(&fifo).unwrap().file_type();
        assert!(kind.is_fifo(), "the pipe was replaced by {kind:?}");
        assert_eq!(reader.join().unwrap(), to_bytes(&model));
    }

    #[test]
    fn a_failed_save_leaves_the_old_file_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.model");
        std::fs::write(&path, b"old").unwrap();
        let bad_target = dir.path().join("missing-folder").join("m.model");
        assert!(save(&tiny_model(), &bad_target).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
    }
}

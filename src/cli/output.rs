//! Output writers: the same rows as CSV, TSV or JSON Lines on stdout, and
//! the prediction columns every labelling command appends.

use std::borrow::Cow;
use std::io::{self, BufWriter, Stdout, Write};

use clap::ValueEnum;
use stancekit::model::{Prediction, StanceModel};
use stancekit::{Error, Result};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Comma-separated, with a header row.
    Csv,
    /// Tab-separated, with a header row.
    Tsv,
    /// One JSON object per line.
    Jsonl,
}

/// A row value: text, or a number written without quotes in JSON. Text is
/// borrowed where it can be, so a row costs no copy of its sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// A string.
    Text(Cow<'a, str>),
    /// A probability or share.
    Number(f64),
    /// A count or offset.
    Int(u64),
}

impl Value<'_> {
    /// The field's bytes: text as it is, numbers formatted into `buf`.
    fn as_field<'a>(&'a self, buf: &'a mut Vec<u8>) -> &'a [u8] {
        buf.clear();
        match self {
            Value::Text(s) => return s.as_bytes(),
            Value::Number(x) => write_fixed6(buf, *x),
            Value::Int(n) => push_decimal(buf, *n),
        }
        buf
    }

    fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Text(s) => serde_json::Value::String(s.to_string()),
            Value::Number(x) => serde_json::Number::from_f64((x * 1e6).round() / 1e6)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            Value::Int(n) => serde_json::Value::from(*n),
        }
    }
}

/// Writes `x` exactly as `format!("{x:.6}")` does, without the general float
/// formatter when it can. A probability is an `f32` widened, and for those
/// x × 10⁶ is exact in `f64` (a 24-bit mantissa times 15625 × 2⁶), so
/// rounding it half to even, as `{:.6}` rounds, gives the same digits.
fn write_fixed6(buf: &mut Vec<u8>, x: f64) {
    if x.is_sign_positive() && x < 1e9 && f64::from(x as f32) == x {
        let micros = (x * 1e6).round_ties_even() as u64;
        push_decimal(buf, micros / 1_000_000);
        buf.push(b'.');
        let mut frac = micros % 1_000_000;
        let mut digits = [b'0'; 6];
        for d in digits.iter_mut().rev() {
            *d = b'0' + (frac % 10) as u8;
            frac /= 10;
        }
        buf.extend_from_slice(&digits);
    } else {
        write!(buf, "{x:.6}").expect("writing to a Vec cannot fail");
    }
}

/// Appends the decimal digits of `n`, as `n.to_string()` has them.
fn push_decimal(buf: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[at..]);
}

/// Formats rows with a fixed header into bytes, so rows can be formatted on
/// every core and written in order by one.
#[derive(Debug, Clone)]
pub struct RowFormatter {
    header: Vec<String>,
    /// CSV or TSV: the field delimiter; JSON Lines: none.
    delimiter: Option<u8>,
    bytes: Vec<u8>,
    /// Where numbers are formatted, so a row costs no allocation.
    field: Vec<u8>,
}

impl RowFormatter {
    /// A formatter for `format` (the header is not written).
    pub fn new(format: Format, header: Vec<String>) -> Self {
        let delimiter = match format {
            Format::Csv => Some(b','),
            Format::Tsv => Some(b'\t'),
            Format::Jsonl => None,
        };
        RowFormatter {
            header,
            delimiter,
            bytes: Vec::new(),
            field: Vec::new(),
        }
    }

    /// The column names.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// Formats the header row (CSV and TSV only).
    fn format_header(&mut self) {
        if let Some(delimiter) = self.delimiter {
            let names = self.header.iter().map(|h| h.as_bytes());
            push_record(&mut self.bytes, delimiter, names);
        }
    }

    /// Formats one row; in JSON Lines, also the input's other keys after the
    /// row's own (a column of the row wins over an input key of the same
    /// name).
    pub fn format_with_extra(
        &mut self,
        values: &[Value<'_>],
        extra: Option<&serde_json::Map<String, serde_json::Value>>,
    ) {
        debug_assert_eq!(values.len(), self.header.len());
        let Some(delimiter) = self.delimiter else {
            let mut object: serde_json::Map<String, serde_json::Value> = self
                .header
                .iter()
                .cloned()
                .zip(values.iter().map(Value::to_json))
                .collect();
            for (key, value) in extra.into_iter().flatten() {
                object.entry(key.clone()).or_insert_with(|| value.clone());
            }
            serde_json::to_writer(&mut self.bytes, &object).expect("writing to a Vec cannot fail");
            self.bytes.push(b'\n');
            return;
        };
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.bytes.push(delimiter);
            }
            push_field(&mut self.bytes, delimiter, v.as_field(&mut self.field));
        }
        self.bytes.push(b'\n');
    }

    /// The bytes formatted so far, taken out of the formatter.
    pub fn take_bytes(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.bytes)
    }

    /// How many formatted bytes wait to be taken.
    fn pending(&self) -> usize {
        self.bytes.len()
    }
}

/// Appends one CSV record: the fields joined by `delimiter`, then a newline.
fn push_record<'a>(out: &mut Vec<u8>, delimiter: u8, fields: impl Iterator<Item = &'a [u8]>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(delimiter);
        }
        push_field(out, delimiter, field);
    }
    out.push(b'\n');
}

/// Appends one field as the csv crate writes it by default: quoted, with
/// quotes doubled, when it holds the delimiter, a quote or a line break;
/// as it is otherwise. (The crate also quotes a record made of one empty
/// field; no row here has fewer than two fields.)
fn push_field(out: &mut Vec<u8>, delimiter: u8, field: &[u8]) {
    // A fold without early exit compiles to a vector loop.
    let special = |b: u8| b == delimiter || b == b'"' || b == b'\n' || b == b'\r';
    if !field.iter().fold(false, |found, &b| found | special(b)) {
        out.extend_from_slice(field);
        return;
    }
    out.push(b'"');
    for piece in field.split_inclusive(|&b| b == b'"') {
        out.extend_from_slice(piece);
        if piece.ends_with(b"\"") {
            out.push(b'"');
        }
    }
    out.push(b'"');
}

/// Writes rows with a fixed header to stdout.
pub struct RowWriter {
    format: Format,
    rows: RowFormatter,
    out: BufWriter<Stdout>,
}

fn stdout_error(e: io::Error) -> Error {
    Error::io("<stdout>", e)
}

impl RowWriter {
    /// A writer for `format`; CSV and TSV write the header at once.
    pub fn new(format: Format, header: Vec<String>) -> Result<Self> {
        let mut w = RowWriter {
            format,
            rows: RowFormatter::new(format, header),
            out: BufWriter::with_capacity(1 << 16, io::stdout()),
        };
        w.rows.format_header();
        w.write_pending(0)?;
        Ok(w)
    }

    /// The column names.
    pub fn header(&self) -> &[String] {
        self.rows.header()
    }

    /// A formatter of this writer's format and header, for rows whose bytes
    /// are handed to [`RowWriter::write_formatted`].
    pub fn formatter(&self) -> RowFormatter {
        RowFormatter::new(self.format, self.rows.header.clone())
    }

    /// Writes one row (one value per header column).
    pub fn write(&mut self, values: &[Value<'_>]) -> Result<()> {
        self.write_with_extra(values, None)
    }

    /// Writes one row, with the input's other keys in JSON Lines (see
    /// [`RowFormatter::format_with_extra`]).
    pub fn write_with_extra(
        &mut self,
        values: &[Value<'_>],
        extra: Option<&serde_json::Map<String, serde_json::Value>>,
    ) -> Result<()> {
        self.rows.format_with_extra(values, extra);
        self.write_pending(1 << 16)
    }

    /// Writes rows a [`RowWriter::formatter`] formatted.
    pub fn write_formatted(&mut self, bytes: &[u8]) -> Result<()> {
        self.write_pending(0)?;
        self.out.write_all(bytes).map_err(stdout_error)
    }

    /// Passes the formatted rows on once there are at least `threshold`
    /// bytes of them.
    fn write_pending(&mut self, threshold: usize) -> Result<()> {
        if self.rows.pending() >= threshold {
            let bytes = self.rows.take_bytes();
            self.out.write_all(&bytes).map_err(stdout_error)?;
        }
        Ok(())
    }

    /// Flushes what was written so far.
    pub fn flush(&mut self) -> Result<()> {
        self.write_pending(0)?;
        self.out.flush().map_err(stdout_error)
    }
}

/// The prediction columns of every head: `H_pred`, `H_prob`, and with
/// `probs` one `H_prob_<label>` per label.
pub fn prediction_columns(model: &StanceModel, probs: bool) -> Vec<String> {
    let mut cols = Vec::new();
    for head in model.heads() {
        cols.push(format!("{}_pred", head.name()));
        cols.push(format!("{}_prob", head.name()));
        if probs {
            cols.extend(
                head.labels()
                    .iter()
                    .map(|l| format!("{}_prob_{l}", head.name())),
            );
        }
    }
    cols
}

/// The `H_explain` column of every head, for `predict --explain`.
pub fn explain_columns(model: &StanceModel) -> Vec<String> {
    model
        .heads()
        .iter()
        .map(|h| format!("{}_explain", h.name()))
        .collect()
}

/// The values for [`prediction_columns`].
pub fn prediction_values<'m>(
    model: &'m StanceModel,
    p: &Prediction,
    probs: bool,
    out: &mut Vec<Value<'m>>,
) {
    for h in 0..model.heads().len() {
        let (label, prob) = model.label_of(p, h);
        out.push(Value::Text(label.into()));
        out.push(Value::Number(f64::from(prob)));
        if probs {
            out.extend(
                p.probs[model.head_range(h)]
                    .iter()
                    .map(|&x| Value::Number(f64::from(x))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed6(x: f64) -> String {
        let mut buf = Vec::new();
        write_fixed6(&mut buf, x);
        String::from_utf8(buf).unwrap()
    }

    proptest::proptest! {
        #[test]
        fn records_are_those_the_csv_crate_writes(
            fields in proptest::collection::vec("[a-c ,;\t\"\r\n\u{e9}]{0,6}", 2..6),
            tab in proptest::bool::ANY,
        ) {
            let delimiter = if tab { b'\t' } else { b',' };
            let mut ours = Vec::new();
            push_record(&mut ours, delimiter, fields.iter().map(|f| f.as_bytes()));
            let mut theirs = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
            theirs.write_record(&fields).unwrap();
            proptest::prop_assert_eq!(ours, theirs.into_inner().unwrap());
        }
    }

    #[test]
    fn decimals_are_those_of_to_string() {
        for n in [0, 7, 10, 99, 1_000_000, 123_456_789, u64::MAX] {
            let mut buf = Vec::new();
            push_decimal(&mut buf, n);
            assert_eq!(buf, n.to_string().into_bytes());
        }
    }

    #[test]
    fn fixed6_formats_as_the_standard_formatter() {
        // A spread of f32 values from 0 to 1e9 (every 997th bit pattern),
        // then ties, other f64 values and specials that take the slow path.
        let floats = (0..0x4E80_0000u32)
            .step_by(997)
            .map(|b| f64::from(f32::from_bits(b)));
        let others = [
            0.125,
            0.25,
            0.0000005,
            0.0000015,
            1.0 / 3.0,
            -0.5,
            -0.0,
            1e12,
            f64::NAN,
        ];
        for x in floats.chain(others) {
            assert_eq!(fixed6(x), format!("{x:.6}"), "{x:e}");
        }
    }
}

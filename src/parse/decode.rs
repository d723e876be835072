//! Bytes to text: byte-order marks, UTF-8, UTF-16 and Windows-1252 (older pages), line
//! endings.

use std::borrow::Cow;

use serde::Serialize;

/// The character encoding a file was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// UTF-16 (little or big endian), announced by a byte-order mark.
    Utf16,
    /// Windows-1252, the encoding of older pages; chosen when the bytes are not UTF-8.
    Windows1252,
}

/// Decodes a file's bytes into text with `\n` line endings.
///
/// UTF-8 (with or without BOM) is taken as is; a UTF-16 BOM selects UTF-16; anything else
/// that is not valid UTF-8 is decoded as Windows-1252, which maps every byte to a character,
/// so decoding never fails. `\r\n` and lone `\r` become `\n`; NUL characters are dropped.
#[must_use]
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (String::from_utf8_lossy(rest).into_owned(), Encoding::Utf8)
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let enc = if bytes[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, _) = enc.decode_without_bom_handling(&bytes[2..]);
        (text.into_owned(), Encoding::Utf16)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_owned(), Encoding::Utf8),
            Err(_) => (decode_mixed(bytes), Encoding::Windows1252),
        }
    };
    let text = match normalize_newlines(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(normalized) => normalized,
    };
    (text, encoding)
}

/// Decodes bytes that are not UTF-8 as a whole line by line: lines that are valid UTF-8
/// stay UTF-8 (a file assembled from several sources), the others are Windows-1252.
fn decode_mixed(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    for line in bytes.split_inclusive(|b| *b == b'\n') {
        match std::str::from_utf8(line) {
            Ok(s) => out.push_str(s),
            Err(_) => out.push_str(
                &encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(line)
                    .0,
            ),
        }
    }
    out
}

/// Turns `\r\n` and lone `\r` into `\n` and drops NUL characters (borrowed when there
/// are none, the usual case).
#[must_use]
pub fn normalize_newlines(s: &str) -> Cow<'_, str> {
    if memchr::memchr2(b'\r', b'\0', s.as_bytes()).is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\0' => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_and_crlf() {
        let (text, enc) = decode(b"\xEF\xBB\xBFMinist\xC3\xA8re\r\nline\rend");
        assert_eq!(enc, Encoding::Utf8);
        assert_eq!(text, "Ministère\nline\nend");
    }

    #[test]
    fn windows_1252_is_detected() {
        let (text, enc) = decode(b"Minist\xE8re interrog\xE9 \x92 \x80");
        assert_eq!(enc, Encoding::Windows1252);
        assert_eq!(text, "Ministère interrogé \u{2019} €");
    }

    #[test]
    fn utf16_with_bom() {
        let bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Qé".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&bytes), ("Qé".to_owned(), Encoding::Utf16));
    }

    #[test]
    fn mixed_files_keep_their_utf8_lines() {
        let (text, enc) = decode(b"Minist\xC3\xA8re\nMinist\xE8re\n");
        assert_eq!(enc, Encoding::Windows1252);
        assert_eq!(text, "Ministère\nMinistère\n");
    }

    #[test]
    fn nul_bytes_are_dropped() {
        assert_eq!(decode(b"a\0b").0, "ab");
    }
}

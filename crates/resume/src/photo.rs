//! The resume's picture (`basics.image`, or the pre-1.0 `basics.picture`): a file next to the
//! resume, copied into the site under a content-hashed name. The page loads nothing from another
//! origin and its content security policy allows images of its own only, so a picture given as
//! a URL is left out, with a warning that says what to do.

use std::io::Read;
use std::path::Path;

/// A picture that goes into the site as `assets/photo.<hash>.<ext>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    /// `png`, `jpg`, `gif`, `webp` or `avif`, from the file's own first bytes.
    pub ext: &'static str,
    /// The picture's bytes.
    pub bytes: Vec<u8>,
}

/// The largest picture copied into the site: a portrait on a resume is a few hundred kilobytes.
pub const MAX_PHOTO_BYTES: u64 = 2 * 1024 * 1024;

/// The picture `image` names, relative to the folder of the resume file, or why there is none.
/// SVG is not taken: opened on its own, an SVG file on the site's origin may run script.
pub fn resolve(resume_file: &Path, image: &str) -> Result<Photo, String> {
    let lower = image.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//") {
        return Err(format!(
            "\"{image}\" is on another origin; the page loads nothing from another origin (its content \
             security policy allows its own images only), so it shows no picture: save the picture next \
             to the resume and give its file name"
        ));
    }
    if lower.contains(':') && !Path::new(image).exists() {
        return Err(format!("\"{image}\" is not a file name; give the name of a picture next to the resume"));
    }
    let path = resume_file.parent().unwrap_or(Path::new(".")).join(image);
    let file = std::fs::File::open(&path)
        .map_err(|e| format!("cannot read the picture {} ({e}); the page shows no picture", path.display()))?;
    let mut bytes = Vec::new();
    file.take(MAX_PHOTO_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the picture {} ({e}); the page shows no picture", path.display()))?;
    if bytes.len() as u64 > MAX_PHOTO_BYTES {
        return Err(format!(
            "the picture {} is larger than {} MB; make it smaller (a few hundred kilobytes is plenty)",
            path.display(),
            MAX_PHOTO_BYTES / (1024 * 1024)
        ));
    }
    let ext = kind(&bytes).ok_or_else(|| {
        format!("{} is not a PNG, JPEG, GIF, WebP or AVIF picture; the page shows no picture", path.display())
    })?;
    Ok(Photo { ext, bytes })
}

/// The picture's type from its first bytes (a name can say anything).
fn kind(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0x89, b'P', b'N', b'G', ..] => Some("png"),
        [0xFF, 0xD8, 0xFF, ..] => Some("jpg"),
        [b'G', b'I', b'F', b'8', ..] => Some("gif"),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some("webp"),
        [_, _, _, _, b'f', b't', b'y', b'p', b'a', b'v', b'i', b'f', ..] => Some("avif"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(kind(b"\x89PNG\r\n\x1a\n...."), Some("png"));
        assert_eq!(kind(b"\xff\xd8\xff\xe0...."), Some("jpg"));
        assert_eq!(kind(b"RIFF\0\0\0\0WEBPVP8 "), Some("webp"));
        assert_eq!(kind(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), None);
        assert_eq!(kind(b""), None);
    }
}

//! The resume on paper: which paper a PDF is printed on, and what a printed PDF holds (its
//! pages and their size), so that `build --pdf` can say when the resume runs past the pages its
//! author wants.

/// A paper size for the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Paper {
    /// ISO A4, 210 × 297 mm: most of the world.
    A4,
    /// US Letter, 8.5 × 11 in: the United States, Canada, Mexico, the Philippines and parts of
    /// Latin America.
    Letter,
}

/// Regions whose offices print on Letter paper (ISO 3166 codes, as BCP 47 region subtags).
const LETTER_REGIONS: &[&str] = &["US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "SV", "DO", "PR", "NI"];

impl Paper {
    /// The paper for a language tag (`en-US`, `es_MX`, `de`): Letter where its region prints on
    /// Letter, A4 for every other tag and when there is none.
    pub fn for_language_tag(tag: Option<&str>) -> Self {
        let region = tag.into_iter().flat_map(|t| t.split(['-', '_']).skip(1)).find(|s| s.len() == 2);
        match region {
            Some(r) if LETTER_REGIONS.iter().any(|l| l.eq_ignore_ascii_case(r)) => Paper::Letter,
            _ => Paper::A4,
        }
    }

    /// Its name in Typst's `page(paper: …)`.
    pub fn typst_name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "us-letter",
        }
    }

    /// Width and height in PDF points (1/72 in).
    pub fn points(self) -> (f64, f64) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }

    /// Its name as people say it.
    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::Letter => "US Letter",
        }
    }

    /// The paper whose size is within a point of `(width, height)`, if any.
    pub fn of_size(width: f64, height: f64) -> Option<Self> {
        [Paper::A4, Paper::Letter].into_iter().find(|p| {
            let (w, h) = p.points();
            (w - width).abs() < 1.0 && (h - height).abs() < 1.0
        })
    }
}

/// What a PDF file holds, as far as a printed resume cares.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfPages {
    /// The size of each page, in points, in page order.
    pub sizes: Vec<(f64, f64)>,
}

impl PdfPages {
    /// Reads the page tree of a PDF (with `lopdf`); an error says why the bytes are not a PDF.
    pub fn read(bytes: &[u8]) -> Result<Self, String> {
        let doc = lopdf::Document::load_mem(bytes).map_err(|e| format!("not a readable PDF: {e}"))?;
        let mut sizes = Vec::new();
        for (number, id) in doc.get_pages() {
            let size = media_box(&doc, id).ok_or_else(|| format!("page {number} has no MediaBox"))?;
            sizes.push(size);
        }
        Ok(Self { sizes })
    }

    /// How many pages.
    pub fn count(&self) -> usize {
        self.sizes.len()
    }
}

/// The page's MediaBox as width and height, looked up the page tree (a page inherits it).
fn media_box(doc: &lopdf::Document, mut id: lopdf::ObjectId) -> Option<(f64, f64)> {
    for _ in 0..32 {
        let dict = doc.get_dictionary(id).ok()?;
        if let Ok(array) = dict.get(b"MediaBox").and_then(|b| doc.dereference(b)).and_then(|(_, b)| b.as_array()) {
            let n: Vec<f64> = array.iter().filter_map(|v| v.as_float().ok().map(f64::from)).collect();
            return (n.len() == 4).then(|| (n[2] - n[0], n[3] - n[1]));
        }
        id = dict.get(b"Parent").ok()?.as_reference().ok()?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_where_the_region_prints_on_it_and_a4_elsewhere() {
        for tag in ["en-US", "en_us", "es-MX", "fr-CA", "en-Latn-US"] {
            assert_eq!(Paper::for_language_tag(Some(tag)), Paper::Letter, "{tag}");
        }
        for tag in ["en", "en-GB", "de", "de-DE", "fr-FR", "ja", "zh-Hans-CN", "es-ES", ""] {
            assert_eq!(Paper::for_language_tag(Some(tag)), Paper::A4, "{tag}");
        }
        assert_eq!(Paper::for_language_tag(None), Paper::A4);
    }

    #[test]
    fn paper_sizes_are_told_apart() {
        assert_eq!(Paper::of_size(594.96, 841.92), Some(Paper::A4));
        assert_eq!(Paper::of_size(612.0, 792.0), Some(Paper::Letter));
        assert_eq!(Paper::of_size(842.0, 595.0), None);
    }

    #[test]
    fn bytes_that_are_no_pdf_are_an_error_not_a_panic() {
        assert!(PdfPages::read(b"").is_err());
        assert!(PdfPages::read(b"%PDF-1.7\n garbage").is_err());
    }
}

//! The analyzers of the search index: how texts and queries are cut into the terms that
//! are matched.
//!
//! - [`FRENCH`]: words (letters and digits), lower case, French stop words and elided
//!   articles removed (`l'école` → `école`, `qu'il` → `il`), accents folded, feminine
//!   endings turned masculine (`infirmières` → `infirmiers`, `agricultrices` →
//!   `agriculteurs`, `éoliennes` → `eoliens`: Snowball leaves them apart), Snowball French
//!   stemming: `écoles`, `Ecole` and `l'école` all give `ecol`.
//! - [`FOLDED`]: words, lower case, accents folded, nothing removed or stemmed: exact
//!   phrases and the filters (`ministry:intérieur`) match on it.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer, TokenizerManager,
};

/// Name of the French analyzer in the index.
pub const FRENCH: &str = "qe2rdf_fr";
/// Name of the folded analyzer in the index.
pub const FOLDED: &str = "qe2rdf_folded";

/// Words longer than this are dropped (they are not words: identifiers, URLs, runs of
/// characters).
const LONGEST_WORD: usize = 40;

/// What is left of a word when French elides it before a vowel (`l'`, `d'`, `qu'`,
/// `jusqu'`…): the tokenizer cuts at the apostrophe, these are dropped.
const ELIDED: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
    "quelqu",
];

/// The French analyzer (see the module documentation).
#[must_use]
pub fn french() -> TextAnalyzer {
    let elided = StopWordFilter::remove(ELIDED.iter().map(|w| (*w).to_owned()));
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(elided);
    let builder = match StopWordFilter::new(Language::French) {
        Some(stop) => builder.filter_dynamic(stop),
        None => builder.filter_dynamic(StopWordFilter::remove(Vec::new())),
    };
    builder
        .filter_dynamic(AsciiFoldingFilter)
        .filter_dynamic(Masculine)
        .filter_dynamic(Stemmer::new(Language::French))
        .build()
}

/// The folded analyzer (see the module documentation).
#[must_use]
pub fn folded() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Feminine endings and their masculine, folded (longest first): what a word ending in
/// the first would end in, masculine. Only words longer than the ending by 3 letters at
/// least are changed (`rive`, `elle` stay).
const FEMININE: &[(&str, &str)] = &[
    ("trices", "teurs"),
    ("trice", "teur"),
    ("euses", "eurs"),
    ("euse", "eur"),
    ("ieres", "iers"),
    ("iere", "ier"),
    ("iennes", "iens"),
    ("ienne", "ien"),
    ("ennes", "ens"),
    ("enne", "en"),
    ("ives", "ifs"),
    ("ive", "if"),
];

/// Turns feminine endings masculine (see [`FEMININE`]).
#[derive(Clone, Copy)]
pub struct Masculine;

impl TokenFilter for Masculine {
    type Tokenizer<T: Tokenizer> = MasculineFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> MasculineFilter<T> {
        MasculineFilter(tokenizer)
    }
}

/// The tokenizer [`Masculine`] makes.
#[derive(Clone)]
pub struct MasculineFilter<T>(T);

impl<T: Tokenizer> Tokenizer for MasculineFilter<T> {
    type TokenStream<'a> = MasculineStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MasculineStream(self.0.token_stream(text))
    }
}

/// The token stream of [`MasculineFilter`].
pub struct MasculineStream<T>(T);

impl<T: TokenStream> TokenStream for MasculineStream<T> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let text = &mut self.0.token_mut().text;
        if let Some((feminine, masculine)) = FEMININE
            .iter()
            .find(|(f, _)| text.len() >= f.len() + 3 && text.ends_with(f))
        {
            let stem = text.len() - feminine.len();
            text.truncate(stem);
            text.push_str(masculine);
        }
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

/// Registers both analyzers under their names.
pub fn register(tokenizers: &TokenizerManager) {
    tokenizers.register(FRENCH, french());
    tokenizers.register(FOLDED, folded());
}

/// The terms an analyzer makes of a text, in order.
#[must_use]
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_feminines_elisions_and_accents_meet_in_one_term() {
        let mut fr = french();
        for (a, b) in [
            ("écoles", "école"),
            ("l'école", "Ecole"),
            ("d’écoles", "ecoles"),
            ("rurales", "rural"),
            ("fermetures", "fermeture"),
            ("collectivités", "collectivite"),
            ("infirmières", "infirmier"),
            ("agricultrices", "agriculteur"),
            ("éleveuses", "éleveurs"),
            ("éoliennes", "éolien"),
            ("sportive", "sportifs"),
        ] {
            assert_eq!(terms(&mut fr, a), terms(&mut fr, b), "{a} / {b}");
            assert!(!terms(&mut fr, a).is_empty(), "{a}");
        }
        assert!(terms(&mut fr, "de la le les qu' l'").is_empty());
        assert_ne!(terms(&mut fr, "éleveuses"), terms(&mut fr, "élèves"));
        assert_ne!(
            terms(&mut fr, "rive"),
            terms(&mut fr, "rif"),
            "short words keep their ending"
        );
        assert_eq!(
            terms(&mut folded(), "L'École RURALE"),
            ["l", "ecole", "rurale"]
        );
    }
}

//! The CLDR data the page's phrases read, and no more: ICU4X's baked data for country names,
//! the names of units, decimal symbols and plural rules, compiled into one provider.
//!
//! `icu_experimental`'s own `compiled_data` bakes every one of its components (transliterators,
//! currencies, relative times, person names, …): 46 MB of Rust source that took a minute of a
//! two-core cold build, most of it for data the page never asks for. Its data crate exports one
//! macro per data marker for exactly this case, a provider with only the markers it needs; the
//! formatters then take it through their `try_new_unstable` constructors.

/// The provider: every locale CLDR has, for the five markers [`crate::lang::Phrases`] uses and
/// the names of languages (a language switcher names each language in itself).
pub(crate) struct Cldr;

const _: () = {
    // The generated code names its types through a crate called `icu` (ICU4X's umbrella crate);
    // these are the parts of it that the five markers need.
    mod icu {
        pub use icu_decimal as decimal;
        pub use icu_experimental as experimental;
        pub use icu_locale as locale;
        pub use icu_plurals as plurals;
    }
    icu_experimental_data::make_provider!(Cldr);
    icu_experimental_data::impl_region_display_names_v1!(Cldr);
    icu_experimental_data::impl_language_display_names_v1!(Cldr);
    icu_experimental_data::impl_units_display_names_v1!(Cldr);
    icu_decimal_data::impl_decimal_symbols_v1!(Cldr);
    icu_decimal_data::impl_decimal_digits_v1!(Cldr);
    icu_plurals_data::impl_plurals_cardinal_v1!(Cldr);
};

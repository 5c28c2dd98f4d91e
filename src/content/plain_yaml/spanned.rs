//! `serde_saphyr::Spanned` values, with the positions serde-saphyr gives them.
//!
//! `Spanned::deserialize` asks for a newtype struct named [`NEWTYPE`] and
//! accepts a map whose first key is [`MARKER`], then `value`, `referenced`
//! and `defined`; a `Location` is read from a map of `line`, `column`, `span`
//! and `source_id`, a `Span` from `offset`, `len` (in characters) and
//! `byte_info` (byte offset and length). This module gives such maps, as
//! serde-saphyr's `de/spanned_deser.rs` does. Without aliases a value is
//! referenced where it is defined, so both locations are the same.

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use super::Decline;
use super::de::Reader;
use super::events::{Event, Style};

/// The name under which `Spanned` asks for its value.
pub(super) const NEWTYPE: &str = "__yaml_spanned";
/// The first key of the map `Spanned` accepts from serde-saphyr.
const MARKER: &str = "__serde_saphyr_private_spanned";
const FIELDS: [&str; 4] = [MARKER, "value", "referenced", "defined"];

/// Where a scalar is: 1-based line and column (in characters), and its
/// offset and length in characters and in bytes from the start of the text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Position {
    pub line: u32,
    pub column: u32,
    pub offset: u32,
    pub len: u32,
    pub byte_offset: u32,
    pub byte_len: u32,
}

/// Gives `visitor` the next scalar with its position; declines a collection.
pub(super) fn deserialize<'de, V: Visitor<'de>>(
    reader: &mut Reader<'de, '_>,
    visitor: V,
) -> Result<V::Value, Decline> {
    let scalar = match reader.peek() {
        Some(Event::Scalar(scalar)) if !matches!(scalar.style, Style::Literal { .. }) => scalar,
        _ => return Err(Decline("a span of a collection or block scalar")),
    };
    let position = reader.position(scalar);
    visitor.visit_newtype_struct(Spanned { reader, position })
}

/// The inner deserializer of a `Spanned` value: a map of [`FIELDS`].
struct Spanned<'r, 'de, 'e> {
    reader: &'r mut Reader<'de, 'e>,
    position: Position,
}

impl<'de> de::Deserializer<'de> for Spanned<'_, 'de, '_> {
    type Error = Decline;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        visitor.visit_map(Fields {
            reader: self.reader,
            position: self.position,
            next: 0,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

struct Fields<'r, 'de, 'e> {
    reader: &'r mut Reader<'de, 'e>,
    position: Position,
    /// Index of the next field in [`FIELDS`].
    next: usize,
}

impl<'de> de::MapAccess<'de> for Fields<'_, 'de, '_> {
    type Error = Decline;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Decline> {
        match FIELDS.get(self.next) {
            Some(&key) => seed.deserialize(key.into_deserializer()).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Decline> {
        let field = self.next;
        self.next += 1;
        match field {
            0 => seed.deserialize(true.into_deserializer()),
            1 => seed.deserialize(&mut *self.reader),
            _ => seed.deserialize(Synthetic::Location(self.position)),
        }
    }
}

/// The parts of a `Location` as serde-saphyr hands them over.
#[derive(Debug, Clone, Copy)]
enum Synthetic {
    Location(Position),
    Span(Position),
    Number(u32),
    Pair(u32, u32),
}

impl<'de> IntoDeserializer<'de, Decline> for Synthetic {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> de::Deserializer<'de> for Synthetic {
    type Error = Decline;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        use Synthetic::{Number, Pair, Span};
        match self {
            Synthetic::Location(p) => visitor.visit_map(MapDeserializer::new(
                [
                    ("line", Number(p.line)),
                    ("column", Number(p.column)),
                    ("span", Span(p)),
                    ("source_id", Number(0)),
                ]
                .into_iter(),
            )),
            Span(p) => visitor.visit_map(MapDeserializer::new(
                [
                    ("offset", Number(p.offset)),
                    ("len", Number(p.len)),
                    ("byte_info", Pair(p.byte_offset, p.byte_len)),
                ]
                .into_iter(),
            )),
            Number(n) => visitor.visit_u32(n),
            Pair(a, b) => visitor.visit_seq(SeqDeserializer::new([a, b].into_iter())),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

//! Second pass: a serde `Deserializer` over the events, so that the model's
//! own `Deserialize` impls stay the one definition of the format.
//!
//! Each scalar becomes what serde-saphyr makes of it for the type asked for,
//! or the reader declines: strings are the text as written (a plain null is
//! declined), booleans only `true` and `false`, integers only plain decimals
//! such as `2023`, floats only decimals such as `0.5`, variants only plain
//! names; where no type is given (`serde_json::Value`) only scalars that are
//! surely text. These rules were found by trying serde-saphyr and are
//! checked against it by `tests/plain_yaml.rs`.

use std::borrow::Cow;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};

use super::Decline;
use super::events::{Event, Scalar, Style, decimal_integer, typed_word};
use super::spanned::{self, Position};

/// Runs `T`'s `Deserialize` impl over `events`, the events of `text`.
pub(super) fn deserialize<T: DeserializeOwned>(text: &str, events: &[Event]) -> Result<T, Decline> {
    let mut reader = Reader {
        text,
        events,
        next: 0,
        counted: (0, 0),
    };
    let value = T::deserialize(&mut reader)?;
    if reader.next == events.len() {
        Ok(value)
    } else {
        Err(Decline("events left over"))
    }
}

/// The events being deserialized, with the next one to read.
pub(super) struct Reader<'de, 'e> {
    text: &'de str,
    events: &'e [Event],
    next: usize,
    /// Characters counted so far: (bytes, characters) of the text before a
    /// byte. Spans count characters from the start of the text, and spanned
    /// values come in document order, so counting goes on from here.
    counted: (usize, usize),
}

impl<'de> Reader<'de, '_> {
    pub(super) fn peek(&self) -> Option<Event> {
        self.events.get(self.next).copied()
    }

    fn take(&mut self) -> Result<Event, Decline> {
        let event = self.peek().ok_or(Decline("no more events"))?;
        self.next += 1;
        Ok(event)
    }

    fn take_scalar(&mut self) -> Result<Scalar, Decline> {
        match self.take()? {
            Event::Scalar(scalar) => Ok(scalar),
            _ => Err(Decline("a collection where a scalar is wanted")),
        }
    }

    /// The next scalar's text, if it is plain and not null.
    fn take_plain(&mut self) -> Result<&'de str, Decline> {
        let scalar = self.take_scalar()?;
        let text = self.written(scalar);
        if scalar.style != Style::Plain {
            Err(Decline(
                "a quoted scalar where a number, boolean or variant is wanted",
            ))
        } else if null(text) {
            Err(Decline("null where a value is wanted"))
        } else {
            Ok(text)
        }
    }

    /// The scalar as written, quotes included.
    fn written(&self, scalar: Scalar) -> &'de str {
        &self.text[scalar.start as usize..scalar.end as usize]
    }

    /// The string a scalar stands for; serde-saphyr refuses a plain null as a string.
    fn string(&self, scalar: Scalar) -> Result<Cow<'de, str>, Decline> {
        scalar_text(self.text, scalar)
    }

    /// Where `scalar` is, as serde-saphyr reports it.
    pub(super) fn position(&mut self, scalar: Scalar) -> Position {
        let (start, end) = (scalar.start as usize, scalar.end as usize);
        Position {
            line: scalar.line,
            column: characters(&self.text[scalar.line_start as usize..start]) + 1,
            offset: self.characters_before(start),
            len: characters(&self.text[start..end]),
            byte_offset: scalar.start,
            byte_len: scalar.end - scalar.start,
        }
    }

    fn characters_before(&mut self, at: usize) -> u32 {
        if at < self.counted.0 {
            self.counted = (0, 0);
        }
        let (from, before) = self.counted;
        let count = before + characters(&self.text[from..at]) as usize;
        self.counted = (at, count);
        count as u32
    }
}

/// The string `scalar` of `text` stands for; serde-saphyr refuses a plain null as a string.
pub(super) fn scalar_text(text: &str, scalar: Scalar) -> Result<Cow<'_, str>, Decline> {
    let written = &text[scalar.start as usize..scalar.end as usize];
    let quoted = || &written[1..written.len() - 1];
    match scalar.style {
        Style::Plain if null(written) => Err(Decline("null where a string is wanted")),
        Style::Plain => Ok(Cow::Borrowed(written)),
        Style::DoubleQuoted => Ok(Cow::Borrowed(quoted())),
        Style::SingleQuoted if quoted().contains("''") => {
            Ok(Cow::Owned(quoted().replace("''", "'")))
        }
        Style::SingleQuoted => Ok(Cow::Borrowed(quoted())),
        Style::Literal { indent, strip } => Ok(Cow::Owned(literal(written, indent.into(), strip))),
    }
}

/// Characters in `text` (the standard library counts them a word at a time).
fn characters(text: &str) -> u32 {
    text.chars().count() as u32
}

/// The text of a literal block scalar from its `lines`: each without its
/// indentation and ended by `\n`, except the last one with `|-`.
fn literal(lines: &str, indent: usize, strip: bool) -> String {
    let lines = || {
        lines
            .split('\n')
            .map(|line| line.strip_suffix('\r').unwrap_or(line))
            .map(|line| line.get(indent..).unwrap_or_default())
    };
    let len = lines().map(|line| line.len() + 1).sum::<usize>() - usize::from(strip);
    let mut text = String::with_capacity(len);
    for line in lines() {
        text.push_str(line);
        text.push('\n');
    }
    if strip {
        text.pop();
    }
    text
}

/// Whether YAML surely reads a plain scalar as text where no type is given:
/// it begins with a letter and is no null, boolean or float word, or it is
/// not ASCII (YAML's nulls, booleans and numbers are).
fn text_to_yaml(text: &str) -> bool {
    let letter = text.as_bytes().first().is_some_and(u8::is_ascii_alphabetic);
    (letter || !text.is_ascii()) && !typed_word(text.as_bytes())
}

/// Plain scalars that YAML reads as null (an empty one never reaches here).
fn null(text: &str) -> bool {
    matches!(text, "~" | "null" | "Null" | "NULL")
}

/// A float written as a plain decimal, `0.5` or `60`; serde-saphyr reads these with `str::parse`.
fn plain_decimal(text: &str) -> bool {
    match text.split_once('.') {
        None => decimal_integer(text.as_bytes()),
        Some((whole, fraction)) => {
            decimal_integer(whole.as_bytes())
                && !fraction.is_empty()
                && fraction.bytes().all(|b| b.is_ascii_digit())
        }
    }
}

/// Declines what content files never need, so that serde-saphyr decides.
macro_rules! decline {
    ($($method:ident),*) => {
        $(fn $method<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Decline> {
            Err(Decline(concat!("a value for ", stringify!($method))))
        })*
    };
}

/// Integers the same way, whatever their width: serde's visitors check the range.
macro_rules! integers {
    ($($method:ident),*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
            self.integer(visitor)
        })*
    };
}

impl<'de> Reader<'de, '_> {
    fn integer<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Decline> {
        let text = self.take_plain()?;
        match text.parse::<u64>() {
            Ok(number) if decimal_integer(text.as_bytes()) => visitor.visit_u64(number),
            _ => Err(Decline("an integer not written as a plain decimal")),
        }
    }

    fn float<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Decline> {
        let text = self.take_plain()?;
        match text.parse::<f64>() {
            Ok(number) if plain_decimal(text) && number.is_finite() => visitor.visit_f64(number),
            _ => Err(Decline("a float not written as a plain decimal")),
        }
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de, '_> {
    type Error = Decline;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        match self.peek() {
            Some(Event::MapStart) => self.deserialize_map(visitor),
            Some(Event::SeqStart(_)) => self.deserialize_seq(visitor),
            Some(Event::Scalar(scalar))
                if scalar.style != Style::Plain || text_to_yaml(self.written(scalar)) =>
            {
                self.deserialize_str(visitor)
            }
            // serde-saphyr would make a null, boolean or number of it, or refuse it.
            _ => Err(Decline("a scalar of no given type that may not be text")),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        match self.take_plain()? {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => Err(Decline("a boolean not written as true or false")),
        }
    }

    integers!(
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64
    );

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        self.float(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        self.float(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        let scalar = self.take_scalar()?;
        match self.string(scalar)? {
            Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
            Cow::Owned(text) => visitor.visit_string(text),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        match self.peek() {
            Some(Event::Scalar(scalar))
                if scalar.style == Style::Plain && null(self.written(scalar)) =>
            {
                self.next += 1;
                visitor.visit_none()
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Decline> {
        if name == spanned::NEWTYPE {
            spanned::deserialize(self, visitor)
        } else if name.starts_with("__yaml_") {
            // serde-saphyr's other wrappers (anchors, tags, comments).
            Err(Decline("a wrapper only serde-saphyr knows"))
        } else {
            visitor.visit_newtype_struct(self)
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        let Event::SeqStart(length) = self.take()? else {
            return Err(Decline("no sequence where one is wanted"));
        };
        let mut items = Items {
            reader: self,
            ended: false,
            left: Some(length as usize),
        };
        let value = visitor.visit_seq(&mut items)?;
        ended(items.ended, value)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        if self.take()? != Event::MapStart {
            return Err(Decline("no mapping where one is wanted"));
        }
        let mut entries = Items {
            reader: self,
            ended: false,
            left: None,
        };
        let value = visitor.visit_map(&mut entries)?;
        ended(entries.ended, value)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Decline> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Decline> {
        // Only unit variants, written as their names.
        visitor.visit_enum(self.take_plain()?.into_deserializer())
    }

    decline!(
        deserialize_char,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_unit,
        deserialize_ignored_any
    );

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _visitor: V,
    ) -> Result<V::Value, Decline> {
        Err(Decline("a unit struct"))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value, Decline> {
        Err(Decline("a tuple"))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value, Decline> {
        Err(Decline("a tuple struct"))
    }
}

/// A collection's visitor must read it to its end, as serde-saphyr's do.
fn ended<T>(ended: bool, value: T) -> Result<T, Decline> {
    if ended {
        Ok(value)
    } else {
        Err(Decline("a collection not read to its end"))
    }
}

/// The items of a sequence or the entries of a mapping, up to their [`Event::End`].
struct Items<'r, 'de, 'e> {
    reader: &'r mut Reader<'de, 'e>,
    ended: bool,
    /// A sequence's items not read yet (for a mapping, not counted).
    left: Option<usize>,
}

impl Items<'_, '_, '_> {
    /// Whether the collection ends here; steps over its end.
    fn at_end(&mut self) -> bool {
        if self.reader.peek() == Some(Event::End) {
            self.reader.next += 1;
            self.ended = true;
        }
        self.ended
    }
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de, '_> {
    type Error = Decline;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Decline> {
        if self.at_end() {
            return Ok(None);
        }
        self.left = self.left.map(|left| left.saturating_sub(1));
        seed.deserialize(&mut *self.reader).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        self.left
    }
}

impl<'de> de::MapAccess<'de> for Items<'_, 'de, '_> {
    type Error = Decline;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Decline> {
        if self.at_end() {
            return Ok(None);
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Decline> {
        seed.deserialize(&mut *self.reader)
    }
}

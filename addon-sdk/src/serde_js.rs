//! serde support: any `Serialize`/`Deserialize` type to/from JS values
//! directly (no JSON text in between).
//!
//! Enums use serde's default external tagging (`"Unit"`, `{ "Variant": … }`),
//! like `serde_json`. Structs are read property by property from their known
//! field names, without listing the object's keys.

use std::fmt::Display;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::ser::{self, Serialize};

use crate::convert::{array_get, array_len_checked, get_string, new_array, type_name};
use crate::sys;
use crate::sys::ValueType;
use crate::{Env, Error, FromJs, Object, Result, ToJs};

/// Wraps a serde type so it converts through [`ToJs`]/[`FromJs`].
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Serde<T>(pub T);

impl<T: Serialize> ToJs for Serde<T> {
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        to_js(env, &self.0)
    }
    fn ts_type() -> String {
        "any".into()
    }
}

impl<T: de::DeserializeOwned> FromJs for Serde<T> {
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        from_js(env, v).map(Serde)
    }
    fn ts_type() -> String {
        "any".into()
    }
}

/// Serializes `value` into a JS value.
pub fn to_js<T: Serialize + ?Sized>(env: Env, value: &T) -> Result<sys::napi_value> {
    value.serialize(Ser { env, depth: 0 })
}

/// Deserializes a JS value.
///
/// # Safety
/// `v` must be a live value of `env` (JS thread, current call).
pub unsafe fn from_js<T: de::DeserializeOwned>(env: Env, v: sys::napi_value) -> Result<T> {
    T::deserialize(De {
        env,
        v,
        depth: 0,
        up: None,
    })
}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error::type_error(msg.to_string())
    }
}

impl de::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error::type_error(msg.to_string())
    }
}

impl std::error::Error for Error {}

// ------------------------------------------------------------------ Serializer

#[derive(Clone, Copy)]
struct Ser {
    env: Env,
    /// Sequences and maps entered on the way here.
    depth: u32,
}

impl Ser {
    /// The serializer for a sequence's or map's contents.
    #[inline]
    fn enter(self) -> Result<Ser> {
        if self.depth >= crate::limits::max_depth() {
            return Err(Error::range_error(format!(
                "the value nests deeper than {} levels (nabi_sdk::limits::set_max_depth)",
                crate::limits::max_depth()
            ))
            .with_code("ERR_OUT_OF_RANGE"));
        }
        Ok(Ser {
            env: self.env,
            depth: self.depth + 1,
        })
    }
}

struct SeqSer {
    ser: Ser,
    env: Env,
    arr: sys::napi_value,
    i: u32,
}

struct MapSer {
    ser: Ser,
    env: Env,
    obj: sys::napi_value,
    key: Option<sys::napi_value>,
}

/// `{ variant: inner }` wrappers for tuple and struct variants.
struct VariantSer<I> {
    env: Env,
    variant: &'static str,
    inner: I,
}

#[inline(never)]
fn set_prop(env: Env, obj: sys::napi_value, key: &str, v: sys::napi_value) -> Result<()> {
    Object::from_raw(env, obj).set_raw(key, v)
}

fn wrap_variant(env: Env, variant: &str, v: sys::napi_value) -> Result<sys::napi_value> {
    let o = Object::new(env)?;
    set_prop(env, o.raw(), variant, v)?;
    Ok(o.raw())
}

impl ser::Serializer for Ser {
    type Ok = sys::napi_value;
    type Error = Error;
    type SerializeSeq = SeqSer;
    type SerializeTuple = SeqSer;
    type SerializeTupleStruct = SeqSer;
    type SerializeTupleVariant = VariantSer<SeqSer>;
    type SerializeMap = MapSer;
    type SerializeStruct = MapSer;
    type SerializeStructVariant = VariantSer<MapSer>;

    fn serialize_bool(self, v: bool) -> Result<Self::Ok> {
        v.to_js(self.env)
    }
    fn serialize_i8(self, v: i8) -> Result<Self::Ok> {
        v.to_js(self.env)
    }
    fn serialize_i16(self, v: i16) -> Result<Self::Ok> {
        v.to_js(self.env)
    }
    fn serialize_i32(self, v: i32) -> Result<Self::Ok> {
        v.to_js(self.env)
    }
    fn serialize_i64(self, v: i64) -> Result<Self::Ok> {
        v.to_js(self.env)
    }
    fn serialize_i128(self, v: i128) -> Result<Self::Ok> {
        v.to_js(self.env)
    }
    fn serialize_u8(self, v: u8) -> Result<Self::Ok> {
        v.to_js(self.env)
    }
    fn serialize_u16(self, v: u16) -> Result<Self::Ok> {
        v.to_js(self.env)
    }
    fn serialize_u32(self, v: u32) -> Result<Self::Ok> {
        v.to_js(self.env)
    }
    fn serialize_u64(self, v: u64) -> Result<Self::Ok> {
        v.to_js(self.env)
    }
    fn serialize_u128(self, v: u128) -> Result<Self::Ok> {
        v.to_js(self.env)
    }
    fn serialize_f32(self, v: f32) -> Result<Self::Ok> {
        v.to_js(self.env)
    }
    fn serialize_f64(self, v: f64) -> Result<Self::Ok> {
        v.to_js(self.env)
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok> {
        v.to_js(self.env)
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok> {
        self.env.string(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Self::Ok> {
        crate::Buffer(v.to_vec()).to_js(self.env)
    }
    fn serialize_none(self) -> Result<Self::Ok> {
        Ok(self.env.null())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok> {
        Ok(self.env.null())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Self::Ok> {
        Ok(self.env.null())
    }
    fn serialize_unit_variant(
        self,
        _n: &'static str,
        _i: u32,
        variant: &'static str,
    ) -> Result<Self::Ok> {
        self.env.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _n: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _n: &'static str,
        _i: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        let v = value.serialize(self)?;
        wrap_variant(self.env, variant, v)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqSer> {
        Ok(SeqSer {
            ser: self.enter()?,
            env: self.env,
            arr: new_array(self.env, len.unwrap_or(0))?,
            i: 0,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqSer> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _n: &'static str, len: usize) -> Result<SeqSer> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _n: &'static str,
        _i: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Ok(VariantSer {
            env: self.env,
            variant,
            inner: self.serialize_seq(Some(len))?,
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapSer> {
        Ok(MapSer {
            ser: self.enter()?,
            env: self.env,
            obj: Object::new(self.env)?.raw(),
            key: None,
        })
    }
    fn serialize_struct(self, _n: &'static str, _len: usize) -> Result<MapSer> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _n: &'static str,
        _i: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Ok(VariantSer {
            env: self.env,
            variant,
            inner: self.serialize_map(None)?,
        })
    }
}

impl SeqSer {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let v = value.serialize(self.ser)?;
        crate::convert::array_set(self.env, self.arr, self.i, v)?;
        self.i += 1;
        Ok(())
    }
}

impl ser::SerializeSeq for SeqSer {
    type Ok = sys::napi_value;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok> {
        Ok(self.arr)
    }
}

impl ser::SerializeTuple for SeqSer {
    type Ok = sys::napi_value;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok> {
        Ok(self.arr)
    }
}

impl ser::SerializeTupleStruct for SeqSer {
    type Ok = sys::napi_value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok> {
        Ok(self.arr)
    }
}

impl ser::SerializeTupleVariant for VariantSer<SeqSer> {
    type Ok = sys::napi_value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.inner.push(value)
    }
    fn end(self) -> Result<Self::Ok> {
        wrap_variant(self.env, self.variant, self.inner.arr)
    }
}

impl ser::SerializeMap for MapSer {
    type Ok = sys::napi_value;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        let k = key.serialize(self.ser)?;
        self.key = Some(k);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let v = value.serialize(self.ser)?;
        let k = self
            .key
            .take()
            .ok_or_else(|| Error::new("serialize_value without a key"))?;
        self.env
            .check(unsafe { sys::napi_set_property(self.env.raw(), self.obj, k, v) })
    }
    fn end(self) -> Result<Self::Ok> {
        Ok(self.obj)
    }
}

impl MapSer {
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        let v = value.serialize(self.ser)?;
        #[cfg(feature = "napi10")]
        if let Some(k) = crate::env::static_key(self.env, key) {
            return self
                .env
                .check(unsafe { sys::napi_set_property(self.env.raw(), self.obj, k, v) });
        }
        set_prop(self.env, self.obj, key, v)
    }
}

impl ser::SerializeStruct for MapSer {
    type Ok = sys::napi_value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<Self::Ok> {
        Ok(self.obj)
    }
}

impl ser::SerializeStructVariant for VariantSer<MapSer> {
    type Ok = sys::napi_value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.inner.field(key, value)
    }
    fn end(self) -> Result<Self::Ok> {
        wrap_variant(self.env, self.variant, self.inner.obj)
    }
}

// ------------------------------------------------------------------ Deserializer

#[derive(Clone, Copy)]
struct De<'a> {
    env: Env,
    v: sys::napi_value,
    /// Objects and arrays entered on the way here.
    depth: u32,
    up: Option<&'a Link<'a>>,
}

/// The objects and arrays being converted, innermost first: a list on the
/// stack, read only when the nesting limit is hit, to tell a cycle from
/// deep data.
struct Link<'a> {
    v: sys::napi_value,
    up: Option<&'a Link<'a>>,
}

impl<'a> De<'a> {
    fn child<'b>(&self, v: sys::napi_value, link: &'b Link<'b>) -> De<'b> {
        De {
            env: self.env,
            v,
            depth: self.depth + 1,
            up: Some(link),
        }
    }
    /// Checks the nesting limit before entering `self.v`.
    #[inline]
    fn enter(&self) -> Result<Link<'a>> {
        if self.depth >= crate::limits::max_depth() {
            return Err(self.too_deep());
        }
        Ok(Link {
            v: self.v,
            up: self.up,
        })
    }
    #[cold]
    #[inline(never)]
    fn too_deep(&self) -> Error {
        let mut l = self.up;
        while let Some(link) = l {
            let mut same = false;
            unsafe { sys::napi_strict_equals(self.env.raw(), self.v, link.v, &mut same) };
            if same {
                return Error::type_error(
                    "Converting circular structure: an object contains itself (a cycle), which a serde value cannot hold",
                )
                .with_code("ERR_NABI_CIRCULAR");
            }
            l = link.up;
        }
        Error::range_error(format!(
            "objects and arrays nest deeper than {} levels (nabi_sdk::limits::set_max_depth)",
            crate::limits::max_depth()
        ))
        .with_code("ERR_OUT_OF_RANGE")
    }
    fn ty(&self) -> Result<sys::napi_valuetype> {
        self.env.type_of(self.v)
    }
    fn is_array(&self) -> bool {
        let mut b = false;
        unsafe { sys::napi_is_array(self.env.raw(), self.v, &mut b) };
        b
    }
}

struct SeqDe<'a> {
    parent: De<'a>,
    link: &'a Link<'a>,
    i: u32,
    len: u32,
}

impl<'de> de::SeqAccess<'de> for SeqDe<'_> {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.i >= self.len {
            return Ok(None);
        }
        let v = unsafe { array_get(self.parent.env, self.parent.v, self.i)? };
        self.i += 1;
        seed.deserialize(self.parent.child(v, self.link)).map(Some)
    }
    fn size_hint(&self) -> Option<usize> {
        Some((self.len - self.i) as usize)
    }
}

/// Map access over an object's own keys.
struct MapDe<'a> {
    parent: De<'a>,
    link: &'a Link<'a>,
    obj: Object,
    keys: std::vec::IntoIter<String>,
    value: Option<sys::napi_value>,
}

impl<'de> de::MapAccess<'de> for MapDe<'_> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        match self.keys.next() {
            None => Ok(None),
            Some(k) => {
                self.value = Some(self.obj.get_raw(&k)?);
                seed.deserialize(IntoDeserializer::<Error>::into_deserializer(k))
                    .map(Some)
            }
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let v = self
            .value
            .take()
            .ok_or_else(|| Error::new("value without a key"))?;
        seed.deserialize(self.parent.child(v, self.link))
    }
}

/// Reads a struct field, through a cached key under `napi10`.
fn struct_field(env: Env, obj: sys::napi_value, f: &'static str) -> Result<sys::napi_value> {
    #[cfg(feature = "napi10")]
    if let Some(k) = crate::env::static_key(env, f) {
        let mut v = std::ptr::null_mut();
        env.check(unsafe { sys::napi_get_property(env.raw(), obj, k, &mut v) })?;
        return Ok(v);
    }
    Object::from_raw(env, obj).get_raw(f)
}

/// Map access over a struct's known field names (skipping `undefined`).
struct StructDe<'a> {
    parent: De<'a>,
    link: &'a Link<'a>,
    fields: std::slice::Iter<'static, &'static str>,
    value: Option<sys::napi_value>,
}

impl<'de> de::MapAccess<'de> for StructDe<'_> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        for f in self.fields.by_ref() {
            let v = struct_field(self.parent.env, self.parent.v, f)?;
            if crate::convert::typeof_is(self.parent.env, v, ValueType::napi_undefined) {
                continue;
            }
            self.value = Some(v);
            return seed
                .deserialize(de::value::BorrowedStrDeserializer::<Error>::new(f))
                .map(Some);
        }
        Ok(None)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let v = self
            .value
            .take()
            .ok_or_else(|| Error::new("value without a key"))?;
        seed.deserialize(self.parent.child(v, self.link))
    }
}

struct EnumDe<'a> {
    parent: De<'a>,
    link: &'a Link<'a>,
    variant: String,
    value: Option<sys::napi_value>,
}

impl<'de, 'a> de::EnumAccess<'de> for EnumDe<'a> {
    type Error = Error;
    type Variant = VariantDe<'a>;
    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, VariantDe<'a>)> {
        let v = seed.deserialize(IntoDeserializer::<Error>::into_deserializer(self.variant))?;
        Ok((
            v,
            VariantDe {
                parent: self.parent,
                link: self.link,
                value: self.value,
            },
        ))
    }
}

struct VariantDe<'a> {
    parent: De<'a>,
    link: &'a Link<'a>,
    value: Option<sys::napi_value>,
}

impl<'a> VariantDe<'a> {
    fn de(&self) -> Result<De<'a>> {
        match self.value {
            Some(v) => Ok(self.parent.child(v, self.link)),
            None => Err(Error::type_error("expected a variant with a value")),
        }
    }
}

impl<'de> de::VariantAccess<'de> for VariantDe<'_> {
    type Error = Error;
    fn unit_variant(self) -> Result<()> {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(self.de()?)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_seq(self.de()?, visitor)
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        de::Deserializer::deserialize_struct(self.de()?, "", fields, visitor)
    }
}

#[cold]
fn de_expected(d: &De<'_>, what: &str) -> Error {
    let got = d.ty().map(type_name).unwrap_or("unknown");
    Error::type_error(format!("expected {what}, got {got}"))
}

impl<'de> de::Deserializer<'de> for De<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let env = self.env;
        match self.ty()? {
            ValueType::napi_undefined | ValueType::napi_null => visitor.visit_unit(),
            ValueType::napi_boolean => visitor.visit_bool(unsafe { bool::from_js(env, self.v)? }),
            ValueType::napi_number => {
                let d = unsafe { f64::from_js(env, self.v)? };
                if d.fract() == 0.0 && d.abs() < 9007199254740992.0 {
                    if d < 0.0 {
                        visitor.visit_i64(d as i64)
                    } else {
                        visitor.visit_u64(d as u64)
                    }
                } else {
                    visitor.visit_f64(d)
                }
            }
            ValueType::napi_string => visitor.visit_string(unsafe { get_string(env, self.v)? }),
            ValueType::napi_bigint => visitor.visit_i128(unsafe { i128::from_js(env, self.v)? }),
            ValueType::napi_object if self.is_array() => self.deserialize_seq(visitor),
            ValueType::napi_object => {
                let mut ta = false;
                unsafe { sys::napi_is_typedarray(env.raw(), self.v, &mut ta) };
                if ta {
                    let b: &[u8] = unsafe { FromJs::from_js(env, self.v)? };
                    return visitor.visit_byte_buf(b.to_vec());
                }
                self.deserialize_map(visitor)
            }
            _ => Err(de_expected(&self, "a JSON-like value")),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if unsafe { crate::convert::is_nullish(self.env, self.v) } {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_bool(unsafe { bool::from_js(self.env, self.v)? })
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f64(unsafe { f64::from_js(self.env, self.v)? })
    }
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f32(unsafe { f32::from_js(self.env, self.v)? })
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(unsafe { i64::from_js(self.env, self.v)? })
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u64(unsafe { u64::from_js(self.env, self.v)? })
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i32(unsafe { i32::from_js(self.env, self.v)? })
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u32(unsafe { u32::from_js(self.env, self.v)? })
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_string(unsafe { get_string(self.env, self.v)? })
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_string(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let len = unsafe { array_len_checked(self.env, self.v)? };
        let link = self.enter()?;
        visitor.visit_seq(SeqDe {
            parent: self,
            link: &link,
            i: 0,
            len,
        })
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let obj = unsafe { Object::from_js(self.env, self.v)? };
        let link = self.enter()?;
        let keys = obj.keys()?;
        visitor.visit_map(MapDe {
            parent: self,
            link: &link,
            obj,
            keys: keys.into_iter(),
            value: None,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if self.ty()? != ValueType::napi_object {
            return Err(de_expected(&self, "an object"));
        }
        let link = self.enter()?;
        visitor.visit_map(StructDe {
            parent: self,
            link: &link,
            fields: fields.iter(),
            value: None,
        })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.ty()? {
            ValueType::napi_string => {
                let link = self.enter()?;
                visitor.visit_enum(EnumDe {
                    parent: self,
                    link: &link,
                    variant: unsafe { get_string(self.env, self.v)? },
                    value: None,
                })
            }
            ValueType::napi_object => {
                let obj = unsafe { Object::from_js(self.env, self.v)? };
                let keys = obj.keys()?;
                if keys.len() != 1 {
                    return Err(Error::type_error(
                        "expected an enum variant: a string or an object with exactly one key",
                    ));
                }
                let value = obj.get_raw(&keys[0])?;
                let link = self.enter()?;
                visitor.visit_enum(EnumDe {
                    parent: self,
                    link: &link,
                    variant: keys.into_iter().next().unwrap_or_default(),
                    value: Some(value),
                })
            }
            _ => Err(de_expected(&self, "an enum variant (string or object)")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i128 u8 u16 u128 char bytes byte_buf unit unit_struct
        newtype_struct tuple_struct identifier
    }
}

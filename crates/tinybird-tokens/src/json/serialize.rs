//! Any `Serialize` value straight into the [`Json`] tree, key order kept: how the core's result types
//! (which derive `Serialize`) become the JSON interface's output. A tree is built directly: no JSON text
//! and no second parse, and no `serde_json` writer in the WebAssembly module.

use std::fmt;

use serde::ser::{self, Serialize};

use super::Json;

/// Why a value has no JSON form: a non-finite number, or an object key that is not a string.
#[derive(Debug)]
pub(crate) struct NoJsonForm(String);

impl fmt::Display for NoJsonForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NoJsonForm {}

impl ser::Error for NoJsonForm {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        NoJsonForm(msg.to_string())
    }
}

type Result<T> = std::result::Result<T, NoJsonForm>;

/// Serializes into a [`Json`] tree.
pub(crate) fn to_tree<T: Serialize + ?Sized>(value: &T) -> Result<Json> {
    value.serialize(Tree)
}

struct Tree;

/// An array being built.
pub(crate) struct Seq(Vec<Json>);

/// An object being built, and the key waiting for its value.
pub(crate) struct Map(Vec<(String, Json)>, Option<String>);

fn int(n: i128) -> Json {
    match i64::try_from(n) {
        Ok(i) => Json::Int(i),
        Err(_) => u64::try_from(n).map_or(Json::Float(n as f64), Json::UInt),
    }
}

impl ser::Serializer for Tree {
    type Ok = Json;
    type Error = NoJsonForm;
    type SerializeSeq = Seq;
    type SerializeTuple = Seq;
    type SerializeTupleStruct = Seq;
    type SerializeTupleVariant = ser::Impossible<Json, NoJsonForm>;
    type SerializeMap = Map;
    type SerializeStruct = Map;
    type SerializeStructVariant = ser::Impossible<Json, NoJsonForm>;

    fn serialize_bool(self, v: bool) -> Result<Json> {
        Ok(Json::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Json> {
        Ok(int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<Json> {
        Ok(int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<Json> {
        Ok(int(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<Json> {
        Ok(int(v.into()))
    }
    fn serialize_u8(self, v: u8) -> Result<Json> {
        Ok(int(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<Json> {
        Ok(int(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<Json> {
        Ok(int(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<Json> {
        Ok(int(v.into()))
    }
    fn serialize_f32(self, v: f32) -> Result<Json> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<Json> {
        if v.is_finite() {
            Ok(Json::Float(v))
        } else {
            Err(NoJsonForm("JSON has no NaN or infinite numbers".into()))
        }
    }
    fn serialize_char(self, v: char) -> Result<Json> {
        Ok(Json::String(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Json> {
        Ok(Json::String(v.to_owned()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Json> {
        Ok(Json::Array(
            v.iter().map(|b| Json::Int((*b).into())).collect(),
        ))
    }
    fn serialize_none(self) -> Result<Json> {
        Ok(Json::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Json> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Json> {
        Ok(Json::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Json> {
        Ok(Json::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Json> {
        Ok(Json::String(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Json> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Json> {
        Ok(Json::Object(vec![(
            variant.to_owned(),
            value.serialize(Tree)?,
        )]))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq> {
        Ok(Seq(Vec::with_capacity(len.unwrap_or(0))))
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(NoJsonForm("tuple variants have no JSON form here".into()))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Map> {
        Ok(Map(Vec::with_capacity(len.unwrap_or(0)), None))
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Map> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(NoJsonForm("struct variants have no JSON form here".into()))
    }
}

impl ser::SerializeSeq for Seq {
    type Ok = Json;
    type Error = NoJsonForm;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.0.push(value.serialize(Tree)?);
        Ok(())
    }
    fn end(self) -> Result<Json> {
        Ok(Json::Array(self.0))
    }
}

impl ser::SerializeTuple for Seq {
    type Ok = Json;
    type Error = NoJsonForm;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Json> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Seq {
    type Ok = Json;
    type Error = NoJsonForm;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Json> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for Map {
    type Ok = Json;
    type Error = NoJsonForm;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        match key.serialize(Tree)? {
            Json::String(k) => {
                self.1 = Some(k);
                Ok(())
            }
            _ => Err(NoJsonForm("JSON object keys are strings".into())),
        }
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let key = self.1.take().unwrap_or_default();
        self.0.push((key, value.serialize(Tree)?));
        Ok(())
    }
    fn end(self) -> Result<Json> {
        Ok(Json::Object(self.0))
    }
}

impl ser::SerializeStruct for Map {
    type Ok = Json;
    type Error = NoJsonForm;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.0.push((key.to_owned(), value.serialize(Tree)?));
        Ok(())
    }
    fn end(self) -> Result<Json> {
        Ok(Json::Object(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trees_keep_order_and_types() {
        #[derive(serde::Serialize)]
        struct S<'a> {
            z: u64,
            a: Option<&'a str>,
            list: Vec<(&'a str, f64)>,
            big: u64,
        }
        let tree = to_tree(&S {
            z: 1,
            a: None,
            list: vec![("k", 1.5)],
            big: u64::MAX,
        })
        .unwrap();
        assert_eq!(
            tree.to_compact_string(),
            r#"{"z":1,"a":null,"list":[["k",1.5]],"big":18446744073709551615}"#
        );
        assert!(to_tree(&f64::NAN).is_err());
        // The tree of a parsed value is the value.
        let json = Json::parse(r#"{"b":[1,2.5,"x",null,true],"a":{}}"#).unwrap();
        assert_eq!(to_tree(&json).unwrap(), json);
    }
}

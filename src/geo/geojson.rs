//! Reading a province's unit polygons from GeoJSON
//! (`data/vn/2023/geometry/<province>.geojson`): a FeatureCollection in
//! WGS84 whose features carry `code`, `name` and `district_code` and a
//! Polygon or MultiPolygon geometry.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// A position: (longitude, latitude) in degrees.
pub type LonLat = (f64, f64);

/// A polygon: its exterior ring first, then its holes. Rings are closed
/// (first position = last) as GeoJSON requires.
pub type Rings = Vec<Vec<LonLat>>;

/// One unit's geometry.
#[derive(Clone, Debug, PartialEq)]
pub struct Feature {
    /// The unit's code (`properties.code`).
    pub code: String,
    /// The unit's name (`properties.name`).
    pub name: String,
    /// The code of its district (`properties.district_code`); empty if absent.
    pub district_code: String,
    /// Its polygons (one for a Polygon, several for a MultiPolygon, none for a null geometry).
    pub polygons: Vec<Rings>,
}

/// The unit polygons of one province.
#[derive(Clone, Debug, PartialEq)]
pub struct ProvinceGeometry {
    /// Where they were read from (for messages).
    pub source: PathBuf,
    /// The features, sorted by code.
    pub features: Vec<Feature>,
}

/// A GeoJSON file that cannot be used, naming the file and what was expected.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GeoJsonError {
    /// The file cannot be read.
    #[error("cannot read {}: {error}", file.display())]
    Io {
        /// The file.
        file: PathBuf,
        /// The cause.
        error: std::io::Error,
    },
    /// The file is not JSON.
    #[error("{}:{line}:{column}: invalid JSON: {message}", file.display())]
    Syntax {
        /// The file.
        file: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// A value does not have the expected GeoJSON shape.
    #[error("{}: at {pointer}: expected {expected}, found {found}", file.display())]
    Shape {
        /// The file.
        file: PathBuf,
        /// JSON pointer to the value (`/features/3/geometry/type`).
        pointer: String,
        /// What a valid file has there.
        expected: &'static str,
        /// What was found (truncated).
        found: String,
    },
}

impl ProvinceGeometry {
    /// Reads and parses a GeoJSON file.
    ///
    /// # Errors
    /// [`GeoJsonError`] naming the file, and the position or JSON pointer.
    pub fn load(path: &Path) -> Result<Self, GeoJsonError> {
        let text = crate::io::read::read_text_capped(path, crate::io::read::MAX_JSON_BYTES)
            .map_err(|error| GeoJsonError::Io {
                file: path.to_path_buf(),
                error,
            })?;
        Self::parse(&text, path)
    }

    /// Parses GeoJSON text; `source` is used in messages only.
    ///
    /// # Complexity
    /// O(n) in the size of the text.
    ///
    /// # Errors
    /// [`GeoJsonError::Syntax`] or [`GeoJsonError::Shape`].
    pub fn parse(text: &str, source: &Path) -> Result<Self, GeoJsonError> {
        let value: Value = serde_json::from_str(text).map_err(|e| GeoJsonError::Syntax {
            file: source.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        let p = Parser { file: source };
        let mut features = p.collection(&value)?;
        features.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(ProvinceGeometry {
            source: source.to_path_buf(),
            features,
        })
    }
}

struct Parser<'a> {
    file: &'a Path,
}

fn field<'v>(obj: &'v Value, key: &str) -> &'v Value {
    obj.get(key).unwrap_or(&Value::Null)
}

fn describe(v: &Value) -> String {
    let s = match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("\"{s}\""),
        Value::Array(a) => format!("an array of {} items", a.len()),
        Value::Object(_) => "an object".to_string(),
    };
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}...")
    } else {
        s
    }
}

impl Parser<'_> {
    fn shape(&self, pointer: &str, expected: &'static str, found: &Value) -> GeoJsonError {
        GeoJsonError::Shape {
            file: self.file.to_path_buf(),
            pointer: if pointer.is_empty() {
                "/".to_string()
            } else {
                pointer.to_string()
            },
            expected,
            found: describe(found),
        }
    }

    fn collection(&self, v: &Value) -> Result<Vec<Feature>, GeoJsonError> {
        let ty = field(v, "type");
        if ty.as_str() != Some("FeatureCollection") {
            return Err(self.shape("/type", "\"FeatureCollection\"", ty));
        }
        let feats = field(v, "features");
        let arr = feats
            .as_array()
            .ok_or_else(|| self.shape("/features", "an array of features", feats))?;
        arr.iter()
            .enumerate()
            .map(|(i, f)| self.feature(f, &format!("/features/{i}")))
            .collect()
    }

    fn string_prop(
        &self,
        props: &Value,
        ptr: &str,
        key: &str,
        required: bool,
    ) -> Result<String, GeoJsonError> {
        match props.get(key) {
            Some(Value::String(s)) => Ok(s.trim().to_string()),
            None | Some(Value::Null) if !required => Ok(String::new()),
            other => Err(self.shape(
                &format!("{ptr}/{key}"),
                "a string",
                other.unwrap_or(&Value::Null),
            )),
        }
    }

    fn feature(&self, f: &Value, ptr: &str) -> Result<Feature, GeoJsonError> {
        let ty = field(f, "type");
        if ty.as_str() != Some("Feature") {
            return Err(self.shape(&format!("{ptr}/type"), "\"Feature\"", ty));
        }
        let props = field(f, "properties");
        let pptr = format!("{ptr}/properties");
        if !props.is_object() {
            return Err(self.shape(&pptr, "an object with code, name, district_code", props));
        }
        let code = self.string_prop(props, &pptr, "code", true)?;
        let name = self.string_prop(props, &pptr, "name", false)?;
        let district_code = self.string_prop(props, &pptr, "district_code", false)?;
        let geom = field(f, "geometry");
        let gptr = format!("{ptr}/geometry");
        let polygons = match geom {
            Value::Null => Vec::new(),
            Value::Object(_) => {
                let gty = field(geom, "type");
                let coords = field(geom, "coordinates");
                let cptr = format!("{gptr}/coordinates");
                match gty.as_str() {
                    Some("Polygon") => vec![self.polygon(coords, &cptr)?],
                    Some("MultiPolygon") => {
                        let arr = coords
                            .as_array()
                            .ok_or_else(|| self.shape(&cptr, "an array of polygons", coords))?;
                        arr.iter()
                            .enumerate()
                            .map(|(i, p)| self.polygon(p, &format!("{cptr}/{i}")))
                            .collect::<Result<_, _>>()?
                    }
                    _ => {
                        return Err(self.shape(
                            &format!("{gptr}/type"),
                            "\"Polygon\" or \"MultiPolygon\"",
                            gty,
                        ));
                    }
                }
            }
            other => return Err(self.shape(&gptr, "a geometry object or null", other)),
        };
        Ok(Feature {
            code,
            name,
            district_code,
            polygons,
        })
    }

    fn polygon(&self, v: &Value, ptr: &str) -> Result<Rings, GeoJsonError> {
        let arr = v
            .as_array()
            .filter(|a| !a.is_empty())
            .ok_or_else(|| self.shape(ptr, "a non-empty array of linear rings", v))?;
        arr.iter()
            .enumerate()
            .map(|(i, r)| self.ring(r, &format!("{ptr}/{i}")))
            .collect()
    }

    fn ring(&self, v: &Value, ptr: &str) -> Result<Vec<LonLat>, GeoJsonError> {
        let arr = v
            .as_array()
            .filter(|a| a.len() >= 4)
            .ok_or_else(|| self.shape(ptr, "a linear ring of at least 4 positions", v))?;
        arr.iter()
            .enumerate()
            .map(|(i, p)| self.position(p, &format!("{ptr}/{i}")))
            .collect()
    }

    fn position(&self, v: &Value, ptr: &str) -> Result<LonLat, GeoJsonError> {
        let expected = "a position [longitude, latitude] in degrees";
        let arr = v
            .as_array()
            .filter(|a| a.len() >= 2)
            .ok_or_else(|| self.shape(ptr, expected, v))?;
        let lon = arr[0].as_f64().filter(|x| (-180.0..=180.0).contains(x));
        let lat = arr[1].as_f64().filter(|x| (-90.0..=90.0).contains(x));
        match (lon, lat) {
            (Some(lon), Some(lat)) => Ok((lon, lat)),
            (None, _) => {
                Err(self.shape(&format!("{ptr}/0"), "a longitude in [-180, 180]", &arr[0]))
            }
            (_, None) => Err(self.shape(&format!("{ptr}/1"), "a latitude in [-90, 90]", &arr[1])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<ProvinceGeometry, GeoJsonError> {
        ProvinceGeometry::parse(s, Path::new("t.geojson"))
    }

    const SQUARE: &str = "[[[105,21],[105.1,21],[105.1,21.1],[105,21.1],[105,21]]]";

    #[test]
    fn reads_polygons_and_multipolygons_sorted_by_code() {
        let s = format!(
            r#"{{"type":"FeatureCollection","features":[
            {{"type":"Feature","properties":{{"code":"00002","name":"Xã Bình","district_code":"001"}},
              "geometry":{{"type":"MultiPolygon","coordinates":[{SQUARE},{SQUARE}]}}}},
            {{"type":"Feature","properties":{{"code":"00001","name":"Phường Á"}},
              "geometry":{{"type":"Polygon","coordinates":{SQUARE}}}}}]}}"#
        );
        let g = parse(&s).unwrap();
        assert_eq!(g.features.len(), 2);
        assert_eq!(g.features[0].code, "00001");
        assert_eq!(g.features[0].district_code, "");
        assert_eq!(g.features[0].polygons.len(), 1);
        assert_eq!(g.features[1].polygons.len(), 2);
        assert_eq!(g.features[1].polygons[0][0].len(), 5);
    }

    #[test]
    fn errors_name_the_file_and_pointer() {
        let e = parse(r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"1"},"geometry":{"type":"Point","coordinates":[1,2]}}]}"#).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("t.geojson"), "{msg}");
        assert!(msg.contains("/features/0/geometry/type"), "{msg}");
        assert!(msg.contains("\"Polygon\" or \"MultiPolygon\""), "{msg}");
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        match parse("{\n  \"type\": ,\n}").unwrap_err() {
            GeoJsonError::Syntax { line, .. } => assert_eq!(line, 2),
            e => panic!("unexpected {e}"),
        }
    }

    #[test]
    fn bad_positions_and_codes_are_rejected() {
        let e = parse(r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"1"},"geometry":{"type":"Polygon","coordinates":[[[1,2],[1,3],[200,3],[1,2]]]}}]}"#).unwrap_err();
        assert!(e.to_string().contains("/coordinates/0/2/0"), "{e}");
        let e = parse(r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":12},"geometry":null}]}"#).unwrap_err();
        assert!(e.to_string().contains("/features/0/properties/code"), "{e}");
        let e = parse(r#"{"type":"Feature"}"#).unwrap_err();
        assert!(e.to_string().contains("\"FeatureCollection\""), "{e}");
        let e = parse(r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"1"},"geometry":{"type":"Polygon","coordinates":[[[1,2],[1,3],[1,2]]]}}]}"#).unwrap_err();
        assert!(e.to_string().contains("at least 4 positions"), "{e}");
    }
}

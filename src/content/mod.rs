//! Content: the report as city staff write it, and as the other stages read it.
//!
//! [`load`] reads the YAML files ([`model`]), [`crate::validate`] checks them
//! against each other and returns a [`report::Report`] that rendering walks.

pub mod fiscal_year;
pub mod load;
pub mod model;
pub mod plain_yaml;
pub mod report;
pub mod value;
pub mod walk;

pub use fiscal_year::FiscalYear;
pub use load::{Content, Source, load};
pub use model::{
    Config, Department, Direction, Field, Kpi, MajorItem, Measure, MidItem, Project, ProjectRow,
};
pub use report::Report;
pub use value::{Value, ValueKind};
